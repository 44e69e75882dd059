"""The public portal in a real browser: a coordinator publishes a project card with a key
figure and finds it on the portal in another language; axe-core finds no serious or critical
violation on any portal page (nor on the portal settings); none scrolls sideways at 390 or
1,280 px."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from samverk.meetings.tests.factories import MeetingFactory
from samverk.networks.tests.factories import ArenaFactory
from samverk.projects import report_services, services
from samverk.projects.models import Project
from samverk.strategy import charter_services
from samverk.strategy.models import Indicator
from samverk.strategy.tests.factories import IndicatorFactory, MeasurementFactory
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.domain_screens import check_screen
from tests.e2e.test_meetings_accessibility import _check
from tests.e2e.test_projects import _projects
from tests.e2e.test_screens import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _portal() -> dict[str, Any]:
    data = _projects()
    coordinator = data["users"]["coordinator"]
    project = Project.objects.get(pk=data["ids"]["project"])
    services.update_project(actor=coordinator, project=project, is_public=True)
    update = project.updates.get()
    services.update_update(actor=coordinator, update=update, is_public=True)
    network = project.network
    indicator: Indicator = IndicatorFactory.create(
        goal__direction__network=network, name="Rückkehrende je Jahr", is_public=True
    )
    MeasurementFactory.create(indicator=indicator, value=Decimal("11.5"))
    charter_services.save_charter(
        actor=coordinator,
        network=network,
        title="Leitbild der Allianz",
        who_we_are="Wir sichern **Fachkräfte** für Nordsachsen.",
        is_public=True,
    )
    report_services.create_annual_report(
        actor=coordinator,
        network=network,
        year=2025,
        foreword="Ein gutes Jahr für die Allianz.",
        is_public=True,
    )
    MeetingFactory.create(
        arena=ArenaFactory.create(network=network),
        title="Forum Fachkräfte",
        is_public=True,
        venue="Schloss Hartenfels, Torgau",
    )
    return data


PORTAL_PAGES = [
    ("portal_home", "/p/{net}/"),
    ("portal_members", "/p/{net}/members/"),
    ("portal_charter", "/p/{net}/charter/"),
    ("portal_meetings", "/p/{net}/meetings/"),
    ("portal_projects", "/p/{net}/projects/"),
    ("portal_project", "/p/{net}/projects/{project}/"),
    ("portal_news", "/p/{net}/news/"),
    ("portal_indicators", "/p/{net}/indicators/"),
    ("portal_report", "/p/{net}/report/2025/"),
    ("portal_empty", "/p/{empty}/"),
    ("portal_empty_projects", "/p/{empty}/projects/"),
]


@pytest.mark.parametrize("screen", PORTAL_PAGES, ids=[s[0] for s in PORTAL_PAGES])
def test_no_serious_accessibility_violations_on_the_portal(
    screen: tuple[str, str],
    page: Any,
    page_log: PageLog,
    live_server: Any,
    axe_source: Any,
) -> None:
    name, url = screen
    data = _portal()
    response = page.goto(url.format(**data["ids"]))
    assert response is not None and response.status == 200
    _check(page, page_log, axe_source, name)


SETTINGS = [
    ("portal_settings", "/n/{net}/portal/", "coordinator", ""),
]


def test_no_serious_accessibility_violations_on_the_portal_settings(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any, axe_source: Any
) -> None:
    check_screen(SETTINGS[0], _portal(), page, page_log, browser_context, live_server, axe_source)


def test_the_portal_fits_a_phone_and_a_desktop_in_every_language(
    page: Any, page_log: PageLog, live_server: Any
) -> None:
    data = _portal()
    too_wide = []
    for _name, url in PORTAL_PAGES:
        for language in ("de", "nb"):
            for size in (PHONE, DESKTOP):
                page.set_viewport_size(size)
                address = url.format(**data["ids"]) + f"?lang={language}"
                response = page.goto(address)
                assert response is not None and response.status == 200, address
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > size["width"]:
                    too_wide.append(f"{address} at {size['width']} px: {width} px wide")
    assert too_wide == []
    assert page_log.static_problems() == []


def test_a_coordinator_publishes_a_project_card_and_finds_it_on_the_portal_in_swedish(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _portal()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["coordinator"])
    browser_context.add_cookies(
        [{"name": "samverk_language", "value": "en", "url": live_server.url}]
    )
    page.goto("/n/{net}/projects/new/".format(**data["ids"]))
    page.locator("#id_title").fill("MINT-Initiative")
    page.get_by_label("Short name").fill("MINT")
    page.get_by_label("Status").select_option("running")
    page.locator("#id_problem").fill("Zu wenige junge Menschen wählen MINT-Berufe.")
    page.locator("#id_goals").fill("Interne Ziele, noch nicht öffentlich.")
    page.locator("#id_is_public").check()
    # The goals stay internal: untick them among the public parts.
    page.locator("input[name=public_fields][value=goals]").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").press("Enter")
    assert page.locator("h1").inner_text() == "MINT-Initiative (MINT)"
    page.get_by_role("link", name="Add a key figure").click()
    page.get_by_label("What is counted").fill("Teilnehmende")
    page.get_by_label("Value").fill("800")
    page.get_by_label("Unit").fill("Personen")
    page.get_by_label("As of").fill("2024-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").press("Enter")
    project = Project.objects.get(title="MINT-Initiative")
    assert project.is_public and "goals" not in project.public_fields

    # Signed out, as the public: the portal in its working language, then switched to Swedish.
    browser_context.clear_cookies()
    page.goto("/p/{net}/".format(**data["ids"]))
    page.get_by_role("link", name="Svenska").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Projekt").click()
    page.get_by_role("link", name="MINT-Initiative").click()
    assert page.locator("h1").inner_text() == "MINT-Initiative (MINT)"
    text = page.locator("main").inner_text()
    assert "Zu wenige junge Menschen wählen MINT-Berufe." in text
    assert "800" in text and "Personen" in text
    assert "Interne Ziele" not in text
    assert page.url.endswith(f"/p/{data['ids']['net']}/projects/{project.pk}/?lang=sv")
    assert page_log.static_problems() == []


def test_a_public_meeting_shows_its_time_in_the_networks_time_zone(
    page: Any, page_log: PageLog, live_server: Any
) -> None:
    data = _portal()
    page.goto("/p/{net}/meetings/?lang=de".format(**data["ids"]))
    item = page.locator("li", has_text="Forum Fachkräfte")
    assert "Schloss Hartenfels, Torgau" in item.inner_text()
    assert "10:00" in item.inner_text()  # the factory's 10 o'clock, Europe/Berlin
    assert page_log.static_problems() == []
