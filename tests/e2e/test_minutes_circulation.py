"""In the browser: a coordinator writes the minutes from the generated draft (live preview),
saves them, circulates them, and the mail with the PDF arrives through the real SMTP server
once the worker has run. The minutes edit page passes axe at phone and desktop width."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.meetings import services
from samverk.meetings.choices import MeetingStatus
from samverk.networks import services as network_services
from samverk.networks.choices import OrganisationKind
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_meetings_accessibility import _check
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = pytest.mark.django_db(transaction=True)


def _held_meeting() -> dict[str, Any]:
    network = NetworkFactory.create(
        name="Kompetanseforum Vestland",
        slug="vestland",
        time_zone="Europe/Oslo",
        contact_email="post@vestland.example",
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Kari Nordmann")
    bergen = network_services.create_organisation(
        actor=coordinator,
        network=network,
        name="Bergen kommune",
        kind=OrganisationKind.MUNICIPALITY,
    )
    membership = network_services.add_membership(
        actor=coordinator, organisation=bergen, since=dt.date(2024, 1, 1)
    )
    ingrid = network_services.create_person(
        actor=coordinator,
        organisation=bergen,
        name="Ingrid Haugland",
        email="ingrid@bergen.example",
    )
    network_services.add_mandate(
        actor=coordinator, membership=membership, person=ingrid, valid_from=dt.date(2024, 1, 1)
    )
    arena = network_services.create_arena(
        actor=coordinator,
        network=network,
        name="Styringsgruppe",
        kind="steering_group",
        members=[bergen],
    )
    start = timezone.now() - dt.timedelta(days=2)
    meeting = services.schedule_meeting(
        actor=coordinator,
        arena=arena,
        title="Styringsgruppemøte",
        purpose="Agree the annual theme.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        services.change_status(actor=coordinator, meeting=meeting, status=status)
    services.check_in(actor=coordinator, meeting=meeting, person=ingrid)
    services.add_agenda_item(actor=coordinator, meeting=meeting, title="Annual theme")
    services.change_status(actor=coordinator, meeting=meeting, status=MeetingStatus.CLOSED)
    return {"network": network, "coordinator": coordinator, "meeting": meeting}


def test_a_coordinator_writes_and_circulates_the_minutes_and_the_mail_arrives(
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
    smtp_inbox: Inbox,
    run_tasks: RunTasks,
) -> None:
    data = _held_meeting()
    meeting = data["meeting"]
    log_in_with_cookie(browser_context, live_server.url, data["coordinator"])
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet
    base = f"/n/vestland/meetings/{meeting.pk}/minutes/"
    run_tasks()  # the invitations of the setup go out first
    smtp_inbox.messages.clear()

    page.goto(base)
    with page.expect_navigation():
        page.get_by_role("link", name="Write the minutes").click()

    # The editor opens with the draft generated from the meeting, and nothing saved yet.
    textarea = page.locator("#id_text")
    draft = textarea.input_value()
    assert draft.startswith("# Minutes: Styringsgruppemøte")
    assert "- Bergen kommune: Ingrid Haugland" in draft
    assert "### 1. Annual theme" in draft
    _check(page, page_log, axe_source, "minutes edit (generated draft)")
    page.set_viewport_size({"width": 1024, "height": 768})

    # Live preview: typing updates the rendered text without leaving the page.
    textarea.press("End")
    textarea.press("Control+End")
    with page.expect_response(lambda r: r.url.endswith("/minutes/preview/")):
        textarea.type("\n\n**Agreed:** the theme is skills.")
    page.wait_for_selector("#minutes-preview strong")
    assert "Agreed:" in page.locator("#minutes-preview strong").inner_text()
    assert page.url.endswith(base + "edit/")

    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert "Saved as version 1." in page.locator("main").inner_text()

    # Circulate: the page says whom it goes to first, then what happened.
    circulate = page.locator("section[aria-labelledby=circulate-heading]")
    assert "Ingrid Haugland (Bergen kommune)" in circulate.inner_text()
    deadline = clock.network_today(meeting.network) + dt.timedelta(days=14)
    assert page.locator("#id_circulate-objection_deadline").input_value() == deadline.isoformat()
    with page.expect_navigation():
        circulate.get_by_role("button", name="Circulate the minutes").click()
    main = page.locator("main").inner_text()
    assert "The minutes are circulated: queued for 1 recipient." in main
    assert smtp_inbox.messages == []  # queued: the worker sends it

    assert run_tasks() == 1
    [message] = smtp_inbox.messages
    assert str(message["To"]) == "ingrid@bergen.example"
    assert str(message["From"]) == "post@vestland.example"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().startswith("minutes-")
    assert attachment.get_content().startswith(b"%PDF-")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert f"{live_server.url}{base}" in body.get_content()

    page.reload()
    assert page.locator("[data-mail-status=sent]").count() == 1
    assert "to 1 person; objections until" in page.locator("main").inner_text()
    assert page_log.console_errors == []
    assert page_log.csp_violations == []
