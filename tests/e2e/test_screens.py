"""Every main page fits a phone (390 px) and a desktop (1,280 px) in German — the longest
labels — with no sideways scroll; the header folds behind a menu button on a phone (which works
with the keyboard; without JavaScript the navigation stays visible); tables are stacked rows
with each cell's column label on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from samverk.core import email
from samverk.core.models import Network
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_meetings_accessibility import _network_with_meetings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# Every main page of site, networks, meetings and core (mail delivery), with its ids.
MAIN_PAGES = [
    "/n/{net}/",
    "/n/{net}/search/?q=Bergen",
    "/n/{net}/settings/",
    "/n/{net}/history/",
    "/n/{net}/organisations/",
    "/n/{net}/organisations/new/",
    "/n/{net}/organisations/{org}/",
    "/n/{net}/organisations/{org}/edit/",
    "/n/{net}/members/",
    "/n/{net}/members/new/",
    "/n/{net}/members/{membership}/edit/",
    "/n/{net}/members/{membership}/mandates/new/",
    "/n/{net}/mandates/{mandate}/end/",
    "/n/{net}/people/",
    "/n/{net}/people/new/",
    "/n/{net}/people/{person}/",
    "/n/{net}/arenas/",
    "/n/{net}/arenas/new/",
    "/n/{net}/arenas/{arena}/",
    "/n/{net}/access/",
    "/n/{net}/access/new/",
    "/n/{net}/mail/",
    "/n/{net}/meetings/",
    "/n/{net}/meetings/new/",
    "/n/{net}/meetings/series/new/",
    "/n/{net}/meetings/{meeting}/",
    "/n/{net}/meetings/{past}/",
    "/n/{net}/meetings/{running}/",
    "/n/{net}/meetings/{meeting}/edit/",
    "/n/{net}/meetings/decisions/",
    "/n/{net}/meetings/actions/",
    "/n/{net}/meetings/actions/?status=",
    "/n/{net}/meetings/commitment/",
    "/n/{net}/meetings/{past}/minutes/",
    "/accounts/tokens/",
    "/accounts/password/",
    "/",
]

# The main tables: on a phone each row is a block and each cell shows its column label.
STACKED_TABLES = [
    "/n/{net}/organisations/",
    "/n/{net}/members/",
    "/n/{net}/people/",
    "/n/{net}/history/",
    "/n/{net}/meetings/",
    "/n/{net}/meetings/decisions/",
    "/n/{net}/meetings/actions/?status=",
    "/n/{net}/meetings/commitment/",
    "/n/{net}/mail/",
]


def _ids(data: dict[str, Any]) -> dict[str, Any]:
    network_slug = data["ids"]["net"]
    organisation = Organisation.objects.filter(network__slug=network_slug).order_by("pk").first()
    membership = Membership.objects.filter(organisation=organisation).first()
    return {
        **data["ids"],
        "org": organisation.pk,
        "membership": membership.pk,
        "mandate": Mandate.objects.filter(membership=membership).first().pk,
        "person": Person.objects.filter(organisation=organisation).first().pk,
        "arena": Arena.objects.filter(network__slug=network_slug).first().pk,
    }


@pytest.fixture
def german_coordinator(browser_context: Any, live_server: Any) -> dict[str, Any]:
    data = _network_with_meetings()
    email.queue_mail(
        kind="meetings.invitation",
        network=Network.objects.get(slug=data["ids"]["net"]),
        to=["ih@example.no"],
        subject="Einladung: Styringsgruppe",
        body="…",
    )
    log_in_with_cookie(browser_context, live_server.url, data["users"]["coordinator"])
    browser_context.add_cookies(
        [{"name": "samverk_language", "value": "de", "url": live_server.url}]
    )
    return _ids(data)


def _width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_every_main_page_fits_a_phone_and_a_desktop_in_german(
    page: Any, page_log: PageLog, german_coordinator: dict[str, Any]
) -> None:
    too_wide = []
    for template in MAIN_PAGES:
        url = template.format(**german_coordinator)
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            assert page.evaluate("document.documentElement.lang") == "de", url
            if _width(page) > size["width"]:
                too_wide.append(f"{url} at {size['width']} px: {_width(page)} px wide")
    assert too_wide == []
    assert page_log.static_problems() == []


def test_main_tables_are_stacked_rows_with_labels_on_a_phone(
    page: Any, german_coordinator: dict[str, Any]
) -> None:
    page.set_viewport_size(PHONE)
    for template in STACKED_TABLES:
        url = template.format(**german_coordinator)
        page.goto(url)
        cell = page.locator("main table.stack tbody td[data-label]").first
        assert cell.count() == 1, url
        assert cell.evaluate("c => getComputedStyle(c).display") == "block", url
        label = cell.get_attribute("data-label")
        before = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert label and before == f'"{label}: "', url
    page.set_viewport_size(DESKTOP)
    page.goto(STACKED_TABLES[0].format(**german_coordinator))
    cell = page.locator("main table.stack tbody td").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "table-cell"
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == "none"


def test_the_menu_button_opens_the_navigation_on_a_phone(
    page: Any, page_log: PageLog, german_coordinator: dict[str, Any]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/n/{net}/".format(**german_coordinator))
    button = page.locator("header .menu-button")
    nav = page.locator("#site-nav")
    assert button.is_visible()
    assert button.inner_text() in ("Menü", "Menu")  # "Menü" once the catalogues are merged
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-tools site-nav"
    assert not nav.is_visible()
    assert not page.locator("#language-switch").is_visible()

    # with the keyboard: Tab from the skip link and the brand to the button, Enter opens it
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert page.locator("#language-switch").is_visible()
    assert _width(page) <= PHONE["width"]
    page.keyboard.press("Tab")  # into the menu
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")

    button.click()
    with page.expect_navigation():
        nav.get_by_role("link", name="Organisationen").click()
    assert page.url.endswith("/organisations/")
    assert page_log.console_errors == [] and page_log.csp_violations == []


def test_on_a_desktop_the_navigation_shows_without_a_menu_button(
    page: Any, german_coordinator: dict[str, Any]
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/n/{net}/".format(**german_coordinator))

    assert not page.locator("header .menu-button").is_visible()
    assert page.locator("#site-nav").is_visible()
    assert page.locator("#language-switch").is_visible()


def test_without_javascript_the_navigation_stays_reachable_on_a_phone(
    browser: Any, live_server: Any
) -> None:
    data = _ids(_network_with_meetings())
    from samverk.accounts.models import User

    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    try:
        log_in_with_cookie(context, live_server.url, User.objects.get(name="Kari Nordmann"))
        page = context.new_page()
        page.goto("/n/{net}/".format(**data))
        assert not page.locator("header .menu-button").is_visible()
        assert page.locator("#site-nav").is_visible()
        assert page.locator("#site-nav a").first.is_visible()
        assert page.locator("#language-switch").is_visible()
        assert _width(page) <= PHONE["width"]
    finally:
        context.close()
