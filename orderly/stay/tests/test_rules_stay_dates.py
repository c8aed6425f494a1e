"""Date traps: leap years, crossings late in the evening, ports in another time zone than the
capital, daylight-saving changes, and entering and leaving on the same day.

A crossing's day is the calendar day on the port's clock; ends counted in hours are instants;
a decision made at an instant is for the day the capital's clock shows then.
"""

from __future__ import annotations

from orderly.stay.rules import Status, decide
from orderly.stay.rules.pack import add_months
from orderly.stay.tests.builders import (
    automatic_extension_rule,
    d,
    entry,
    exit_,
    local,
    pack,
    permit,
    permit_rule,
    person,
    rolling_rule,
    transit_rule,
    trip,
    visa,
    visa_free_rule,
    visa_rule,
)

BOGOTA = "America/Bogota"  # UTC-5 all year: 23:30 local is already tomorrow in UTC
TOKYO = "Asia/Tokyo"  # UTC+9: 00:30 local is still yesterday in UTC
JAKARTA = "Asia/Jakarta"  # UTC+7, the capital's clock
MAKASSAR = "Asia/Makassar"  # UTC+8, the clock at Denpasar (Bali), one hour ahead of the capital
SYDNEY = "Australia/Sydney"  # the capital's clock (Canberra keeps Sydney time)
PERTH = "Australia/Perth"  # two or three hours behind, as daylight saving comes and goes
BRUSSELS = "Europe/Brussels"  # CET/CEST: clocks forward on 31 March 2024, back on 27 October


# --- leap years ----------------------------------------------------------------------------


def test_90_days_from_new_year_end_on_30_march_in_a_leap_year_and_31_march_otherwise() -> None:
    ninety = pack(visa_free_rule(90, "AUS"))
    # 31 January + 29 February + 30 March = 90; in 2023 February has 28, so 31 March.
    assert decide(person(entry("2024-01-01")), ninety, d("2024-01-02")).authorized_until == d(
        "2024-03-30"
    )
    assert decide(person(entry("2023-01-01")), ninety, d("2023-01-02")).authorized_until == d(
        "2023-03-31"
    )


def test_an_entry_on_29_february_counts_that_day() -> None:
    thirty = pack(visa_free_rule(30, "AUS"))
    decision = decide(person(entry("2024-02-29")), thirty, d("2024-03-01"))
    # 29 February + 29 days = 29 March; two days used (29 February, 1 March).
    assert decision.authorized_until == d("2024-03-29")
    assert decision.days_used == 2


def test_the_180_day_window_reaches_one_day_less_far_back_across_29_february() -> None:
    rolling = pack(rolling_rule(90, 180, "AUS"))
    # 90 days on 1 January..30 March 2024: the first window without 1 January begins on
    # 2 January and ends 179 days later, on 29 June 2024.
    in_2024 = decide(person(trip("2024-01-01", "2024-03-30")), rolling, d("2024-04-01"))
    assert in_2024.earliest_reentry == d("2024-06-29")
    # 90 days on 1 January..31 March 2023: the same window ends on 30 June 2023.
    in_2023 = decide(person(trip("2023-01-01", "2023-03-31")), rolling, d("2023-04-01"))
    assert in_2023.earliest_reentry == d("2023-06-30")


def test_a_permit_valid_to_29_february_is_overstayed_on_1_march() -> None:
    facts = person(entry("2023-03-01"), authorizations=[permit("2023-03-01", "2024-02-29")])
    residence = pack(permit_rule())
    assert decide(facts, residence, d("2024-02-29")).status == Status.REGULAR
    late = decide(facts, residence, d("2024-03-01"))
    assert late.status == Status.IRREGULAR
    assert late.overstay_days == 1


def test_months_added_to_the_end_of_a_month_stop_at_the_end_of_a_shorter_one() -> None:
    # 31 December 2019 + 2 months: 31 February does not exist; 2020 is a leap year.
    assert add_months(d("2019-12-31"), 2) == d("2020-02-29")
    assert add_months(d("2020-12-31"), 2) == d("2021-02-28")
    assert add_months(d("2024-02-29"), 12) == d("2025-02-28")
    assert add_months(d("2024-01-31"), -2) == d("2023-11-30")


def test_a_two_month_measure_moves_a_stay_ending_31_december_to_29_february() -> None:
    measure = pack(
        visa_free_rule(30, "AUS"),
        automatic_extension_rule("2019-12-15", "2020-01-31", months=2),
    )
    # 2 December + 29 days = 31 December 2019; + 2 months = 29 February 2020.
    decision = decide(person(entry("2019-12-02")), measure, d("2020-01-15"))
    assert decision.authorized_until == d("2020-02-29")


# --- a crossing at 23:30 local on the last lawful day -------------------------------------


COLOMBIA = pack(visa_free_rule(30, "AUS"), zone=BOGOTA)


def test_leaving_at_2330_local_on_the_last_lawful_day_is_not_an_overstay() -> None:
    # 10 March + 29 days = 8 April; 23:30 in Bogota is 04:30 on 9 April in UTC.
    leaving = exit_("2023-04-08 23:30", BOGOTA)
    assert leaving.instant == local("2023-04-09 04:30")
    facts = person(entry("2023-03-10", BOGOTA), leaving)
    decision = decide(facts, COLOMBIA, d("2023-04-20"))
    assert decision.status == Status.NOT_PRESENT
    assert decision.overstay_days == 0


def test_leaving_at_0030_local_the_next_day_is_one_day_over() -> None:
    facts = person(entry("2023-03-10", BOGOTA), exit_("2023-04-09 00:30", BOGOTA))
    decision = decide(facts, COLOMBIA, d("2023-04-20"))
    assert decision.overstay_days == 1


def test_half_an_hour_before_leaving_on_the_last_day_the_traveller_is_still_regular() -> None:
    facts = person(entry("2023-03-10", BOGOTA), exit_("2023-04-08 23:30", BOGOTA))
    before = decide(facts, COLOMBIA, local("2023-04-08 23:00", BOGOTA))
    assert before.status == Status.REGULAR
    assert before.authorized_until == d("2023-04-08")
    assert before.days_used == 30
    assert before.days_remaining == 0
    after = decide(facts, COLOMBIA, local("2023-04-08 23:45", BOGOTA))
    assert after.status == Status.NOT_PRESENT
    assert after.overstay_days == 0


def test_an_entry_at_2330_local_belongs_to_that_day_not_to_the_utc_one() -> None:
    # 23:30 on 9 March in Bogota is 10 March in UTC; the stay begins on 9 March: to 7 April.
    facts = person(entry("2023-03-09 23:30", BOGOTA))
    assert decide(facts, COLOMBIA, d("2023-03-20")).authorized_until == d("2023-04-07")
    # 00:30 on 10 March in Tokyo is 9 March in UTC; the stay begins on 10 March: to 8 April.
    japan = pack(visa_free_rule(30, "AUS"), zone=TOKYO)
    early = person(entry("2023-03-10 00:30", TOKYO))
    assert decide(early, japan, d("2023-03-20")).authorized_until == d("2023-04-08")


def test_a_transit_entered_at_2330_ends_at_2330_and_the_next_day_counts_as_overstayed() -> None:
    transit = pack(transit_rule(24, "AUS", ports=("BOG",)), zone=BOGOTA)
    facts = person(entry("2023-03-10 23:30", BOGOTA, port="BOG", purpose="transit"))
    # 24 hours from 23:30 on 10 March: 23:30 on 11 March, Bogota time.
    assert decide(facts, transit, local("2023-03-11 23:29", BOGOTA)).status == Status.REGULAR
    minute_late = decide(facts, transit, local("2023-03-11 23:31", BOGOTA))
    assert minute_late.status == Status.IRREGULAR
    assert minute_late.overstay_days == 0
    next_day = decide(facts, transit, local("2023-03-12 00:10", BOGOTA))
    assert next_day.overstay_days == 1


# --- a port whose time zone differs from the capital's --------------------------------------


INDONESIA = pack(visa_free_rule(30, "AUS"), transit_rule(24, "FRA", ports=("DPS",)), zone=JAKARTA)


def test_days_at_a_port_an_hour_ahead_of_the_capital_follow_the_ports_clock() -> None:
    # 00:30 on 9 April at Denpasar is 23:30 on 8 April in Jakarta, but the port's day is 9
    # April: one day after the last lawful day (10 March + 29 = 8 April).
    late = person(entry("2023-03-10", MAKASSAR), exit_("2023-04-09 00:30", MAKASSAR))
    assert decide(late, INDONESIA, d("2023-04-20")).overstay_days == 1
    # 23:30 on 8 April at Denpasar (22:30 in Jakarta) is on the last lawful day.
    in_time = person(entry("2023-03-10", MAKASSAR), exit_("2023-04-08 23:30", MAKASSAR))
    assert decide(in_time, INDONESIA, d("2023-04-20")).overstay_days == 0


def test_a_decision_at_an_instant_takes_its_day_from_the_capitals_clock() -> None:
    facts = person(entry("2023-03-10", MAKASSAR))
    # 00:30 on 9 April in Jakarta is 01:30 at Denpasar: 9 April either way, one day over.
    over = decide(facts, INDONESIA, local("2023-04-09 00:30", JAKARTA))
    assert over.as_of == d("2023-04-09")
    assert over.overstay_days == 1
    # 23:30 on 8 April in Jakarta (00:30 on 9 April at Denpasar): the capital's day, 8 April.
    on_time = decide(facts, INDONESIA, local("2023-04-08 23:30", JAKARTA))
    assert on_time.as_of == d("2023-04-08")
    assert on_time.status == Status.REGULAR


def test_a_transit_end_at_a_port_ahead_of_the_capital_is_judged_by_the_instant() -> None:
    # 24 hours from 00:30 on 1 May at Denpasar end at 00:30 on 2 May there, which is 23:30 on
    # 1 May in Jakarta: at 23:45 Jakarta time the traveller is already late.
    facts = person(
        entry("2024-05-01 00:30", MAKASSAR, port="DPS", purpose="transit"), nationalities=("FRA",)
    )
    before = decide(facts, INDONESIA, local("2024-05-01 23:15", JAKARTA))
    assert before.authorized_until_instant == local("2024-05-02 00:30", MAKASSAR)
    assert before.status == Status.REGULAR
    after = decide(facts, INDONESIA, local("2024-05-01 23:45", JAKARTA))
    assert after.status == Status.IRREGULAR
    assert after.overstay_days == 0


def test_a_transit_end_at_a_port_behind_the_capital_is_judged_by_the_instant() -> None:
    australia = pack(transit_rule(24, "FRA", ports=("PER",)), zone=SYDNEY)
    # 23:30 on 1 May in Perth + 24 hours = 23:30 on 2 May in Perth, 01:30 on 3 May in Sydney.
    facts = person(
        entry("2024-05-01 23:30", PERTH, port="PER", purpose="transit"), nationalities=("FRA",)
    )
    before = decide(facts, australia, local("2024-05-03 01:00", SYDNEY))
    assert before.status == Status.REGULAR
    assert before.authorized_until == d("2024-05-02")
    after = decide(facts, australia, local("2024-05-03 02:00", SYDNEY))
    assert after.status == Status.IRREGULAR


# --- daylight saving -------------------------------------------------------------------------


BELGIUM = pack(
    rolling_rule(90, 180, "AUS"),
    visa_free_rule(30, "CAN"),
    transit_rule(72, "AUS", "CAN", ports=("BRU",)),
    zone=BRUSSELS,
)


def test_a_72_hour_transit_over_the_spring_change_ends_an_hour_later_on_the_clock() -> None:
    # From 12:00 CET on 29 March 2024, 72 hours pass at 13:00 CEST on 1 April: the night of
    # 30 to 31 March lost an hour.
    facts = person(
        entry("2024-03-29 12:00", BRUSSELS, port="BRU", purpose="transit"), nationalities=("CAN",)
    )
    decision = decide(facts, BELGIUM, local("2024-04-01 12:30", BRUSSELS))
    assert decision.basis == "visa-free"  # 30 days reach further than 72 hours
    transit_only = pack(transit_rule(72, "CAN", ports=("BRU",)), zone=BRUSSELS)
    decision = decide(facts, transit_only, local("2024-04-01 12:30", BRUSSELS))
    assert decision.authorized_until_instant == local("2024-04-01 13:00", BRUSSELS)
    assert decision.status == Status.REGULAR
    assert decide(facts, transit_only, local("2024-04-01 13:01", BRUSSELS)).status == (
        Status.IRREGULAR
    )


def test_a_72_hour_transit_over_the_autumn_change_ends_an_hour_earlier_on_the_clock() -> None:
    # From 12:00 CEST on 25 October 2024, 72 hours pass at 11:00 CET on 28 October.
    transit_only = pack(transit_rule(72, "CAN", ports=("BRU",)), zone=BRUSSELS)
    facts = person(
        entry("2024-10-25 12:00", BRUSSELS, port="BRU", purpose="transit"), nationalities=("CAN",)
    )
    decision = decide(facts, transit_only, local("2024-10-28 10:59", BRUSSELS))
    assert decision.authorized_until_instant == local("2024-10-28 11:00", BRUSSELS)
    assert decision.status == Status.REGULAR
    assert decide(facts, transit_only, local("2024-10-28 11:30", BRUSSELS)).status == (
        Status.IRREGULAR
    )


def test_a_23_hour_day_and_a_25_hour_day_each_count_as_one_day() -> None:
    # 1 March..30 April 2024 holds the 23-hour 31 March: 31 + 30 = 61 days.
    spring = decide(person(entry("2024-03-01", BRUSSELS)), BELGIUM, d("2024-04-30"))
    assert spring.days_used == 61
    # 26..28 October 2024 holds the 25-hour 27 October: 3 days.
    autumn = person(trip("2024-10-26 23:30", "2024-10-28 00:30", BRUSSELS))
    assert decide(autumn, BELGIUM, d("2024-11-01")).days_used == 3


def test_the_day_of_a_decision_follows_summer_time_on_the_capitals_clock() -> None:
    # 27 September + 29 days = 26 October 2024 (4 days of September, 26 of October).
    facts = person(entry("2024-09-27", BRUSSELS), nationalities=("CAN",))
    # 21:30 UTC on 26 October is 23:30 CEST: still the last lawful day in Brussels.
    assert decide(facts, BELGIUM, local("2024-10-26 21:30")).status == Status.REGULAR
    # 22:30 UTC is 00:30 CEST on 27 October (the clocks go back only at 03:00): one day over.
    late = decide(facts, BELGIUM, local("2024-10-26 22:30"))
    assert late.as_of == d("2024-10-27")
    assert late.overstay_days == 1


def test_a_crossing_in_the_first_hour_after_the_clocks_go_forward_is_on_that_day() -> None:
    # 03:30 CEST on 31 March 2024 is 01:30 UTC on 31 March; 00:30 CET is 23:30 UTC on 30 March.
    assert entry("2024-03-31 03:30", BRUSSELS).day == d("2024-03-31")
    just_after_midnight = entry("2024-03-31 00:30", BRUSSELS)
    assert just_after_midnight.instant == local("2024-03-30 23:30")
    assert just_after_midnight.day == d("2024-03-31")
    decision = decide(person(just_after_midnight, nationalities=("CAN",)), BELGIUM, d("2024-03-31"))
    # 31 March + 29 days = 29 April.
    assert decision.authorized_until == d("2024-04-29")


# --- entering and leaving on the same day ------------------------------------------------


ROLLING = pack(rolling_rule(90, 180, "AUS"), visa_free_rule(30, "CAN"), visa_rule("tourist"))


def test_a_day_trip_uses_one_day_of_the_90() -> None:
    facts = person(trip("2024-05-01 08:00", "2024-05-01 18:00"))
    decision = decide(facts, ROLLING, d("2024-05-02"))
    assert decision.status == Status.NOT_PRESENT
    assert decision.days_used == 1
    assert decision.days_remaining == 89


def test_two_day_trips_on_the_same_day_use_one_day() -> None:
    facts = person(
        trip("2024-05-01 08:00", "2024-05-01 10:00"), trip("2024-05-01 14:00", "2024-05-01 18:00")
    )
    assert decide(facts, ROLLING, d("2024-05-02")).days_used == 1


def test_leaving_and_coming_back_the_same_day_counts_that_day_once_and_keeps_the_rest() -> None:
    facts = person(
        trip("2024-01-01", "2024-01-30 10:00"),
        entry("2024-01-30 14:00"),
    )
    decision = decide(facts, ROLLING, d("2024-02-14"))
    # As if present since 1 January: 45 days used, and the 90th day is 30 March.
    assert decision.days_used == 45
    assert decision.authorized_until == d("2024-03-30")


def test_a_border_run_on_the_last_day_starts_a_new_fixed_stay_where_no_window_applies() -> None:
    fixed = pack(visa_free_rule(30, "CAN"))
    facts = person(
        trip("2024-03-10", "2024-04-08 10:00"), entry("2024-04-08 14:00"), nationalities=("CAN",)
    )
    # The rule gives 30 days per entry: 8 April + 29 = 7 May.
    assert decide(facts, fixed, d("2024-04-20")).authorized_until == d("2024-05-07")


def test_a_same_day_return_uses_the_second_entry_of_a_single_entry_visa() -> None:
    held = [visa("2024-01-01", "2024-12-31", entries=1, stay_days=30)]
    present = person(
        trip("2024-05-01 08:00", "2024-05-01 10:00"),
        entry("2024-05-01 14:00"),
        nationalities=("IND",),
        authorizations=held,
    )
    assert decide(present, ROLLING, d("2024-05-01")).status == Status.IRREGULAR
    gone = person(
        trip("2024-05-01 08:00", "2024-05-01 10:00"),
        trip("2024-05-01 14:00", "2024-05-01 18:00"),
        nationalities=("IND",),
        authorizations=held,
    )
    # The second visit had no basis: its one day was irregular.
    assert decide(gone, ROLLING, d("2024-05-02")).overstay_days == 1


def test_a_transit_entered_and_left_the_same_day_leaves_no_overstay() -> None:
    transit = pack(transit_rule(24, "AUS", ports=("BRU",)), zone=BRUSSELS)
    facts = person(
        trip("2024-05-01 07:00", "2024-05-01 21:00", BRUSSELS, port="BRU", purpose="transit")
    )
    decision = decide(facts, transit, d("2024-05-03"))
    assert decision.status == Status.NOT_PRESENT
    assert decision.overstay_days == 0


def test_a_residence_stay_entered_and_left_the_same_day_is_not_counted_in_the_window() -> None:
    both = pack(rolling_rule(90, 180, "AUS"), permit_rule())
    facts = person(
        trip("2024-05-01 08:00", "2024-05-01 18:00"),
        authorizations=[permit("2024-04-01", "2024-06-30")],
    )
    decision = decide(facts, both, d("2024-07-01"))
    # The window 4 January..1 July holds 1 May, but that day was under the permit.
    assert decision.window_start == d("2024-01-04")
    assert decision.days_used == 0
    assert decision.days_remaining == 90
