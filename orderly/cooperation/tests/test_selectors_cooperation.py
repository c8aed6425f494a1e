"""The review's cooperation annex and the consular deadline, read by Analyst Alma."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import World
from orderly.cooperation.rules import BILATERAL, VIENNA
from orderly.cooperation.selectors import consular_deadline, cooperation_annex
from orderly.cooperation.tests.builders import agreement, mechanism, project
from orderly.core.errors import InvalidInput

pytestmark = pytest.mark.django_db

DAY = date(2025, 12, 31)


@pytest.fixture
def records(world: World) -> None:
    ada = world.actor("admin.ada")
    agreement(ada)  # China, in force since 2015
    agreement(
        ada, partner="IDN", title="Consular Agreement with Indonesia", signed_on=date(2024, 10, 15),
        in_force_on=None, notification_hours=72, source="Signed text",
    )  # fmt: skip
    agreement(
        ada, partner="NPL", title="Labour MOU 2015", kind="labour_mobility",
        signed_on=date(2015, 8, 3), in_force_on=date(2015, 8, 3), ended_on=date(2020, 8, 3),
        notification_hours=None, notification_mandatory=False, source="UTS 2015, No. 21",
    )  # fmt: skip
    agreement(
        ada, partner="DEU", title="Consular Convention with Germany", signed_on=date(2019, 1, 1),
        in_force_on=date(2020, 1, 1), notification_hours=48, notification_mandatory=False,
    )  # fmt: skip
    mechanism(ada)
    mechanism(
        ada, name="Asia-Pacific Consultations", joined_on=date(1996, 5, 1),
        ended_on=date(2004, 1, 1),
    )  # fmt: skip
    project(ada)  # 2024-03-01 to 2026-02-28
    project(
        ada, title="Remittances through the post", starts_on=date(2022, 1, 1),
        ends_on=date(2024, 12, 31), objectives=[20],
    )  # fmt: skip
    project(
        ada, title="Resource centres", funding_kind="national_budget", amount=None, currency="",
        starts_on=date(2026, 5, 1), ends_on=None, objectives=[3],
    )  # fmt: skip


@pytest.mark.usefixtures("records")
def test_the_annex_lists_what_stood_on_the_day_each_with_its_source(world: World) -> None:
    annex = cooperation_annex(actor=world.actor("analyst.alma"), on=DAY)

    assert [a.partner for a in annex.in_force] == ["CHN", "DEU"]
    assert [(a.partner, a.in_force) for a in annex.awaiting_force] == [("IDN", False)]
    china = annex.in_force[0]
    assert (china.partner_name, china.kind_label) == ("China", "Consular agreement")
    assert (china.notification_hours, china.notification_mandatory) == (96, True)
    assert china.source == "Utopia Treaty Series 2015, No. 4"
    assert [(m.name, m.role_label) for m in annex.mechanisms] == [("Bali Process", "Member")]
    assert annex.mechanisms[0].source_url == "https://www.baliprocess.net"
    assert [p.title for p in annex.projects] == ["Better labour migration data"]
    assert annex.projects[0].objectives == (1, 5, 6)
    assert annex.projects[0].funding_kind_label == "South-South cooperation fund"


@pytest.mark.usefixtures("records")
def test_the_annex_of_a_period_lists_every_project_that_ran_in_it(world: World) -> None:
    annex = cooperation_annex(
        actor=world.actor("analyst.alma"), since=date(2024, 1, 1), on=date(2024, 12, 31)
    )
    assert [p.title for p in annex.projects] == [
        "Remittances through the post",
        "Better labour migration data",
    ]
    with pytest.raises(InvalidInput) as refused:
        cooperation_annex(actor=world.actor("analyst.alma"), since=DAY, on=date(2024, 1, 1))
    assert refused.value.field == "since"


@pytest.mark.usefixtures("records")
def test_an_earlier_annex_shows_the_ended_agreement_and_mechanism_of_its_day(
    world: World,
) -> None:
    annex = cooperation_annex(actor=world.actor("analyst.alma"), on=date(2003, 6, 1))
    assert annex.agreements == ()
    assert {m.name for m in annex.mechanisms} == {"Bali Process", "Asia-Pacific Consultations"}
    in_2018 = cooperation_annex(actor=world.actor("analyst.alma"), on=date(2018, 6, 1))
    assert [a.title for a in in_2018.agreements] == [
        "Consular Convention between Utopia and the People's Republic of China",
        "Labour MOU 2015",
    ]


@pytest.mark.usefixtures("records")
def test_the_consular_deadline_follows_the_treaty_in_force_or_the_vienna_convention(
    world: World,
) -> None:
    supervisor = world.actor("supervisor.sara")

    china = consular_deadline(actor=supervisor, nationality="CHN", on=DAY)
    indonesia = consular_deadline(actor=supervisor, nationality="IDN", on=DAY)
    before = consular_deadline(actor=supervisor, nationality="CHN", on=date(2015, 1, 18))

    assert (china.hours, china.mandatory, china.basis) == (96, True, BILATERAL)
    assert china.agreement is not None and china.agreement.source.startswith("Utopia Treaty")
    assert (indonesia.hours, indonesia.basis) == (None, VIENNA)  # signed, not yet in force
    assert before.basis == VIENNA


@pytest.mark.usefixtures("records")
def test_a_nationality_is_read_as_an_mrz_shows_it(world: World) -> None:
    alma = world.actor("analyst.alma")

    german = consular_deadline(actor=alma, nationality="D<<", on=DAY)
    stateless = consular_deadline(actor=alma, nationality="XXA", on=DAY)

    assert (german.nationality, german.hours) == ("DEU", 48)
    assert (stateless.nationality, stateless.basis) == ("XXA", VIENNA)
    for nonsense in ("", "QQQ", "Germany"):
        with pytest.raises(InvalidInput) as refused:
            consular_deadline(actor=alma, nationality=nonsense, on=DAY)
        assert refused.value.field == "nationality"
