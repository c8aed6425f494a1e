"""An officer's shift at the border desk in a browser: with a scanner, and without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import World, specimen_mrz
from orderly.border.models import Crossing
from tests.browser.steps import expect_api, scan, sign_in

pytestmark = pytest.mark.browser

ANNA_NUMBER = "L898902C3"
ANNA = specimen_mrz(surname="ERIKSSON", given_names="ANNA", number=ANNA_NUMBER)
MIA = specimen_mrz(surname="MIGRANT", given_names="MIA", number="M1234567")


def _with_wrong_number_check_digit(mrz: str) -> str:
    line1, line2 = mrz.split("\n")
    return f"{line1}\n{line2[:9]}{(int(line2[9]) + 1) % 10}{line2[10:]}"


def test_an_officer_scans_records_with_one_key_and_is_ready_for_the_next_traveller(
    live_server: Any, world: World, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    tab = new_tab(javascript=True)
    page = tab.page
    sign_in(page, live_server.url, "officer.ana")
    page.select_option("#id_port", "CAP-AIR")
    zone = page.locator("#id_mrz")
    zone.focus()

    scan(page, ANNA)  # no click: the second Enter reads the complete zone

    name = page.locator("#desk-traveller")
    expect(name).to_have_text("ANNA ERIKSSON")
    expect(name).to_be_focused()
    expect(page.get_by_text("New traveller")).to_be_visible()

    page.keyboard.press("e")

    expect(page.locator("#desk-status")).to_contain_text(
        "Entry recorded for ANNA ERIKSSON at CAP-AIR"
    )
    expect(zone).to_have_value("")
    expect(zone).to_be_focused()
    assert Crossing.objects.filter(direction="entry", outcome="admitted").count() == 1

    # The next traveller is refused: R goes to the reason, Enter refuses.
    scan(page, MIA)
    expect(name).to_have_text("MIA MIGRANT")
    expect(name).to_be_focused()
    expect(page.get_by_text("Known traveller")).to_be_visible()
    page.keyboard.press("r")
    expect(page.locator("#id_refusal_reason")).to_be_focused()
    page.keyboard.type("No valid visa")
    page.keyboard.press("Enter")
    expect(page.locator("#desk-status")).to_contain_text("Entry refused for MIA MIGRANT at CAP-AIR")
    expect(zone).to_be_focused()

    # A traveller read by mistake: Escape brings back an empty box; nothing is recorded.
    scan(page, ANNA)
    expect(name).to_be_focused()
    page.keyboard.press("Escape")
    expect(zone).to_have_value("")
    expect(zone).to_be_focused()
    assert Crossing.objects.count() == 2

    # A bad zone: the field at fault is named, and the text stays to be corrected.
    scan(page, _with_wrong_number_check_digit(ANNA))
    expect(page.locator(".desk-errors")).to_contain_text("Document number check digit")
    expect(zone).to_be_focused()
    expect(zone).to_have_value(_with_wrong_number_check_digit(ANNA))

    # The officer simply scans again: the rejected text was selected, so the new scan replaces it
    # and the traveller is read, with no clearing by hand.
    page.wait_for_function(
        "() => { const z = document.activeElement;"
        " return z.id === 'id_mrz' && z.value.length > 0"
        " && z.selectionStart === 0 && z.selectionEnd === z.value.length; }"
    )
    scan(page, ANNA)
    expect(name).to_be_focused()

    assert page.url == f"{live_server.url}/desk/"
    assert not [url for url in tab.requested if ANNA_NUMBER in url]
    assert tab.csp_violations() == []
    assert tab.unexpected_errors() == []


def test_a_scan_begun_while_the_desk_settles_is_not_cut_short(
    live_server: Any, world: World, new_tab: Callable[..., Any]
) -> None:
    """The desk selects only the text of a rejected read, never what the officer has begun to type.

    After each answer the desk settles a moment later; a scanner that starts in that moment had its
    first characters selected and overwritten, so the zone never became complete.
    """
    expect = expect_api()
    tab = new_tab(javascript=True)
    page = tab.page
    sign_in(page, live_server.url, "officer.ana")
    page.select_option("#id_port", "CAP-AIR")
    zone = page.locator("#id_mrz")
    zone.focus()
    line1, line2 = ANNA.split("\n")

    page.keyboard.type(line1[:5])
    page.evaluate(
        "document.body.dispatchEvent(new CustomEvent('htmx:afterSettle', {bubbles: true}))"
    )
    page.evaluate("() => new Promise((settled) => setTimeout(settled, 50))")
    page.keyboard.type(line1[5:])
    page.keyboard.press("Enter")
    page.keyboard.type(line2)
    page.keyboard.press("Enter")

    expect(page.locator("#desk-traveller")).to_have_text("ANNA ERIKSSON")
    assert tab.unexpected_errors() == []


def test_the_desk_works_without_javascript(
    live_server: Any, world: World, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    tab = new_tab(javascript=False)
    page = tab.page
    sign_in(page, live_server.url, "officer.ana")
    page.select_option("#id_port", "CAP-AIR")
    page.fill("#id_mrz", ANNA)

    page.get_by_role("button", name="Read document").click()

    expect(page.locator("#desk-traveller")).to_have_text("ANNA ERIKSSON")
    page.get_by_role("button", name="Record entry").click()

    page.wait_for_url(f"{live_server.url}/desk/")
    expect(page.locator("#desk-status")).to_contain_text(
        "Entry recorded for ANNA ERIKSSON at CAP-AIR"
    )
    zone = page.locator("#id_mrz")
    expect(zone).to_have_value("")
    expect(zone).to_be_focused()
    assert Crossing.objects.count() == 1

    # Refusing: type the reason and press Enter, as the hint says.
    page.fill("#id_mrz", MIA)
    page.get_by_role("button", name="Read document").click()
    page.fill("#id_refusal_reason", "No valid visa")
    page.press("#id_refusal_reason", "Enter")
    page.wait_for_url(f"{live_server.url}/desk/")
    expect(page.locator("#desk-status")).to_contain_text("Entry refused for MIA MIGRANT")

    page.fill("#id_mrz", _with_wrong_number_check_digit(ANNA))
    page.get_by_role("button", name="Read document").click()

    expect(page.locator(".desk-errors")).to_contain_text("Document number check digit")
    assert Crossing.objects.count() == 2
    assert not [url for url in tab.requested if ANNA_NUMBER in url]
    assert tab.csp_violations() == []
    assert tab.unexpected_errors() == []
