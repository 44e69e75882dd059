"""``samverk send_meeting_reminders [--days N]``: queue today's reminder emails now.

The worker (``samverk worker``) runs these daily jobs by itself from ``DAILY_JOBS_HOUR`` on;
this command runs them earlier, by hand. Either way each job runs once a day: what the worker
or an earlier run already queued today is not queued again. The worker sends the mails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverk.core import periodic
from samverk.meetings import reminders


class Command(BaseCommand):
    help = (
        "Queue today's reminder emails (once a day; the worker does this by itself): for "
        "invited meetings that start in exactly N days (default MEETING_REMINDER_DAYS, 7) and "
        "for overdue actions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind of meetings that start this many days from today (default 7).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = settings.MEETING_REMINDER_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        now = timezone.now()
        day = periodic.local_day(now)
        counts: dict[str, tuple[int, int]] = {}

        def meetings_job(now: dt.datetime) -> str:
            counts["meetings"] = reminders.queue_meeting_reminders(now, days)
            return "{} meeting reminder(s) queued for {} meeting(s)".format(*counts["meetings"])

        def actions_job(now: dt.datetime) -> str:
            counts["actions"] = reminders.queue_action_reminders(now)
            return "{} action reminder(s) queued for {} overdue action(s)".format(
                *counts["actions"]
            )

        if periodic.run_once(reminders.MEETING_REMINDERS_JOB, day, now, meetings_job):
            mails, meetings = counts["meetings"]
            self.stdout.write(
                f"Queued {mails} meeting reminder(s) for {meetings} meeting(s) in {days} day(s)."
            )
        else:
            self.stdout.write("Meeting reminders were already queued today.")
        if periodic.run_once(reminders.ACTION_REMINDERS_JOB, day, now, actions_job):
            mails, actions = counts["actions"]
            self.stdout.write(f"Queued {mails} action reminder(s) for {actions} overdue action(s).")
        else:
            self.stdout.write("Action reminders were already queued today.")
