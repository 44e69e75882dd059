"""Base models shared by every domain app: timestamps and the audit record."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    END = "end", _("ended")
    DELETE = "delete", _("deleted")


class AuditRecordQuerySet(models.QuerySet["AuditRecord"]):
    def for_object(self, obj: models.Model) -> AuditRecordQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )


class AuditRecord(models.Model):
    """Who changed which object when, and what changed (field: [old, new])."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_records",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    changes: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        default=dict, blank=True
    )

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


# --- outgoing mail ----------------------------------------------------------------------------


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingMail(TimeStampedModel):
    """One message on its way out: written in the same transaction as the change it tells
    about, sent by the worker (``samverk.core.email``), retried until it is sent or has failed.

    The row keeps everything needed to build the message again (recipients, subject, text,
    HTML, attachments and its Message-ID), so any worker can send it at any time."""

    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outgoing_mails",
    )
    kind = models.CharField(_("kind"), max_length=50)
    to: models.JSONField[list[str], list[str]] = models.JSONField(_("to"), default=list)
    from_email = models.CharField(_("from"), max_length=300)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    attachments: models.JSONField[list[dict[str, str]], list[dict[str, str]]] = models.JSONField(
        _("attachments"), default=list, blank=True
    )
    message_id = models.CharField(_("Message-ID"), max_length=255)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Contains a secret link: its content is erased once it has been sent."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    task_id = models.UUIDField(_("task"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["network", "status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class DailyJobRun(models.Model):
    """That a daily job ran for a day: the unique key makes it run once per day, however many
    workers there are and however often they start."""

    job = models.CharField(_("job"), max_length=100)
    day = models.DateField(_("day"))
    started_at = models.DateTimeField(_("started"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-day", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="core_dailyjobrun_once_a_day")
        ]
        verbose_name = _("daily job run")
        verbose_name_plural = _("daily job runs")

    def __str__(self) -> str:
        return f"{self.job} {self.day:%Y-%m-%d}"
