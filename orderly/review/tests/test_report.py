"""The review's reports as documents: every figure with its definition, source and as-of day,
charts drawn from published figures, only approved narrative, in HTML and in PDF."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import World
from orderly.cli import main
from orderly.review.report import (
    national_report,
    national_report_html,
    pdf,
    regional_report,
    regional_report_html,
)
from orderly.review.selectors import national_review_json, regional_review
from orderly.review.services import narrative_approve, narrative_review, narrative_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commands_keep_the_connection")]


def _approve(world: World, objective: int, progress: str) -> None:
    draft = narrative_save(
        actor=world.actor("analyst.alma"),
        period="2019",
        objective=objective,
        sections={"progress": progress},
    )
    cora = world.actor("coordinator.cora")
    reviewed = narrative_review(actor=cora, narrative_id=draft.pk, revision=draft.revision)
    narrative_approve(actor=cora, narrative_id=draft.pk, revision=reviewed.revision)


def _national_html(world: World, warehouse: Path) -> str:
    report = national_report(actor=world.actor("analyst.alma"), period="2019", warehouse=warehouse)
    return national_report_html(report)


def test_the_national_report_has_a_title_page_contents_and_a_section_per_objective(
    world: World, warehouse: Path
) -> None:
    html = _national_html(world, warehouse)
    assert "Utopia" in html and "National review of implementation, 2019" in html
    contents = html[html.index('<nav class="contents"') : html.index("</nav>")]
    assert len(re.findall(r'href="#objective-\d+"', contents)) == 23
    assert len(re.findall(r'<section class="objective[ a-z]*" id="objective-\d+"', html)) == 23
    # An objective with nothing of its own reported shares a page; one with figures opens one.
    assert '<section class="objective slim" id="objective-2"' in html
    assert '<section class="objective" id="objective-1"' in html
    assert "counts from 1 to 9 are suppressed" in html


def test_each_computed_figure_is_the_published_one_with_definition_source_and_as_of(
    world: World, warehouse: Path
) -> None:
    review = national_review_json(
        actor=world.actor("analyst.alma"), period="2019", warehouse=warehouse
    )
    (person_times,) = [
        i["reported"] for i in review["objectives"][0]["indicators"] if i["reported"]
    ][:1]
    html = _national_html(world, warehouse)
    block = html[html.index('id="o1-entry-exit-person-times"') :]
    block = block[: block.index('<div class="indicator')]
    assert f"{person_times['value']:,}" in block
    assert f"The year before: {person_times['previous_total']:,}" in block
    assert "Definition</dt><dd>Admitted crossings of the border" in block
    assert "statistics table entry-exit (Entry-exit person-times)" in block
    assert f"As of</dt><dd>{person_times['as_of'][:10]}" in block
    assert "<svg" in block and "Utopia" in block  # the chart names its nationalities
    overstays = html[html.index('id="o11-overstay-rate"') :]
    assert "Suspected in-country overstays" in overstays[: overstays.index("</div>")]
    decisions = html[html.index('id="o7-stay-decisions"') :]
    assert "Irregular: " in decisions[: decisions.index("</div>")]


def test_only_approved_narrative_is_in_the_report(world: World, warehouse: Path) -> None:
    _approve(world, 3, "Information centres opened at every airport.")
    narrative_save(
        actor=world.actor("analyst.alma"),
        period="2019",
        objective=4,
        sections={"progress": "A draft nobody has reviewed."},
    )
    html = _national_html(world, warehouse)
    assert "Information centres opened at every airport." in html
    assert "Approved on " in html and "Cora" not in html  # the State speaks, not a person
    assert "A draft nobody has reviewed." not in html
    assert html.count("No approved text on this objective for 2019.") == 22


def test_the_national_report_lays_out_as_a_pdf_of_many_pages(world: World, warehouse: Path) -> None:
    from weasyprint import HTML

    html = _national_html(world, warehouse)
    pages = HTML(string=html).render().pages
    assert len(pages) >= 10  # cover, contents, about, objectives
    # The cover is the first page: nothing before it opens a page of its own.
    assert "National review of implementation" in _text_of(pages[0])
    assert pdf(html).startswith(b"%PDF-")
    assert "<style>" in html and "@page { size: A4" in html  # a file or PDF carries its styles
    assert '<p class="running" aria-hidden="true">Utopia · GCM national review 2019</p>' in html


def test_the_command_writes_the_report_as_html_and_as_pdf(
    world: World, warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = ["review", "national", "--period", "2019", "--warehouse", str(warehouse)]
    assert main([*asked, "--format", "html"]) == 0
    assert "National review of implementation, 2019" in capsys.readouterr().out
    out = tmp_path / "review.pdf"
    assert main([*asked, "--format", "pdf", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_pdf_asked_for_without_a_file_is_refused_naming_output(
    world: World, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = ["review", "national", "--period", "2019", "--warehouse", str(warehouse)]
    assert main([*asked, "--format", "pdf"]) == 2
    assert "--output" in capsys.readouterr().err
    assert main([*asked, "--format", "pdf", "--output", str(warehouse)]) == 2
    assert "is a folder: name a file in it" in capsys.readouterr().err


@pytest.mark.usefixtures("imported")
def test_the_regional_report_carries_the_contract_figures_charts_and_sources(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    review = regional_review(actor=world.actor("analyst.alma"), region_key="escap", year=2019)
    report = regional_report(review)
    html = regional_report_html(report)
    assert len(report.charts) == 3
    assert f"{report.review['immigrants']:,.0f}" in html
    assert "23.9 % of the world" in html
    assert report.review["subregion_titles"]["SSWA"] == "South and South-West Asia"
    subregions = html[html.index('id="subregions"') : html.index('id="economies"')]
    assert "South and South-West Asia" in subregions and ">SSWA<" not in subregions
    for source in report.review["sources"]:
        assert source["file"] in html and source["edition"] in html
    assert main(["review", "regional", "--year", "2019", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["immigrants"] == report.review["immigrants"]


def test_the_cooperation_annex_lists_what_stood_in_the_period_with_its_sources(
    world: World, warehouse: Path
) -> None:
    from orderly.cooperation.tests.builders import agreement, mechanism, project

    ada = world.actor("admin.ada")
    agreement(ada, signed_on=date(2014, 3, 12), in_force_on=date(2015, 1, 19))
    agreement(
        ada,
        partner="VNM",
        title="Consular agreement with Viet Nam",
        signed_on=date(2020, 5, 1),
        in_force_on=date(2021, 1, 1),
    )  # signed after 2019: not in the 2019 annex
    mechanism(ada)
    project(ada, starts_on=date(2019, 3, 1), ends_on=date(2021, 2, 28))
    html = _national_html(world, warehouse)
    annex = html[html.index('id="annex"') :]
    assert "Consular Convention between Utopia and the People&#x27;s Republic of China" in annex
    assert "within 96 hours, mandatory" in annex
    assert "Utopia Treaty Series 2015, No. 4" in annex
    assert "Viet Nam" not in annex
    assert "Bali Process" in annex and "Better labour migration data" in annex
    exported = national_review_json(
        actor=world.actor("analyst.alma"), period="2019", warehouse=warehouse
    )
    assert [a["partner"] for a in exported["cooperation"]["agreements"]] == ["CHN"]
    assert exported["cooperation"]["projects"][0]["objectives"] == [1, 5, 6]


def _text_of(page: Any) -> str:
    """The text laid out on a WeasyPrint page."""
    found: list[str] = []

    def walk(box: object) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            found.append(text)
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page._page_box)
    return " ".join(found)
