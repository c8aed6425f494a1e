"""The GCM objectives and the indicator catalogue: what each indicator informs and where it
comes from, and the national review's indicators computed from the published statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import World
from orderly.cli import main
from orderly.core.errors import NotPermitted
from orderly.review.catalogue import (
    INDICATORS,
    Asked,
    Indicator,
    Reported,
    Source,
    catalogued,
    computed,
    informing,
)
from orderly.review.objectives import gcm_objectives
from orderly.review.rules.objectives import objectives_from
from orderly.review.selectors import national_review_json


def test_the_23_objectives_are_shipped_with_their_short_labels() -> None:
    objectives = gcm_objectives()
    assert [o.number for o in objectives] == list(range(1, 24))
    assert objectives[0].short_label == "Data"
    assert objectives[22].title.startswith("Strengthen international cooperation")


def test_a_list_of_objectives_that_is_not_the_23_once_each_is_refused() -> None:
    rows = [{"objective": str(n), "title": f"T{n}", "short_label": f"L{n}"} for n in range(1, 24)]
    assert len(objectives_from(rows)) == 23
    with pytest.raises(ValueError, match="each once"):
        objectives_from([*rows[:-1], rows[0]])
    with pytest.raises(ValueError, match="row 3: expected objective"):
        objectives_from([rows[0], {**rows[1], "title": ""}, *rows[2:]])


def test_every_sdg_indicator_the_review_reports_is_catalogued_with_its_objectives() -> None:
    by_sdg = {i.sdg: i for i in INDICATORS.values() if i.sdg}
    expected = {
        "10.7.1",
        "10.7.2",
        "10.7.3",
        "10.7.4",
        "10.c.1",
        "17.3.2",
        "8.8.1",
        "8.8.2",
        "16.2.2",
    }
    assert set(by_sdg) == expected
    assert by_sdg["10.c.1"].objectives == (20,) and by_sdg["16.2.2"].objectives == (10,)
    assert all(i.provider for i in by_sdg.values())
    computed_ids = {i.id for i in INDICATORS.values() if i.source is Source.COMPUTED}
    assert computed_ids >= {"entry-exit-person-times", "overstay-rate", "permits-visas-issued"}
    assert [i.id for i in informing(11)] == ["entry-exit-person-times", "overstay-rate"]


def test_an_indicator_is_catalogued_once_with_a_definition_and_real_objectives() -> None:
    def nothing(asked: Asked) -> Reported:
        return Reported(value=None, as_of="", computed_from="")

    with pytest.raises(ValueError, match="docstring must state its definition"):
        computed("undefined", "Undefined", unit="persons", objectives=(1,))(nothing)
    with pytest.raises(ValueError, match="catalogued already"):
        catalogued(Indicator("sdg-10.7.3", "Again", "d", "persons", (8,), Source.IMPORTED))
    with pytest.raises(ValueError, match="objectives must be 1 to 23"):
        catalogued(Indicator("nowhere", "Nowhere", "d", "persons", (24,), Source.ENTERED))
    assert "undefined" not in INDICATORS and "nowhere" not in INDICATORS


@pytest.mark.django_db
def test_the_national_review_reports_each_indicator_as_the_statistics_publish_it(
    world: World, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = national_review_json(
        actor=world.actor("analyst.alma"), period="2019", warehouse=warehouse
    )
    assert [o["number"] for o in review["objectives"]] == list(range(1, 24))
    reported = {i["id"]: i["reported"] for o in review["objectives"] for i in o["indicators"]}
    assert (
        main(["stats", "table", "entry-exit", "--period", "2019", "--warehouse", str(warehouse)])
        == 0
    )
    table = json.loads(capsys.readouterr().out)
    person_times = reported["entry-exit-person-times"]
    assert (person_times["value"], person_times["yoy_change"]) == (
        table["total"],
        table["yoy_change"],
    )
    assert person_times["breakdown"] == table["rows"]
    assert 0 < reported["overstay-rate"]["value"] < 1
    assert reported["sdg-10.7.3"] is None  # imported from elsewhere: not reported yet


@pytest.mark.django_db
def test_only_those_who_may_read_the_review_and_the_statistics_get_the_national_review(
    world: World, warehouse: Path
) -> None:
    for username in ("officer.ana", "supervisor.sara", "migrant.mia", "admin.ada"):
        with pytest.raises(NotPermitted):
            national_review_json(actor=world.actor(username), period="2019", warehouse=warehouse)
