"""``samverk worker``: sends queued mail and runs the daily jobs.

django-tasks-db's ``db_worker`` (every option of it works here: ``--batch``, ``--interval``,
``--worker-id`` …) plus samverk's periodic check every ``--tick`` seconds (mail whose task was
lost, daily meeting and action reminders). Run one or more in production (docs/configuration.md).
With ``--batch`` the check runs once, then every due task, then the command ends.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from samverk.core.worker import PeriodicThread, tick


class Command(DbWorkerCommand):
    help = (
        "Run samverk's background worker: send queued mail (retrying when the mail server "
        "fails) and run the daily jobs (meeting and action reminders)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:  # type: ignore[override]
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            type=float,
            default=60.0,
            help="Seconds between two periodic checks (lost mail, daily jobs); default 60.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options.pop("tick")
        if options["batch"]:
            tick()
            super().handle(*args, **options)
            return
        # With --reload the parent process only watches files: the check runs in the child.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            thread = PeriodicThread(interval)
            thread.start()
        super().handle(*args, **options)
