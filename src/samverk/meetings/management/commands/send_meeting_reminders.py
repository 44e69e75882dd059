"""``samverk send_meeting_reminders [--days N]``: reminder emails, for a scheduler to run once a
day (cron, systemd timer).

* Meetings: every invited meeting that starts exactly N days from today (both dates in the
  meeting's network's time zone) — a reminder with the current ``.ics`` to every invitee.
  Because the match is on one date, a daily run reminds once per meeting.
* Overdue actions (open or in progress, due before today in the network's time zone) — one
  email per network and recipient listing their overdue actions, to the owner person or,
  when there is no owner person with an email, to the owner organisation's mandate holders.
  These repeat on every run while the action stays overdue: run the command once a day and
  each owner gets at most one reminder a day. Nothing is recorded about sent reminders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverk.core import clock
from samverk.meetings import notifications
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import ActionItem, Meeting


def meetings_due(days: int, now: dt.datetime) -> list[Meeting]:
    """Invited meetings whose network-local start date is ``days`` after the network's today."""
    window_start = now + dt.timedelta(days=days - 2)
    window_end = now + dt.timedelta(days=days + 2)
    candidates = (
        Meeting.objects.filter(
            status=MeetingStatus.INVITED,
            starts_at__gte=window_start,
            starts_at__lt=window_end,
        )
        .select_related("network")
        .order_by("starts_at", "pk")
    )
    return [
        meeting
        for meeting in candidates
        if clock.local_date(meeting.starts_at, meeting.network.time_zone)
        == clock.network_today(meeting.network, now) + dt.timedelta(days=days)
    ]


def overdue_actions(now: dt.datetime) -> list[ActionItem]:
    """Open actions due before today in their network's time zone."""
    return list(
        ActionItem.objects.overdue(now)
        .select_related("network", "meeting", "owner_person", "owner_organisation")
        .order_by("network_id", "due_date", "pk")
    )


class Command(BaseCommand):
    help = (
        "Send reminder emails: for invited meetings that start in exactly N days (default 7) "
        "and for overdue actions. Meant to run once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Remind of meetings that start this many days from today (default 7).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        now = timezone.now()
        meetings = meetings_due(days, now)
        meeting_emails = sum(
            notifications.send_meeting_reminder(meeting, days=days) for meeting in meetings
        )
        actions = overdue_actions(now)
        action_emails = notifications.send_action_reminders(actions, now=now)
        self.stdout.write(
            f"Sent {meeting_emails} meeting reminder(s) for {len(meetings)} meeting(s) in "
            f"{days} day(s) and {action_emails} action reminder(s) for {len(actions)} "
            "overdue action(s)."
        )
