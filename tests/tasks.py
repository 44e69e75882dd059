"""Running the task queue in tests, through the worker's own code.

``run_tasks()`` does what ``samverk worker`` does, synchronously: it claims each due task of
the database backend the way django-tasks-db's worker does (``DBTaskResult.claim``) and runs it
with the library's ``Worker.run_task``, until none is due. Because tests run inside a
transaction, the commits a worker makes are simulated: callbacks registered with
``transaction.on_commit`` during a task (a retry being enqueued) run when the task ends.

``tick(now)`` is the worker's periodic check, the same way.

A task is due when its ``run_after`` has passed at ``now`` (default: the clock), so a test
can run the retry that back-off put a minute ahead by passing that time explicitly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db.models import Q
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

from samverk.core import worker

RunTasks = Callable[..., int]


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def claim_next(worker_id: str, now: dt.datetime | None = None) -> DBTaskResult | None:
    """Take the next due task as a worker does (it is then RUNNING, held by ``worker_id``)."""
    due = DBTaskResult.objects.filter(status="READY").filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=now or timezone.now())
    )
    with exclusive_transaction(due.db):
        task = due.get_locked()
        if task is not None:
            task.claim(worker_id)
    return task


def run_tasks(now: dt.datetime | None = None, worker_id: str = "test-worker") -> int:
    """Run every task that is due at ``now``; returns how many ran."""
    worker = _worker(worker_id)
    count = 0
    while True:
        with TestCase.captureOnCommitCallbacks(execute=True):
            task = claim_next(worker_id, now)
            if task is None:
                return count
            worker.run_task(task)
        count += 1


def tick(now: dt.datetime) -> None:
    """The worker's periodic check at ``now`` (lost mail, daily jobs), its commits simulated."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        worker.tick(now)


@pytest.fixture(name="run_tasks")
def run_tasks_fixture() -> RunTasks:
    return run_tasks
