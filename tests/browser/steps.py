"""What a person does in a browser journey: sign in, scan a document; and Playwright's expect.

Playwright is imported when a journey runs, so that collecting the tests needs no browser.
"""

from __future__ import annotations

from typing import Any

from conftest import PERSONA_PASSWORD


def expect_api() -> Any:
    """Playwright's ``expect`` (retrying assertions on the page)."""
    from playwright.sync_api import expect

    return expect


def sign_in(page: Any, base: str, username: str) -> None:
    """Sign in as the persona ``username`` and land on the desk."""
    page.goto(f"{base}/login/?next=/desk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PERSONA_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/desk/")


def scan(page: Any, mrz: str) -> None:
    """Type the zone the way a keyboard-wedge scanner does: each line, then Enter."""
    for line in mrz.split("\n"):
        page.keyboard.type(line)
        page.keyboard.press("Enter")
