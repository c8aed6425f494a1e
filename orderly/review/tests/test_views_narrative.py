"""The narrative page: an analyst drafts, the coordinator reviews and approves, the national
review page shows only what was approved; and the reports downloaded from the pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.review.models import Narrative

pytestmark = pytest.mark.django_db

PAGE = "/review/2019/objective/7/narrative/"


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def _step(client: Client, step: str, **form: str) -> Any:
    text = Narrative.objects.filter(objective=7, status__in=["draft", "reviewed"]).first()
    revision = str(text.revision) if text else ""
    return client.post(PAGE, {"step": step, "revision": revision, **form})


@pytest.fixture
def platform_warehouse(settings: Any, warehouse: Path) -> Path:
    settings.WAREHOUSE_DIR = warehouse
    return warehouse


def test_a_text_drafted_reviewed_and_approved_on_the_pages_is_published(
    world: World, platform_warehouse: Path
) -> None:
    alma, cora = signed_in(world, "analyst.alma"), signed_in(world, "coordinator.cora")
    words = "Interpreters at every land crossing."
    saved = _step(alma, "save", progress=words)
    assert saved.status_code == 302
    assert "Interpreters" not in alma.get("/review/?period=2019").content.decode()
    assert _step(cora, "review", progress=words).status_code == 302
    assert _step(cora, "approve", progress=words).status_code == 302
    page = alma.get("/review/?period=2019").content.decode()
    assert "Interpreters at every land crossing." in page and "Approved by" in page
    document = alma.get("/review/?period=2019&format=report").content.decode()
    assert "Interpreters at every land crossing." in document
    # The page's security policy refuses styles written into it: the report links its own.
    assert "<style" not in document and "/static/review/report.css" in document


def test_the_author_reviewing_their_own_draft_is_told_why_not(world: World) -> None:
    alma = signed_in(world, "analyst.alma")
    _step(alma, "save", progress="Our own words.")
    refused = _step(alma, "review", progress="Our own words.")
    assert refused.status_code == 409
    assert "someone else must review it" in refused.content.decode()
    assert Narrative.objects.get(objective=7).status == "draft"


def test_an_empty_text_is_a_form_error_on_its_field(world: World) -> None:
    refused = _step(signed_in(world, "analyst.alma"), "save", progress="  ")
    assert refused.status_code == 400
    assert 'id="progress-error"' in refused.content.decode()
    assert not Narrative.objects.exists()


def test_an_analyst_cannot_approve_even_by_posting_the_step(world: World) -> None:
    _step(signed_in(world, "coordinator.cora"), "save", progress="Cora's draft.")
    alma = signed_in(world, "analyst.alma")
    assert _step(alma, "review", progress="Cora's draft.").status_code == 302
    assert "Approve for publication" not in alma.get(PAGE).content.decode()
    assert _step(alma, "approve", progress="Cora's draft.").status_code == 403
    assert Narrative.objects.get(objective=7).status == "reviewed"


@pytest.mark.parametrize("username", ["officer.ana", "admin.ada", "migrant.mia", "outsider.otto"])
def test_nobody_else_opens_the_narrative_page(world: World, username: str) -> None:
    client = signed_in(world, username)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"step": "save", "progress": "x"}).status_code == 403
    assert not Narrative.objects.exists()


def test_a_second_click_on_a_stale_form_is_refused_again_showing_the_text_as_saved(
    world: World,
) -> None:
    alma, cora = signed_in(world, "analyst.alma"), signed_in(world, "coordinator.cora")
    _step(alma, "save", progress="First words.")
    opened = str(Narrative.objects.get(objective=7).revision)
    _step(cora, "save", progress="Cora's correction.")
    refused = alma.post(PAGE, {"step": "save", "revision": opened, "progress": "Alma's words."})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "The text as saved now" in page and "Cora&#x27;s correction." in page
    kept = re.search(r'name="revision" value="(\d*)"', page)
    assert kept and kept.group(1) == opened
    again = alma.post(PAGE, {"step": "save", "revision": kept.group(1), "progress": "Alma's."})
    assert again.status_code == 409
    assert Narrative.objects.get(objective=7).progress == "Cora's correction."


def test_marking_reviewed_a_text_changed_in_the_form_asks_to_save_it_first(world: World) -> None:
    _step(signed_in(world, "analyst.alma"), "save", progress="Saved words.")
    refused = _step(signed_in(world, "coordinator.cora"), "review", progress="Other words.")
    assert refused.status_code == 409 and "save it as a draft first" in refused.content.decode()
    assert Narrative.objects.get(objective=7).status == "draft"


def test_a_year_not_begun_has_no_narrative_page(world: World) -> None:
    assert (
        signed_in(world, "analyst.alma").get("/review/2999/objective/1/narrative/").status_code
        == 404
    )


def test_an_objective_that_does_not_exist_is_not_found(world: World) -> None:
    assert (
        signed_in(world, "analyst.alma").get("/review/2019/objective/24/narrative/").status_code
        == 404
    )


def test_the_national_report_downloads_as_a_pdf(world: World, platform_warehouse: Path) -> None:
    response = signed_in(world, "analyst.alma").get("/review/?period=2019&format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "gcm-national-review-2019.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
