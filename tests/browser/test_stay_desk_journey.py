"""At the border desk in a browser, the stay decision is on the traveller's card before the officer
records anything: an overstayer is shown as irregular with the reasons, a visa holder as regular
with the last day the entry would allow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import World, specimen_mrz
from orderly.border.models import Crossing
from orderly.core.models import AuditEvent
from orderly.stay.packs_in_force import pack_in_force
from orderly.stay.tests.travellers import day, stay, traveller, visa
from tests.browser.steps import expect_api, scan, sign_in

pytestmark = pytest.mark.browser

# A French citizen who came in visa-free on 1 March 2025 under the demo host's 30-day rule and
# was never recorded leaving: 1 March is day 1, so 30 March 2025 was the last lawful day.
CLAIRE = {"surname": "DUPONT", "given_names": "CLAIRE", "number": "FRA000001", "nationality": "FRA"}
CLAIRE_ENTERED = day("2025-03-01")
CLAIRE_LAST_LAWFUL_DAY = "2025-03-30"
# A Vietnamese citizen (no visa-free entry for Vietnam in the demo host's pack) holding a tourist
# visa (L) of the demo host: each stay may last 30 days, the day of entry being the first.
VAN = {"surname": "NGUYEN", "given_names": "VAN", "number": "VNM000001", "nationality": "VNM"}
ARTICLE_29 = "Exit and Entry Administration Law (illustrative), art. 29"
ARTICLE_22_3 = (
    "Exit and Entry Administration Law (illustrative), art. 22(3); "
    "Announcement on Unilateral Visa-Free Entry (illustrative), 2024"
)
ARTICLE_16 = (
    "Exit and Entry Administration Law (illustrative), art. 16; "
    "Regulations on Entry of Foreigners (illustrative), art. 6(5)"
)


def _today_at(world: World) -> date:
    """Today by the clocks at the desk's port (and in the demo host's capital: same zone)."""
    return datetime.now(ZoneInfo(world.port_a.timezone)).date()


def _fact(page: Any, term: str) -> Any:
    """What the stay panel says for ``term`` ("Last lawful day", "Overstay")."""
    return page.locator(
        f"xpath=//section[contains(@class, 'desk-stay')]//dt[normalize-space()='{term}']"
        "/following-sibling::dd[1]"
    )


def test_an_officer_sees_an_overstayer_as_irregular_and_a_visa_holder_as_regular_before_acting(
    live_server: Any, world: World, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    claire = traveller(CLAIRE["number"], nationality="FRA", surname="DUPONT", given_names="CLAIRE")
    stay(claire, CLAIRE_ENTERED)  # no exit recorded
    van = traveller(VAN["number"], nationality="VNM", surname="NGUYEN", given_names="VAN")
    today = _today_at(world)
    visa(van, valid_from=today - timedelta(days=20), category="L")
    pack_label = pack_in_force("demo-host").label

    tab = new_tab(javascript=True)
    page = tab.page
    sign_in(page, live_server.url, "officer.ana")
    page.select_option("#id_port", "CAP-AIR")
    page.locator("#id_mrz").focus()

    # Claire, still recorded as in the country, comes to leave: the card says she overstayed.
    scan(page, specimen_mrz(**CLAIRE))
    expect(page.locator("#desk-traveller")).to_have_text("CLAIRE DUPONT")
    expect(page.get_by_text("Known traveller")).to_be_visible()
    panel = page.locator("section.desk-stay")
    expect(page.locator("#desk-stay-heading")).to_have_text("Stay now: Irregular")
    expect(_fact(page, "Last lawful day")).to_have_text(CLAIRE_LAST_LAWFUL_DAY)
    overstay = (_today_at(world) - day(CLAIRE_LAST_LAWFUL_DAY)).days
    expect(_fact(page, "Overstay")).to_have_text(f"{overstay} days")
    reasons = panel.locator("details ol > li")
    expect(panel.locator("summary")).to_have_text(f"Why (2 reasons, pack demo-host {pack_label})")
    expect(reasons).to_have_text(
        [
            "visa-free entry: 30 days from the day of entry, to 2025-03-30 "
            f"[visa-free-30; {ARTICLE_22_3}]",
            f"overstay: {overstay} days after the last lawful day (2025-03-30) "
            f"[extension; {ARTICLE_29}]",
        ]
    )
    expect(reasons.first).to_be_visible()  # open already: the officer need not ask why
    assert Crossing.objects.filter(person=claire).count() == 1  # nothing recorded yet
    viewed = AuditEvent.objects.get(name="stay.status.viewed", object_id=str(claire.pk))
    assert viewed.changes["status"] == "irregular"

    # The officer records her exit with X and is ready for the next traveller.
    expect(page.locator("#desk-traveller")).to_be_focused()
    page.keyboard.press("x")
    expect(page.locator("#desk-status")).to_contain_text(
        "Exit recorded for CLAIRE DUPONT at CAP-AIR"
    )
    expect(page.locator("#id_mrz")).to_be_focused()
    assert Crossing.objects.filter(person=claire, direction="exit").count() == 1

    # Van arrives with his visa: if admitted now, his stay may last to the 30th day from today.
    scan(page, specimen_mrz(**VAN))
    expect(page.locator("#desk-traveller")).to_have_text("VAN NGUYEN")
    expect(page.locator("#desk-stay-heading")).to_have_text("If admitted now: Regular")
    last_lawful_day = (_today_at(world) + timedelta(days=29)).isoformat()
    expect(_fact(page, "Last lawful day")).to_have_text(last_lawful_day)
    expect(_fact(page, "Overstay")).to_have_count(0)
    expect(panel.locator("summary")).to_have_text(f"Why (1 reason, pack demo-host {pack_label})")
    reason = panel.locator("details ol > li")
    expect(reason).to_be_hidden()  # a regular traveller's reasons are folded away

    # Tab from his name reaches "Why"; Enter unfolds it, without recording anything.
    expect(page.locator("#desk-traveller")).to_be_focused()
    page.keyboard.press("Tab")
    expect(panel.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(reason).to_be_visible()
    expect(reason).to_have_text(
        f"visa (L): stays of up to 30 days, to {last_lawful_day} [visa-tourism; {ARTICLE_16}]"
    )
    assert Crossing.objects.filter(person=van).count() == 0

    assert tab.csp_violations() == []
    assert tab.unexpected_errors() == []


def test_the_stay_panel_is_on_the_card_without_javascript(
    live_server: Any, world: World, new_tab: Callable[..., Any]
) -> None:
    expect = expect_api()
    claire = traveller(CLAIRE["number"], nationality="FRA", surname="DUPONT", given_names="CLAIRE")
    stay(claire, CLAIRE_ENTERED)
    tab = new_tab(javascript=False)
    page = tab.page
    sign_in(page, live_server.url, "officer.ana")
    page.select_option("#id_port", "CAP-AIR")
    page.fill("#id_mrz", specimen_mrz(**CLAIRE))

    page.get_by_role("button", name="Read document").click()

    expect(page.locator("#desk-stay-heading")).to_have_text("Stay now: Irregular")
    expect(_fact(page, "Last lawful day")).to_have_text(CLAIRE_LAST_LAWFUL_DAY)
    overstay = (_today_at(world) - day(CLAIRE_LAST_LAWFUL_DAY)).days
    expect(_fact(page, "Overstay")).to_have_text(f"{overstay} days")
    expect(page.locator("section.desk-stay details ol > li").last).to_be_visible()
    assert tab.csp_violations() == []
