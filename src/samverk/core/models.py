"""The platform layer's models: timestamps and the audit record every app uses, and the
tenancy every app hangs from — federations, regions (shared reference data), networks and
the roles users hold in them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverk.core.choices import Language, RegionLevel, RoleKind, TimeZone
from samverk.core.querysets import (
    NetworkQuerySet,
    NetworkScopedQuerySet,
    RegionQuerySet,
)
from samverk.core.roles import is_platform_admin


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


class AuditRecordQuerySet(NetworkScopedQuerySet["AuditRecord"]):
    """The audit history is for coordinators (and the platform admin)."""

    reader_roles = frozenset({RoleKind.COORDINATOR})

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
        "core.Network",
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

    network_path = "network"
    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


# --- tenancy -------------------------------------------------------------------------------


class FederationQuerySet(NetworkScopedQuerySet["Federation"]):
    """A federation is seen by those who see one of its networks."""

    def for_network(self, network: Any) -> FederationQuerySet:
        return self.filter(networks=network)

    def visible_to(self, user: Any) -> FederationQuerySet:
        if is_platform_admin(user):
            return self._mark(self)
        return self._mark(
            self.filter(
                pk__in=Network.objects.visible_to(user)
                .filter(federation__isnull=False)
                .values("federation_id")
            )
        )


class Federation(TimeStampedModel):
    """Networks that share one charter (Barnim and Uckermark share one Leitbild)."""

    network_path = "networks"

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    charter = models.TextField(_("charter"), blank=True, help_text=_("Markdown"))

    objects = FederationQuerySet.as_manager()

    class Meta:
        db_table = "networks_federation"
        ordering = ["name"]
        verbose_name = _("federation")
        verbose_name_plural = _("federations")

    def __str__(self) -> str:
        return self.name


class Region(TimeStampedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    nuts_code = models.CharField(_("NUTS or LAU code"), max_length=20, blank=True)
    national_code = models.CharField(
        _("national code"),
        max_length=20,
        blank=True,
        help_text=_("AGS, kommunenummer or kommunkod"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        db_table = "networks_region"
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Network(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    language = models.CharField(
        _("working language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZone.choices, default=TimeZone.BERLIN
    )
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="networks",
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    federation = models.ForeignKey(
        Federation,
        verbose_name=_("federation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
    )
    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_(
            "The network's own address: the sender and organiser of its mail and calendar "
            "invitations, and where replies go. Empty: the platform's address."
        ),
    )
    share_member_budgets = models.BooleanField(
        _("share member budgets"),
        default=False,
        help_text=_(
            "Partner representatives and company contacts see every member's budget and the "
            "commitment ranking. Off: they see only their own organisation's figures."
        ),
    )

    # Raised in the transaction of every write that changes what the network's pages show
    # (core.page_cache): part of the key of its cached pages.
    data_version = models.BigIntegerField(default=0, editable=False)

    network_path = ""
    objects = NetworkQuerySet.as_manager()

    class Meta:
        db_table = "networks_network"
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:dashboard", kwargs={"network": self.slug})


class NetworkRoleQuerySet(NetworkScopedQuerySet["NetworkRole"]):
    """Who has which role is shown to coordinators (the "People with access" page)."""

    reader_roles = frozenset({RoleKind.COORDINATOR})


class NetworkRole(TimeStampedModel):
    """A user's role in one network; partner representatives and company contacts act for
    one organisation."""

    network_path = "network"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="network_roles",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="user_roles",
    )

    objects = NetworkRoleQuerySet.as_manager()

    class Meta:
        db_table = "accounts_networkrole"
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "role"], name="one_role_of_a_kind_per_network"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["coordinator", "observer"])
                | models.Q(organisation__isnull=False),
                name="representatives_act_for_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.network}"


# --- outgoing mail ----------------------------------------------------------------------------


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingMailQuerySet(NetworkScopedQuerySet["OutgoingMail"]):
    """A network's mails are seen by its coordinators (the delivery page); platform mails
    (password resets, no network) only by the platform admin."""

    reader_roles = frozenset({RoleKind.COORDINATOR})


class OutgoingMail(TimeStampedModel):
    """One message on its way out: written in the same transaction as the change it tells
    about, sent by the worker (``samverk.core.email``), retried until it is sent or has failed.

    The row keeps everything needed to build the message again (recipients, subject, text,
    HTML, attachments and its Message-ID), so any worker can send it at any time."""

    network = models.ForeignKey(
        "core.Network",
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

    network_path = "network"
    objects = OutgoingMailQuerySet.as_manager()

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
