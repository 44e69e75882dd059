"""Invitations, updates, cancellations and reminders are queued with the change and travel,
through the worker, over real SMTP (aiosmtpd) with the .ics attached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from icalendar import Calendar

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import Network, OutgoingMail
from samverk.meetings import services
from samverk.meetings.choices import ActionStatus, MeetingStatus
from samverk.meetings.models import Meeting
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    at,
)
from samverk.networks.models import Arena, Organisation
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
Capture = Callable[..., Any]


@dataclass
class Setting:
    network: Network
    arena: Arena
    member_a: Organisation
    member_b: Organisation
    coordinator: User


def oslo_today() -> dt.date:
    """The network's today: the reminder command runs on the real day, so the meetings and
    actions are placed relative to it."""
    return clock.today_in("Europe/Oslo")


@pytest.fixture
def world() -> Setting:
    """An Oslo network whose arena has two member organisations with three mandate holders
    with email (kari, ola, per), and people who must not be invited."""
    network = NetworkFactory.create(name="Hordaland", time_zone="Europe/Oslo", language="nb")
    arena = ArenaFactory.create(network=network, name="Styringsgruppe")
    member_a = OrganisationFactory.create(network=network, name="Vestland fylkeskommune")
    member_b = OrganisationFactory.create(network=network, name="NAV Vestland")
    outsider = OrganisationFactory.create(network=network, name="Bedrift AS")
    arena.members.set([member_a, member_b])
    membership_a = MembershipFactory.create(organisation=member_a)
    membership_b = MembershipFactory.create(organisation=member_b)
    membership_out = MembershipFactory.create(organisation=outsider)
    MandateFactory.create(
        membership=membership_a, person__name="Kari", person__email="kari@example.no"
    )
    MandateFactory.create(
        membership=membership_a,
        person__name="Ola",
        person__email="ola@example.no",
        role="deputy",
        decision_authorised=False,
    )
    MandateFactory.create(
        membership=membership_b, person__name="Per", person__email="per@example.no"
    )
    # Not invited: an ended mandate, no email, no mandate, a non-member's mandate.
    MandateFactory.create(
        membership=membership_b,
        person__email="ended@example.no",
        valid_from=dt.date(2023, 1, 1),
        valid_until=dt.date(2024, 12, 31),
    )
    MandateFactory.create(membership=membership_b, person__email="")
    PersonFactory.create(organisation=member_a, email="nomandate@example.no")
    MandateFactory.create(membership=membership_out, person__email="outsider@example.no")
    # Another network's arena with the same kind of people.
    other = ArenaFactory.create(name="Plenum")
    other_member = OrganisationFactory.create(network=other.network)
    other.members.set([other_member])
    MandateFactory.create(
        membership=MembershipFactory.create(organisation=other_member),
        person__email="other@example.de",
    )
    return Setting(
        network=network,
        arena=arena,
        member_a=member_a,
        member_b=member_b,
        coordinator=user_with_role(network, RoleKind.COORDINATOR),
    )


def meeting_in(world: Setting, days: int = 20, **kwargs: Any) -> Meeting:
    day = oslo_today() + dt.timedelta(days=days)
    fields: dict[str, Any] = {
        "arena": world.arena,
        "title": "Styringsgruppemøte mars",
        "starts_at": at(day, 10, "Europe/Oslo"),
        "ends_at": at(day, 12, "Europe/Oslo"),
        "venue": "Bergen rådhus",
    }
    fields.update(kwargs)
    return MeetingFactory.create(**fields)


def ics_of(message: EmailMessage) -> tuple[str, Calendar]:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    return str(part.get_param("method")), Calendar.from_ical(part.get_content())


def recipients(inbox: Inbox) -> list[str]:
    return sorted(str(m["To"]) for m in inbox.messages)


INVITEES = ["kari@example.no", "ola@example.no", "per@example.no"]


def test_inviting_mails_every_mandate_holder_once_with_the_ics(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting = meeting_in(world)
    AgendaItemFactory.create(meeting=meeting, position=1, title="Kompetansebehov 2027")

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            actor=world.coordinator, meeting=meeting, status=MeetingStatus.INVITED
        )
    assert smtp_inbox.messages == []  # queued; the worker sends them
    assert run_tasks() == 3

    assert recipients(smtp_inbox) == INVITEES
    for message in smtp_inbox.messages:
        assert "Styringsgruppemøte mars" in str(message["Subject"])
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        assert "Styringsgruppemøte mars" in text
        assert "Bergen rådhus" in text
        assert "1. Kompetansebehov 2027" in text
        assert "10:00" in text  # the network's time zone, not UTC
        assert "Europe/Oslo" in text
        method, calendar = ics_of(message)
        assert method == "REQUEST"
        assert str(calendar["METHOD"]) == "REQUEST"
        event = calendar.events[0]
        assert str(event["UID"]) == f"{meeting.uid}@samverk"
        assert event.decoded("SEQUENCE") == 0
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
        assert [str(a) for a in event.attendees] == [f"mailto:{message['To']}"]


def test_the_mails_are_queued_with_the_change_and_enqueued_only_after_the_commit(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting = meeting_in(world)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.change_status(
            actor=world.coordinator, meeting=meeting, status=MeetingStatus.INVITED
        )

    queued = OutgoingMail.objects.order_by("pk")
    assert [(m.kind, m.to, m.status, m.network, m.created_by) for m in queued] == [
        ("meetings.invitation", [address], "queued", world.network, world.coordinator)
        for address in INVITEES
    ]
    assert len(callbacks) == 3  # one task per mail, enqueued once committed
    assert run_tasks() == 0
    assert smtp_inbox.messages == []


def test_an_update_after_a_time_change_has_sequence_1(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting = meeting_in(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            actor=world.coordinator, meeting=meeting, status=MeetingStatus.INVITED
        )
    run_tasks()
    smtp_inbox.messages.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            actor=world.coordinator,
            meeting=meeting,
            starts_at=meeting.starts_at + dt.timedelta(hours=2),
            ends_at=meeting.ends_at + dt.timedelta(hours=2),
        )
    run_tasks()

    assert recipients(smtp_inbox) == INVITEES
    for message in smtp_inbox.messages:
        assert "Styringsgruppemøte mars" in str(message["Subject"])
        method, calendar = ics_of(message)
        assert method == "REQUEST"
        event = calendar.events[0]
        assert event.decoded("SEQUENCE") == 1
        assert event.decoded("DTSTART").astimezone(OSLO).time() == dt.time(12)


def test_a_change_that_is_not_in_the_calendar_sends_nothing(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(actor=world.coordinator, meeting=meeting, purpose="Sharper.")
    run_tasks()

    assert smtp_inbox.messages == []
    assert not OutgoingMail.objects.exists()


def test_cancelling_an_invited_meeting_sends_method_cancel(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            actor=world.coordinator, meeting=meeting, status=MeetingStatus.CANCELLED
        )
    run_tasks()

    assert recipients(smtp_inbox) == INVITEES
    for message in smtp_inbox.messages:
        assert "Styringsgruppemøte mars" in str(message["Subject"])
        method, calendar = ics_of(message)
        assert method == "CANCEL"
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(calendar.events[0]["STATUS"]) == "CANCELLED"
        assert calendar.events[0].decoded("SEQUENCE") == 1


def test_cancelling_a_meeting_that_was_never_invited_sends_nothing(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting = meeting_in(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            actor=world.coordinator, meeting=meeting, status=MeetingStatus.CANCELLED
        )
    run_tasks()

    assert smtp_inbox.messages == []


def test_reminders_go_to_invitees_of_meetings_n_days_ahead_and_owners_of_overdue_actions(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    due = meeting_in(world, days=3, title="In three days", status=MeetingStatus.INVITED)
    meeting_in(world, days=4, title="In four days", status=MeetingStatus.INVITED)
    meeting_in(world, days=2, title="In two days", status=MeetingStatus.INVITED)
    meeting_in(world, days=3, title="Only planned", status=MeetingStatus.PLANNED)
    meeting_in(world, days=3, title="Cancelled", status=MeetingStatus.CANCELLED)
    past = meeting_in(world, days=-30, title="Last meeting", status=MeetingStatus.CLOSED)
    yesterday = oslo_today() - dt.timedelta(days=1)
    owner = PersonFactory.create(
        organisation=world.member_a, name="Ingrid", email="ingrid@example.no"
    )
    ActionItemFactory.create(
        meeting=past, title="Send the survey", owner_person=owner, due_date=yesterday
    )
    ActionItemFactory.create(
        meeting=past, title="Collect figures", owner_organisation=world.member_b, due_date=yesterday
    )
    ActionItemFactory.create(
        meeting=past,
        title="Done already",
        owner_person=owner,
        due_date=yesterday,
        status=ActionStatus.DONE,
    )
    ActionItemFactory.create(
        meeting=past, title="Due today", owner_person=owner, due_date=oslo_today()
    )
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", "--days", "3", stdout=out)
    run_tasks()

    reminders = [m for m in smtp_inbox.messages if "In three days" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in reminders) == INVITEES
    for message in reminders:
        method, calendar = ics_of(message)
        assert method == "REQUEST"
        assert str(calendar.events[0]["UID"]) == f"{due.uid}@samverk"
    actions = [m for m in smtp_inbox.messages if m not in reminders]
    assert sorted(str(m["To"]) for m in actions) == ["ingrid@example.no", "per@example.no"]
    by_recipient = {str(m["To"]): m.get_content() for m in actions}
    assert "Send the survey" in by_recipient["ingrid@example.no"]
    assert "Done already" not in by_recipient["ingrid@example.no"]
    assert "Due today" not in by_recipient["ingrid@example.no"]
    assert "Collect figures" in by_recipient["per@example.no"]
    assert out.getvalue() == (
        "Queued 3 meeting reminder(s) for 1 meeting(s) in 3 day(s).\n"
        "Queued 2 action reminder(s) for 2 overdue action(s).\n"
    )


def test_the_reminder_command_defaults_to_seven_days_and_sends_nothing_else(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting_in(world, days=7, title="Next week", status=MeetingStatus.INVITED)
    meeting_in(world, days=6, title="In six days", status=MeetingStatus.INVITED)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", stdout=out)
    run_tasks()

    assert recipients(smtp_inbox) == INVITEES
    assert all("Next week" in str(m["Subject"]) for m in smtp_inbox.messages)
    assert out.getvalue() == (
        "Queued 3 meeting reminder(s) for 1 meeting(s) in 7 day(s).\n"
        "Queued 0 action reminder(s) for 0 overdue action(s).\n"
    )


def test_the_reminder_command_queues_nothing_twice_on_one_day(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    meeting_in(world, days=7, title="Next week", status=MeetingStatus.INVITED)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", stdout=StringIO())
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", stdout=out)
    run_tasks()

    assert recipients(smtp_inbox) == INVITEES
    assert out.getvalue() == (
        "Meeting reminders were already queued today.\n"
        "Action reminders were already queued today.\n"
    )


def test_the_coordinator_is_told_the_invitations_are_queued_not_sent(
    world: Setting,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
    client: Any,
) -> None:
    meeting = meeting_in(world)
    client.force_login(world.coordinator)
    client.cookies["samverk_language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/n/{world.network.slug}/meetings/{meeting.pk}/status/",
            {"status": MeetingStatus.INVITED},
            follow=True,
        )

    assert [str(m) for m in response.context["messages"]] == [
        "Status changed.",
        "Invitations queued for 3 recipients.",
    ]
    assert smtp_inbox.messages == []
    run_tasks()
    assert recipients(smtp_inbox) == INVITEES
