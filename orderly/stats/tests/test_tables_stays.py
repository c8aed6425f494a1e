"""Foreigners present, overstay rates and permits issued on a generated population, against
counts made here from the platform's own records of stays and authorizations."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import World
from orderly.border.models import Crossing
from orderly.border.services import crossing_strike_out
from orderly.registry.models import Person
from orderly.stats import stay_tables, tables
from orderly.stats.export import warehouse_export
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.stay_tables import foreigners_present, overstay_rate, permits_visas_issued
from orderly.stats.tables import TABLES
from orderly.stats.tests.crossings import SYSTEM, crossed, on
from orderly.stats.warehouse import Warehouse
from orderly.stay.models import Authorization, AuthorizedStay
from orderly.stay.packfiles import installed_pack_files, load_pack
from orderly.stay.rules.facts import RESIDENCE_PERMIT, VISA
from orderly.stay.services import AuthorizationRequest, authorization_record
from orderly.stay.tests.travellers import traveller

pytestmark = pytest.mark.django_db

# Thai travellers enter visa-free for 30 days; Vietnamese need a visa, some hold one, some a
# residence permit and some nothing; citizens are exempt and never foreigners.
NATIONALITIES = ["THA", "VNM", "VNM", "UTO"]


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


def granted(person: Person, kind: str, category: str, valid_from: date, *, days_ago: int) -> None:
    """A visa or permit valid a year from ``valid_from``, recorded ``days_ago``."""
    request = AuthorizationRequest(
        kind=kind,
        category=category,
        reference=f"A-{uuid.uuid4().hex[:10].upper()}",
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=364),
        granted_on=valid_from,
        stay_days=30 if kind == VISA else None,
    )
    authorization = authorization_record(actor=SYSTEM, person=person, request=request)
    recorded = authorization.recorded_at - timedelta(days=days_ago)
    Authorization.objects.filter(pk=authorization.pk).update(recorded_at=recorded)
    AuthorizedStay.objects.filter(person=person).update(decided_at=recorded)


def population(world: World, seed: int = 12) -> None:
    """Thirty travellers, each with one to three stays from late 2024 into 2025: some leave in
    time, some late, some unseen, some not at all. Some of the records were stored before the
    export, the rest since (read from the database)."""
    rng = random.Random(seed)
    for n in range(30):
        nationality = rng.choice(NATIONALITIES)
        person = traveller(f"P{n:08d}", nationality=nationality)
        days_ago = rng.choice([0, 3])
        if nationality == "VNM" and rng.random() < 0.7:
            kind, category = rng.choice([(VISA, "L"), (VISA, "M"), (RESIDENCE_PERMIT, "work")])
            granted(person, kind, category, date(2024, 1, 1), days_ago=days_ago)
        start = on("2024-09-01T04:00:00")
        stays = rng.randint(1, 3)
        for number in range(1, stays + 1):
            start += timedelta(days=rng.randrange(20, 150))
            crossed(world, person, "entry", start, stored_days_ago=days_ago)
            # Some leave unseen (another entry follows); the last stay is left open more often.
            if rng.random() < (0.6 if number == stays else 0.85):
                start += timedelta(days=rng.randrange(1, 60))
                crossed(world, person, "exit", start, stored_days_ago=rng.choice([0, days_ago]))


def export_before_yesterday(warehouse: Warehouse) -> None:
    export_until(warehouse, days_ago=1)


def export_until(warehouse: Warehouse, *, days_ago: int) -> None:
    until = datetime.now(UTC) - timedelta(days=days_ago)
    warehouse_export(actor=SYSTEM, warehouse=warehouse, until=until)


def recorded_as_they_happened() -> None:
    """As if every crossing had reached the platform the moment it happened: each entry
    recorded on its day, each stay decided then and again on the day its exit came (its
    latest version, the one the database keeps, holds the exit)."""
    for stay in AuthorizedStay.objects.select_related("entry"):
        Crossing.objects.filter(pk=stay.entry_id).update(recorded_at=morning_of(stay.entered_on))
        last_news = stay.exited_on or stay.entered_on
        AuthorizedStay.objects.filter(pk=stay.pk).update(decided_at=morning_of(last_news))


def morning_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=6)


def today() -> date:
    return datetime.now(UTC).date()


def basis_kinds() -> dict[str, str]:
    pack = load_pack(installed_pack_files()["demo-host"])
    return {rule.id: rule.kind for rule in pack.rules}


def kept_stays() -> list[AuthorizedStay]:
    return list(AuthorizedStay.objects.select_related("person"))


def known_exit(stay: AuthorizedStay, as_of: date) -> date | None:
    """The stay's exit, if it came by the end of ``as_of``."""
    return stay.exited_on if stay.exited_on and stay.exited_on <= as_of else None


def present_by_hand(on_day: date) -> Counter[tuple[str, str]]:
    kinds = basis_kinds()
    counts: Counter[tuple[str, str]] = Counter()
    for stay in kept_stays():
        if stay.person.nationality == "UTO" or stay.entered_on > on_day:
            continue
        if stay.exited_on is not None and stay.exited_on <= on_day:
            continue
        if stay.exempt:
            basis = "exempt"
        elif not stay.basis:
            basis = "no basis"
        elif kinds[stay.basis] == RESIDENCE_PERMIT:
            basis = stay.basis
        else:
            basis = kinds[stay.basis]
        counts[stay.person.nationality, basis] += 1
    return counts


def overstays_by_hand(year: int, as_of: date) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for stay in kept_stays():
        end = stay.authorized_until
        if stay.exempt or end is None or end.year != year or end >= as_of:
            continue
        exited_on = known_exit(stay, as_of)
        if exited_on is None:
            status = stay_tables.IN_COUNTRY
        elif exited_on > end:
            status = stay_tables.OUT_OF_COUNTRY
        else:
            status = stay_tables.DEPARTED_ON_TIME
        counts[stay.person.nationality, status] += 1
    return counts


def test_foreigners_present_match_a_count_by_hand_on_the_last_day_and_a_year_before(
    world: World, warehouse: Warehouse
) -> None:
    population(world)
    recorded_as_they_happened()
    export_before_yesterday(warehouse)
    with statistics_source(warehouse) as db:
        table = foreigners_present(db, Period(2025), as_of=today())
    shown = {(r["nationality"], r["basis"]): r["foreigners"] for r in table.rows}
    by_hand = present_by_hand(date(2025, 12, 31))
    assert shown == dict(by_hand)
    assert {basis for _, basis in shown} >= {"visa_free", "no basis"}
    previous = sum(present_by_hand(date(2024, 12, 31)).values())
    assert table.figures["on"] == "2025-12-31"
    assert (table.figures["total"], table.figures["previous_total"]) == (
        sum(by_hand.values()),
        previous,
    )


def test_while_the_period_runs_foreigners_present_are_counted_at_the_end_of_yesterday(
    world: World, warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    population(world)
    recorded_as_they_happened()
    monkeypatch.setattr(tables, "today", lambda: date(2025, 3, 1))
    with statistics_source(warehouse) as db:
        table = TABLES["foreigners-present"].compute(db, Period(2025))
    assert (table.figures["on"], table.figures["as_of_day"]) == ("2025-02-28", "2025-03-01")
    shown = {(r["nationality"], r["basis"]): r["foreigners"] for r in table.rows}
    assert shown == dict(present_by_hand(date(2025, 2, 28)))


def test_foreigners_present_as_of_a_past_day_are_counted_on_that_day_from_what_was_known(
    world: World, warehouse: Warehouse
) -> None:
    population(world)
    recorded_as_they_happened()
    export_before_yesterday(warehouse)
    with statistics_source(warehouse) as db:
        table = foreigners_present(db, Period(2025), as_of=date(2025, 6, 30))
    assert table.figures["on"] == "2025-06-30"
    shown = {(r["nationality"], r["basis"]): r["foreigners"] for r in table.rows}
    assert shown == dict(present_by_hand(date(2025, 6, 30)))


def test_the_year_before_is_counted_as_the_records_stood_a_year_before(
    world: World, warehouse: Warehouse
) -> None:
    # In the country on 31 December 2024 as far as anyone knew a year ago: the exit of
    # 20 December reached the platform only now, from an offline post.
    person = traveller("T00000009", nationality="THA")
    crossed(world, person, "entry", on("2024-12-01T04:00:00"))
    crossed(world, person, "exit", on("2024-12-20T04:00:00"), stored_days_ago=0)
    Crossing.objects.filter(direction="entry").update(recorded_at=on("2024-12-01T05:00:00"))
    with statistics_source(warehouse) as db:
        table = foreigners_present(db, Period(2025), as_of=today())
    assert (table.figures["total"], table.figures["previous_total"]) == (0, 1)


def test_overstays_match_a_count_by_hand_as_of_the_day(world: World, warehouse: Warehouse) -> None:
    population(world)
    # Thai, 30 days visa-free from 1 May: as of 30 June still in the country, gone late since.
    late = traveller("T00000006", nationality="THA")
    crossed(world, late, "entry", on("2025-05-01T04:00:00"))
    crossed(world, late, "exit", on("2025-08-01T04:00:00"))
    recorded_as_they_happened()
    export_before_yesterday(warehouse)
    for as_of in (date(2025, 6, 30), today()):
        with statistics_source(warehouse) as db:
            table = overstay_rate(db, Period(2025), as_of=as_of)
        shown = {(r["nationality"], r["status"]): r["stays"] for r in table.rows}
        by_hand = overstays_by_hand(2025, as_of)
        assert shown == dict(by_hand)
        assert table.figures == {"as_of_day": as_of.isoformat(), "total": sum(by_hand.values())}
    assert {status for _, status in shown} == {
        stay_tables.DEPARTED_ON_TIME,
        stay_tables.OUT_OF_COUNTRY,
        stay_tables.IN_COUNTRY,
    }


def test_a_late_exit_recorded_after_the_export_turns_an_in_country_overstay_out_of_country(
    world: World, warehouse: Warehouse
) -> None:
    person = traveller("T00000001", nationality="THA")
    crossed(world, person, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    export_before_yesterday(warehouse)
    with statistics_source(warehouse) as db:
        before = overstay_rate(db, Period(2025), as_of=today()).rows
    crossed(world, person, "exit", on("2025-05-01T04:00:00"), stored_days_ago=0)
    with statistics_source(warehouse) as db:
        after = overstay_rate(db, Period(2025), as_of=today()).rows
    assert before == [{"nationality": "THA", "status": stay_tables.IN_COUNTRY, "stays": 1}]
    assert after == [{"nationality": "THA", "status": stay_tables.OUT_OF_COUNTRY, "stays": 1}]


def test_as_of_a_day_between_two_exports_a_stay_counts_as_the_records_stood_then(
    world: World, warehouse: Warehouse
) -> None:
    # Thai, 30 days visa-free: entered 1 March, last lawful day 31 March, left 1 May, the exit
    # sent by an offline post and stored two days ago; another Thai's entry stored only today.
    late = traveller("T00000003", nationality="THA")
    crossed(world, late, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    export_until(warehouse, days_ago=4)
    crossed(world, late, "exit", on("2025-05-01T04:00:00"), stored_days_ago=2)
    export_until(warehouse, days_ago=1)
    stored_today = traveller("T00000004", nationality="THA")
    crossed(world, stored_today, "entry", on("2025-03-02T04:00:00"), stored_days_ago=0)

    def overstays_as_of(days_ago: int) -> list[tuple[str, int]]:
        with statistics_source(warehouse) as db:
            rows = overstay_rate(db, Period(2025), as_of=today() - timedelta(days=days_ago)).rows
        return [(r["status"], r["stays"]) for r in rows]

    assert overstays_as_of(6) == []  # nothing was recorded yet
    assert overstays_as_of(3) == [(stay_tables.IN_COUNTRY, 1)]  # the exit was not
    assert overstays_as_of(0) == [(stay_tables.OUT_OF_COUNTRY, 1), (stay_tables.IN_COUNTRY, 1)]


def test_a_stay_recorded_by_the_day_and_changed_before_any_export_counts_with_no_exit_known(
    world: World, warehouse: Warehouse
) -> None:
    # The entry stored five days ago, the exit yesterday, and no export in between: the only
    # version is yesterday's, but three days ago the traveller was known and no exit was.
    person = traveller("T00000007", nationality="THA")
    crossed(world, person, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    crossed(world, person, "exit", on("2025-05-01T04:00:00"), stored_days_ago=1)
    with statistics_source(warehouse) as db:
        three_days_ago = overstay_rate(db, Period(2025), as_of=today() - timedelta(days=3))
        six_days_ago = overstay_rate(db, Period(2025), as_of=today() - timedelta(days=6))
    assert [(r["status"], r["stays"]) for r in three_days_ago.rows] == [(stay_tables.IN_COUNTRY, 1)]
    assert six_days_ago.rows == []


def test_a_stay_left_unseen_is_open_as_of_a_day_before_the_entry_that_closed_it(
    world: World, warehouse: Warehouse
) -> None:
    # Entered 1 March (30 days visa-free), never seen leaving, entered again 1 June: the second
    # entry, stored two days ago, closed the first stay, as the rules count it, on its own
    # entry day.
    person = traveller("T00000008", nationality="THA")
    crossed(world, person, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    export_until(warehouse, days_ago=4)
    crossed(world, person, "entry", on("2025-06-01T04:00:00"), stored_days_ago=2)
    export_until(warehouse, days_ago=1)
    with statistics_source(warehouse) as db:
        before = overstay_rate(db, Period(2025), as_of=today() - timedelta(days=3)).rows
        now = overstay_rate(db, Period(2025), as_of=today()).rows
    assert [(r["status"], r["stays"]) for r in before] == [(stay_tables.IN_COUNTRY, 1)]
    # Now the first stay ended in time; the second is still open, and late.
    assert [(r["status"], r["stays"]) for r in now] == [
        (stay_tables.DEPARTED_ON_TIME, 1),
        (stay_tables.IN_COUNTRY, 1),
    ]


def test_a_correction_counts_from_the_day_it_was_recorded(
    world: World, warehouse: Warehouse
) -> None:
    person = traveller("T00000005", nationality="THA")
    entry = crossed(world, person, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    export_before_yesterday(warehouse)
    sara = world.actor("supervisor.sara")
    crossing_strike_out(actor=sara, crossing_id=entry.pk, reason="recorded in error")
    export_before_yesterday(warehouse)  # nothing new before yesterday: the correction is today's
    with statistics_source(warehouse) as db:
        as_of_yesterday = overstay_rate(db, Period(2025), as_of=today() - timedelta(days=1))
        as_of_today = overstay_rate(db, Period(2025), as_of=today())
    assert [r["stays"] for r in as_of_yesterday.rows] == [1]
    assert as_of_today.rows == []


def test_a_stay_whose_entry_was_struck_out_after_the_export_is_not_counted(
    world: World, warehouse: Warehouse
) -> None:
    person = traveller("T00000002", nationality="THA")
    entry = crossed(world, person, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    export_before_yesterday(warehouse)
    sara = world.actor("supervisor.sara")
    crossing_strike_out(actor=sara, crossing_id=entry.pk, reason="recorded in error")
    with statistics_source(warehouse) as db:
        assert overstay_rate(db, Period(2025), as_of=today()).rows == []
        assert foreigners_present(db, Period(2025), as_of=today()).rows == []


def test_permits_and_visas_issued_match_a_count_by_hand_with_the_year_before(
    world: World, warehouse: Warehouse
) -> None:
    rng = random.Random(3)
    for n in range(12):
        person = traveller(f"V{n:08d}", nationality="VNM")
        kind, category = rng.choice([(VISA, "L"), (VISA, "Z"), (RESIDENCE_PERMIT, "study")])
        valid_from = date(rng.choice([2024, 2025]), rng.randint(1, 12), 1)
        granted(person, kind, category, valid_from, days_ago=rng.choice([0, 3]))
    export_before_yesterday(warehouse)
    with statistics_source(warehouse) as db:
        table = permits_visas_issued(db, Period(2025))
    by_hand = Counter(
        (a.kind, a.category) for a in Authorization.objects.all() if a.granted_on.year == 2025
    )
    assert {(r["kind"], r["type"]): r["issued"] for r in table.rows} == dict(by_hand)
    previous = Authorization.objects.filter(granted_on__year=2024).count()
    assert (table.figures["total"], table.figures["previous_total"]) == (
        sum(by_hand.values()),
        previous,
    )


def test_the_tables_are_registered_with_their_definitions() -> None:
    assert TABLES["overstay-rate"].definition.startswith("Overstay rate, by the method of the US")
    assert TABLES["foreigners-present"].query is foreigners_present
    assert TABLES["permits-visas-issued"].query is permits_visas_issued


def decisions_by_hand(year: int, as_of: date) -> Counter[tuple[str, str]]:
    """The stays of foreigners entering in ``year``, by status and reason as of ``as_of``."""
    counts: Counter[tuple[str, str]] = Counter()
    for stay in kept_stays():
        if stay.person.nationality == "UTO" or stay.entered_on.year != year:
            continue
        if stay.entered_on > as_of:
            continue
        exited_on, end = known_exit(stay, as_of), stay.authorized_until
        if stay.exempt:
            reason = "exempt from the rules on stay"
        elif not stay.basis:
            reason = "no rule allowed the entry"
        elif exited_on is not None:
            late = end is not None and exited_on > end
            reason = "left after the lawful stay ended" if late else "left within the lawful stay"
        elif end is None or end >= as_of:
            reason = "within the lawful stay"
        else:
            reason = "past the lawful stay, no exit recorded"
        counts[stay_tables.REASONS[reason], reason] += 1
    return counts


def test_stay_decisions_give_each_stay_its_status_and_reason_as_counted_by_hand(
    world: World, warehouse: Warehouse
) -> None:
    population(world)
    recorded_as_they_happened()
    export_before_yesterday(warehouse)
    for as_of in (today(), date(2025, 6, 30)):
        with statistics_source(warehouse) as db:
            table = stay_tables.stay_decisions(db, Period(2025), as_of=as_of)
        shown: Counter[tuple[str, str]] = Counter()
        for row in table.rows:
            shown[row["status"], row["reason"]] += row["stays"]
        assert shown == decisions_by_hand(2025, as_of)
        assert table.figures["total"] == sum(shown.values())
    statuses = {status for status, _ in shown}
    assert {"regular", "irregular"} <= statuses
