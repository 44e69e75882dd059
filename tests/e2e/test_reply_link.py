"""Inviting and the personal one-click reply, in the browser: the coordinator checks whom the
invitation goes to and sends it; the worker mails it over real SMTP; a partner opens the link
from the mail WITHOUT signing in and replies with one click. axe-core on both pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Meeting, Rsvp
from samverk.meetings.tests.factories import MeetingFactory, at
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from tests.e2e.conftest import PageLog, log_in_with_cookie, path_of
from tests.e2e.test_accessibility import FAILING_IMPACTS, _axe, _format
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = "Europe/Oslo"


def _check_axe(page: Any, axe_source: Any) -> None:
    page.add_script_tag(path=str(axe_source))
    violations = _axe(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, _format(failing)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_partner_replies_with_the_link_from_the_mail_without_signing_in(
    browser: Any,
    page: Any,
    page_log: PageLog,
    live_server: Any,
    axe_source: Any,
    smtp_inbox: Inbox,
    run_tasks: RunTasks,
) -> None:
    network = NetworkFactory.create(
        name="Hordaland", time_zone=ZONE, language="en", contact_email="post@hordaland.example"
    )
    arena = ArenaFactory.create(network=network, name="Styringsgruppe")
    member = OrganisationFactory.create(network=network, name="Vestland fylkeskommune")
    silent = OrganisationFactory.create(network=network, name="Stille AS")
    arena.members.set([member, silent])
    kari = PersonFactory.create(organisation=member, name="Kari Nordmann", email="kari@example.no")
    MandateFactory.create(membership=MembershipFactory.create(organisation=member), person=kari)
    MandateFactory.create(
        membership=MembershipFactory.create(organisation=silent),
        person=PersonFactory.create(organisation=silent, name="Uten E-post", email=""),
    )
    day = clock.today_in(ZONE) + dt.timedelta(days=10)
    meeting = MeetingFactory.create(
        arena=arena,
        title="Styringsgruppemøte",
        starts_at=at(day, 10, ZONE),
        ends_at=at(day, 12, ZONE),
        venue="Bergen rådhus",
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    log_in_with_cookie(page.context, live_server.url, coordinator)

    # The coordinator sees whom the invitation goes to, then sends it.
    page.goto(f"/n/{network.slug}/meetings/{meeting.pk}/invite/")
    assert page.locator("tr[data-recipient]").count() == 1
    assert "Kari Nordmann" in page.locator("tr[data-recipient]").inner_text()
    assert "Stille AS" in page.locator("[data-no-email]").inner_text()
    _check_axe(page, axe_source)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation to 1 person").click()
    assert "The invitation is queued for 1 person" in page.locator("#sent").inner_text()
    _check_axe(page, axe_source)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.INVITED

    # The worker sends it; the link is taken from the mail as it arrived.
    assert run_tasks() == 1
    [mail] = smtp_inbox.messages
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(r"https?://\S+/r/[^/\s]+/", body.get_content())
    assert match is not None
    link = path_of(match[0])

    # A fresh browser: nobody is signed in.
    context = browser.new_context(locale="en", base_url=live_server.url, bypass_csp=True)
    partner = context.new_page()
    try:
        partner.goto(link)
        assert "/accounts/login/" not in partner.url
        assert partner.locator("main h1").inner_text() == "Styringsgruppemøte"
        assert "Bergen rådhus" in partner.locator("main").inner_text()
        _check_axe(partner, axe_source)
        with partner.expect_navigation():
            partner.get_by_role("button", name="I will come").click()
        status = partner.locator("[data-recorded]")
        assert "Your reply has been recorded." in status.inner_text()
        assert "Kari Nordmann" in status.inner_text()
        _check_axe(partner, axe_source)
    finally:
        context.close()
    rsvp = Rsvp.objects.get(meeting=meeting)
    assert (rsvp.organisation, rsvp.answer, rsvp.person) == (member, "principal", kari)
    assert not page_log.static_problems()
