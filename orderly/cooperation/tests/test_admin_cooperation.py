"""Administrator Ada keeps the records in the admin: each save goes through the services, so it
is audited, and what the rules refuse is a form error on its field, never a server error."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.cooperation.models import BilateralAgreement, CooperationProject, MultilateralMechanism
from orderly.cooperation.tests.builders import agreement, project
from orderly.core.models import AuditEvent

pytestmark = pytest.mark.django_db

AGREEMENTS = "/admin/cooperation/bilateralagreement/"
PROJECTS = "/admin/cooperation/cooperationproject/"


def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.user("admin.ada"))
    return client


def agreement_form(**changes: Any) -> dict[str, Any]:
    form = {
        "partner": "PHL",
        "title": "Consular Agreement between Utopia and the Republic of the Philippines",
        "kind": "consular",
        "signed_on": "2016-09-06",
        "in_force_on": "2017-04-01",
        "ended_on": "",
        "notification_hours": "72",
        "notification_mandatory": "on",
        "source": "Utopia Treaty Series 2017, No. 11",
        "source_url": "",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_an_agreement_added_in_the_admin_is_audited(world: World) -> None:
    response = admin_client(world).post(f"{AGREEMENTS}add/", agreement_form())

    assert response.status_code == 302, response.content
    stored = BilateralAgreement.objects.get()
    assert (stored.partner, stored.notification_hours, stored.notification_mandatory) == (
        "PHL",
        72,
        True,
    )
    event = AuditEvent.objects.get(name="cooperation.agreement.created")
    assert event.actor_label == "admin.ada" and event.object_id == str(stored.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"notification_hours": "0"}, "the notification deadline is 1 to 720 hours"),
        ({"notification_hours": "800"}, "the notification deadline is 1 to 720 hours"),
        ({"notification_hours": ""}, "states its notification deadline in hours"),
        (
            {"kind": "readmission", "notification_mandatory": None},
            "only a consular agreement sets a notification deadline",
        ),
        ({"in_force_on": "2016-01-01"}, "cannot enter into force before it is signed"),
    ],
)
def test_a_bad_deadline_or_date_is_a_form_error_and_nothing_is_stored(
    world: World, changes: dict[str, Any], message: str
) -> None:
    response = admin_client(world).post(f"{AGREEMENTS}add/", agreement_form(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    errors = response.context["adminform"].form.errors
    assert set(errors) <= {"notification_hours", "in_force_on"}, errors
    assert not BilateralAgreement.objects.exists()
    assert not AuditEvent.objects.filter(name__startswith="cooperation.").exists()


def test_giving_an_agreement_its_end_day_in_the_admin_ends_it(world: World) -> None:
    stored = agreement(world.actor("admin.ada"))
    form = agreement_form(
        partner=stored.partner, title=stored.title, signed_on="2014-03-12",
        in_force_on="2015-01-19", notification_hours="96", source=stored.source,
        ended_on="2025-07-01",
    )  # fmt: skip

    response = admin_client(world).post(f"{AGREEMENTS}{stored.pk}/change/", form)

    assert response.status_code == 302, response.content
    stored.refresh_from_db()
    assert stored.ended_on == date(2025, 7, 1)
    assert AuditEvent.objects.filter(name="cooperation.agreement.ended").count() == 1
    assert not AuditEvent.objects.filter(name="cooperation.agreement.updated").exists()


def test_changing_a_deadline_in_the_admin_is_audited_as_an_update(world: World) -> None:
    stored = agreement(world.actor("admin.ada"))
    form = agreement_form(
        partner=stored.partner, title=stored.title, signed_on="2014-03-12",
        in_force_on="2015-01-19", notification_hours="72", source=stored.source,
    )  # fmt: skip

    response = admin_client(world).post(f"{AGREEMENTS}{stored.pk}/change/", form)

    assert response.status_code == 302, response.content
    event = AuditEvent.objects.get(name="cooperation.agreement.updated")
    assert event.changes == {"notification_hours": {"from": 96, "to": 72}}


def test_a_project_is_added_with_a_partner_a_line_and_its_objectives(world: World) -> None:
    response = admin_client(world).post(
        f"{PROJECTS}add/",
        {
            "title": "Safe and fair migration for women migrant workers",
            "partners": "International Organization for Migration\r\nUN Women\r\n",
            "funding_kind": "multi_partner_trust_fund",
            "funder": "Migration Multi-Partner Trust Fund",
            "amount": "2500000",
            "currency": "USD",
            "starts_on": "2024-01-01",
            "ends_on": "2026-12-31",
            "objectives": "17, 6, 7",
            "summary": "",
            "source": "Joint programme document",
            "source_url": "migrationnetwork.un.org",
        },
    )

    assert response.status_code == 302, response.content
    stored = CooperationProject.objects.get()
    assert stored.partners == ["International Organization for Migration", "UN Women"]
    assert stored.objectives == [6, 7, 17]
    assert stored.source_url == "https://migrationnetwork.un.org"
    assert AuditEvent.objects.filter(name="cooperation.project.created").count() == 1


@pytest.mark.parametrize(
    ("objectives", "said"),
    [
        ("5, 24", "24 is not a GCM objective (1 to 23)"),
        ("5, \u00b2", "objectives are numbers 1 to 23"),
    ],
)
def test_objectives_outside_1_to_23_are_a_form_error(
    world: World, objectives: str, said: str
) -> None:
    stored = project(world.actor("admin.ada"))
    page = admin_client(world).get(f"{PROJECTS}{stored.pk}/change/").content.decode()
    assert "1, 5, 6" in page and "UNOSSC" in page

    response = admin_client(world).post(
        f"{PROJECTS}{stored.pk}/change/",
        {
            "title": stored.title,
            "partners": "\n".join(stored.partners),
            "funding_kind": stored.funding_kind,
            "funder": stored.funder,
            "amount": "350000",
            "currency": "USD",
            "starts_on": "2024-03-01",
            "ends_on": "2026-02-28",
            "objectives": objectives,
            "source": stored.source,
        },
    )

    assert response.status_code == 200
    assert said in response.content.decode()
    assert CooperationProject.objects.get().objectives == [1, 5, 6]


def test_the_admin_never_deletes_a_cooperation_record(world: World) -> None:
    stored = agreement(world.actor("admin.ada"))
    client = admin_client(world)

    assert client.get(f"{AGREEMENTS}{stored.pk}/delete/").status_code == 403
    assert client.post(f"{AGREEMENTS}{stored.pk}/delete/", {"post": "yes"}).status_code == 403
    assert BilateralAgreement.objects.filter(pk=stored.pk).exists()
    assert MultilateralMechanism.objects.count() == 0


def test_an_agreement_recorded_twice_is_a_form_error(world: World) -> None:
    client = admin_client(world)
    assert client.post(f"{AGREEMENTS}add/", agreement_form()).status_code == 302

    response = client.post(f"{AGREEMENTS}add/", agreement_form())

    assert response.status_code == 200
    assert "this agreement is already recorded" in response.content.decode()
    assert BilateralAgreement.objects.count() == 1
