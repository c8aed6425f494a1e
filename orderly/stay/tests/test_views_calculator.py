"""The stay calculator page: anyone may use it, it stores nothing, and a mistake is shown at the
field it is in, with a 400, never a 500."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.core.models import AuditEvent
from orderly.stay.tests.pages import text_of

pytestmark = pytest.mark.django_db

PAGE = "/stay/calculator"

# A United States citizen in the Schengen area: 42 + 45 days of the 90 allowed in 180.
QUESTION = {
    "pack": "schengen-90-180",
    "nationality": "USA",
    "as_of": "2026-06-01",
    "stays": "2026-01-10:2026-02-20\n2026-04-01:2026-05-15",
}


def asked(change: dict[str, Any] | None = None, client: Client | None = None) -> Any:
    return (client or Client()).get(PAGE, {**QUESTION, **(change or {})})


def error_at(response: Any, field: str) -> str:
    """The error shown in the form group of ``field`` ("" when there is none)."""
    groups = response.content.decode().split('<div class="usa-form-group')[1:]
    for group in groups:
        if f'name="{field}"' in group:
            found = re.findall(r'<span class="usa-error-message"[^>]*>(.*?)</span>', group)
            return html.unescape(" ".join(found))
    raise AssertionError(f"no form group for {field}")


def test_the_empty_form_is_shown_to_anyone(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 200
    page = text_of(response)
    assert "Stay calculator" in page
    assert "Status on" not in page
    assert "not legal advice" in page  # the notice of the first pack, chosen by default


def test_the_answer_shows_the_days_used_and_left_without_an_account(db: None) -> None:
    response = asked()
    assert response.status_code == 200
    page = text_of(response)
    assert "Status on 2026-06-01: Not present" in page
    assert "Days used 87 (from 2025-12-04 to 2026-06-01)" in page
    assert "Days remaining 3" in page
    assert "Earliest re-entry 2026-06-01" in page


def test_someone_still_there_sees_the_last_lawful_day_and_why(db: None) -> None:
    response = asked({"stays": "2026-01-10:2026-02-20\n2026-04-01:"})
    page = text_of(response)
    assert "Status on 2026-06-01: Irregular" in page
    assert "Last lawful day 2026-05-18" in page
    assert "Days after the last lawful day 14" in page
    assert "short-stay-90-180" in page
    assert "Schengen Borders Code" in page


def test_the_page_says_which_pack_version_answered(db: None) -> None:
    page = text_of(asked())
    assert re.search(r"Rules: schengen-90-180 version 2025\.1\+[0-9a-f]{12}", page)


def answer_of(response: Any) -> str:
    """The answer box alone, as a reader sees it."""
    found = re.search(
        r'<section class="usa-summary-box".*?</section>', response.content.decode(), re.S
    )
    assert found, "no answer on the page"
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))))


def test_a_signed_in_person_gets_the_same_answer(world: World) -> None:
    client = Client()
    client.force_login(world.user("officer.ana"))
    response = asked(client=client)
    assert response.status_code == 200
    assert answer_of(response) == answer_of(asked())


def test_the_nationality_may_be_typed_in_small_letters(db: None) -> None:
    still_there = {"stays": "2026-01-10:2026-02-20\n2026-04-01:"}
    small = answer_of(asked({**still_there, "nationality": "usa"}))
    assert small == answer_of(asked({**still_there, "nationality": "USA"}))
    assert small != answer_of(asked({**still_there, "nationality": "CHN"}))  # not visa-exempt


def test_the_calculator_stores_nothing_and_audits_nothing(db: None) -> None:
    before = AuditEvent.objects.count()
    asked()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"stays": "2026-03-10:2026-03-01"}, "stays", "line 1: exit 2026-03-01 is before entry"),
        ({"stays": "2026-01-01:2026-01-05\n\n2026-03-10:2026-03-01"}, "stays", "line 3: exit"),
        ({"stays": "2026-03-01/2026-03-10"}, "stays", "line 1"),
        ({"stays": "2026-01-01:2026-01-05\n2026-02-31:"}, "stays", "line 2"),
        ({"stays": "2026-07-01:"}, "stays", "after the as-of day"),
        ({"stays": "\n2026-01-01:2026-01-05\n\n2026-07-01:"}, "stays", "line 4: entry"),
        ({"as_of": "2026-02-30"}, "as_of", "valid date"),
        ({"as_of": "9999-12-31"}, "as_of", "between 1900-01-01 and 2199-12-31"),
        ({"pack": "atlantis"}, "pack", "valid choice"),
        ({"nationality": "US"}, "nationality", "three letters"),
        ({"planned_days": "5"}, "planned_days", "planned entry"),
        ({"planned_entry": "2026-05-01"}, "planned_entry", "before the as-of day"),
        ({"planned_entry": "2026-06-10", "planned_days": "0"}, "planned_days", "greater than"),
    ],
)
def test_a_mistake_is_shown_at_its_field_with_a_400(
    db: None, change: dict[str, str], field: str, message: str
) -> None:
    response = asked(change)
    assert response.status_code == 400
    assert message in error_at(response, field)
    assert "Status on" not in text_of(response)


def test_what_was_typed_is_kept_when_a_mistake_is_shown(db: None) -> None:
    response = asked({"stays": "2026-03-10:2026-03-01"})
    assert "2026-03-10:2026-03-01</textarea>" in response.content.decode()


def test_a_field_in_error_points_to_its_message_for_screen_readers(db: None) -> None:
    page = asked({"stays": "2026-03-10:2026-03-01"}).content.decode()
    assert 'id="id_stays-error"' in page
    textarea = re.search(r"<textarea[^>]*>", page)
    assert textarea is not None
    assert 'aria-invalid="true"' in textarea.group()
    assert 'aria-describedby="id_stays-hint id_stays-error"' in textarea.group()


def test_the_calculator_takes_no_posts(db: None) -> None:
    assert Client().post(PAGE, QUESTION).status_code == 405
