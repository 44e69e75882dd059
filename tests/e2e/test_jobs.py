"""The signed-in job offer pages in a real browser: a company submits an offer, the
coordinator returns it with a reason, the company fixes it, it is published and found by the
public job board's search; axe-core finds no serious or critical violation on any signed-in
jobs page; none scrolls sideways at 390 or 1,280 px in German.

The offers are dated from the network's today (``core.clock``), as the live server sees it,
so the tests work on any day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from samverk.core import clock
from samverk.jobs.models import JobOffer
from samverk.jobs.tests.factories import make_offer, make_world
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.domain_screens import Screen, check_screen, too_wide_in_german

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _jobs() -> dict[str, Any]:
    world = make_world()
    today = clock.network_today(world.network)
    valid = today + dt.timedelta(days=30)
    published = make_offer(
        world,
        status="published",
        today=today,
        valid_through=valid,
        title="Pflegefachkraft (m/w/d) für die Intensivstation und Anästhesie",
        salary="3.800 € brutto im Monat",
    )
    submitted = make_offer(
        world, status="submitted", today=today, valid_through=valid, title="Schweißer (m/w/d)"
    )
    returned = make_offer(
        world, status="returned", today=today, valid_through=valid, title="Stationshilfe (m/w/d)"
    )
    make_offer(world, today=today, valid_through=valid, title="Praktikum Pflege")
    return {
        "world": world,
        "today": today,
        "users": world.users,
        "ids": {
            "net": world.network.slug,
            "published": published.pk,
            "submitted": submitted.pk,
            "returned": returned.pk,
        },
    }


SCREENS: list[Screen] = [
    ("list", "/n/{net}/jobs/", "coordinator", ""),
    ("list_company", "/n/{net}/jobs/", "company", ""),
    ("list_observer", "/n/{net}/jobs/", "observer", ""),
    ("list_filtered", "/n/{net}/jobs/?q=pflege&status=published&sort=-valid", "coordinator", ""),
    ("review_queue", "/n/{net}/jobs/review/", "coordinator", ""),
    ("offer", "/n/{net}/jobs/{published}/", "coordinator", ""),
    ("offer_submitted", "/n/{net}/jobs/{submitted}/", "coordinator", ""),
    ("offer_observer", "/n/{net}/jobs/{published}/", "observer", ""),
    ("offer_returned_company", "/n/{net}/jobs/{returned}/", "company", ""),
    ("offer_new_errors", "/n/{net}/jobs/new/", "company", "main form"),
    ("offer_new_coordinator", "/n/{net}/jobs/new/", "coordinator", ""),
    ("offer_edit", "/n/{net}/jobs/{returned}/edit/", "company", ""),
    ("offer_return_errors", "/n/{net}/jobs/{submitted}/return/", "coordinator", "main form"),
    ("offer_end", "/n/{net}/jobs/{published}/end/", "coordinator", ""),
    ("offer_end_company", "/n/{net}/jobs/{published}/end/", "company", ""),
]


@pytest.mark.parametrize("screen", SCREENS, ids=[s[0] for s in SCREENS])
def test_no_serious_accessibility_violations(
    screen: Screen,
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
) -> None:
    check_screen(screen, _jobs(), page, page_log, browser_context, live_server, axe_source)


def test_the_job_offer_pages_fit_a_phone_and_a_desktop_in_german(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _jobs()
    too_wide = too_wide_in_german(SCREENS, data, page, page_log, browser_context, live_server)
    company = [s for s in SCREENS if s[2] == "company"]
    too_wide += too_wide_in_german(
        company, data, page, page_log, browser_context, live_server, who="company"
    )
    assert too_wide == []


def _as(who: str, data: dict[str, Any], browser_context: Any, live_server: Any) -> None:
    browser_context.clear_cookies()
    log_in_with_cookie(browser_context, live_server.url, data["users"][who])


def _save(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save").press("Enter")


def test_a_returned_offer_is_fixed_published_and_found_on_the_board(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _jobs()
    net, today = data["ids"]["net"], data["today"]

    # The company contact writes an offer with the keyboard and submits it.
    _as("company", data, browser_context, live_server)
    page.goto(f"/n/{net}/jobs/")
    page.get_by_role("link", name="New job offer").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_label("Employer").input_value() == str(data["world"].employer.pk)
    page.get_by_label("Title").fill("Elektroniker (m/w/d) Betriebstechnik")
    page.get_by_label("description").fill("Sie warten **Anlagen** in Torgau.")
    page.get_by_label("Kind").select_option("job")
    page.get_by_label("occupation (ISCO-08 unit group)").select_option("7212")
    page.get_by_label("Place").fill("Torgau")
    page.get_by_label("municipality").select_option(str(data["world"].town.pk))
    valid_through = today + dt.timedelta(days=45)
    page.get_by_label("valid through").fill(valid_through.isoformat())
    page.get_by_label("apply by email").fill("jobs@elbaue.example.org")
    page.get_by_label("returnees").check()
    _save(page)
    offer = JobOffer.objects.get(title="Elektroniker (m/w/d) Betriebstechnik")
    assert offer.status == "draft"
    assert page.locator("h1").inner_text() == offer.title
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").press("Enter")
    offer.refresh_from_db()
    assert offer.status == "submitted"

    # The coordinator finds it in the review queue and returns it with a reason.
    _as("coordinator", data, browser_context, live_server)
    page.goto(f"/n/{net}/jobs/review/")
    page.get_by_role("link", name=offer.title).click()
    page.get_by_role("link", name="Return with a reason").click()
    page.get_by_label("reason").fill("Bitte geben Sie das Gehalt an.")
    _save(page)
    offer.refresh_from_db()
    assert offer.status == "returned"
    assert "Returned to the company." in page.locator("main").inner_text()

    # The company sees the reason, adds the salary and submits again.
    _as("company", data, browser_context, live_server)
    page.goto(f"/n/{net}/jobs/{offer.pk}/")
    assert "Bitte geben Sie das Gehalt an." in page.locator("[data-return-reason]").inner_text()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("salary").fill("3.400 € brutto im Monat")
    _save(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for review").press("Enter")
    offer.refresh_from_db()
    assert (offer.status, offer.salary) == ("submitted", "3.400 € brutto im Monat")

    # The coordinator publishes it.
    _as("coordinator", data, browser_context, live_server)
    page.goto(f"/n/{net}/jobs/{offer.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()
    offer.refresh_from_db()
    assert (offer.status, offer.date_posted) == ("published", today)

    # Signed out, the job board's search finds it; its page carries the JSON-LD.
    browser_context.clear_cookies()
    page.goto(f"/p/{net}/jobs/?lang=en")
    page.get_by_label("Search", exact=True).fill("Elektroniker Torgau")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    assert "1 job offer" in page.locator(".count").inner_text()
    page.get_by_role("link", name=offer.title).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == offer.title
    posting = json.loads(page.locator("script[type='application/ld+json']").first.text_content())
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == offer.title
    assert posting["datePosted"] == today.isoformat()
    assert posting["validThrough"].startswith(valid_through.isoformat())
    assert posting["hiringOrganization"]["name"] == data["world"].employer.name
    assert page_log.static_problems() == []
    assert page_log.console_errors == []
