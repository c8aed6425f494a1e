"""A visitor with no account works out a Schengen-style stay in the calculator, in a browser.

The figures below are worked out by hand from the rule, 90 days in any 180-day period with the
days of entry and exit both counted, for a United States citizen asking on 2026-06-01:

- past stays: 2026-01-10 to 2026-02-28 is 22 + 28 = 50 days; 2026-04-01 to 2026-04-20 is 20.
- a planned entry on 2026-06-15: the 180-day window ending that day began 179 days earlier, on
  2025-12-18. Both stays fall in it: 70 days used, 20 remaining.
- the last lawful day: staying on from 2026-06-15, the window keeps all 70 past days until it
  starts after 2026-01-10, which is after 2026-07-08. 70 + 20 days reaches 90 on 2026-07-04
  (16 days of June and 4 of July); the next day would be the 91st.
- the planned 30 days would end on 2026-07-14, 10 days after that.
- the earliest re-entry for 30 days: the 60 earlier days allowed in the window must be the 20 of
  April and the last 40 of the first stay, 2026-01-20 to 2026-02-28. A window starting on
  2026-01-20 ends on 2026-07-18, the 30th day of a trip entering on 2026-06-19 (one day earlier,
  2026-01-19 would count too: 91).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from orderly.stay.calculator import PastStay, Question, calculate
from orderly.stay.rules import StayDecision
from tests.browser.steps import expect_api

pytestmark = pytest.mark.browser

PAGE = "/stay/calculator"
SCHENGEN = "schengen-90-180"
AS_OF = "2026-06-01"
PAST_STAYS = ["2026-01-10:2026-02-28", "2026-04-01:2026-04-20"]
PLANNED_ENTRY = "2026-06-15"
PLANNED_DAYS = "30"
RULE = "short-stay-90-180"


def _open_with_the_question(page: Any, base: str, *, stays: str) -> None:
    """Open the calculator and type the question: the Schengen pack, a US citizen, the day."""
    page.goto(f"{base}{PAGE}")
    page.select_option("#id_pack", SCHENGEN)
    page.fill("#id_nationality", "USA")
    page.fill("#id_as_of", AS_OF)
    page.fill("#id_stays", stays)


def _answer(page: Any, term: str) -> Any:
    """The figure the answer gives for ``term`` ("Days used", "Last lawful day", ...)."""
    return page.locator(
        f"xpath=//dl[@class='stay-answer']/dt[normalize-space()='{term}']/following-sibling::dd[1]"
    )


def _error_at(page: Any, field_id: str) -> Any:
    """The error message shown in the form group of the field ``field_id``."""
    return page.locator(f".usa-form-group:has(#{field_id}) .usa-error-message")


def _reasons(page: Any) -> list[tuple[str, str]]:
    """Each reason the answer gives: what it says, and the rule with its legal reference."""
    shown = page.locator("#answer ~ ol > li").all_inner_texts()
    return [tuple(line.strip() for line in text.split("\n", 1)) for text in shown]


def _tab_to(page: Any, element_id: str, *, most: int = 15) -> None:
    """Press Tab until ``element_id`` has the focus, as someone without a mouse does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab in {most} presses")


def _shown(decision: StayDecision) -> dict[str, str]:
    """The engine's decision written the way the page writes its figures."""
    assert decision.authorized_until and decision.window_start and decision.window_end
    assert decision.earliest_reentry is not None
    return {
        "Last lawful day": decision.authorized_until.isoformat(),
        "Days used": (
            f"{decision.days_used} (from {decision.window_start.isoformat()} "
            f"to {decision.window_end.isoformat()})"
        ),
        "Days remaining": str(decision.days_remaining),
        "Earliest re-entry": decision.earliest_reentry.isoformat(),
    }


def test_a_visitor_works_out_a_schengen_trip_with_the_keyboard_and_reads_the_figures(
    live_server: Any, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    tab = new_tab(javascript=True)
    page = tab.page
    page.goto(f"{live_server.url}{PAGE}")
    expect(page.get_by_role("heading", name="Stay calculator")).to_be_visible()
    expect(page.locator("#answer")).to_have_count(0)

    # From the top of the page, the skip link leads to the form; Tab walks its fields in order.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    _tab_to(page, "id_pack")
    rules = page.locator("#id_pack")
    while rules.input_value() != SCHENGEN:  # the arrow keys go through the packs
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.locator("#id_nationality")).to_be_focused()
    page.keyboard.type("usa")
    page.keyboard.press("Tab")
    expect(page.locator("#id_as_of")).to_be_focused()
    page.keyboard.type(AS_OF)
    page.keyboard.press("Tab")
    expect(page.locator("#id_stays")).to_be_focused()
    page.keyboard.type(PAST_STAYS[0])
    page.keyboard.press("Enter")  # a new line in the box, not a submission
    page.keyboard.type(PAST_STAYS[1])
    page.keyboard.press("Tab")
    expect(page.locator("#id_planned_entry")).to_be_focused()
    page.keyboard.type(PLANNED_ENTRY)
    page.keyboard.press("Tab")
    expect(page.locator("#id_planned_days")).to_be_focused()
    page.keyboard.type(PLANNED_DAYS)
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}{PAGE}?*")
    expect(page.locator("#answer")).to_have_text("Status on 2026-06-01: Not present")
    expect(_answer(page, "Days used")).to_have_text("70 (from 2025-12-18 to 2026-06-15)")
    expect(_answer(page, "Days remaining")).to_have_text("20")
    expect(_answer(page, "Last lawful day")).to_have_text("2026-07-04")
    expect(_answer(page, "Earliest re-entry")).to_have_text("2026-06-19")
    expect(_answer(page, "Days after the last lawful day")).to_have_count(0)
    schengen_borders_code = (
        f"{RULE} — Regulation (EU) 2016/399 (Schengen Borders Code), art. 6(1); "
        "Regulation (EU) 2018/1806, art. 4 and Annex II (illustrative selection)"
    )
    assert _reasons(page) == [
        ("visa-free short stay: at most 90 days in any 180-day period", schengen_borders_code),
        (
            "at most 90 days in any 180-day period: the last day this stay keeps to it is "
            "2026-07-04",
            schengen_borders_code,
        ),
        (
            "a 30-day trip from 2026-06-15 would end on 2026-07-14, 10 days after the last "
            "lawful day (2026-07-04)",
            schengen_borders_code,
        ),
    ]
    expect(page.get_by_text("Illustrative pack modelled on the Schengen")).to_be_visible()

    # The question stays in the form, to be changed and asked again.
    expect(rules).to_have_value(SCHENGEN)
    expect(page.locator("#id_nationality")).to_have_value("usa")
    expect(page.locator("#id_stays")).to_have_value("\n".join(PAST_STAYS))
    expect(page.locator("#id_planned_days")).to_have_value(PLANNED_DAYS)

    # The page answers as the calculator itself does for the same question.
    decision = calculate(
        Question(
            pack=SCHENGEN,
            as_of=date(2026, 6, 1),
            stays=(
                PastStay(date(2026, 1, 10), date(2026, 2, 28)),
                PastStay(date(2026, 4, 1), date(2026, 4, 20)),
            ),
            nationality="USA",
            planned_entry=date(2026, 6, 15),
            planned_days=30,
        )
    )
    for term, figure in _shown(decision).items():
        expect(_answer(page, term)).to_have_text(figure)
    assert _reasons(page) == [
        (reason.text, f"{reason.rule} — {reason.reference}") for reason in decision.reasons
    ]
    expect(page.get_by_text(f"Rules: {SCHENGEN} version {decision.pack_version}")).to_be_visible()

    assert tab.csp_violations() == []
    assert tab.unexpected_errors() == []


def test_a_visitor_is_told_which_field_is_wrong_and_keeps_what_they_typed(
    live_server: Any, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    tab = new_tab(javascript=True)
    page = tab.page
    _open_with_the_question(
        page, live_server.url, stays="2026-01-10:2026-02-28\n2026-04-20:2026-04-01"
    )  # exit before entry
    page.fill("#id_planned_entry", "2026-02-30")  # there is no 30 February
    page.fill("#id_planned_days", PLANNED_DAYS)
    page.get_by_role("button", name="Calculate").click()

    # The impossible date is named at its field; nothing is answered; every entry is still there.
    page.wait_for_url(f"{live_server.url}{PAGE}?*")
    expect(_error_at(page, "id_planned_entry")).to_have_text("Enter a valid date.")
    expect(page.locator(".usa-form-group--error")).to_have_count(1)
    expect(page.locator("#answer")).to_have_count(0)
    expect(page.locator("#id_planned_entry")).to_have_value("2026-02-30")
    expect(page.locator("#id_pack")).to_have_value(SCHENGEN)
    expect(page.locator("#id_nationality")).to_have_value("USA")
    expect(page.locator("#id_as_of")).to_have_value(AS_OF)
    expect(page.locator("#id_stays")).to_have_value("2026-01-10:2026-02-28\n2026-04-20:2026-04-01")
    expect(page.locator("#id_planned_days")).to_have_value(PLANNED_DAYS)

    # Corrected, the date is accepted; now the stay that ends before it begins is named.
    page.fill("#id_planned_entry", PLANNED_ENTRY)
    page.press("#id_planned_entry", "Enter")
    page.wait_for_url(f"{live_server.url}{PAGE}?*planned_entry={PLANNED_ENTRY}*")
    expect(_error_at(page, "id_stays")).to_have_text(
        "line 2: exit 2026-04-01 is before entry 2026-04-20"
    )
    expect(_error_at(page, "id_planned_entry")).to_have_count(0)
    expect(page.locator("#answer")).to_have_count(0)
    expect(page.locator("#id_stays")).to_have_value("2026-01-10:2026-02-28\n2026-04-20:2026-04-01")

    # With the second stay put right, the answer is the one worked out by hand above.
    page.fill("#id_stays", "\n".join(PAST_STAYS))
    page.get_by_role("button", name="Calculate").click()
    expect(page.locator("#answer")).to_have_text("Status on 2026-06-01: Not present")
    expect(page.locator(".usa-error-message")).to_have_count(0)
    expect(_answer(page, "Last lawful day")).to_have_text("2026-07-04")
    expect(_answer(page, "Earliest re-entry")).to_have_text("2026-06-19")

    assert tab.csp_violations() == []
    assert tab.unexpected_errors() == []


def test_the_calculator_answers_without_javascript(
    live_server: Any, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    tab = new_tab(javascript=False)
    page = tab.page
    _open_with_the_question(page, live_server.url, stays="\n".join(PAST_STAYS))
    page.get_by_role("button", name="Calculate").click()

    # No plan: the window ends on the day asked about, 2025-12-04 to 2026-06-01, holding both
    # stays; with 20 days left, a stay of a day may begin on the very day asked about.
    expect(page.locator("#answer")).to_have_text("Status on 2026-06-01: Not present")
    expect(_answer(page, "Days used")).to_have_text("70 (from 2025-12-04 to 2026-06-01)")
    expect(_answer(page, "Days remaining")).to_have_text("20")
    expect(_answer(page, "Last lawful day")).to_have_text("none")
    expect(_answer(page, "Earliest re-entry")).to_have_text("2026-06-01")
    assert tab.csp_violations() == []
