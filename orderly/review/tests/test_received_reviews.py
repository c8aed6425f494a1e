"""National reviews received by a regional body: the platform's own export is read back as it
was sent, a document that is not a review is refused saying where, reviews compared by State."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from orderly.cli import main
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.models import AuditEvent
from orderly.review.models import ReceivedReview
from orderly.review.rules.received import (
    ReviewRefused,
    check_review,
    parse_review,
    reported_values,
)
from orderly.review.schema_files import review_schemas
from orderly.review.selectors import national_review_json, received_comparison
from orderly.review.services import received_review_import

SCHEMAS = review_schemas()


@pytest.fixture
def exported(world: World, warehouse: Path) -> dict[str, Any]:
    return national_review_json(
        actor=world.actor("analyst.alma"), period="2019", warehouse=warehouse
    )


def _written(folder: Path, name: str, document: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_the_platforms_own_export_is_received_as_it_was_sent_and_audited(
    world: World, exported: dict[str, Any], tmp_path: Path
) -> None:
    path = _written(tmp_path, "uto-2019.json", exported)
    done = received_review_import(actor=world.actor("analyst.alma"), path=path)
    assert done.new and done.review.document == exported
    assert (done.review.state, done.review.period) == ("UTO", "2019")
    again = received_review_import(actor=world.actor("analyst.alma"), path=path)
    assert not again.new and ReceivedReview.objects.count() == 1
    assert AuditEvent.objects.filter(name="review.national_review.received").count() == 1


@pytest.mark.django_db
def test_reviews_of_several_states_are_compared_with_each_ones_newest(
    world: World, exported: dict[str, Any], tmp_path: Path
) -> None:
    other = copy.deepcopy(exported) | {"state": "LAO", "generated_at": "2026-05-20T10:00:00+07:00"}
    # Generated an hour later than ``other``, though its clock reads earlier: the newest.
    newer = copy.deepcopy(other) | {"generated_at": "2026-05-20T04:00:00+00:00"}
    _every_occurrence(newer, "entry-exit-person-times", 1)
    for name, document in (("uto", exported), ("lao-newer", newer), ("lao", other)):
        received_review_import(
            actor=world.actor("analyst.alma"), path=_written(tmp_path, name, document)
        )
    compared = received_comparison(actor=world.actor("analyst.alma"), period="2019")
    by_state = {s["state"]: s["values"] for s in compared["states"]}
    expected = exported["objectives"][0]["indicators"][0]["reported"]["value"]
    assert by_state["UTO"]["entry-exit-person-times"] == expected
    assert by_state["LAO"]["entry-exit-person-times"] == 1  # the newer review's, by its offset


def _every_occurrence(document: dict[str, Any], indicator: str, value: float) -> None:
    for objective in document["objectives"]:
        for i in objective["indicators"]:
            if i["id"] == indicator:
                i["reported"]["value"] = value


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(schema="national-review/9"), "schema: expected one of"),
        (lambda d: d.update(state="Utopia"), "state:"),
        (lambda d: d.update(generated_at="the twentieth of May"), "generated_at"),
        (lambda d: d.update(generated_at="2026-05-20T10:00:00.000"), "generated_at: expected"),
        (lambda d: d["objectives"][2].update(number=24), "objectives/2/number"),
        (lambda d: d["objectives"].pop(), "objectives:"),
        (lambda d: d["objectives"][4].update(number=4), "each once"),
        (
            lambda d: d["objectives"][0]["indicators"][0]["reported"].update(value="many"),
            "objectives/0/indicators/0/reported",
        ),
        (
            lambda d: d["objectives"][0]["indicators"][0]["reported"].update(value=-1),
            "reported with another figure under another objective",
        ),
        (lambda d: d.update(generated_at="2026-05-20T10:00:00" + "0" * 30 + "+00:00"), "longer"),
    ],
)
def test_a_document_that_is_not_a_review_is_refused_naming_where(
    exported: dict[str, Any], change: Any, named: str
) -> None:
    broken = copy.deepcopy(exported)
    change(broken)
    with pytest.raises(ReviewRefused, match=named):
        check_review(broken, schemas=SCHEMAS)


def test_text_that_is_not_json_is_refused_with_its_line() -> None:
    with pytest.raises(ReviewRefused, match="line 1, column 2"):
        parse_review(b"{oops", schemas=SCHEMAS)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_any_json_is_a_review_or_refused_saying_why(document: Any) -> None:
    try:
        check_review(document, schemas=SCHEMAS)
    except ReviewRefused as refused:
        assert str(refused)


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _valid_review() -> dict[str, Any]:
    """A review as the platform writes one, without a database: its computed indicators
    reported, the others not."""
    from orderly.review.catalogue import INDICATORS, informing
    from orderly.review.objectives import gcm_objectives

    def indicator(i: Any) -> dict[str, Any]:
        reported = None
        if i.compute is not None:
            reported = {"value": 12.0, "as_of": "2026-11-29", "computed_from": "t", "breakdown": []}
        return {
            "id": i.id, "name": i.name, "definition": i.definition, "unit": i.unit,
            "sdg": i.sdg or None, "source": i.source.value, "provider": i.provider or None,
            "disaggregations": list(i.disaggregations), "reported": reported,
        }  # fmt: skip

    assert INDICATORS
    return {
        "schema": "national-review/1",
        "state": "UTO",
        "period": "2025",
        "generated_at": "2026-11-29T10:00:00+00:00",
        "objectives": [
            {
                "number": o.number,
                "title": o.title,
                "short_label": o.short_label,
                "indicators": [indicator(i) for i in informing(o.number)],
                "narrative": None,
            }
            for o in gcm_objectives()
        ],
    }


VALID = _valid_review()


def test_the_review_the_property_starts_from_is_valid() -> None:
    assert check_review(VALID, schemas=SCHEMAS).reported > 0


@given(st.data())
def test_any_change_to_a_review_gives_a_review_or_a_refusal_saying_why(data: Any) -> None:
    document = copy.deepcopy(VALID)
    target = document["objectives"][data.draw(st.integers(0, 22))]
    if target["indicators"] and data.draw(st.booleans()):
        target = data.draw(st.sampled_from(target["indicators"]))
        if target["reported"] and data.draw(st.booleans()):
            target = target["reported"]
    target[data.draw(st.sampled_from(sorted(target)))] = data.draw(ANY_JSON)
    try:
        summary = check_review(document, schemas=SCHEMAS)
    except ReviewRefused as refused:
        assert str(refused)
    else:
        assert summary.state == "UTO"
        reported_values(document)


@pytest.mark.django_db
def test_only_those_who_import_files_receive_reviews_and_bad_files_keep_nothing(
    world: World, exported: dict[str, Any], tmp_path: Path
) -> None:
    path = _written(tmp_path, "uto.json", exported)
    with pytest.raises(NotPermitted):
        received_review_import(actor=world.actor("officer.ana"), path=path)
    broken = _written(tmp_path, "broken.json", exported | {"period": "19"})
    with pytest.raises(InvalidInput, match=r"broken\.json: period") as refused:
        received_review_import(actor=world.actor("analyst.alma"), path=broken)
    assert refused.value.field == "file"
    assert not ReceivedReview.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("commands_keep_the_connection")
def test_the_command_receives_and_compares(
    world: World, exported: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _written(tmp_path, "uto.json", exported)
    assert main(["review", "receive", str(path)]) == 0
    assert "uto.json: received: UTO 2019" in capsys.readouterr().out
    assert main(["review", "received", "--period", "2019"]) == 0
    assert [s["state"] for s in json.loads(capsys.readouterr().out)["states"]] == ["UTO"]
    assert main(["review", "receive", str(tmp_path / "missing.json")]) == 2
    assert main(["review", "received", "--period", "abc"]) == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("imported")
def test_the_regional_review_adds_what_the_regions_states_reported(
    world: World, exported: dict[str, Any], tmp_path: Path
) -> None:
    from orderly.review.report import regional_report, regional_report_html
    from orderly.review.selectors import regional_review, regional_review_json

    alma = world.actor("analyst.alma")
    for state in ("LAO", "FRA"):  # France is a non-regional member of ESCAP: not in the region
        document = copy.deepcopy(exported) | {"state": state}
        received_review_import(actor=alma, path=_written(tmp_path, state, document))
    review = regional_review(actor=alma, region_key="escap", year=2019)
    national = regional_review_json(review)["national_reviews"]
    assert [s["state"] for s in national["states"]] == ["LAO"]
    expected = exported["objectives"][0]["indicators"][0]["reported"]["value"]
    assert national["states"][0]["values"]["entry-exit-person-times"] == expected
    html = regional_report_html(regional_report(review))
    assert f"{expected:,}" in html[html.index('id="national"') : html.index('id="sources"')]
