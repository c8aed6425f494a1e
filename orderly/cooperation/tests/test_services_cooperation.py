"""Administrator Ada keeps the cooperation records: every write is checked, audited with what
changed, refused naming the field at fault, and never half-written."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import World
from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.services import (
    bilateral_agreement_end,
    bilateral_agreement_update,
    cooperation_project_end,
    cooperation_project_update,
    multilateral_mechanism_end,
    multilateral_mechanism_update,
)
from orderly.cooperation.tests.builders import agreement, mechanism, project
from orderly.core.errors import Conflict, InvalidInput
from orderly.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def events(name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(name=name).order_by("id"))


def test_an_agreement_created_is_audited_with_its_facts(world: World) -> None:
    created = agreement(world.actor("admin.ada"), partner=" chn ", title="  Consular Convention ")

    (event,) = events("cooperation.agreement.created")
    assert (created.partner, created.title) == ("CHN", "Consular Convention")
    assert event.actor_label == "admin.ada" and event.object_id == str(created.pk)
    assert event.object_type == "cooperation.bilateralagreement"
    assert event.changes["notification_hours"] == 96
    assert event.changes["in_force_on"] == "2015-01-19"
    assert event.changes["notification_mandatory"] is True


def test_a_consular_agreement_without_its_deadline_is_refused_and_nothing_is_written(
    world: World,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        agreement(world.actor("admin.ada"), notification_hours=None)

    assert refused.value.field == "notification_hours"
    assert not BilateralAgreement.objects.exists()
    assert not events("cooperation.agreement.created")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"notification_hours": 0}, "notification_hours"),
        ({"notification_hours": 721}, "notification_hours"),
        ({"kind": "readmission"}, "notification_hours"),
        ({"partner": "XYZ"}, "partner"),
        ({"in_force_on": date(2014, 3, 11)}, "in_force_on"),
        ({"ended_on": date(2015, 1, 19)}, "ended_on"),
        ({"source": " "}, "source"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_bad_facts_of_an_agreement_are_refused_naming_the_field(
    world: World, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        agreement(world.actor("admin.ada"), **changes)

    assert refused.value.field == field
    assert not BilateralAgreement.objects.exists() and not AuditEvent.objects.filter(
        name__startswith="cooperation."
    )


def test_an_agreement_cannot_be_signed_in_the_future(world: World) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        agreement(world.actor("admin.ada"), signed_on=tomorrow, in_force_on=None)
    assert refused.value.field == "signed_on"


def test_the_same_agreement_is_not_recorded_twice(world: World) -> None:
    ada = world.actor("admin.ada")
    agreement(ada)
    with pytest.raises(Conflict) as refused:
        agreement(ada)
    assert refused.value.field == "title"
    assert BilateralAgreement.objects.count() == 1


def test_an_update_audits_each_changed_fact_before_and_after(world: World) -> None:
    ada = world.actor("admin.ada")
    original = agreement(ada)

    updated = bilateral_agreement_update(
        actor=ada, agreement=original, notification_hours=72, source="UTS 2015, No. 4"
    )

    assert BilateralAgreement.objects.get().notification_hours == 72 == updated.notification_hours
    (event,) = events("cooperation.agreement.updated")
    assert event.changes == {
        "notification_hours": {"from": 96, "to": 72},
        "source": {"from": "Utopia Treaty Series 2015, No. 4", "to": "UTS 2015, No. 4"},
    }


def test_an_update_that_changes_nothing_writes_nothing(world: World) -> None:
    ada = world.actor("admin.ada")
    original = agreement(ada)
    bilateral_agreement_update(actor=ada, agreement=original, notification_hours=96)
    assert not events("cooperation.agreement.updated")


def test_a_bad_update_is_refused_and_the_agreement_stays_as_it_was(world: World) -> None:
    ada = world.actor("admin.ada")
    original = agreement(ada)

    with pytest.raises(InvalidInput) as refused:
        bilateral_agreement_update(actor=ada, agreement=original, kind="readmission")
    with pytest.raises(InvalidInput) as unknown:
        bilateral_agreement_update(actor=ada, agreement=original, colour="blue")

    assert refused.value.field == "notification_hours" and unknown.value.field == "colour"
    assert BilateralAgreement.objects.get().kind == "consular"
    assert not events("cooperation.agreement.updated")


def test_ending_an_agreement_keeps_it_and_audits_the_day(world: World) -> None:
    ada = world.actor("admin.ada")
    original = agreement(ada)

    bilateral_agreement_end(actor=ada, agreement=original, ended_on=date(2025, 7, 1))

    assert BilateralAgreement.objects.get().ended_on == date(2025, 7, 1)
    (event,) = events("cooperation.agreement.ended")
    assert event.changes == {"ended_on": {"from": None, "to": "2025-07-01"}}
    with pytest.raises(InvalidInput) as again:
        bilateral_agreement_end(actor=ada, agreement=original, ended_on=date(2026, 1, 1))
    assert again.value.field == "ended_on" and "already ended" in again.value.message


def test_an_agreement_cannot_end_before_it_enters_into_force(world: World) -> None:
    ada = world.actor("admin.ada")
    original = agreement(ada)
    with pytest.raises(InvalidInput) as refused:
        bilateral_agreement_end(actor=ada, agreement=original, ended_on=date(2015, 1, 1))
    assert refused.value.field == "ended_on"
    assert BilateralAgreement.objects.get().ended_on is None


def test_a_mechanism_is_created_updated_and_left_with_every_step_audited(world: World) -> None:
    ada = world.actor("admin.ada")
    bali = mechanism(ada)

    multilateral_mechanism_update(actor=ada, mechanism=bali, role="co_chair")
    multilateral_mechanism_end(actor=ada, mechanism=bali, ended_on=date(2024, 1, 1))

    stored = MultilateralMechanism.objects.get()
    assert (stored.role, stored.ended_on) == ("co_chair", date(2024, 1, 1))
    trail = AuditEvent.objects.filter(
        object_type="cooperation.multilateralmechanism", object_id=str(bali.pk)
    )
    assert [event.name for event in trail.order_by("id")] == [
        "cooperation.mechanism.created",
        "cooperation.mechanism.updated",
        "cooperation.mechanism.ended",
    ]


def test_a_mechanism_of_an_unknown_kind_or_a_name_taken_is_refused(world: World) -> None:
    ada = world.actor("admin.ada")
    with pytest.raises(InvalidInput) as refused:
        mechanism(ada, kind="club")
    assert refused.value.field == "kind"
    mechanism(ada)
    with pytest.raises(Conflict) as taken:
        mechanism(ada, role="observer")
    assert taken.value.field == "name"


def test_a_project_keeps_its_objectives_in_order_once_and_its_amount(world: World) -> None:
    created = project(world.actor("admin.ada"))

    stored = CooperationProject.objects.get()
    assert stored.objectives == [1, 5, 6] and stored.amount == Decimal("350000.00")
    (event,) = events("cooperation.project.created")
    assert event.object_id == str(created.pk)
    assert event.changes["amount"] == "350000" and event.changes["objectives"] == [1, 5, 6]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"objectives": []}, "objectives"),
        ({"objectives": [5, 24]}, "objectives"),
        ({"partners": []}, "partners"),
        ({"currency": "XYZ"}, "currency"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"funding_kind": "lottery"}, "funding_kind"),
        ({"ends_on": date(2024, 2, 1)}, "ends_on"),
    ],
)
def test_bad_facts_of_a_project_are_refused_naming_the_field(
    world: World, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        project(world.actor("admin.ada"), **changes)
    assert refused.value.field == field
    assert not CooperationProject.objects.exists()


def test_a_project_is_closed_early_but_extended_only_by_an_update(world: World) -> None:
    ada = world.actor("admin.ada")
    running = project(ada)

    with pytest.raises(InvalidInput) as later:
        cooperation_project_end(actor=ada, project=running, ends_on=date(2027, 1, 1))
    cooperation_project_end(actor=ada, project=running, ends_on=date(2025, 6, 30))
    cooperation_project_update(actor=ada, project=running, ends_on=date(2027, 6, 30))

    assert later.value.field == "ends_on"
    assert CooperationProject.objects.get().ends_on == date(2027, 6, 30)
    (ended,) = events("cooperation.project.ended")
    assert ended.changes == {"ends_on": {"from": "2026-02-28", "to": "2025-06-30"}}
