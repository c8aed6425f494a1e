"""The overstay list on a generated population whose overstayers are known in advance.

Sixty travellers are made through the services (visas granted, crossings recorded at ports in
three regions, applications filed), each following one plan whose outcome is worked out here
by hand: a 30-day tourist visa ends on the entry day plus 29. The list must hold exactly the
planned overstayers, split into in-country and out-of-country, with the days and the evidence.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from conftest import World
from orderly.border.services import port_save
from orderly.core.actors import actor_for_user
from orderly.core.errors import NotPermitted
from orderly.core.models import AuditEvent, User
from orderly.core.roles import Actor, Role, ScopeKind
from orderly.core.services import role_grant
from orderly.registry.models import Person
from orderly.stay.rules.facts import EXTENSION
from orderly.stay.selectors import IN_COUNTRY, OUT_OF_COUNTRY, Overstay, overstays_list
from orderly.stay.services import application_record
from orderly.stay.tests.travellers import SYSTEM, cross, stay, traveller, visa

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 9, 1)
POPULATION = 60
PORTS = {"CAP-AIR": "capital", "NTH-LND": "north", "STH-SEA": "south"}
VISA_DAYS = 30  # a tourist visa (L) under demo-host: 30 days from the day of entry


@dataclass
class Plan:
    """One traveller's story, and what the list as of AS_OF must say about it."""

    nationality: str = "VNM"
    entry: date = AS_OF
    exit: date | None = None
    with_visa: bool = True
    filed: date | None = None  # an application for an extension, filed on this day
    decided: date | None = None
    expected: str | None = None  # IN_COUNTRY, OUT_OF_COUNTRY, or None: not on the list
    port: str = "CAP-AIR"

    @property
    def last_lawful_day(self) -> date | None:
        if self.nationality == "UTO" or (self.nationality == "VNM" and not self.with_visa):
            return None
        return self.entry + timedelta(days=VISA_DAYS - 1)

    @property
    def overstay_days(self) -> int:
        last_present = self.exit if self.expected == OUT_OF_COUNTRY else AS_OF
        assert last_present is not None
        if self.last_lawful_day is None:  # no basis at all: every day present counts
            return (last_present - self.entry).days + 1
        return (last_present - self.last_lawful_day).days


def ago(rng: random.Random, low: int, high: int) -> date:
    return AS_OF - timedelta(days=rng.randint(low, high))


def after(start: date, rng: random.Random, low: int, high: int) -> date:
    return start + timedelta(days=rng.randint(low, high))


def lawful_and_still_there(rng: random.Random) -> Plan:
    return Plan(entry=ago(rng, 0, 29))


def lawful_and_left_in_time(rng: random.Random) -> Plan:
    entry = ago(rng, 40, 150)
    return Plan(entry=entry, exit=after(entry, rng, 0, VISA_DAYS - 1))


def still_there_after_the_end(rng: random.Random) -> Plan:
    return Plan(entry=ago(rng, VISA_DAYS, 150), expected=IN_COUNTRY)


def left_after_the_end(rng: random.Random) -> Plan:
    entry = ago(rng, 60, 150)
    return Plan(
        entry=entry, exit=after(entry, rng, VISA_DAYS, VISA_DAYS + 20), expected=OUT_OF_COUNTRY
    )


def there_on_the_day_and_left_later(rng: random.Random) -> Plan:
    return Plan(entry=ago(rng, VISA_DAYS, 90), exit=after(AS_OF, rng, 1, 20), expected=IN_COUNTRY)


def pending_application_filed_in_time(rng: random.Random) -> Plan:
    entry = ago(rng, VISA_DAYS, 150)
    return Plan(entry=entry, filed=after(entry, rng, VISA_DAYS - 6, VISA_DAYS - 1))


def application_filed_too_late(rng: random.Random) -> Plan:
    entry = ago(rng, VISA_DAYS + 6, 150)
    return Plan(entry=entry, filed=after(entry, rng, VISA_DAYS, VISA_DAYS + 5), expected=IN_COUNTRY)


def application_decided_before_the_day(rng: random.Random) -> Plan:
    entry = ago(rng, VISA_DAYS + 10, 150)
    filed = after(entry, rng, VISA_DAYS - 5, VISA_DAYS - 1)
    return Plan(entry=entry, filed=filed, decided=after(filed, rng, 1, 5), expected=IN_COUNTRY)


def application_decided_after_the_day(rng: random.Random) -> Plan:
    entry = ago(rng, VISA_DAYS, 150)
    filed = after(entry, rng, VISA_DAYS - 5, VISA_DAYS - 1)
    return Plan(entry=entry, filed=filed, decided=after(AS_OF, rng, 1, 30))


def no_basis_and_still_there(rng: random.Random) -> Plan:
    return Plan(entry=ago(rng, 0, 60), with_visa=False, expected=IN_COUNTRY)


def no_basis_and_gone(rng: random.Random) -> Plan:
    entry = ago(rng, 20, 100)
    return Plan(
        entry=entry, exit=after(entry, rng, 0, 10), with_visa=False, expected=OUT_OF_COUNTRY
    )


def visa_free_and_still_there_after_the_end(rng: random.Random) -> Plan:
    # Thailand is in demo-host's mutual visa exemption agreements: 30 days from entry.
    return Plan(
        nationality="THA", entry=ago(rng, VISA_DAYS, 120), with_visa=False, expected=IN_COUNTRY
    )


def citizen_still_there(rng: random.Random) -> Plan:
    return Plan(nationality="UTO", entry=ago(rng, 60, 200), with_visa=False)


def arrives_after_the_day(rng: random.Random) -> Plan:
    return Plan(entry=after(AS_OF, rng, 1, 30))


STORIES: list[Callable[[random.Random], Plan]] = [
    lawful_and_still_there,
    lawful_and_left_in_time,
    still_there_after_the_end,
    left_after_the_end,
    there_on_the_day_and_left_later,
    pending_application_filed_in_time,
    application_filed_too_late,
    application_decided_before_the_day,
    application_decided_after_the_day,
    no_basis_and_still_there,
    no_basis_and_gone,
    visa_free_and_still_there_after_the_end,
    citizen_still_there,
    arrives_after_the_day,
]


def plans(seed: int = 20250901) -> list[Plan]:
    """POPULATION plans, every story at least once, the rest drawn at random (seeded)."""
    rng = random.Random(seed)
    stories = STORIES + rng.choices(STORIES, k=POPULATION - len(STORIES))
    rng.shuffle(stories)
    chosen = [story(rng) for story in stories]
    for plan in chosen:
        plan.port = rng.choice(sorted(PORTS))
    return chosen


def live(plan: Plan, number: int) -> Person:
    """Make the traveller of ``plan`` through the services, in the order things happen."""
    person = traveller(
        f"P{number:08d}", nationality=plan.nationality, surname=f"PERSON{chr(65 + number % 26)}"
    )
    if plan.with_visa:
        visa(person, valid_from=plan.entry - timedelta(days=20))
    stay(person, plan.entry, port=plan.port)
    if plan.filed is not None:
        application_record(
            actor=SYSTEM,
            person=person,
            kind=EXTENSION,
            filed_on=plan.filed,
            decided_on=plan.decided,
        )
    if plan.exit is not None:
        cross(person, "exit", plan.exit, port=plan.port)
    return person


@dataclass
class Population:
    people: list[tuple[Person, Plan]]

    def expected(self, regions: set[str] | None = None) -> set[tuple[object, ...]]:
        return {
            (
                str(person.pk),
                plan.expected,
                plan.entry,
                plan.port,
                plan.last_lawful_day,
                plan.exit if plan.expected == OUT_OF_COUNTRY else None,
                plan.overstay_days,
            )
            for person, plan in self.people
            if plan.expected and (regions is None or PORTS[plan.port] in regions)
        }


def listed(rows: list[Overstay]) -> set[tuple[object, ...]]:
    """The rows as the plans describe them (the exit is evidence only once it has happened)."""
    return {
        (
            str(r.stay.person_id),
            r.kind,
            r.stay.entered_on,
            r.stay.port,
            r.stay.authorized_until,
            r.stay.exited_on if r.kind == OUT_OF_COUNTRY else None,
            r.days,
        )
        for r in rows
    }


@pytest.fixture
def population(world: World) -> Population:
    port_save(
        actor=SYSTEM,
        code="STH-SEA",
        name="Southern Seaport",
        kind="sea",
        region="south",
        timezone_name="Asia/Shanghai",
    )
    return Population([(live(plan, n), plan) for n, plan in enumerate(plans(), start=1)])


def supervisor_of(region: str) -> Actor:
    user = User.objects.create_user(username=f"supervisor.{region}", password="unused 7 words long")
    role_grant(actor=SYSTEM, user=user, role=Role.SUPERVISOR, scope=ScopeKind.REGION, code=region)
    return actor_for_user(user)


def everything(actor: Actor, as_of: date = AS_OF, kind: str | None = None) -> list[Overstay]:
    return overstays_list(actor=actor, as_of=as_of, kind=kind, limit=500).rows


def test_the_generated_population_has_every_kind_of_story() -> None:
    drawn = plans()
    assert len(drawn) == POPULATION
    expected = [plan.expected for plan in drawn]
    assert expected.count(IN_COUNTRY) >= 5 and expected.count(OUT_OF_COUNTRY) >= 2
    assert {plan.port for plan in drawn} == set(PORTS)


def test_the_national_list_holds_exactly_the_planned_overstayers(
    world: World, population: Population
) -> None:
    result = overstays_list(actor=world.actor("caseworker.carl"), as_of=AS_OF, limit=500)
    assert listed(result.rows) == population.expected()
    assert len(result.rows) == len(population.expected())


def test_the_counts_separate_in_country_from_out_of_country(
    world: World, population: Population
) -> None:
    result = overstays_list(actor=world.actor("caseworker.carl"), as_of=AS_OF)
    planned = [plan.expected for _, plan in population.people]
    assert (result.in_country, result.out_of_country) == (
        planned.count(IN_COUNTRY),
        planned.count(OUT_OF_COUNTRY),
    )


@pytest.mark.parametrize("kind", [IN_COUNTRY, OUT_OF_COUNTRY])
def test_asking_for_one_kind_lists_only_that_kind(
    world: World, population: Population, kind: str
) -> None:
    rows = everything(world.actor("caseworker.carl"), kind=kind)
    assert listed(rows) == {row for row in population.expected() if row[1] == kind}


def test_a_pending_application_filed_in_time_keeps_a_person_off_the_list(
    world: World, population: Population
) -> None:
    pending = {
        str(person.pk)
        for person, plan in population.people
        if plan.filed
        and plan.filed <= plan.entry + timedelta(days=VISA_DAYS - 1)
        and (plan.decided is None or plan.decided > AS_OF)
    }
    assert pending
    listed_people = {str(row.stay.person_id) for row in everything(world.actor("caseworker.carl"))}
    assert not pending & listed_people


def test_each_row_carries_its_evidence(world: World, population: Population) -> None:
    for row in everything(world.actor("caseworker.carl")):
        rules = [reason["rule"] for reason in row.stay.reasons]
        assert rules, row
        if row.stay.authorized_until is None:
            assert rules[0] == "no-basis"
        else:
            assert rules[0] in {"visa-tourism", "visa-free-agreements"}
            assert row.stay.authorized_until.isoformat() in row.stay.reasons[0]["text"]
        if row.kind == OUT_OF_COUNTRY:
            assert row.stay.exited_on is not None and row.stay.exited_on <= AS_OF
        else:
            assert row.stay.exited_on is None or row.stay.exited_on > AS_OF


def test_rows_come_a_page_at_a_time_in_a_stable_order(world: World, population: Population) -> None:
    carl = world.actor("caseworker.carl")
    whole = everything(carl)
    paged: list[Overstay] = []
    for offset in range(0, len(whole), 7):
        paged += overstays_list(actor=carl, as_of=AS_OF, limit=7, offset=offset).rows
    assert [row.stay.pk for row in paged] == [row.stay.pk for row in whole]
    ends = [row.stay.authorized_until for row in whole if row.stay.authorized_until]
    assert ends == sorted(ends)


def test_a_supervisor_sees_only_the_stays_that_began_in_their_region(
    world: World, population: Population
) -> None:
    sara = world.actor("supervisor.sara")  # the capital region
    assert listed(everything(sara)) == population.expected({"capital"})
    assert listed(everything(supervisor_of("north"))) == population.expected({"north"})
    assert population.expected({"capital"}) and population.expected({"north"})


def test_a_supervisors_counts_are_those_of_their_region(
    world: World, population: Population
) -> None:
    result = overstays_list(actor=supervisor_of("south"), as_of=AS_OF)
    south = [row[1] for row in population.expected({"south"})]
    assert (result.in_country, result.out_of_country) == (
        south.count(IN_COUNTRY),
        south.count(OUT_OF_COUNTRY),
    )


def test_on_an_earlier_day_only_the_stays_already_over_are_listed(
    world: World, population: Population
) -> None:
    early = AS_OF - timedelta(days=45)
    rows = everything(world.actor("caseworker.carl"), as_of=early)
    assert rows
    for row in rows:
        assert row.stay.entered_on <= early
        assert row.stay.authorized_until is None or row.stay.authorized_until < early


def test_the_day_after_the_last_lawful_day_is_the_first_day_listed(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=date(2025, 5, 1))
    stay(tourist, date(2025, 6, 1))  # the last lawful day is 30 June
    carl = world.actor("caseworker.carl")
    assert everything(carl, as_of=date(2025, 6, 30)) == []
    (row,) = everything(carl, as_of=date(2025, 7, 1))
    assert (row.kind, row.days, row.stay.authorized_until) == (IN_COUNTRY, 1, date(2025, 6, 30))


def test_leaving_on_the_last_lawful_day_is_no_overstay(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=date(2025, 5, 1))
    stay(tourist, date(2025, 6, 1), date(2025, 6, 30))
    assert everything(world.actor("caseworker.carl"), as_of=date(2025, 8, 1)) == []


def test_a_traveller_whose_exit_went_unrecorded_is_listed_once_for_the_stay_they_are_in(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=date(2025, 1, 1), days_valid=365)
    cross(tourist, "entry", date(2025, 2, 1))  # no exit recorded: they left unseen
    cross(tourist, "entry", date(2025, 6, 1))
    (row,) = everything(world.actor("caseworker.carl"), as_of=date(2025, 8, 1))
    assert (row.kind, row.stay.entered_on, row.days) == (IN_COUNTRY, date(2025, 6, 1), 32)


@pytest.mark.parametrize(
    "username",
    [
        "officer.ana",
        "officer.ben",
        "analyst.alma",
        "admin.ada",
        "migrant.mia",
        "outsider.otto",
    ],
)
def test_only_supervisors_and_caseworkers_may_list_overstays(world: World, username: str) -> None:
    with pytest.raises(NotPermitted):
        overstays_list(actor=world.actor(username), as_of=AS_OF)
    assert not AuditEvent.objects.filter(name="stay.overstays.listed").exists()


def test_reading_the_list_is_audited_with_the_people_shown(
    world: World, population: Population
) -> None:
    result = overstays_list(actor=world.actor("supervisor.sara"), as_of=AS_OF, kind=IN_COUNTRY)
    event = AuditEvent.objects.get(name="stay.overstays.listed")
    assert event.actor_label == "supervisor.sara"
    assert (event.changes["as_of"], event.changes["kind"]) == (AS_OF.isoformat(), IN_COUNTRY)
    assert event.changes["people"] == [str(row.stay.person_id) for row in result.rows]
    assert event.changes["rows"] == len(result.rows) > 0
