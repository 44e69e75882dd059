"""Mail that is never lost: queued with the change, sent by the worker over real SMTP
(aiosmtpd), retried with back-off when the server refuses, recovered when a worker dies, and
never sent twice by two tasks."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverk.core import email
from samverk.core.models import OutgoingMail
from samverk.networks.tests.factories import NetworkFactory
from tests.smtp import Inbox
from tests.tasks import RunTasks, claim_next, tick

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
KIND = "test.notice"


def queue(
    capture: Capture, to: Sequence[str] = ("kari@example.no",), **kwargs: Any
) -> OutgoingMail:
    """A mail queued in a transaction that commits."""
    fields: dict[str, Any] = {
        "kind": KIND,
        "subject": "Styringsgruppe: new date",
        "body": "The meeting moves to Thursday.",
        "network": None,
    }
    fields.update(kwargs)
    with capture(execute=True):
        mail = email.queue_mail(to=to, **fields)
    assert mail is not None
    return mail


def fresh(mail: OutgoingMail) -> OutgoingMail:
    return OutgoingMail.objects.get(pk=mail.pk)


def tasks() -> list[tuple[str, list[Any]]]:
    return [
        (t.status, t.args_kwargs["args"])
        for t in DBTaskResult.objects.order_by("enqueued_at", "id")
    ]


def test_a_queued_mail_goes_out_through_the_worker_with_its_parts(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    network = NetworkFactory.create(name="Hordaland")
    mail = queue(
        django_capture_on_commit_callbacks,
        to=["kari@example.no", "ola@example.no"],
        network=network,
        html="<p>The meeting moves to <b>Thursday</b>.</p>",
        attachments=[
            {"filename": "invitation.ics", "mimetype": "text/calendar", "content": "BEGIN:VCAL"},
            {
                "filename": "plan.bin",
                "mimetype": "application/octet-stream",
                "content": base64.b64encode(b"\x00\x01plan").decode(),
                "encoding": "base64",
            },
        ],
    )
    assert (mail.status, mail.attempts, mail.network) == ("queued", 0, network)
    assert tasks() == [("READY", [mail.pk, 1])]
    assert smtp_inbox.messages == []

    assert run_tasks() == 1

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "kari@example.no, ola@example.no"
    assert message["Subject"] == "Styringsgruppe: new date"
    assert message["Message-ID"] == mail.message_id
    assert message["Message-ID"].endswith("@localhost>")
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and text.get_content() == "The meeting moves to Thursday."
    assert html is not None and "<b>Thursday</b>" in html.get_content()
    parts = {p.get_filename(): p for p in message.iter_attachments()}
    assert parts["invitation.ics"].get_content() == "BEGIN:VCAL"
    assert parts["plan.bin"].get_content() == b"\x00\x01plan"
    sent = fresh(mail)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, "")
    assert sent.sent_at is not None and sent.next_attempt_at is None
    assert tasks() == [("SUCCESSFUL", [mail.pk, 1])]


def test_the_first_attempt_refused_the_mail_arrives_on_the_retry_a_minute_later(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    smtp_inbox.refusals = ["451 4.3.0 Mailbox busy, try again later"]
    mail = queue(django_capture_on_commit_callbacks)

    assert run_tasks() == 1

    waiting = fresh(mail)
    assert smtp_inbox.messages == []
    assert (waiting.status, waiting.attempts) == ("queued", 1)
    assert waiting.last_error == "451 4.3.0 Mailbox busy, try again later"
    assert waiting.last_attempt_at is not None and waiting.next_attempt_at is not None
    assert waiting.next_attempt_at - waiting.last_attempt_at == dt.timedelta(minutes=1)
    retry = DBTaskResult.objects.get(status="READY")
    assert (retry.args_kwargs["args"], retry.run_after) == ([mail.pk, 2], waiting.next_attempt_at)
    # Not before its time …
    assert run_tasks(now=waiting.next_attempt_at - dt.timedelta(seconds=1)) == 0
    assert smtp_inbox.messages == []

    # … and then it goes out, once.
    assert run_tasks(now=waiting.next_attempt_at) == 1
    assert run_tasks(now=waiting.next_attempt_at + dt.timedelta(days=1)) == 0

    assert [m["Subject"] for m in smtp_inbox.messages] == ["Styringsgruppe: new date"]
    assert smtp_inbox.attempts == 2
    sent = fresh(mail)
    assert (sent.status, sent.attempts) == ("sent", 2)
    assert sent.last_error == "451 4.3.0 Mailbox busy, try again later"  # what was retried


def test_a_mail_server_that_is_down_gets_the_mail_once_it_is_back(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    mail = queue(django_capture_on_commit_callbacks)
    smtp_inbox.stop()

    run_tasks()
    waiting = fresh(mail)
    assert (waiting.status, waiting.attempts) == ("queued", 1)
    assert waiting.last_error.startswith("ConnectionRefusedError: ")

    smtp_inbox.start()
    assert waiting.next_attempt_at is not None
    run_tasks(now=waiting.next_attempt_at)

    assert len(smtp_inbox.messages) == 1
    assert fresh(mail).status == "sent"


def test_back_off_doubles_until_the_last_attempt_then_the_mail_has_failed(
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
    settings: Any,
) -> None:
    settings.MAIL_MAX_ATTEMPTS = 4
    smtp_inbox.refusals = [f"421 4.7.0 Too busy ({n})" for n in range(1, 6)]
    mail = queue(django_capture_on_commit_callbacks)
    waits = []

    run_tasks()
    for _attempt in range(3):
        waiting = fresh(mail)
        assert waiting.next_attempt_at is not None and waiting.last_attempt_at is not None
        waits.append(waiting.next_attempt_at - waiting.last_attempt_at)
        run_tasks(now=waiting.next_attempt_at)

    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    failed = fresh(mail)
    assert (failed.status, failed.attempts, failed.next_attempt_at) == ("failed", 4, None)
    assert failed.last_error == "421 4.7.0 Too busy (4)"
    assert smtp_inbox.attempts == 4
    assert smtp_inbox.messages == []
    assert run_tasks(now=timezone.now() + dt.timedelta(days=30)) == 0  # nothing left to run


def test_a_recipient_refused_for_good_fails_at_once(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    smtp_inbox.refused_recipients = {"gone@example.no": "550 5.1.1 No such user"}
    mail = queue(django_capture_on_commit_callbacks, to=["gone@example.no"])

    run_tasks(now=timezone.now() + dt.timedelta(days=1))

    failed = fresh(mail)
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error == "gone@example.no: 550 5.1.1 No such user"


class DyingBackend(BaseEmailBackend):
    """The worker's process is stopped while it talks to the mail server."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise SystemExit(1)


def test_a_worker_that_dies_while_sending_loses_nothing_and_a_later_worker_sends_it_once(
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
    settings: Any,
) -> None:
    mail = queue(django_capture_on_commit_callbacks)
    smtp_backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = f"{__name__}.DyingBackend"

    run_tasks(worker_id="dying-worker")

    stuck = fresh(mail)
    assert (stuck.status, stuck.attempts) == ("sending", 1)  # no result was recorded
    assert stuck.last_attempt_at is not None
    settings.EMAIL_BACKEND = smtp_backend
    # Another worker runs: the task is gone, the mail is not lost.
    assert run_tasks() == 0
    tick(now=stuck.last_attempt_at + dt.timedelta(seconds=settings.MAIL_LEASE_SECONDS - 1))
    assert run_tasks() == 0  # still within the lease: the first worker may yet answer
    tick(now=stuck.last_attempt_at + dt.timedelta(seconds=settings.MAIL_LEASE_SECONDS + 1))
    assert run_tasks() == 1
    tick(now=stuck.last_attempt_at + dt.timedelta(days=1))
    assert run_tasks() == 0

    assert len(smtp_inbox.messages) == 1
    assert smtp_inbox.messages[0]["Message-ID"] == mail.message_id
    sent = fresh(mail)
    assert (sent.status, sent.attempts) == ("sent", 2)
    assert sent.last_error == "The worker stopped during attempt 1 without recording its result."


def test_a_worker_killed_after_taking_the_task_loses_nothing(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    mail = queue(django_capture_on_commit_callbacks)
    taken = claim_next("killed-worker")  # … and the process is killed (kill -9) right then
    assert taken is not None and taken.status == "RUNNING"
    assert taken.started_at is not None

    assert run_tasks() == 0  # the task is held by the dead worker
    tick(now=taken.started_at + dt.timedelta(minutes=5))
    assert run_tasks() == 0
    tick(now=taken.started_at + dt.timedelta(hours=1))
    assert run_tasks() == 1
    tick(now=taken.started_at + dt.timedelta(hours=2))
    assert run_tasks() == 0

    assert len(smtp_inbox.messages) == 1
    sent = fresh(mail)
    assert (sent.status, sent.attempts) == ("sent", 1)


def test_a_mail_whose_enqueue_failed_after_the_commit_is_enqueued_by_the_check(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # the commit's callback never ran
        mail = email.queue_mail(kind=KIND, to=["kari@example.no"], subject="Hello", body="Hi")
    assert mail is not None and mail.next_attempt_at is not None
    assert run_tasks() == 0

    tick(now=mail.next_attempt_at + dt.timedelta(hours=1))
    assert run_tasks() == 1

    assert len(smtp_inbox.messages) == 1


def test_a_task_that_runs_again_sends_nothing_twice(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    mail = queue(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        email.deliver_mail.enqueue(mail.pk, 1)  # the same attempt, enqueued a second time

    assert run_tasks() == 2
    with django_capture_on_commit_callbacks(execute=True):
        email.deliver_mail.enqueue(mail.pk, 1)  # and once more after it was sent
    assert run_tasks() == 1

    assert len(smtp_inbox.messages) == 1
    assert sorted(str(t.return_value) for t in DBTaskResult.objects.all()) == [
        "sent",
        "skipped",
        "skipped",
    ]
    assert fresh(mail).attempts == 1


def test_a_stale_task_does_not_jump_the_back_off(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    smtp_inbox.refusals = ["451 4.3.0 Try again later"]
    mail = queue(django_capture_on_commit_callbacks)
    run_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        email.deliver_mail.enqueue(mail.pk, 1)  # a duplicate of the failed first attempt

    run_tasks()

    assert smtp_inbox.messages == []
    assert (fresh(mail).status, fresh(mail).attempts) == ("queued", 1)


def test_a_sensitive_mail_keeps_no_secret_once_sent(
    smtp_inbox: Inbox, django_capture_on_commit_callbacks: Capture, run_tasks: RunTasks
) -> None:
    secret = "http://testserver/accounts/reset/MQ/secret-token/"
    mail = queue(
        django_capture_on_commit_callbacks, body=f"Choose a password: {secret}", sensitive=True
    )

    run_tasks()

    assert secret in smtp_inbox.messages[0].get_content()
    sent = fresh(mail)
    assert (sent.status, sent.body, sent.html, sent.attachments) == ("sent", "", "", [])
    assert sent.subject == "Styringsgruppe: new date"


def test_no_mail_is_queued_inside_no_mail(django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=True), email.no_mail():
        result = email.queue_mail(kind=KIND, to=["kari@example.no"], subject="Hi", body="Hi")

    assert result is None
    assert not OutgoingMail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_mail_without_recipients_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one recipient"):
        email.queue_mail(kind=KIND, to=["", "  "], subject="Hi", body="Hi")
