"""A corrected crossing changes the person's stays at once, and the overstay list with them.

Tess, from Viet Nam, holds a tourist visa (L): under demo-host it allows 30 days from the day of
entry, so an entry on 1 June 2025 has 30 June as its last lawful day. Supervisor Sara corrects
crossings at CAP-AIR, in her region.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from conftest import World
from orderly.border.models import Crossing
from orderly.border.services import crossing_correct, crossing_strike_out
from orderly.registry.models import Person
from orderly.stay.models import AuthorizedStay
from orderly.stay.selectors import IN_COUNTRY, OUT_OF_COUNTRY, Overstay, overstays_list
from orderly.stay.tests.travellers import cross, day, local_time, traveller, visa

pytestmark = pytest.mark.django_db

AS_OF = day("2025-08-01")
REASON = "Keyed on the wrong day"


@pytest.fixture
def tess(world: World) -> Person:
    person = traveller("V00000001", nationality="VNM")
    visa(person, valid_from=day("2025-05-01"))
    return person


def overstays(world: World) -> list[Overstay]:
    return overstays_list(actor=world.actor("supervisor.sara"), as_of=AS_OF).rows


def the_stay_of(person: Person) -> AuthorizedStay:
    (kept,) = AuthorizedStay.objects.filter(person=person)
    return kept


def leaving_on(on: date) -> datetime:
    return local_time("CAP-AIR", on, time(18))


def test_an_exit_corrected_to_after_the_last_lawful_day_makes_an_overstay_out_of_the_country(
    world: World, tess: Person
) -> None:
    cross(tess, "entry", day("2025-06-01"))
    exit_ = cross(tess, "exit", day("2025-06-20"))
    assert overstays(world) == []

    crossing_correct(
        actor=world.actor("supervisor.sara"),
        crossing_id=exit_.pk,
        reason=REASON,
        occurred_at=leaving_on(day("2025-07-10")),
    )

    (row,) = overstays(world)
    assert (row.stay.person_id, row.kind, row.days) == (tess.pk, OUT_OF_COUNTRY, 10)
    assert (row.stay.authorized_until, row.stay.exited_on) == (day("2025-06-30"), day("2025-07-10"))


def test_striking_out_a_mistaken_exit_makes_a_suspected_overstay_in_the_country(
    world: World, tess: Person
) -> None:
    cross(tess, "entry", day("2025-06-01"))
    exit_ = cross(tess, "exit", day("2025-06-20"))

    crossing_strike_out(
        actor=world.actor("supervisor.sara"), crossing_id=exit_.pk, reason="Her sister left"
    )

    (row,) = overstays(world)
    assert (row.stay.person_id, row.kind, row.days) == (tess.pk, IN_COUNTRY, 32)
    assert row.stay.exited_on is None


def test_an_entry_corrected_to_another_day_moves_the_stored_last_lawful_day(
    world: World, tess: Person
) -> None:
    entry = cross(tess, "entry", day("2025-06-01"))
    assert the_stay_of(tess).authorized_until == day("2025-06-30")

    correction = crossing_correct(
        actor=world.actor("supervisor.sara"),
        crossing_id=entry.pk,
        reason=REASON,
        occurred_at=local_time("CAP-AIR", day("2025-06-05")),
    )

    kept = the_stay_of(tess)
    assert kept.entry_id == correction.replacement_id
    assert (kept.entered_on, kept.authorized_until) == (day("2025-06-05"), day("2025-07-04"))


def test_a_struck_out_entry_no_longer_counts_in_the_overstay_list(
    world: World, tess: Person
) -> None:
    entry = cross(tess, "entry", day("2025-06-01"))
    assert [row.stay.entry_id for row in overstays(world)] == [entry.pk]

    crossing_strike_out(
        actor=world.actor("supervisor.sara"), crossing_id=entry.pk, reason="Not this traveller"
    )

    assert overstays(world) == []
    assert not AuthorizedStay.objects.filter(person=tess).exists()
    assert Crossing.objects.filter(pk=entry.pk).exists()  # the fact stays, the stay is gone


def test_an_entry_corrected_into_an_exit_leaves_no_stay_behind(world: World, tess: Person) -> None:
    cross(tess, "entry", day("2025-05-20"))
    cross(tess, "exit", day("2025-05-25"))
    mistaken = cross(tess, "entry", day("2025-06-01"))

    crossing_correct(
        actor=world.actor("supervisor.sara"),
        crossing_id=mistaken.pk,
        reason="She was leaving, not arriving",
        direction="exit",
        occurred_at=leaving_on(day("2025-05-20")),
    )

    entries = [stay.entered_on for stay in AuthorizedStay.objects.filter(person=tess)]
    assert entries == [day("2025-05-20")]
    assert the_stay_of(tess).exited_on == day("2025-05-20")


def test_a_refused_entry_corrected_stays_refused_and_creates_no_stay(
    world: World, tess: Person
) -> None:
    refused = cross(tess, "entry", day("2025-06-01"), refused_because="No return ticket")

    correction = crossing_correct(
        actor=world.actor("supervisor.sara"),
        crossing_id=refused.pk,
        reason=REASON,
        occurred_at=local_time("CAP-AIR", day("2025-06-02")),
    )

    assert correction.replacement is not None
    assert correction.replacement.outcome == "refused"
    assert not AuthorizedStay.objects.filter(person=tess).exists()
