"""The demo's cooperation records: a realistic set, loaded through the services, once."""

from __future__ import annotations

from datetime import date

import pytest

from orderly.cooperation.models import BilateralAgreement, CooperationProject
from orderly.cooperation.selectors import consular_deadline, cooperation_annex
from orderly.core.models import AuditEvent
from orderly.core.roles import system_actor
from orderly.demo.cooperation import demo_cooperation_load
from orderly.demo.names import REGION_OF

pytestmark = pytest.mark.django_db

DEMO = system_actor("demo")


def test_loading_the_cooperation_records_twice_stores_nothing_twice() -> None:
    first = demo_cooperation_load(actor=DEMO, year=2025)
    second = demo_cooperation_load(actor=DEMO, year=2025)

    assert first.new == first.agreements + first.mechanisms + first.projects
    assert (first.agreements, first.mechanisms, first.projects) >= (6, 5, 3)
    assert second.new == 0
    assert (second.agreements, second.mechanisms, second.projects) == (
        first.agreements,
        first.mechanisms,
        first.projects,
    )
    created = AuditEvent.objects.filter(name__endswith=".created", name__startswith="cooperation.")
    assert created.count() == first.new


def test_the_demo_agreements_are_with_states_its_travellers_come_from() -> None:
    demo_cooperation_load(actor=DEMO, year=2025)

    partners = set(BilateralAgreement.objects.values_list("partner", flat=True))
    assert partners <= set(REGION_OF)
    consular = BilateralAgreement.objects.filter(kind="consular")
    assert {a.notification_hours for a in consular} >= {48, 72, 96}
    assert {a.notification_mandatory for a in consular} == {True, False}
    assert BilateralAgreement.objects.filter(in_force_on__isnull=True).exists()
    assert BilateralAgreement.objects.filter(ended_on__isnull=False).exists()
    assert {"readmission", "labour_mobility"} <= set(
        BilateralAgreement.objects.values_list("kind", flat=True)
    )


def test_the_annex_of_the_demo_year_has_something_in_every_part() -> None:
    demo_cooperation_load(actor=DEMO, year=2025)

    annex = cooperation_annex(actor=DEMO, since=date(2025, 1, 1), on=date(2025, 12, 31))

    assert annex.in_force and annex.awaiting_force and annex.mechanisms
    assert len(annex.projects) >= 3
    assert all(p.objectives and p.source for p in annex.projects)
    names = {m.name for m in annex.mechanisms}
    assert {"Colombo Process", "Global Forum on Migration and Development"} <= names
    assert CooperationProject.objects.filter(funding_kind="south_south_fund").exists()
    china = consular_deadline(actor=DEMO, nationality="CHN", on=date(2025, 6, 1))
    assert (china.hours, china.mandatory) == (96, True)
