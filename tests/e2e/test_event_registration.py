"""A visitor registers for the Rückkehrertag on a phone: the event page, the registration form
(first with errors, then with two workshops that clash, then right), the personal page; the
confirmation mail with the check-in code and the .ics arrives. axe-core finds no serious or
critical violation on any of these pages, and none scrolls sideways at 390 px."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from samverk.events.models import Registration
from samverk.events.tests.factories import EventFactory, SessionFactory, SiteFactory
from samverk.networks.tests.factories import NetworkFactory
from tests.e2e.conftest import PageLog
from tests.e2e.test_meetings_accessibility import _check
from tests.e2e.test_screens import PHONE
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.datetime(2199, 12, 27, 9, 0, tzinfo=dt.UTC)


def _event() -> dict[str, Any]:
    network = NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")
    event = EventFactory.create(
        network=network,
        title="Nordsächsischer Rückkehrertag",
        description="Jobs und Beratung am Tag nach Weihnachten.",
        consent_text="Ich bin einverstanden, dass meine Daten gespeichert werden.",
    )
    site = SiteFactory.create(
        event=event,
        name="Torgau",
        venue="Kulturbastion Torgau (Beispiel)",
        starts_at=DAY,
        ends_at=DAY + dt.timedelta(hours=6),
        capacity=50,
    )
    pflege = SessionFactory.create(site=site, title="Pflege", capacity=10)
    logistik = SessionFactory.create(site=site, title="Logistik", capacity=10)
    later = SessionFactory.create(
        site=site,
        title="Bewerbung",
        starts_at=DAY + dt.timedelta(hours=3),
        ends_at=DAY + dt.timedelta(hours=4),
    )
    return {"event": event, "site": site, "pflege": pflege, "logistik": logistik, "later": later}


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_a_visitor_registers_on_a_phone_and_gets_the_mail(
    page: Any,
    page_log: PageLog,
    live_server: Any,
    axe_source: Any,
    smtp_inbox: Inbox,
    run_tasks: RunTasks,
) -> None:
    data = _event()
    page.set_viewport_size(PHONE)
    response = page.goto(f"/p/nordsachsen/events/{data['event'].pk}/?lang=en")
    assert response is not None and response.status == 200
    _fits(page)
    _check(page, page_log, axe_source, "public event page")

    page.get_by_role("link", name="Register for Torgau").click()
    page.wait_for_load_state()
    _fits(page)
    _check(page, page_log, axe_source, "registration form")

    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    assert page.locator(".error-summary").count() == 1
    _fits(page)
    _check(page, page_log, axe_source, "registration form with errors")

    page.get_by_label("name").first.fill("Kim Berg")
    page.get_by_label("email").fill("kim@example.org")
    page.get_by_label("I agree").check()
    page.get_by_label("Pflege").check()
    page.get_by_label("Logistik").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    assert "take place at the same time" in page.locator("main").inner_text()
    page.get_by_label("Logistik").uncheck()
    page.get_by_label("Bewerbung").check()
    page.get_by_label("I agree").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()

    registration = Registration.objects.get(email="kim@example.org")
    assert "Thank you: you are registered." in page.locator("main").inner_text()
    assert registration.code in page.locator("main").inner_text()
    _fits(page)
    _check(page, page_log, axe_source, "personal page")

    assert run_tasks() == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "kim@example.org"
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and registration.code in plain.get_content()
    (ics,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert Calendar.from_ical(ics.get_content()).walk("VEVENT")[0].decoded("dtstart") == DAY

    page.get_by_role("link", name="Cancel the registration").click()
    page.wait_for_load_state()
    _check(page, page_log, axe_source, "cancel confirmation")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, cancel").click()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
