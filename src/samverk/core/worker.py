"""What the worker does besides running queued tasks: the periodic check.

``samverk worker`` is django-tasks-db's ``db_worker`` (it claims and runs the queued tasks)
with a thread that calls ``tick`` every ``--tick`` seconds: it recovers mail whose task was
lost and runs the daily jobs that are due (``samverk.core.periodic``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

from samverk.core import email, periodic

logger = logging.getLogger(__name__)


TASK_RESULTS_KEPT = dt.timedelta(days=30)
PRUNE_JOB = "core.prune_task_results"


def prune_task_results(now: dt.datetime) -> str:
    """Daily job: forget finished task records older than 30 days (the mails themselves stay,
    with their state, in OutgoingMail)."""
    from django_tasks_db.models import DBTaskResult

    deleted, _by_model = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=now - TASK_RESULTS_KEPT
    ).delete()
    return f"{deleted} finished task record(s) removed"


def tick(now: dt.datetime | None = None) -> None:
    """One periodic check at ``now``."""
    now = now or timezone.now()
    email.recover_stalled(now)
    periodic.run_daily_jobs(now)


class PeriodicThread(threading.Thread):
    """Calls ``tick`` every ``interval`` seconds until stopped (a daemon: it ends with the
    worker; a check cut off half-way is rolled back by the database)."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="samverk-periodic", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            close_old_connections()
            try:
                tick()
            except Exception:
                logger.exception("The periodic check failed; it runs again in %ss", self.interval)
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)
        connection.close()

    def stop(self) -> None:
        self.stopped.set()
