"""The two checks every domain app's screens get in the browser (``tests/e2e/test_<app>.py``):
axe-core on a screen (optionally after submitting its empty form, to check the error state)
and no sideways scrolling at 390 and 1,280 px. A screen is ``(name, url, who, submit)``:
``url`` with ``{…}`` fields from the test data's ids, ``who`` a key of its users, ``submit`` a
CSS selector of the form to submit empty ("" for none)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_meetings_accessibility import _check
from tests.e2e.test_screens import DESKTOP, PHONE

Screen = tuple[str, str, str, str]


def check_screen(
    screen: Screen,
    data: dict[str, Any],
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
) -> None:
    """Open the screen as its user; with ``submit``, send the form empty and expect one error
    summary; then axe-core must find no serious or critical violation."""
    name, url, who, submit = screen
    log_in_with_cookie(browser_context, live_server.url, data["users"][who])
    response = page.goto(url.format(**data["ids"]))
    assert response is not None and response.status == 200
    if submit:
        with page.expect_navigation():
            page.locator(submit).first.locator("button[type=submit]").click()
        assert page.locator(".error-summary").count() == 1
    _check(page, page_log, axe_source, name)


def too_wide_in_german(
    screens: list[Screen],
    data: dict[str, Any],
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    who: str = "coordinator",
) -> list[str]:
    """Every screen, in German, at a phone's and a desktop's width: those wider than the
    window (the list is empty when none scrolls sideways)."""
    log_in_with_cookie(browser_context, live_server.url, data["users"][who])
    browser_context.add_cookies(
        [{"name": "samverk_language", "value": "de", "url": live_server.url}]
    )
    too_wide = []
    for _name, url, _who, _submit in screens:
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            address = url.format(**data["ids"])
            response = page.goto(address)
            assert response is not None and response.status == 200, address
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                too_wide.append(f"{address} at {size['width']} px: {width} px wide")
    assert page_log.static_problems() == []
    return too_wide
