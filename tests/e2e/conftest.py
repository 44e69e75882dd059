"""Browser tests: Playwright (sync API) driving the system Chromium against pytest-django's
``live_server``.

Chromium is Debian's ``/usr/bin/chromium``; nothing is downloaded. Without it the browser tests
are skipped locally, but with ``SAMVERK_CI=1`` they fail: CI must never skip them silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.tools import missing

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a running loop unless told that this is intended (test data is created here).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Fjordbrisen-2025!"
TIMEOUT_MS = 10_000
FAVICON = "/favicon.ico"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing("Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def static_problems(self) -> list[str]:
        problems = [f"{status} {url}" for status, url in self.failed_responses if "/static/" in url]
        problems += [failure for failure in self.failed_requests if "/static/" in failure]
        return problems


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def browser_context(
    browser: Any, live_server: Any, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A fresh context (cookies, storage) per test, in English, based at the live server.

    The site's Content-Security-Policy allows no injected script, so the accessibility tests,
    which inject axe-core with ``page.add_script_tag`` (they ask for ``axe_source``), bypass
    it. Every other browser test runs under the policy: what it clicks must work with it."""
    context = browser.new_context(
        locale="en",
        base_url=live_server.url,
        bypass_csp="axe_source" in request.fixturenames,
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: Any, page_log: PageLog) -> Any:
    page = browser_context.new_page()

    def on_console(message: Any) -> None:
        # The browser asks for /favicon.ico on its own; the site has no favicon.
        if message.type == "error" and not message.location.get("url", "").endswith(FAVICON):
            page_log.console_errors.append(f"{message.text} ({message.location.get('url')})")
        if "Content Security Policy" in message.text:
            page_log.csp_violations.append(f"{message.text} ({message.location.get('url')})")

    def on_response(response: Any) -> None:
        if response.status >= 400 and not response.url.endswith(FAVICON):
            page_log.failed_responses.append((response.status, response.url))

    page.on("console", on_console)
    page.on("response", on_response)

    def on_request_failed(request: Any) -> None:
        # A request the browser abandons because the page moved on (net::ERR_ABORTED: the
        # favicon of a page that is left at once, an htmx request replaced by a newer one) is
        # no failure of the site; a missing file answers 404 and is caught by on_response.
        if "ERR_ABORTED" not in (request.failure or ""):
            page_log.failed_requests.append(f"{request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    return page


@pytest.fixture
def axe_source() -> Path:
    if not AXE_JS.exists():
        missing(f"axe-core ({AXE_JS.relative_to(ROOT)}, run `npm ci`)")
    return AXE_JS


def log_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/login/" not in page.url, "login failed"


def log_in_with_cookie(context: Any, live_server_url: str, user: Any) -> None:
    """Log in without the form (faster, for tests that are about something else)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}]
    )


def html_lang(page: Any) -> str:
    return page.evaluate("document.documentElement.lang")


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)
