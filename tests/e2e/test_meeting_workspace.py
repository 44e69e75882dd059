"""The meeting page as a workspace in phases, on a tablet (768 x 1024): a coordinator prepares
a meeting, sees the replies once it is invited (the invitation itself has its own page),
starts it, checks in from the list of people who said they will come, undoes a check-in,
records someone leaving at a time, sees the quorum follow, records a decision and an action,
closes the meeting and finds the follow-up. axe and the sideways-scroll check (390 px and
1,280 px) run on every phase.

Elements are found by URL, form action, id, name and data attributes.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from samverk.meetings import services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import ActionItem, Attendance, Decision, Rsvp
from tests.e2e.conftest import PageLog, log_in_with_cookie, path_of
from tests.e2e.test_meeting_walkthrough import _press_status_button, _scenario, _status
from tests.e2e.test_meetings_accessibility import _check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}


def _phase(page: Any) -> str | None:
    return page.locator(".phase-nav [aria-current=step]").get_attribute("data-phase")


def _all_phases_checked(page: Any, page_log: PageLog, axe_source: Any, name: str) -> None:
    """axe and sideways scroll at 390 and 1,280 px (``_check``), then the tablet again."""
    _check(page, page_log, axe_source, name)
    page.set_viewport_size(TABLET)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= TABLET["width"], f"{name}: {width} px wide on a tablet"


def _htmx(page: Any, selector: str, quorate: str) -> None:
    """Press a button of the attendance section; htmx swaps only that section."""
    url_before = page.url
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.locator(selector).click()
    assert response.value.status == 200
    page.wait_for_selector(f"#quorum[data-quorate={quorate}]")
    assert page.url == url_before


def test_coordinator_follows_the_meeting_through_its_phases_on_a_tablet(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any, axe_source: Any
) -> None:
    s = _scenario()
    for organisation, person, answer in zip(
        s.organisations, s.people, ("principal", "deputy"), strict=True
    ):
        Rsvp.objects.create(
            meeting=s.meeting, organisation=organisation, person=person, answer=answer
        )
    meeting_url = s.url(s.meeting)
    page.set_viewport_size(TABLET)
    log_in_with_cookie(browser_context, live_server.url, s.coordinator)

    # Prepare: the agenda, the way to the invitation; nothing of the later phases.
    page.goto(meeting_url)
    assert _phase(page) == "prepare"
    assert page.locator("#agenda [data-agenda-item]").count() == 1
    assert page.locator(f"#status a[href='{meeting_url}invite/']").count() == 1
    assert page.locator("#attendance").count() == 0
    assert page.locator("form[action$='/decisions/new/']").count() == 0
    _all_phases_checked(page, page_log, axe_source, "prepare")

    # Invite (sent on its own page; here through the service): the replies so far.
    services.change_status(actor=s.coordinator, meeting=s.meeting, status=MeetingStatus.INVITED)
    page.goto(meeting_url)
    assert _phase(page) == "invite"
    assert page.locator(".phase-nav [data-phase=prepare]").get_attribute("data-state") == "done"
    assert page.locator("[data-replies]").get_attribute("data-replies") == "2/2"
    assert page.locator("#agenda details").count() == 1  # a summary now
    _all_phases_checked(page, page_log, axe_source, "invite")

    # Run: start the meeting.
    _press_status_button(page, MeetingStatus.IN_PROGRESS)
    assert _phase(page) == "run"
    assert page.locator("#quorum").get_attribute("data-quorate") == "no"
    first, second = s.people
    assert page.locator("[data-expected]").count() == 2

    # Check in both from the list: one tap each.
    _htmx(page, f"[data-expected='{first.pk}'] button", quorate="no")
    _htmx(page, f"[data-expected='{second.pk}'] button", quorate="yes")
    assert page.locator("[data-expected]").count() == 0
    assert page.locator("#attendance li[data-attendance=authority]").count() == 2
    button = page.locator(f"[data-expected='{first.pk}'] button")
    _all_phases_checked(page, page_log, axe_source, "run")

    # Undo the second check-in: back on the list, the quorum follows; check in again.
    undo = Attendance.objects.get(meeting=s.meeting, person=second)
    _htmx(page, f"button[name=undo][value='{undo.pk}']", quorate="no")
    assert not Attendance.objects.filter(pk=undo.pk).exists()
    assert page.locator(f"[data-expected='{second.pk}']").count() == 1
    _htmx(page, f"[data-expected='{second.pk}'] button", quorate="yes")

    # The first leaves at a time given on the tablet (the network's zone): no longer counted.
    leaving = Attendance.objects.get(meeting=s.meeting, person=first)
    now = timezone.localtime(timezone.now(), ZoneInfo("Europe/Oslo")).strftime("%H:%M")
    page.fill(f"#left-{leaving.pk}", now)
    _htmx(page, f"button[name=left][value='{leaving.pk}']", quorate="no")
    leaving.refresh_from_db()
    assert leaving.left_at is not None
    assert timezone.localtime(leaving.left_at, ZoneInfo("Europe/Oslo")).strftime("%H:%M") == now
    assert page.locator(f"[data-attendance-id='{leaving.pk}'] [data-left]").count() == 1
    assert (
        page.locator(f"[data-attendance-id='{leaving.pk}']").get_attribute("data-attendance")
        == "left"
    )
    assert button.count() == 0

    # Not quorate any more: the decision is recorded as a recommendation.
    page.click("#decision-form-heading")
    page.fill("#id_decision-text", "The annual theme is skills for the green transition.")
    page.uncheck("#id_decision-binding")
    with page.expect_navigation():
        page.locator("form[action$='/decisions/new/'] button[type=submit]").click()
    decision = Decision.objects.get(meeting=s.meeting)
    assert not decision.binding
    assert page.locator("#decisions [data-decision]").count() == 1

    with page.expect_navigation():
        page.click("#actions a[data-add=action]")
    page.fill("#id_action-title", "Draft the theme paper")
    page.select_option("#id_action-owner_organisation", value=str(s.organisations[0].pk))
    with page.expect_navigation():
        page.locator("form[action$='/actions/new/'] button[type=submit]").click()
    action = ActionItem.objects.get(meeting=s.meeting)
    assert page.locator(f"#actions button[formaction$='/actions/{action.pk}/status/']").count()

    # Follow up: close the meeting; the minutes are one click away; no check-in any more.
    _press_status_button(page, MeetingStatus.CLOSED)
    assert _status(page) == MeetingStatus.CLOSED
    assert _phase(page) == "follow_up"
    assert page.locator(f"#minutes a[href='{meeting_url}minutes/']").count() == 1
    assert page.locator("button[name=undo]").count() == 0
    assert page.locator("[data-expected]").count() == 0
    assert path_of(page.url).startswith(meeting_url)
    _all_phases_checked(page, page_log, axe_source, "follow up")
    assert page_log.failed_responses == []
