"""Browser journeys: Playwright driving Debian's Chromium against a live Django server.

Chromium comes from the system (``apt-get install chromium``), never from ``playwright install``.
The journeys are skipped, saying why, only when that browser is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from config.pytest_environment import skip_unless_required

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The live server speaks plain HTTP on localhost; production insists on HTTPS.
PLAIN_HTTP: dict[str, Any] = {
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SECURE_HSTS_SECONDS": 0,
    "SECURE_PROXY_SSL_HEADER": None,
}
# Records every Content-Security-Policy violation, to be read back after the journey.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="session")
def plain_http() -> Iterator[None]:
    """Settings for a plain-HTTP server, applied before it starts (middleware reads them once)."""
    from django.conf import settings

    saved = {name: getattr(settings, name) for name in PLAIN_HTTP}
    for name, value in PLAIN_HTTP.items():
        setattr(settings, name, value)
    yield
    for name, value in saved.items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def live_server(plain_http: None, live_server: Any) -> Any:
    """pytest-django's live server, started over plain HTTP."""
    return live_server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one module of journeys; skipped when the system has no Chromium."""
    if not CHROMIUM.exists():
        skip_unless_required(
            f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while it is open;
    # Django would then refuse ORM calls from the test itself. Only the browser uses the loop.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@dataclass
class Tab:
    """One page in a fresh browser context, with what went wrong in it and every URL it asked."""

    page: Any
    javascript: bool
    console_errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        """Violations seen by the page (with JavaScript) and reported on the console (always)."""
        seen = [e for e in self.console_errors if "Content Security Policy" in e]
        if self.javascript:
            seen += self.page.evaluate("window.__cspViolations || []")
        return seen

    def unexpected_errors(self) -> list[str]:
        """Console errors other than the 4xx answers the desk gives on purpose (form errors)."""
        return [e for e in self.console_errors if "status of 4" not in e]


def _console(tab: Tab, message: Any) -> None:
    if message.type == "error":
        tab.console_errors.append(message.text)


@pytest.fixture
def new_tab(browser: Any) -> Iterator[Callable[..., Tab]]:
    """Open pages in fresh contexts, with or without JavaScript; closed after the test."""
    contexts: list[Any] = []

    def open_tab(*, javascript: bool = True) -> Tab:
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        if javascript:
            context.add_init_script(CSP_WATCH)
        page = context.new_page()
        tab = Tab(page=page, javascript=javascript)
        page.on("console", lambda message: _console(tab, message))
        page.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
        page.on("request", lambda request: tab.requested.append(request.url))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
