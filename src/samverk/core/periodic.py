"""Daily jobs that the worker runs itself (no cron line to remember).

Apps register their jobs in ``AppConfig.ready`` with ``register_daily``. The worker's
periodic check (``samverk.core.worker.tick``) calls ``run_daily_jobs``: from ``DAILY_JOBS_HOUR``
(in ``TIME_ZONE``) on, each job runs once for the day. The ``DailyJobRun`` row for the job and
day is written in the same transaction as everything the job does (e.g. the reminder mails it
queues), under a unique key: two workers, or a worker that restarts, never run a job twice for
a day, and a job that dies half-way leaves nothing behind and runs again on the next check.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from samverk.core.models import DailyJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[dt.datetime], str]
    """Does the day's work for the moment ``now``; returns a one-line summary."""


_JOBS: dict[str, DailyJob] = {}


def register_daily(name: str, run: Callable[[dt.datetime], str]) -> None:
    _JOBS[name] = DailyJob(name=name, run=run)


def daily_jobs() -> list[DailyJob]:
    return [_JOBS[name] for name in sorted(_JOBS)]


def local_day(now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def job_day(now: dt.datetime) -> dt.date | None:
    """The day whose jobs are due at ``now``, or None before ``DAILY_JOBS_HOUR``."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    return local.date() if local.hour >= settings.DAILY_JOBS_HOUR else None


def run_once(
    name: str, day: dt.date, now: dt.datetime, run: Callable[[dt.datetime], str]
) -> DailyJobRun | None:
    """Run ``run(now)`` as job ``name`` for ``day`` unless that has already been done; the run
    and its record commit together. Returns the record, or None when it had already run."""
    with transaction.atomic():
        record, created = DailyJobRun.objects.get_or_create(
            job=name, day=day, defaults={"started_at": now}
        )
        if not created:
            return None
        record.summary = run(now)
        record.save(update_fields=["summary"])
    logger.info("Daily job %s for %s: %s", name, day.isoformat(), record.summary)
    return record


def run_daily_jobs(now: dt.datetime) -> list[DailyJobRun]:
    """Run each daily job that has not run yet for the day of ``now``; returns the runs."""
    day = job_day(now)
    if day is None:
        return []
    runs = []
    for job in daily_jobs():
        try:
            record = run_once(job.name, day, now, job.run)
        except Exception:
            logger.exception("Daily job %s failed; the next check tries it again", job.name)
            continue
        if record is not None:
            runs.append(record)
    return runs
