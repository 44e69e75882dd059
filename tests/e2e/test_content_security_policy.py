"""The Content-Security-Policy in a real browser: the main pages, htmx's partial updates, the
API documentation (Swagger UI) and the admin work under it and break none of its rules."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from samverk.accounts import services as account_services
from samverk.accounts.models import User
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_meetings_accessibility import _network_with_meetings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation the page itself reports (the console message is Chromium's wording).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture
def csp_page(page: Any, browser_context: Any) -> Any:
    browser_context.add_init_script(LISTEN)
    return page


def _visit(page: Any, url: str) -> Any:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    return response


def _no_violations(page: Any, page_log: PageLog, where: str) -> None:
    assert page.evaluate("window.__cspViolations") == [], where
    assert page_log.csp_violations == [], where
    assert page_log.console_errors == [], where


def test_signed_in_pages_and_htmx_work_under_the_policy(
    csp_page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    page = csp_page
    data = _network_with_meetings()
    coordinator = data["users"]["coordinator"]
    account_services.create_api_token(user=coordinator, name="CRM sync")
    log_in_with_cookie(browser_context, live_server.url, coordinator)
    ids = data["ids"]

    for url in (
        "/n/{net}/",
        "/n/{net}/meetings/",
        "/n/{net}/meetings/{past}/minutes/",
        "/n/{net}/meetings/decisions/",
        "/accounts/tokens/",
        "/accounts/password/",
        "/calendar/",
    ):
        _visit(page, url.format(**ids))
        _no_violations(page, page_log, url)

    # The organisation filter: htmx swaps the results as one types.
    _visit(page, "/n/{net}/organisations/".format(**ids))
    page.wait_for_function("() => window.htmx !== undefined")
    url_before = page.url
    with page.expect_response(lambda r: "q=Bergen" in r.url):
        page.locator("#id_q").press_sequentially("Bergen", delay=30)
    page.wait_for_url("**q=Bergen**")
    names = page.locator("#results tbody td:first-child a")
    expect(names).to_have_text(["Bergen kommune"])  # htmx swaps just after the response
    # The check-in: htmx posts and swaps the attendance and quorum box in place.
    _visit(page, "/n/{net}/meetings/{running}/".format(**ids))  # the run phase
    url_before = page.url
    page.fill("#checkin-q", "olsen")  # Ingrid Haugland is checked in already
    with page.expect_response(lambda r: "q=olsen" in r.url):
        page.press("#checkin-q", "Enter")
    with page.expect_response(lambda r: r.url.endswith("/check-in/")):
        page.locator("#attendance [data-candidate] button[type=submit]").first.click()
    page.wait_for_selector("#quorum[data-quorate=yes]")
    assert page.url == url_before

    _no_violations(page, page_log, "htmx")


def test_login_page_api_documentation_and_admin_work_under_the_policy(
    csp_page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    page = csp_page
    _visit(page, "/accounts/login/")
    _no_violations(page, page_log, "login")

    # Swagger UI renders the schema: its script comes from /api/docs/?script=, not inline.
    _visit(page, "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".swagger-ui .opblock-tag")
    assert "samverk API" in page.locator(".swagger-ui .info .title").inner_text()
    _no_violations(page, page_log, "/api/docs/")

    admin = User.objects.create_superuser("admin@example.org", "pw-for-tests-1")
    log_in_with_cookie(browser_context, live_server.url, admin)
    for url in ("/admin/", "/admin/accounts/user/", "/api/v1/networks/regions/"):
        _visit(page, url)
        _no_violations(page, page_log, url)
