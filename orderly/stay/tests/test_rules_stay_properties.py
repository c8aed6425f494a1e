"""Properties of ``decide`` over random histories: the order of the facts does not matter, no
count is ever negative, one more past stay never gives more days, and a decision as of a moment
ignores whatever came after it.

The histories are untidy on purpose: crossings at ports in five time zones, missing exits,
exits with no entry, visas, permits and extensions granted at odd times, and applications filed
late or decided before or after the moment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from orderly.stay.rules import (
    Application,
    Authorization,
    CrossingFact,
    PersonFacts,
    PlannedTrip,
    StayDecision,
    decide,
)
from orderly.stay.rules import pack as kinds
from orderly.stay.rules.facts import ENTRY, EXIT, EXTENSION, RESIDENCE_PERMIT, VISA
from orderly.stay.rules.pack import Pack
from orderly.stay.rules.stays import presence
from orderly.stay.tests.builders import (
    automatic_extension_rule,
    exemption_rule,
    extension_rule,
    pack,
    permit_rule,
    rolling_rule,
    suspension_rule,
    transit_rule,
    visa_free_rule,
    visa_rule,
)

START = datetime(2023, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2023, 1, 1)
# (port, its time zone, its region): east and west of the capital's, with and without DST.
PORTS = (
    ("PVG", "Asia/Shanghai", "Shanghai"),
    ("DPS", "Asia/Makassar", "Bali"),
    ("BRU", "Europe/Brussels", "Brussels"),
    ("BOG", "America/Bogota", "Bogota"),
    ("CGK", "Asia/Jakarta", "Java"),
)
NATIONALITIES = ("AUS", "FRA", "IND", "UTO")

EVERYTHING = pack(
    exemption_rule("UTO"),
    rolling_rule(90, 180, "AUS", limits=(kinds.VISA_FREE, kinds.VISA, kinds.TRANSIT)),
    visa_free_rule(30, "FRA"),
    transit_rule(144, "AUS", "FRA", "IND", ports=("PVG",), regions=("Bali",)),
    visa_rule("tourist", "business", stay_days=60),
    permit_rule("work", "study"),
    extension_rule(),
    automatic_extension_rule("2023-03-01", "2023-06-30", months=2, announced="2023-02-15"),
    suspension_rule("2023-08-01", "2023-08-31", "visa-free", "transit"),
    zone="Asia/Jakarta",
)
NO_WINDOW = pack(
    exemption_rule("UTO"),
    visa_free_rule(30, "AUS", "FRA"),
    transit_rule(24, "IND", ports=("BRU",)),
    visa_rule("tourist", ends_by_validity=True),
    permit_rule("work"),
    extension_rule(),
    automatic_extension_rule("2023-04-01", "2023-05-31", days=45),
    zone="Europe/Brussels",
)
PACKS = st.sampled_from([EVERYTHING, NO_WINDOW])


# --- strategies -------------------------------------------------------------------------------


def days_after(start: date, most: int) -> st.SearchStrategy[date]:
    return st.integers(0, most).map(lambda n: start + timedelta(days=n))


# The same instant, hours apart (the same day or the next), or days to months apart.
GAPS = st.one_of(st.just(0), st.integers(1, 60 * 30), st.integers(60 * 24, 60 * 24 * 100))
# Dates the authorizations share now and then, so that two of them can tie.
SHARED_DAYS = st.sampled_from([date(2023, 1, 1), date(2023, 3, 1), date(2023, 6, 30)])


@st.composite
def crossings(draw: st.DrawFn, after: datetime = START, most: int = 8) -> list[CrossingFact]:
    """Crossings minutes to months apart, mostly alternating in and out, sometimes not."""
    result: list[CrossingFact] = []
    instant, direction = after, ENTRY
    for _ in range(draw(st.integers(0, most))):
        instant += timedelta(minutes=draw(GAPS))
        if draw(st.integers(0, 7)) == 0:  # a record missing: the same direction again
            direction = EXIT if direction == ENTRY else ENTRY
        port, zone, region = draw(st.sampled_from(PORTS))
        day = instant.astimezone(ZoneInfo(zone)).date()
        purpose = draw(st.sampled_from(["", "", "transit"]))
        result.append(CrossingFact(instant, day, direction, port, region, zone, purpose))
        direction = EXIT if direction == ENTRY else ENTRY
    return result


@st.composite
def authorization(draw: st.DrawFn, number: int) -> Authorization:
    kind = draw(st.sampled_from([VISA, VISA, RESIDENCE_PERMIT, EXTENSION]))
    valid_from = draw(st.one_of(SHARED_DAYS, days_after(date(2022, 10, 1), 500)))
    valid_until = valid_from + timedelta(days=draw(st.sampled_from([0, 30, 89, 180, 365])))
    granted_on = valid_from - timedelta(days=draw(st.sampled_from([0, 0, 14, 60])))
    category = draw(st.sampled_from(["tourist", "business", "work", "study", "medical"]))
    entries = draw(st.sampled_from([None, 1, 2]))
    stay_days = draw(st.sampled_from([None, 30, 90]))
    return Authorization(
        f"A-{number}", kind, category, valid_from, valid_until, granted_on, entries, stay_days
    )


@st.composite
def authorizations(draw: st.DrawFn) -> list[Authorization]:
    return [draw(authorization(number)) for number in range(draw(st.integers(0, 3)))]


@st.composite
def applications(draw: st.DrawFn) -> list[Application]:
    result = []
    for number in range(draw(st.integers(0, 2))):
        filed_on = draw(days_after(FIRST_DAY, 500))
        waited = draw(st.one_of(st.none(), st.integers(0, 200)))
        decided_on = None if waited is None else filed_on + timedelta(days=waited)
        result.append(Application(f"APP-{number}", "extension", filed_on, decided_on))
    return result


@st.composite
def people(draw: st.DrawFn) -> PersonFacts:
    held = draw(st.sets(st.sampled_from(NATIONALITIES), max_size=2))
    if "UTO" in held and draw(st.booleans()):  # fewer exempt citizens: nothing to see
        held.discard("UTO")
    return PersonFacts(
        nationalities=frozenset(held),
        crossings=tuple(draw(crossings())),
        authorizations=tuple(draw(authorizations())),
        applications=tuple(draw(applications())),
    )


# A moment: a day, or an instant (the capital's clock then decides the day).
moments = st.one_of(
    days_after(FIRST_DAY, 500),
    st.integers(0, 500 * 24 * 60).map(lambda minutes: START + timedelta(minutes=minutes)),
)


def near(crossing: CrossingFact) -> st.SearchStrategy[date | datetime]:
    """A moment close to ``crossing``: its day or days later, or minutes to days around it."""
    day = days_after(crossing.day, 120)
    instant = st.integers(-3 * 24 * 60, 120 * 24 * 60).map(
        lambda minutes: crossing.instant + timedelta(minutes=minutes)
    )
    return st.one_of(day, instant)


@st.composite
def cases(draw: st.DrawFn) -> tuple[PersonFacts, date | datetime]:
    """A person and a moment, most often near one of the person's crossings."""
    facts = draw(people())
    if facts.crossings and draw(st.integers(0, 3)) > 0:
        return facts, draw(near(draw(st.sampled_from(facts.crossings))))
    return facts, draw(moments)


@st.composite
def plans(draw: st.DrawFn, moment: date | datetime) -> PlannedTrip | None:
    if draw(st.booleans()):
        return None
    today = moment.date() if isinstance(moment, datetime) else moment
    first = today + timedelta(days=draw(st.integers(1, 300)))
    return PlannedTrip(first, draw(st.one_of(st.none(), st.integers(1, 120))))


def moment_day(moment: date | datetime, rules: Pack) -> date:
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo(rules.time_zone)).date()
    return moment


# --- the decision does not depend on the order of the facts ------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.data(), cases(), PACKS)
def test_the_decision_does_not_depend_on_the_order_the_facts_are_given_in(
    data: st.DataObject, case: tuple[PersonFacts, date | datetime], rules: Pack
) -> None:
    facts, moment = case
    plan = data.draw(plans(moment))
    shuffled = PersonFacts(
        nationalities=facts.nationalities,
        crossings=tuple(data.draw(st.permutations(facts.crossings))),
        authorizations=tuple(data.draw(st.permutations(facts.authorizations))),
        applications=tuple(data.draw(st.permutations(facts.applications))),
    )
    assert decide(shuffled, rules, moment, plan) == decide(facts, rules, moment, plan)


def test_two_records_of_one_instant_pair_the_same_way_in_either_order() -> None:
    # Two entries and an exit all at 16:00 UTC: the pairing must not follow the input order.
    at = datetime(2023, 1, 1, 16, tzinfo=UTC)
    records = (
        CrossingFact(at, date(2023, 1, 2), ENTRY, "PVG", "Shanghai", "Asia/Shanghai"),
        CrossingFact(at, date(2023, 1, 1), ENTRY, "BOG", "Bogota", "America/Bogota"),
        CrossingFact(at, date(2023, 1, 1), EXIT, "BRU", "Brussels", "Europe/Brussels"),
    )
    facts = PersonFacts(frozenset({"AUS"}), records)
    reverse = PersonFacts(frozenset({"AUS"}), records[::-1])
    moment = date(2023, 1, 20)
    assert decide(reverse, EVERYTHING, moment) == decide(facts, EVERYTHING, moment)


def test_two_equally_good_visas_give_the_same_reasons_in_either_order() -> None:
    first = Authorization("V-1", VISA, "tourist", date(2023, 1, 1), date(2023, 12, 31), FIRST_DAY)
    second = Authorization("V-2", VISA, "business", date(2023, 1, 1), date(2023, 12, 31), FIRST_DAY)
    entered = CrossingFact(START, FIRST_DAY, ENTRY, "CGK", "Java", "Asia/Jakarta")
    one = PersonFacts(frozenset({"IND"}), (entered,), (first, second))
    other = PersonFacts(frozenset({"IND"}), (entered,), (second, first))
    moment = date(2023, 1, 10)
    assert decide(one, EVERYTHING, moment) == decide(other, EVERYTHING, moment)


# --- no count is ever negative ----------------------------------------------------------------


def assert_counts_sound(decision: StayDecision) -> None:
    assert decision.days_used >= 0
    assert decision.overstay_days >= 0
    assert decision.excess_days >= 0
    assert decision.days_remaining is None or decision.days_remaining >= 0
    if decision.window_start is not None and decision.window_end is not None:
        span = (decision.window_end - decision.window_start).days + 1
        assert decision.days_used <= max(span, 0)


@settings(max_examples=300, deadline=None)
@given(st.data(), cases(), PACKS)
def test_days_used_and_the_other_counts_are_never_negative(
    data: st.DataObject, case: tuple[PersonFacts, date | datetime], rules: Pack
) -> None:
    facts, moment = case
    decision = decide(facts, rules, moment, data.draw(plans(moment)))
    assert_counts_sound(decision)
    assert decision.as_of == moment_day(moment, rules)


# --- one more past stay never gives more days -------------------------------------------------


@st.composite
def past_trips(draw: st.DrawFn) -> tuple[CrossingFact, CrossingFact]:
    """A stay in 2022, before any generated crossing, at a port in any zone."""
    port, zone, region = draw(st.sampled_from(PORTS))
    first = datetime(2022, 1, 2, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 300)))
    last = first + timedelta(hours=draw(st.integers(0, 24 * 60)))
    local_zone = ZoneInfo(zone)
    return (
        CrossingFact(first, first.astimezone(local_zone).date(), ENTRY, port, region, zone),
        CrossingFact(last, last.astimezone(local_zone).date(), EXIT, port, region, zone),
    )


@settings(max_examples=200, deadline=None)
@given(st.data(), cases(), PACKS, past_trips())
def test_adding_a_past_stay_never_increases_the_days_remaining(
    data: st.DataObject,
    case: tuple[PersonFacts, date | datetime],
    rules: Pack,
    earlier: tuple[CrossingFact, CrossingFact],
) -> None:
    facts, moment = case
    plan = data.draw(plans(moment))
    more = PersonFacts(
        nationalities=facts.nationalities,
        crossings=(*earlier, *facts.crossings),
        authorizations=facts.authorizations,
        applications=facts.applications,
    )
    before, after = decide(facts, rules, moment, plan), decide(more, rules, moment, plan)
    if before.days_remaining is not None and after.days_remaining is not None:
        assert after.days_remaining <= before.days_remaining


@settings(max_examples=150, deadline=None)
@given(cases(), past_trips())
def test_under_a_window_adding_a_past_stay_never_brings_the_earliest_return_forward(
    case: tuple[PersonFacts, date | datetime], earlier: tuple[CrossingFact, CrossingFact]
) -> None:
    facts, moment = case
    more = PersonFacts(
        nationalities=facts.nationalities,
        crossings=(*earlier, *facts.crossings),
        authorizations=facts.authorizations,
        applications=facts.applications,
    )
    before, after = decide(facts, EVERYTHING, moment), decide(more, EVERYTHING, moment)
    if before.earliest_reentry is not None and after.earliest_reentry is not None:
        assert after.earliest_reentry >= before.earliest_reentry


# --- a decision as of a moment ignores what came after it -------------------------------------


@st.composite
def later_facts(
    draw: st.DrawFn, moment: date | datetime, rules: Pack
) -> tuple[list[CrossingFact], list[Authorization], list[Application]]:
    """Crossings, grants and applications that all come after ``moment``."""
    day = moment_day(moment, rules)
    # Two days on in UTC is after the moment's day on every port's clock.
    after = datetime.combine(day + timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    if isinstance(moment, datetime):
        after = max(after, moment + timedelta(minutes=1))
    moves = draw(crossings(after=after, most=4))
    grants = []
    for number in range(draw(st.integers(0, 2))):
        granted = draw(authorization(100 + number))
        granted_on = day + timedelta(days=draw(st.integers(1, 200)))
        grants.append(
            Authorization(
                granted.id,
                granted.kind,
                granted.category,
                min(granted.valid_from, day),
                max(granted.valid_until, granted_on),
                granted_on,
                granted.entries,
                granted.stay_days,
            )
        )
    filings = [
        Application(f"APP-{100 + n}", "extension", day + timedelta(days=draw(st.integers(1, 90))))
        for n in range(draw(st.integers(0, 2)))
    ]
    return moves, grants, filings


@settings(max_examples=200, deadline=None)
@given(st.data(), cases(), PACKS)
def test_a_decision_as_of_a_moment_ignores_the_facts_that_came_after_it(
    data: st.DataObject, case: tuple[PersonFacts, date | datetime], rules: Pack
) -> None:
    facts, moment = case
    plan = data.draw(plans(moment))
    moves, grants, filings = data.draw(later_facts(moment, rules))
    day = moment_day(moment, rules)
    # Applications that were still open on the day are decided only afterwards.
    later_decided = tuple(
        Application(a.id, a.kind, a.filed_on, day + timedelta(days=data.draw(st.integers(1, 50))))
        if a.decided_on is None
        else a
        for a in facts.applications
    )
    more = PersonFacts(
        nationalities=facts.nationalities,
        crossings=(*facts.crossings, *moves),
        authorizations=(*facts.authorizations, *grants),
        applications=(*later_decided, *filings),
    )
    assert decide(more, rules, moment, plan) == decide(facts, rules, moment, plan)


@settings(max_examples=150, deadline=None)
@given(cases(), PACKS)
def test_a_decision_as_of_a_moment_equals_one_made_from_only_what_was_known_then(
    case: tuple[PersonFacts, date | datetime], rules: Pack
) -> None:
    facts, moment = case
    day = moment_day(moment, rules)

    def happened(crossing: CrossingFact) -> bool:
        if isinstance(moment, datetime):
            return crossing.instant <= moment
        return crossing.day <= day

    known = PersonFacts(
        nationalities=facts.nationalities,
        crossings=tuple(c for c in facts.crossings if happened(c)),
        authorizations=tuple(a for a in facts.authorizations if a.granted_on <= day),
        applications=tuple(
            Application(a.id, a.kind, a.filed_on, a.decided_on)
            if a.decided_on is not None and a.decided_on <= day
            else Application(a.id, a.kind, a.filed_on)
            for a in facts.applications
            if a.filed_on <= day
        ),
    )
    assert decide(facts, rules, moment) == decide(known, rules, moment)


# --- the window's figures match counting day by day over the whole history --------------------

WINDOW_ONLY = pack(rolling_rule(90, 180, "AUS"), zone="Europe/Brussels")


def days_present(facts: PersonFacts, today: date) -> set[date]:
    """Every day the person was present up to ``today``, stay by stay, one day at a time."""
    days: set[date] = set()
    for stay in presence(facts.crossings).stays:
        last = min(stay.last_day(today), today)
        length = (last - stay.entry.day).days + 1
        days.update(stay.entry.day + timedelta(days=n) for n in range(length))
    return days


def first_day_a_one_day_trip_fits(present: set[date], not_before: date) -> date:
    day = not_before
    while sum(day - timedelta(days=n) in present for n in range(1, 180)) + 1 > 90:
        day += timedelta(days=1)
    return day


@settings(max_examples=150, deadline=None)
@given(crossings(most=40), days_after(FIRST_DAY, 2000))
def test_over_a_long_history_the_window_figures_match_counting_day_by_day(
    history: list[CrossingFact], today: date
) -> None:
    facts = PersonFacts(nationalities=frozenset({"AUS"}), crossings=tuple(history))
    decision = decide(facts, WINDOW_ONLY, today)
    known = PersonFacts(crossings=tuple(c for c in history if c.day <= today))
    present = days_present(known, today)
    in_window = {today - timedelta(days=n) for n in range(180)}
    assert decision.days_used == len(present & in_window)
    assert decision.excess_days == max(0, len(present & in_window) - 90)
    still_here = presence(known.crossings).open_stay is not None
    after_the_last_day = (day + timedelta(days=1) for day in present)
    not_before = max([today + timedelta(days=1 if still_here else 0), *after_the_last_day])
    assert decision.earliest_reentry == first_day_a_one_day_trip_fits(present, not_before)
