"""The worker's periodic check runs the daily jobs (meeting and action reminders) once a day,
however often it runs and however many workers there are; ``samverk worker`` sends mail."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from samverk.core import email, periodic
from samverk.core.models import DailyJobRun, OutgoingMail
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory, at
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.smtp import Inbox
from tests.tasks import RunTasks, tick

BERLIN = ZoneInfo("Europe/Berlin")
DAY = dt.date(2030, 3, 4)  # a Monday; every time in these tests is given explicitly


def berlin(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def reminders_due() -> None:
    """On DAY: an invited meeting seven days ahead with two invitees, and an overdue action
    whose owner has an email."""
    network = NetworkFactory.create(name="Barnim", time_zone="Europe/Berlin")
    arena = ArenaFactory.create(network=network, name="Plenum")
    member = OrganisationFactory.create(network=network)
    arena.members.set([member])
    membership = MembershipFactory.create(organisation=member)
    MandateFactory.create(membership=membership, person__email="anna@example.de")
    MandateFactory.create(membership=membership, person__email="bernd@example.de")
    next_week = DAY + dt.timedelta(days=7)
    MeetingFactory.create(
        arena=arena,
        title="Plenum März",
        status=MeetingStatus.INVITED,
        starts_at=at(next_week, 10),
        ends_at=at(next_week, 12),
    )
    past = MeetingFactory.create(
        arena=arena,
        title="Plenum Februar",
        status=MeetingStatus.CLOSED,
        starts_at=at(DAY - dt.timedelta(days=30), 10),
        ends_at=at(DAY - dt.timedelta(days=30), 12),
    )
    owner = PersonFactory.create(organisation=member, email="clara@example.de")
    ActionItemFactory.create(
        meeting=past, title="Survey", owner_person=owner, due_date=DAY - dt.timedelta(days=2)
    )


def queued() -> list[tuple[str, list[str]]]:
    return [(m.kind, m.to) for m in OutgoingMail.objects.order_by("kind", "to")]


REMINDERS = [
    ("meetings.action_reminder", ["clara@example.de"]),
    ("meetings.reminder", ["anna@example.de"]),
    ("meetings.reminder", ["bernd@example.de"]),
]


@pytest.mark.django_db
@pytest.mark.usefixtures("reminders_due")
def test_the_daily_jobs_run_once_a_day_however_often_the_worker_checks(settings: Any) -> None:
    settings.DAILY_JOBS_HOUR = 7

    tick(berlin(DAY, 6, 59))  # before the hour: not yet
    assert queued() == []

    tick(berlin(DAY, 7, 0))
    tick(berlin(DAY, 7, 1))  # the worker loop runs again …
    tick(berlin(DAY, 23, 59))  # … and again, late in the day

    assert queued() == REMINDERS
    assert sorted(DailyJobRun.objects.values_list("job", "day", "summary")) == [
        ("core.prune_task_results", DAY, "0 finished task record(s) removed"),
        ("events.erase_participants", DAY, "0 participants' personal data erased at 0 sites"),
        ("jobs.expire_and_remind", DAY, "0 job offer(s) expired, 0 reminder(s) queued"),
        ("meetings.action_reminders", DAY, "1 action reminder(s) queued for 1 overdue action(s)"),
        ("meetings.meeting_reminders", DAY, "2 meeting reminder(s) queued for 1 meeting(s)"),
    ]

    # The next day they run again: the action is still overdue, no meeting is due.
    tick(berlin(DAY + dt.timedelta(days=1), 8))
    assert [k for k, _to in queued()].count("meetings.action_reminder") == 2
    assert [k for k, _to in queued()].count("meetings.reminder") == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_checking_at_the_same_moment_run_a_job_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two worker threads with their own database connections start the check together; the
    job's record and its mail commit together under the unique key, so one of them runs it."""
    calls: list[str] = []

    def digest(now: dt.datetime) -> str:
        calls.append(threading.current_thread().name)
        time.sleep(0.3)  # long enough for the other worker to arrive meanwhile
        email.queue_mail(kind="test.digest", to=["kari@example.no"], subject="Digest", body="…")
        return "1 digest queued"

    monkeypatch.setattr(
        periodic, "_JOBS", {"test.digest": periodic.DailyJob("test.digest", digest)}
    )
    together = threading.Barrier(2)

    def worker() -> None:
        try:
            together.wait()
            periodic.run_daily_jobs(berlin(DAY, 9))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, name=f"worker-{n}") for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(calls) == 1
    assert OutgoingMail.objects.count() == 1
    assert list(DailyJobRun.objects.values_list("job", "day")) == [("test.digest", DAY)]


@pytest.mark.django_db
def test_a_job_that_fails_half_way_leaves_nothing_and_runs_at_the_next_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dt.datetime] = []

    def flaky(now: dt.datetime) -> str:
        calls.append(now)
        email.queue_mail(kind="test.digest", to=["kari@example.no"], subject="Digest", body="…")
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return "1 digest queued"

    monkeypatch.setattr(periodic, "_JOBS", {"test.digest": periodic.DailyJob("test.digest", flaky)})

    tick(berlin(DAY, 8))
    assert OutgoingMail.objects.count() == 0
    assert not DailyJobRun.objects.exists()

    tick(berlin(DAY, 8, 1))
    tick(berlin(DAY, 8, 2))

    assert len(calls) == 2
    assert OutgoingMail.objects.count() == 1
    assert list(DailyJobRun.objects.values_list("job", "summary")) == [
        ("test.digest", "1 digest queued")
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("reminders_due")
def test_the_daily_reminders_reach_the_smtp_server_through_the_worker(
    smtp_inbox: Inbox, run_tasks: RunTasks
) -> None:
    tick(berlin(DAY, 8))

    assert run_tasks() == 3

    assert sorted(str(m["To"]) for m in smtp_inbox.messages) == [
        "anna@example.de",
        "bernd@example.de",
        "clara@example.de",
    ]


@pytest.fixture
def restore_signals() -> Iterator[None]:
    """The worker installs its own SIGINT/SIGTERM handlers; pytest gets its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_signals")
def test_samverk_worker_sends_what_was_committed(smtp_inbox: Inbox, settings: Any) -> None:
    """The command itself, on a database where the change really committed."""
    settings.DAILY_JOBS_HOUR = 23  # the daily jobs are not this test's subject
    network = NetworkFactory.create(name="Barnim")
    email.queue_mail(
        kind="test.notice", network=network, to=["kari@example.no"], subject="Hi", body="Hello"
    )

    call_command(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "1", stdout=StringIO()
    )

    assert [str(m["To"]) for m in smtp_inbox.messages] == ["kari@example.no"]
    assert OutgoingMail.objects.get().status == "sent"


@pytest.mark.django_db
def test_finished_task_records_are_forgotten_after_thirty_days(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        old, recent, waiting = (
            email.queue_mail(kind="test.notice", to=[f"{n}@example.no"], subject=n, body=".")
            for n in ("old", "recent", "waiting")
        )
    assert old is not None and recent is not None and waiting is not None
    for mail, days in ((old, 31), (recent, 29)):
        finished = berlin(DAY, 8) - dt.timedelta(days=days)
        OutgoingMail.objects.filter(pk=mail.pk).update(status="sent", sent_at=finished)
        DBTaskResult.objects.filter(args_kwargs__args=[mail.pk, 1]).update(
            status="SUCCESSFUL", finished_at=finished
        )

    tick(berlin(DAY, 8))

    assert sorted(t.args_kwargs["args"][0] for t in DBTaskResult.objects.all()) == [
        recent.pk,
        waiting.pk,
    ]
    assert DailyJobRun.objects.get(job="core.prune_task_results").summary == (
        "1 finished task record(s) removed"
    )
    assert OutgoingMail.objects.count() == 3  # the delivery record stays
