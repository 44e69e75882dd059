"""Reminder mails, queued once a day by the worker's daily jobs (``MeetingsConfig.ready``
registers them) or by hand with ``samverk send_meeting_reminders``.

* Meetings: every invited meeting that starts exactly N days (``MEETING_REMINDER_DAYS``) from
  today (both dates in the meeting's network's time zone) — a reminder with the current
  ``.ics`` to every invitee. Because the match is on one date, a daily run reminds once per
  meeting.
* Overdue actions (open or in progress, due before today in the network's time zone) — one
  email per network and recipient listing their overdue actions, to the owner person or,
  when there is no owner person with an email, to the owner organisation's mandate holders.
  These repeat every day while the action stays overdue: each owner gets at most one a day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from samverk.core import clock
from samverk.meetings import notifications
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import ActionItem, Meeting

MEETING_REMINDERS_JOB = "meetings.meeting_reminders"
ACTION_REMINDERS_JOB = "meetings.action_reminders"


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


def queue_meeting_reminders(now: dt.datetime, days: int | None = None) -> tuple[int, int]:
    """Queue the reminders of meetings ``days`` ahead; returns (mails, meetings)."""
    days = settings.MEETING_REMINDER_DAYS if days is None else days
    meetings = meetings_due(days, now)
    mails = sum(notifications.queue_meeting_reminder(meeting, days=days) for meeting in meetings)
    return mails, len(meetings)


def queue_action_reminders(now: dt.datetime) -> tuple[int, int]:
    """Queue the overdue-action reminders; returns (mails, actions)."""
    actions = overdue_actions(now)
    return notifications.queue_action_reminders(actions, now=now), len(actions)


def meeting_reminders_job(now: dt.datetime) -> str:
    mails, meetings = queue_meeting_reminders(now)
    return f"{mails} meeting reminder(s) queued for {meetings} meeting(s)"


def action_reminders_job(now: dt.datetime) -> str:
    mails, actions = queue_action_reminders(now)
    return f"{mails} action reminder(s) queued for {actions} overdue action(s)"
