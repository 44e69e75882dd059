"""Every mail samverk sends goes through here.

* ``queue_mail`` / ``queue_message`` store an ``OutgoingMail`` row in the caller's transaction
  (so the mail exists exactly when the change it tells about was committed) and, once the
  transaction has committed, enqueue the ``deliver_mail`` task (django-tasks, database backend).
* ``deliver_mail`` runs in the worker (``samverk worker``) and sends the mail over SMTP with
  Django's mail API. A failed attempt is recorded (error, time) and tried again after
  ``MAIL_RETRY_DELAY`` seconds, then twice as long each time, until ``MAIL_MAX_ATTEMPTS``
  attempts have failed: then the mail is ``failed`` and a coordinator can send it again
  (``send_again``, audited). A recipient the server refuses for good (5xx) fails at once.
* ``recover_stalled`` (run by the worker's periodic check) finds mails whose task was lost: a
  worker that died while sending, or an enqueue that failed after the commit. After
  ``MAIL_LEASE_SECONDS`` they are enqueued again, so nothing is ever lost.

No mail is sent twice by two tasks: each attempt is claimed under a row lock and carries its
number, so a duplicate or stale task finds its attempt taken and does nothing. The one window
that remains is a worker that dies after the SMTP server accepted the message and before the
database recorded it: the mail is then sent again (rather than lost), with the same Message-ID,
by which mail programs recognise the copy.
"""

from __future__ import annotations

import base64
import contextvars
import datetime as dt
import logging
import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.utils import parseaddr
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from samverk.core import audit, page_cache
from samverk.core.models import AuditAction, MailStatus, OutgoingMail
from samverk.core.permissions import can_manage_network
from samverk.core.roles import is_platform_admin

logger = logging.getLogger(__name__)

# --- kinds of mail ----------------------------------------------------------------------------

_KINDS: dict[str, Any] = {}


def register_kind(code: str, label: Any) -> str:
    """Make a kind of mail known (``label``: lazy translated text shown on the delivery page).
    Apps call this from ``AppConfig.ready``; returns ``code``."""
    _KINDS[code] = label
    return code


def kind_label(code: str) -> str:
    return str(_KINDS.get(code, code))


# --- queueing ---------------------------------------------------------------------------------

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "samverk_mail_suppressed", default=False
)


@contextmanager
def no_mail() -> Iterator[None]:
    """Queue no mail inside this block (the demo: its addresses are invented)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def mail_suppressed() -> bool:
    """Inside ``no_mail()``: callers may skip costly work (rendering attachments)."""
    return _suppressed.get()


def _message_id(from_email: str) -> str:
    domain = parseaddr(from_email)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def queue_mail(
    *,
    kind: str,
    to: Sequence[str],
    subject: str,
    body: str,
    network: Any = None,
    html: str = "",
    attachments: Sequence[dict[str, str]] = (),
    from_email: str | None = None,
    created_by: Any = None,
    sensitive: bool = False,
    now: dt.datetime | None = None,
) -> OutgoingMail | None:
    """Store one mail for the worker to send once the current transaction commits.

    ``network`` is the network it belongs to (None for platform mails such as password
    resets); ``sensitive`` mails (with a secret link) have their content erased once sent.
    Attachments are dicts with ``filename``, ``mimetype`` and ``content`` (text, or base64 with
    ``"encoding": "base64"``). Returns the row, or None inside ``no_mail()``."""
    recipients = [address.strip() for address in to if address and address.strip()]
    if not recipients:
        raise ValueError("A mail needs at least one recipient.")
    if _suppressed.get():
        return None
    sender = from_email or settings.DEFAULT_FROM_EMAIL
    mail = OutgoingMail.objects.create(
        network=network,
        kind=kind,
        to=recipients,
        from_email=sender,
        subject=" ".join(str(subject).split()),
        body=body,
        html=html,
        attachments=list(attachments),
        message_id=_message_id(sender),
        sensitive=sensitive,
        status=MailStatus.QUEUED,
        next_attempt_at=now or timezone.now(),
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    # After the commit. Should enqueueing fail then, the row is still there and
    # recover_stalled enqueues it later: robust, the committed change stands.
    transaction.on_commit(partial(_enqueue, mail.pk, 1), robust=True)
    return mail


def queue_message(
    message: EmailMessage,
    *,
    kind: str,
    network: Any = None,
    created_by: Any = None,
    sensitive: bool = False,
) -> OutgoingMail | None:
    """``queue_mail`` for a Django ``EmailMessage`` (its To, subject, text, an HTML
    alternative and attachments given as name, content and type)."""
    if message.cc or message.bcc:
        raise ValueError("Queued mail has only To recipients.")
    html = next(
        (
            str(content)
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    return queue_mail(
        kind=kind,
        to=list(message.to),
        subject=str(message.subject),
        body=str(message.body),
        html=html,
        attachments=[_stored_attachment(a) for a in message.attachments],
        from_email=message.from_email,
        network=network,
        created_by=created_by,
        sensitive=sensitive,
    )


def _stored_attachment(attachment: Any) -> dict[str, str]:
    if not isinstance(attachment, tuple):
        raise TypeError("Attach files to queued mail as (filename, content, mimetype).")
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        encoded = base64.b64encode(content).decode("ascii")
        return {
            "filename": filename,
            "mimetype": mimetype,
            "content": encoded,
            "encoding": "base64",
        }
    return {"filename": filename, "mimetype": mimetype, "content": str(content)}


def build_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    """The message as it goes out, rebuilt from the row (the same Message-ID every time)."""
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=list(mail.to),
        headers={"Message-ID": mail.message_id},
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for item in mail.attachments:
        content: str | bytes = item["content"]
        if item.get("encoding") == "base64":
            content = base64.b64decode(item["content"])
        message.attach(item["filename"], content, item["mimetype"])
    return message


# --- the task ---------------------------------------------------------------------------------


def _enqueue(mail_id: int, attempt: int, run_after: dt.datetime | None = None) -> None:
    """Wake the worker for attempt ``attempt`` of the mail (not before ``run_after``)."""
    chosen = deliver_mail if run_after is None else deliver_mail.using(run_after=run_after)
    result = chosen.enqueue(mail_id, attempt)
    OutgoingMail.objects.filter(pk=mail_id, status=MailStatus.QUEUED, attempts=attempt - 1).update(
        task_id=result.id
    )


@task()
def deliver_mail(mail_id: int, attempt: int) -> str:
    """Attempt number ``attempt`` to send the mail; the worker runs this."""
    return deliver(mail_id, attempt)


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after failed attempt number ``attempt`` (counted from its failure):
    1, 2, 4, 8 … times the configured delay."""
    return dt.timedelta(seconds=settings.MAIL_RETRY_DELAY * 2 ** (attempt - 1))


def deliver(mail_id: int, attempt: int) -> str:
    """Send attempt ``attempt`` of the mail; returns what happened (sent, retry, failed or
    skipped when the attempt is not this task's to make)."""
    mail = _claim(mail_id, attempt, timezone.now())
    if mail is None:
        return "skipped"
    try:
        build_message(mail).send()
    except Exception as exc:
        return _attempt_failed(mail, attempt, exc, timezone.now())
    _record_sent(mail, timezone.now())
    return "sent"


def _claim(mail_id: int, attempt: int, now: dt.datetime) -> OutgoingMail | None:
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != MailStatus.QUEUED or mail.attempts != attempt - 1:
            return None
        mail.status = MailStatus.SENDING
        mail.attempts = attempt
        mail.last_attempt_at = now
        mail.next_attempt_at = None
        mail.save(
            update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at", "updated_at"]
        )
    return mail


def _record_sent(mail: OutgoingMail, now: dt.datetime) -> None:
    erase: dict[str, Any] = {"body": "", "html": "", "attachments": []} if mail.sensitive else {}
    OutgoingMail.objects.filter(pk=mail.pk).exclude(status=MailStatus.SENT).update(
        status=MailStatus.SENT,
        sent_at=now,
        next_attempt_at=None,
        task_id=None,
        updated_at=now,
        **erase,
    )
    page_cache.changed((mail.network_id,) if mail.network_id else ())  # its status is shown
    logger.info("Sent mail %s (%s) on attempt %s", mail.pk, mail.kind, mail.attempts)


def _permanent(exc: Exception) -> bool:
    """The server refused every recipient for good (5xx): trying again cannot help."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _message in exc.recipients.values()
    )


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in exc.recipients.items()
        )
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text[:1000]


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _attempt_failed(mail: OutgoingMail, attempt: int, exc: Exception, now: dt.datetime) -> str:
    error = describe_error(exc)
    with transaction.atomic():
        current = (
            OutgoingMail.objects.select_for_update()
            .filter(pk=mail.pk, status=MailStatus.SENDING, attempts=attempt)
            .first()
        )
        if current is None:  # taken over meanwhile (recover_stalled): that attempt decides
            return "skipped"
        current.last_error = error
        current.last_attempt_at = now
        if attempt >= settings.MAIL_MAX_ATTEMPTS or _permanent(exc):
            current.status = MailStatus.FAILED
            current.task_id = None
            outcome = "failed"
            logger.error("Mail %s failed for good after %s attempt(s): %s", mail.pk, attempt, error)
        else:
            current.status = MailStatus.QUEUED
            current.next_attempt_at = now + retry_delay(attempt)
            outcome = "retry"
            logger.warning(
                "Mail %s, attempt %s failed (%s); next attempt at %s",
                mail.pk,
                attempt,
                error,
                current.next_attempt_at.isoformat(),
            )
            transaction.on_commit(
                partial(_enqueue, current.pk, attempt + 1, current.next_attempt_at), robust=True
            )
        current.save(
            update_fields=[
                "status",
                "last_error",
                "last_attempt_at",
                "next_attempt_at",
                "task_id",
                "updated_at",
            ]
        )
    return outcome


# --- recovery ---------------------------------------------------------------------------------


def _live_tasks(cutoff: dt.datetime) -> QuerySet[Any]:
    """Ids of tasks that will still run: waiting, or taken by a worker since ``cutoff``."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        Q(status="READY") | Q(status="RUNNING", started_at__gte=cutoff)
    ).values("id")


def recover_stalled(now: dt.datetime) -> int:
    """Enqueue again the mails whose task is lost; returns how many.

    * ``sending`` for longer than MAIL_LEASE_SECONDS: the worker died during the attempt (it
      counts as failed, and the next one follows at once);
    * ``queued`` and due for longer than that, without a task that will still run: the
      enqueue after the commit failed, or a worker died after taking the task."""
    cutoff = now - dt.timedelta(seconds=settings.MAIL_LEASE_SECONDS)
    stalled = OutgoingMail.objects.filter(status=MailStatus.SENDING, last_attempt_at__lt=cutoff)
    lost = OutgoingMail.objects.filter(
        status=MailStatus.QUEUED, next_attempt_at__lt=cutoff
    ).exclude(task_id__in=_live_tasks(cutoff))
    count = 0
    for pk in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            mail = stalled.select_for_update().filter(pk=pk).first()
            if mail is None:
                continue
            mail.last_error = (
                f"The worker stopped during attempt {mail.attempts} without recording its result."
            )
            if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
                mail.status = MailStatus.FAILED
            else:
                mail.status = MailStatus.QUEUED
                mail.next_attempt_at = now
                transaction.on_commit(partial(_enqueue, mail.pk, mail.attempts + 1), robust=True)
            mail.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
            count += 1
    for pk in lost.values_list("pk", flat=True):
        with transaction.atomic():
            mail = lost.select_for_update().filter(pk=pk).first()
            if mail is None:
                continue
            transaction.on_commit(partial(_enqueue, mail.pk, mail.attempts + 1), robust=True)
            count += 1
    if count:
        logger.warning("Enqueued %s mail(s) again whose task was lost", count)
    return count


# --- the coordinator's page ------------------------------------------------------------------


def can_manage_mail(user: Any, network: Any) -> bool:
    """Coordinators see and resend their network's mail; platform mails (network None) only
    the platform admin."""
    if network is None:
        return is_platform_admin(user)
    return can_manage_network(user, network)


AUDITED_FIELDS = ("status", "attempts")


@transaction.atomic
def send_again(*, actor: Any, mail: OutgoingMail, now: dt.datetime | None = None) -> OutgoingMail:
    """Queue a failed mail once more, with a fresh round of attempts."""
    if not can_manage_mail(actor, mail.network):
        raise PermissionDenied(_("You do not have permission to do this."))
    current = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if current.status != MailStatus.FAILED:
        raise ValidationError(_("Only a mail that failed can be sent again."))
    before = audit.snapshot(current, AUDITED_FIELDS)
    current.status = MailStatus.QUEUED
    current.attempts = 0
    current.next_attempt_at = now or timezone.now()
    current.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    audit.record(
        actor=actor,
        obj=current,
        action=AuditAction.UPDATE,
        network=current.network,
        changes=audit.diff(before, audit.snapshot(current, AUDITED_FIELDS)),
    )
    transaction.on_commit(partial(_enqueue, current.pk, 1), robust=True)
    return current
