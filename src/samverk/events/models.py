"""Events of a network: an event at one or several sites and dates (like pretix's sub-events),
its programme of sessions, registrations without an account (with a waiting list), exhibitors
with their job offers, check-in and walk-ins, and the outcome that feeds the project's key
figures and the strategy's indicators."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.events import querysets
from samverk.events.choices import EventKind, ExhibitorStatus, RegistrationStatus, SessionKind


def new_code() -> str:
    """A check-in code: 8 characters without look-alikes (no 0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def new_token() -> str:
    return secrets.token_urlsafe(24)


DEFAULT_RETENTION_DAYS = 90


class EventSettings(TimeStampedModel):
    """The network's settings for events: how long participants' personal data is kept."""

    network = models.OneToOneField(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="event_settings",
    )
    retention_days = models.PositiveIntegerField(
        _("keep participants' data for (days)"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Days after a site's end; then names, email addresses and organisations of its "
            "participants are erased. The counts stay."
        ),
    )

    network_path = "network"
    objects = querysets.EventSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("event settings")
        verbose_name_plural = _("event settings")

    def __str__(self) -> str:
        return str(_("Event settings"))


class Event(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    organiser = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_organisers = models.ManyToManyField(
        "networks.Organisation", verbose_name=_("co-organisers"), blank=True, related_name="+"
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the network's portal.")
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        help_text=_("What participants agree to when they register (data use, photos)."),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The project whose key figures the event's outcome feeds."),
    )

    network_path = "network"
    objects = querysets.EventQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title


class EventSite(TimeStampedModel):
    """One site and date of an event (the Rückkehrertag in Torgau, on 27 December)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("site"), max_length=200)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    accessibility = models.TextField(_("accessibility"), blank=True)
    walk_ins = models.PositiveIntegerField(
        _("walk-in visitors"), default=0, help_text=_("Visitors who came without registering.")
    )

    network_path = "event__network"
    objects = querysets.EventSiteQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "name", "pk"]
        verbose_name = _("event site")
        verbose_name_plural = _("event sites")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_site_ends_after_it_starts",
                violation_error_message=_("The site's end must be after its start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.name}"


class Session(TimeStampedModel):
    """A part of a site's programme: keynote, workshop, panel or presentation."""

    site = models.ForeignKey(
        EventSite, verbose_name=_("site"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    speakers = models.ManyToManyField(
        "networks.Person", verbose_name=_("speakers"), blank=True, related_name="+"
    )
    guest_speakers = models.CharField(
        _("guest speakers"), max_length=300, blank=True, help_text=_("Speakers from outside.")
    )

    network_path = "site__event__network"
    objects = querysets.SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("The session's end must be after its start."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Registration(TimeStampedModel):
    """A participant's registration for a site, made on the portal without an account. The
    personal link (``token``) lets them change or cancel it; ``code`` is checked in. Personal
    data is erased ``retention`` days after the event (``anonymised_at``); counts stay."""

    site = models.ForeignKey(
        EventSite,
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    workshops = models.ManyToManyField(
        Session, verbose_name=_("workshops"), blank=True, related_name="registrations"
    )
    code = models.CharField(_("check-in code"), max_length=8, unique=True, default=new_code)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    network_path = "site__event__network"
    objects = querysets.RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "email"],
                condition=~models.Q(status="cancelled") & models.Q(anonymised_at__isnull=True),
                name="registration_once_per_site_and_email",
                violation_error_message=_(
                    "This email address is registered for this site already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class Exhibitor(TimeStampedModel):
    """A member company at a site (booth needs, contact), confirmed by the coordinator, with
    the job offers it brings."""

    site = models.ForeignKey(
        EventSite, verbose_name=_("site"), on_delete=models.CASCADE, related_name="exhibitors"
    )
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExhibitorStatus.choices,
        default=ExhibitorStatus.REQUESTED,
    )
    booth_needs = models.TextField(_("booth needs"), blank=True)
    contact = models.ForeignKey(
        "networks.Person",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job_offers = models.ManyToManyField(
        "jobs.JobOffer", verbose_name=_("job offers"), blank=True, related_name="shown_at"
    )

    network_path = "site__event__network"
    objects = querysets.ExhibitorQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "organisation"],
                name="exhibitor_once_per_site",
                violation_error_message=_("This company exhibits at this site already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.site})"
