"""Worked examples of the lawful-stay engine, each computed by hand from the rule's text.

The comment above each assertion shows the arithmetic: "1 to 31 January is 31 days" and so on.
Entry and exit days are both counted; a day is a calendar day at the port.
"""

from __future__ import annotations

from dataclasses import replace

from orderly.stay.rules import Status, decide
from orderly.stay.rules import pack as kinds
from orderly.stay.rules.facts import PlannedTrip
from orderly.stay.tests.builders import (
    application,
    automatic_extension_rule,
    d,
    entry,
    exemption_rule,
    exit_,
    extension,
    extension_rule,
    local,
    pack,
    permit,
    permit_rule,
    person,
    rolling_rule,
    suspension_rule,
    transit_rule,
    trip,
    visa,
    visa_free_rule,
    visa_rule,
)

# A state that gives Australians 30 days per entry and issues visas and permits.
FIXED = pack(
    exemption_rule("UTO"),
    visa_free_rule(30, "AUS"),
    visa_rule("tourist", "business"),
    permit_rule(),
    extension_rule(),
)
# A state with "at most 90 days in any 180-day period" for Australians, limiting visas too.
ROLLING = pack(
    exemption_rule("UTO"),
    rolling_rule(90, 180, "AUS"),
    visa_rule("tourist"),
    permit_rule(),
    extension_rule(),
)
# 144-hour transit without a visa at Shanghai Pudong, or anywhere in Jiangsu province.
TRANSIT = pack(
    transit_rule(144, "AUS", "FRA", ports=("PVG",), regions=("Jiangsu",)),
    zone="Asia/Shanghai",
)
SHANGHAI = "Asia/Shanghai"


# --- a fixed stay per entry ---------------------------------------------------------------


def test_a_30_day_visa_free_entry_on_10_march_is_lawful_to_8_april() -> None:
    facts = person(entry("2023-03-10"))
    decision = decide(facts, FIXED, d("2023-04-08"))
    # 10..31 March is 22 days, 1..8 April 8 more: 30 days, the last on 8 April.
    assert decision.status == Status.REGULAR
    assert decision.basis == "visa-free"
    assert decision.authorized_until == d("2023-04-08")
    assert decision.days_used == 30
    assert decision.days_remaining == 0
    assert decision.window_start == d("2023-03-10")


def test_the_day_after_a_30_day_visa_free_stay_the_traveller_overstays_by_one_day() -> None:
    decision = decide(person(entry("2023-03-10")), FIXED, d("2023-04-09"))
    assert decision.status == Status.IRREGULAR
    assert decision.authorized_until == d("2023-04-08")
    assert decision.overstay_days == 1
    assert "overstay: 1 days after the last lawful day (2023-04-08)" in [
        r.text for r in decision.reasons
    ]


def test_each_visa_free_entry_starts_a_fresh_30_days_when_no_window_applies() -> None:
    facts = person(trip("2023-01-01", "2023-01-30"), entry("2023-02-01"))
    decision = decide(facts, FIXED, d("2023-02-15"))
    # 1 February + 29 days = 2 March; the 30 days in January do not matter here.
    assert decision.authorized_until == d("2023-03-02")
    assert decision.days_used == 15
    assert decision.days_remaining == 15


def test_a_nationality_the_visa_free_rule_does_not_list_has_no_basis() -> None:
    facts = person(entry("2023-03-10"), nationalities=("IND",))
    decision = decide(facts, FIXED, d("2023-03-12"))
    # Present 10..12 March without any basis: every day is irregular.
    assert decision.status == Status.IRREGULAR
    assert decision.basis is None
    assert decision.overstay_days == 3
    assert decision.days_remaining == 0


# --- visas: a stay per entry, validity, number of entries ----------------------------------


def test_a_visa_with_60_day_stays_entered_on_1_may_is_lawful_to_29_june() -> None:
    facts = person(
        entry("2023-05-01"),
        nationalities=("IND",),
        authorizations=[visa("2023-01-01", "2023-12-31", stay_days=60)],
    )
    decision = decide(facts, FIXED, d("2023-05-10"))
    # 1..31 May is 31 days, 1..29 June 29 more: 60.
    assert decision.status == Status.REGULAR
    assert decision.basis == "visa"
    assert decision.authorized_until == d("2023-06-29")
    # 11 May..29 June: 21 + 29 days after today.
    assert decision.days_remaining == 50


def test_a_stay_under_a_visa_that_ends_with_its_validity_stops_on_the_last_valid_day() -> None:
    strict = pack(visa_rule("tourist", ends_by_validity=True))
    facts = person(
        entry("2023-05-01"),
        nationalities=("IND",),
        authorizations=[visa("2023-01-01", "2023-05-20", stay_days=60)],
    )
    # 60 days would reach 29 June, but the visa is valid only to 20 May.
    assert decide(facts, strict, d("2023-05-10")).authorized_until == d("2023-05-20")
    # Where the stay may outlast the visa, the full 60 days stand.
    loose = pack(visa_rule("tourist"))
    assert decide(facts, loose, d("2023-05-10")).authorized_until == d("2023-06-29")


def test_a_visa_without_a_stay_length_covers_the_stay_to_the_end_of_its_validity() -> None:
    facts = person(
        entry("2023-05-01"),
        nationalities=("IND",),
        authorizations=[visa("2023-01-01", "2023-08-31")],
    )
    assert decide(facts, pack(visa_rule("tourist")), d("2023-05-10")).authorized_until == d(
        "2023-08-31"
    )


def test_a_second_entry_on_a_single_entry_visa_has_no_basis() -> None:
    facts = person(
        trip("2023-02-01", "2023-02-10"),
        entry("2023-06-01"),
        nationalities=("IND",),
        authorizations=[visa("2023-01-01", "2023-12-31", entries=1, stay_days=30)],
    )
    decision = decide(facts, FIXED, d("2023-06-05"))
    # Entry 2 of 1 allowed: 1..5 June are all irregular.
    assert decision.status == Status.IRREGULAR
    assert decision.basis is None
    assert decision.overstay_days == 5
    assert "visa V-1 allows 1 entries; this was entry 2" in [r.text for r in decision.reasons]


def test_a_double_entry_visa_admits_twice_and_not_a_third_time() -> None:
    double = [visa("2023-01-01", "2023-12-31", entries=2, stay_days=30)]
    second = person(
        trip("2023-02-01", "2023-02-10"),
        entry("2023-06-01"),
        nationalities=("IND",),
        authorizations=double,
    )
    # Second entry: 1 June + 29 days = 30 June.
    assert decide(second, FIXED, d("2023-06-05")).authorized_until == d("2023-06-30")
    third = person(
        trip("2023-02-01", "2023-02-10"),
        trip("2023-06-01", "2023-06-20"),
        entry("2023-09-01"),
        nationalities=("IND",),
        authorizations=double,
    )
    assert decide(third, FIXED, d("2023-09-01")).status == Status.IRREGULAR


def test_a_multiple_entry_visa_admits_every_time_within_its_validity() -> None:
    facts = person(
        trip("2023-02-01", "2023-02-10"),
        trip("2023-04-01", "2023-04-10"),
        trip("2023-06-01", "2023-06-10"),
        entry("2023-09-01"),
        nationalities=("IND",),
        authorizations=[visa("2023-01-01", "2023-12-31", stay_days=30)],
    )
    # Fourth entry, 1 September + 29 days = 30 September.
    assert decide(facts, FIXED, d("2023-09-02")).authorized_until == d("2023-09-30")


def test_an_entry_before_or_after_the_visa_validity_has_no_basis() -> None:
    held = [visa("2023-03-01", "2023-03-31", stay_days=30)]
    early = person(entry("2023-02-28"), nationalities=("IND",), authorizations=held)
    late = person(entry("2023-04-01"), nationalities=("IND",), authorizations=held)
    assert decide(early, FIXED, d("2023-03-02")).status == Status.IRREGULAR
    assert decide(late, FIXED, d("2023-04-02")).status == Status.IRREGULAR
    on_the_last_day = person(entry("2023-03-31"), nationalities=("IND",), authorizations=held)
    # 31 March + 29 days = 29 April: the stay may run on past the validity.
    assert decide(on_the_last_day, FIXED, d("2023-04-02")).authorized_until == d("2023-04-29")


def test_a_visa_of_a_category_the_pack_does_not_issue_gives_no_basis() -> None:
    facts = person(
        entry("2023-05-01"),
        nationalities=("IND",),
        authorizations=[visa("2023-01-01", "2023-12-31", category="medical")],
    )
    assert decide(facts, FIXED, d("2023-05-01")).status == Status.IRREGULAR


# --- rolling windows: 90 days in any 180 --------------------------------------------------


def test_a_90_180_traveller_who_spent_45_days_from_new_year_may_stay_45_more_in_march() -> None:
    facts = person(trip("2024-01-01", "2024-02-14"))
    decision = decide(facts, ROLLING, d("2024-02-20"), PlannedTrip(d("2024-03-01"), 45))
    # 1..31 January (31) + 1..14 February (14) = 45 days used in the window that ends on
    # 1 March 2024 and began 179 days before it, on 4 September 2023; 90 - 45 = 45 remain.
    assert decision.window_start == d("2023-09-04")
    assert decision.window_end == d("2024-03-01")
    assert decision.days_used == 45
    assert decision.days_remaining == 45
    # 1..31 March (31) + 1..14 April (14) = 45: the last lawful day is 14 April.
    assert decision.authorized_until == d("2024-04-14")
    assert decision.earliest_reentry == d("2024-03-01")
    assert decision.basis == "short-stay"


def test_a_46_day_trip_in_march_does_not_fit_and_the_reason_says_by_how_much() -> None:
    facts = person(trip("2024-01-01", "2024-02-14"))
    decision = decide(facts, ROLLING, d("2024-02-20"), PlannedTrip(d("2024-03-01"), 46))
    # 1 March + 45 days = 15 April, one day after the last lawful day (14 April).
    assert decision.authorized_until == d("2024-04-14")
    texts = [r.text for r in decision.reasons]
    assert (
        "a 46-day trip from 2024-03-01 would end on 2024-04-15, 1 days after the last lawful "
        "day (2024-04-14)"
    ) in texts
    # A 46-day trip needs the window ending on its last day to hold at most 90 - 46 = 44
    # old days, so 1 January must have left it: that window starts on 2 January at the
    # earliest and ends 179 days later, on 29 June; the trip begins 45 days before, 15 May.
    assert decision.earliest_reentry == d("2024-05-15")


def test_a_traveller_present_since_new_year_must_leave_after_90_days_on_30_march() -> None:
    facts = person(entry("2024-01-01"))
    decision = decide(facts, ROLLING, d("2024-02-14"))
    # 31 January + 29 February (a leap year) + 30 March = 90 days.
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == d("2024-03-30")
    # 45 days used in the window ending 14 February (19 August 2023..14 February 2024).
    assert decision.window_start == d("2023-08-19")
    assert decision.days_used == 45
    assert decision.days_remaining == 45
    assert decision.excess_days == 0


def test_three_days_after_the_90th_the_traveller_overstays_by_three_and_exceeds_by_three() -> None:
    decision = decide(person(entry("2024-01-01")), ROLLING, d("2024-04-02"))
    # Window 6 October 2023..2 April 2024 holds 31 + 29 + 31 + 2 = 93 days: 3 beyond 90.
    assert decision.status == Status.IRREGULAR
    assert decision.overstay_days == 3
    assert decision.excess_days == 3
    assert decision.days_used == 93
    assert decision.days_remaining == 0


def test_after_90_days_from_new_year_the_earliest_return_is_29_june() -> None:
    facts = person(trip("2024-01-01", "2024-03-30"))
    decision = decide(facts, ROLLING, d("2024-04-01"))
    # 90 days on 1 January..30 March. A day's visit needs its window to hold at most 89 of
    # them, so 1 January must have left: the window starts 2 January at the earliest and ends
    # 179 days later, on 29 June.
    assert decision.status == Status.NOT_PRESENT
    assert decision.days_used == 90
    assert decision.days_remaining == 0
    assert decision.earliest_reentry == d("2024-06-29")


def test_coming_back_on_29_june_after_90_days_allows_90_days_in_a_row_again() -> None:
    facts = person(trip("2024-01-01", "2024-03-30"), entry("2024-06-29"))
    decision = decide(facts, ROLLING, d("2024-06-29"))
    # Each new day in the country pushes one old day out of the window (2 January on 30
    # June, 3 January on 1 July...), so the 89 old days are traded one for one: 29 June + 89
    # days = 26 September.
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == d("2024-09-26")
    assert decision.days_used == 90


def test_a_rolling_limit_shortens_a_visa_stay_when_the_window_is_fuller() -> None:
    facts = person(
        trip("2024-01-01", "2024-02-29"),
        entry("2024-04-01"),
        nationalities=("IND",),
        authorizations=[visa("2024-03-15", "2024-12-31", stay_days=60)],
    )
    decision = decide(facts, ROLLING, d("2024-04-01"))
    # The visa allows 1 April + 59 = 30 May, but 60 days (January, February) are in the
    # window already: 29 more after 1 April reach 30 April, and no old day leaves the window
    # before 29 June.
    assert decision.basis == "visa"
    assert decision.authorized_until == d("2024-04-30")


def test_a_visa_exempt_traveller_passing_through_in_transit_keeps_the_90_days() -> None:
    both = pack(
        rolling_rule(90, 180, "AUS"),
        transit_rule(144, "AUS", ports=("PVG",)),
        zone=SHANGHAI,
    )
    facts = person(entry("2024-05-01 10:00", SHANGHAI, port="PVG", purpose="transit"))
    decision = decide(facts, both, d("2024-05-10"))
    # 144 hours would end on 7 May; the visa-free 90 days reach 1 May + 89 = 29 July.
    assert decision.status == Status.REGULAR
    assert decision.basis == "short-stay"
    assert decision.authorized_until == d("2024-07-29")


# --- transit counted in hours ------------------------------------------------------------


def test_a_144_hour_transit_ends_at_the_same_minute_six_days_later() -> None:
    facts = person(entry("2024-05-01 10:00", SHANGHAI, port="PVG", purpose="transit"))
    decision = decide(facts, TRANSIT, local("2024-05-07 10:00", SHANGHAI))
    # 144 hours = 6 days: from 1 May 10:00 to 7 May 10:00 Shanghai time.
    assert decision.status == Status.REGULAR
    assert decision.basis == "transit"
    assert decision.authorized_until == d("2024-05-07")
    assert decision.authorized_until_instant == local("2024-05-07 10:00", SHANGHAI)


def test_one_minute_after_the_144_hours_the_traveller_is_irregular() -> None:
    facts = person(entry("2024-05-01 10:00", SHANGHAI, port="PVG", purpose="transit"))
    decision = decide(facts, TRANSIT, local("2024-05-07 10:01", SHANGHAI))
    assert decision.status == Status.IRREGULAR
    # Still the last lawful day: no whole day overstayed yet.
    assert decision.overstay_days == 0


def test_a_transit_judged_by_the_day_alone_is_lawful_all_of_its_last_day() -> None:
    facts = person(entry("2024-05-01 10:00", SHANGHAI, port="PVG", purpose="transit"))
    assert decide(facts, TRANSIT, d("2024-05-07")).status == Status.REGULAR
    late = decide(facts, TRANSIT, d("2024-05-08"))
    assert late.status == Status.IRREGULAR
    assert late.overstay_days == 1


def test_a_transit_entry_in_a_listed_region_counts_like_a_listed_port() -> None:
    facts = person(
        entry("2024-05-01 10:00", SHANGHAI, port="NKG", region="Jiangsu", purpose="transit")
    )
    assert decide(facts, TRANSIT, d("2024-05-03")).basis == "transit"


def test_transit_at_a_port_the_exemption_does_not_list_gives_no_basis() -> None:
    facts = person(entry("2024-05-01 10:00", SHANGHAI, port="CAN", purpose="transit"))
    decision = decide(facts, TRANSIT, d("2024-05-01"))
    assert decision.status == Status.IRREGULAR
    assert "the 144-hour transit exemption does not apply at CAN" in [
        r.text for r in decision.reasons
    ]


def test_transit_needs_a_listed_nationality_and_a_stated_transit() -> None:
    other = person(
        entry("2024-05-01 10:00", SHANGHAI, port="PVG", purpose="transit"),
        nationalities=("IND",),
    )
    assert decide(other, TRANSIT, d("2024-05-01")).status == Status.IRREGULAR
    tourist = person(entry("2024-05-01 10:00", SHANGHAI, port="PVG", purpose="tourism"))
    assert decide(tourist, TRANSIT, d("2024-05-01")).status == Status.IRREGULAR


# --- residence permits ------------------------------------------------------------------


def test_days_under_a_residence_permit_do_not_count_toward_the_90_days() -> None:
    facts = person(
        trip("2023-01-01", "2023-12-31"),
        entry("2024-01-10"),
        authorizations=[permit("2023-01-01", "2023-12-31")],
    )
    decision = decide(facts, ROLLING, d("2024-01-19"))
    # All of 2023 was under the permit; 10..19 January is 10 days of 90.
    assert decision.days_used == 10
    assert decision.days_remaining == 80
    # 22 days of January, 29 of February, 31 of March, 8 of April: 90, to 8 April.
    assert decision.authorized_until == d("2024-04-08")


def test_a_permit_holder_is_lawful_to_the_permits_last_day() -> None:
    facts = person(entry("2023-01-05"), authorizations=[permit("2023-01-01", "2024-12-31")])
    decision = decide(facts, ROLLING, d("2024-06-30"))
    assert decision.status == Status.REGULAR
    assert decision.basis == "residence"
    assert decision.authorized_until == d("2024-12-31")
    # 1 July..31 December 2024: 31 + 31 + 30 + 31 + 30 + 31 = 184 days after today.
    assert decision.days_remaining == 184
    # The stay itself is the reference: 5 January..31 December 2023 is 361 days, 1 January..30 June
    # 2024 is 182: 543.
    assert decision.days_used == 543


def test_a_permit_granted_during_a_visa_free_stay_becomes_its_basis() -> None:
    facts = person(
        entry("2024-01-01"),
        authorizations=[
            permit("2024-03-01", "2025-02-28", category="study", granted_on="2024-02-20")
        ],
    )
    decision = decide(facts, ROLLING, d("2024-04-15"))
    # Without the permit, 90 days would end on 30 March and 15 April would be an overstay.
    assert decision.status == Status.REGULAR
    assert decision.basis == "residence"
    assert decision.authorized_until == d("2025-02-28")


def test_a_holder_of_two_permits_is_lawful_to_the_later_end_whatever_their_order() -> None:
    short = permit("2024-01-01", "2024-06-30", id="RP-1")
    long = permit("2024-03-01", "2025-02-28", category="study", id="RP-2")
    for held in ([short, long], [long, short]):
        facts = person(entry("2024-01-05"), authorizations=held)
        decision = decide(facts, ROLLING, d("2024-04-01"))
        assert decision.authorized_until == d("2025-02-28")


def test_a_permit_granted_after_the_day_of_the_decision_is_not_known_then() -> None:
    facts = person(
        entry("2024-01-01"),
        authorizations=[permit("2024-03-01", "2025-02-28", granted_on="2024-04-20")],
    )
    decision = decide(facts, ROLLING, d("2024-04-15"))
    # 1 January + 89 days = 30 March; 31 March..15 April is 16 days over.
    assert decision.status == Status.IRREGULAR
    assert decision.overstay_days == 16


# --- extensions granted ---------------------------------------------------------------------


def test_an_extension_granted_during_the_stay_moves_the_last_day() -> None:
    facts = person(entry("2023-03-10"), authorizations=[extension("2023-04-01", "2023-05-08")])
    decision = decide(facts, FIXED, d("2023-04-20"))
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == d("2023-05-08")
    # 21 April..8 May: 10 + 8 days after today.
    assert decision.days_remaining == 18


def test_an_extension_is_not_known_before_the_day_it_is_granted() -> None:
    facts = person(entry("2023-03-10"), authorizations=[extension("2023-04-01", "2023-05-08")])
    assert decide(facts, FIXED, d("2023-03-31")).authorized_until == d("2023-04-08")


def test_an_extension_granted_for_an_earlier_stay_does_not_carry_over() -> None:
    facts = person(
        trip("2023-01-01", "2023-01-20"),
        entry("2023-03-10"),
        authorizations=[extension("2023-01-10", "2023-05-08")],
    )
    assert decide(facts, FIXED, d("2023-03-20")).authorized_until == d("2023-04-08")


# --- special measures --------------------------------------------------------------------


COVID = pack(
    visa_free_rule(30, "AUS"),
    permit_rule(),
    automatic_extension_rule("2020-03-15", "2020-06-30", months=2, announced="2020-03-20"),
)


def test_the_2020_measure_moves_a_stay_ending_on_20_march_two_months_to_20_may() -> None:
    facts = person(entry("2020-02-20"))
    decision = decide(facts, COVID, d("2020-05-01"))
    # 20..29 February (a leap year) is 10 days, 1..20 March 20 more: 30, ending 20 March,
    # inside 15 March..30 June, so + 2 months = 20 May.
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == d("2020-05-20")
    assert "covid-extension" in [r.rule for r in decision.reasons]


def test_the_2020_measure_applies_once_though_the_new_end_is_again_in_its_range() -> None:
    facts = person(entry("2020-02-20"))
    # 20 May is inside 15 March..30 June as well; it is not moved again to 20 July.
    late = decide(facts, COVID, d("2020-05-21"))
    assert late.authorized_until == d("2020-05-20")
    assert late.status == Status.IRREGULAR
    assert late.overstay_days == 1


def test_before_the_measure_was_announced_the_old_end_stands() -> None:
    decision = decide(person(entry("2020-02-20")), COVID, d("2020-03-19"))
    assert decision.authorized_until == d("2020-03-20")


def test_a_stay_ending_outside_the_measures_range_is_not_extended() -> None:
    # 1 June + 29 days = 30 June, the range's last day: extended to 30 August.
    inside = decide(person(entry("2020-06-01")), COVID, d("2020-06-10"))
    assert inside.authorized_until == d("2020-08-30")
    # 2 June + 29 days = 1 July, a day after the range: not extended.
    outside = decide(person(entry("2020-06-02")), COVID, d("2020-06-10"))
    assert outside.authorized_until == d("2020-07-01")


def test_a_measure_for_short_stays_leaves_residence_permits_alone() -> None:
    facts = person(entry("2019-06-01"), authorizations=[permit("2019-05-01", "2020-04-30")])
    assert decide(facts, COVID, d("2020-04-01")).authorized_until == d("2020-04-30")
    for_residence = pack(
        permit_rule(),
        automatic_extension_rule(
            "2020-03-15", "2020-06-30", months=2, applies_to=(kinds.RESIDENCE,)
        ),
    )
    # 30 April + 2 months = 30 June.
    assert decide(facts, for_residence, d("2020-04-01")).authorized_until == d("2020-06-30")


def test_a_measure_in_days_adds_them_to_the_end() -> None:
    measure = pack(
        visa_free_rule(30, "AUS"),
        automatic_extension_rule("2020-03-15", "2020-06-30", days=45),
    )
    # 20 March + 45 days: 11 left in March, 30 in April, 4 in May = 4 May.
    assert decide(person(entry("2020-02-20")), measure, d("2020-04-01")).authorized_until == d(
        "2020-05-04"
    )


SUSPENDED = pack(
    visa_free_rule(30, "AUS"),
    suspension_rule("2020-03-20", "2020-06-30", "visa-free"),
)


def test_an_entry_while_visa_free_entry_is_suspended_has_no_basis() -> None:
    decision = decide(person(entry("2020-04-01")), SUSPENDED, d("2020-04-03"))
    # 1..3 April with no basis: 3 irregular days.
    assert decision.status == Status.IRREGULAR
    assert decision.overstay_days == 3
    assert decision.reasons[0].rule == "border-closure"


def test_a_stay_entered_before_the_suspension_keeps_its_basis() -> None:
    decision = decide(person(entry("2020-03-19")), SUSPENDED, d("2020-04-03"))
    # 19 March + 29 days = 17 April.
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == d("2020-04-17")


def test_visa_free_entry_resumes_the_day_after_the_suspension() -> None:
    # The suspension's last day, 30 June, is still suspended.
    assert decide(person(entry("2020-06-30")), SUSPENDED, d("2020-06-30")).basis is None
    decision = decide(person(entry("2020-07-01")), SUSPENDED, d("2020-07-01"))
    # 1 July + 29 days = 30 July.
    assert decision.authorized_until == d("2020-07-30")


def test_the_2020_measure_moves_the_90th_day_of_a_rolling_stay_too() -> None:
    rules = pack(
        rolling_rule(90, 180, "AUS"),
        automatic_extension_rule("2020-03-15", "2020-06-30", months=2, announced="2020-03-20"),
    )
    decision = decide(person(entry("2020-01-01")), rules, d("2020-05-01"))
    # 31 January + 29 February + 30 March = 90: the 90th day is 30 March, + 2 months = 30 May.
    assert decision.status == Status.REGULAR
    assert decision.authorized_until == d("2020-05-30")
    # The window ending 1 May holds 31 + 29 + 31 + 30 + 1 = 122 days, lawfully.
    assert decision.days_used == 122


def test_a_rule_gives_no_basis_before_it_comes_into_force() -> None:
    later = pack(replace(visa_free_rule(30, "AUS"), effective_from=d("2024-06-01")))
    assert decide(person(entry("2024-05-31")), later, d("2024-05-31")).status == (Status.IRREGULAR)
    # 1 June + 29 days = 30 June.
    on_time = decide(person(entry("2024-06-01")), later, d("2024-06-01"))
    assert on_time.authorized_until == d("2024-06-30")


# --- pending applications ---------------------------------------------------------------


def test_an_application_filed_by_the_last_lawful_day_keeps_the_stay_lawful() -> None:
    facts = person(entry("2023-03-10"), applications=[application("2023-04-08")])
    decision = decide(facts, FIXED, d("2023-04-20"))
    assert decision.status == Status.PENDING
    assert decision.overstay_days == 0
    assert decision.authorized_until == d("2023-04-08")


def test_an_application_filed_a_day_late_does_not_help() -> None:
    facts = person(entry("2023-03-10"), applications=[application("2023-04-09")])
    decision = decide(facts, FIXED, d("2023-04-20"))
    # 9..20 April: 12 days after 8 April.
    assert decision.status == Status.IRREGULAR
    assert decision.overstay_days == 12


def test_once_the_application_is_refused_the_overstay_counts_from_the_last_lawful_day() -> None:
    facts = person(entry("2023-03-10"), applications=[application("2023-04-05", "2023-04-15")])
    assert decide(facts, FIXED, d("2023-04-14")).status == Status.PENDING
    refused = decide(facts, FIXED, d("2023-04-20"))
    assert refused.status == Status.IRREGULAR
    assert refused.overstay_days == 12


def test_an_application_left_undecided_from_an_earlier_stay_does_not_cover_a_later_one() -> None:
    # Filed on 5 January during a stay that ended on 20 January; never decided. The next stay
    # (10 March, lawful to 8 April) has no application of its own: 12 days over on 20 April.
    facts = person(
        entry("2023-01-01"),
        exit_("2023-01-20"),
        entry("2023-03-10"),
        applications=[application("2023-01-05")],
    )
    decision = decide(facts, FIXED, d("2023-04-20"))
    assert decision.status == Status.IRREGULAR
    assert decision.overstay_days == 12


# --- exempt, not present, past overstay ---------------------------------------------------


def test_a_citizen_is_exempt_however_long_they_stay() -> None:
    facts = person(entry("2000-01-01"), nationalities=("UTO",))
    decision = decide(facts, FIXED, d("2024-01-01"))
    assert decision.status == Status.EXEMPT
    assert decision.reasons[0].facts == ("nationality: UTO",)


def test_a_dual_national_holding_the_exempt_nationality_is_exempt() -> None:
    facts = person(entry("2023-01-01"), nationalities=("AUS", "UTO"))
    assert decide(facts, FIXED, d("2024-01-01")).status == Status.EXEMPT


def test_someone_who_never_entered_is_not_present() -> None:
    decision = decide(person(), FIXED, d("2024-01-01"))
    assert decision.status == Status.NOT_PRESENT
    assert decision.days_used == 0
    assert decision.overstay_days == 0


def test_someone_who_left_in_time_is_not_present_with_no_overstay() -> None:
    decision = decide(person(trip("2023-03-10", "2023-04-08")), FIXED, d("2023-05-01"))
    assert decision.status == Status.NOT_PRESENT
    assert decision.overstay_days == 0


def test_someone_who_left_four_days_late_has_a_past_overstay_of_four_days() -> None:
    decision = decide(person(trip("2023-03-10", "2023-04-12")), FIXED, d("2023-05-01"))
    # Lawful to 8 April; 9, 10, 11, 12 April are 4 days over.
    assert decision.status == Status.NOT_PRESENT
    assert decision.overstay_days == 4


def test_someone_who_entered_with_no_basis_and_left_overstayed_every_day() -> None:
    facts = person(trip("2023-03-10", "2023-03-14"), nationalities=("IND",))
    decision = decide(facts, FIXED, d("2023-05-01"))
    # 10..14 March without a basis: 5 days.
    assert decision.status == Status.NOT_PRESENT
    assert decision.overstay_days == 5


# --- planned trips ----------------------------------------------------------------------


def test_a_planned_visa_free_trip_gets_30_days_from_its_first_day() -> None:
    decision = decide(person(), FIXED, d("2024-05-01"), PlannedTrip(d("2024-06-01"), 10))
    # 1 June + 29 = 30 June.
    assert decision.status == Status.NOT_PRESENT
    assert decision.authorized_until == d("2024-06-30")
    assert decision.days_used == 0
    assert decision.days_remaining == 30


def test_a_planned_trip_with_no_basis_has_no_last_lawful_day() -> None:
    facts = person(nationalities=("IND",))
    decision = decide(facts, FIXED, d("2024-05-01"), PlannedTrip(d("2024-06-01")))
    assert decision.authorized_until is None
    assert decision.reasons[-1].rule == "no-basis"


def test_a_planned_trip_after_a_full_window_must_wait_for_old_days_to_leave_it() -> None:
    facts = person(trip("2024-01-01", "2024-03-30"))
    decision = decide(facts, ROLLING, d("2024-04-01"), PlannedTrip(d("2024-05-01"), 10))
    # The window ending 1 May (4 November 2023..1 May 2024) holds all 90 days.
    assert decision.days_used == 90
    assert decision.days_remaining == 0
    # A 10-day trip needs at most 80 old days in the window ending on its last day:
    # 1..10 January must have left, so that window starts 11 January and ends 8 July;
    # the trip begins 9 days before, on 29 June.
    assert decision.earliest_reentry == d("2024-06-29")
