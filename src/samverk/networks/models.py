"""Networks, regions, organisations, memberships, people, mandates and arenas."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverk.core.models import TimeStampedModel
from samverk.networks import querysets
from samverk.networks.choices import (
    ArenaKind,
    ArenaLevel,
    Currency,
    Language,
    MandateRole,
    MembershipRole,
    NaceSection,
    OrganisationKind,
    QuorumRule,
    RegionLevel,
    TimeZone,
)


class Federation(TimeStampedModel):
    """Networks that share one charter (Barnim and Uckermark share one Leitbild)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    charter = models.TextField(_("charter"), blank=True, help_text=_("Markdown"))

    objects = querysets.FederationQuerySet.as_manager()

    class Meta:
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

    objects = querysets.RegionQuerySet.as_manager()

    class Meta:
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

    objects = querysets.NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:dashboard", kwargs={"network": self.slug})


class Organisation(TimeStampedModel):
    """An organisation in a network's register (member or not)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    sector = models.CharField(
        _("sector (NACE)"), max_length=1, choices=NaceSection.choices, blank=True
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    is_example = models.BooleanField(
        _("invented example"),
        default=False,
        help_text=_("Demo data that does not come from the source documents."),
    )

    objects = querysets.OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "network",
                name="organisation_unique_name_per_network",
                violation_error_message=_("This network already has an organisation of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "networks:organisation_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )


def _active_q(prefix_from: str, prefix_until: str, on: dt.date) -> models.Q:
    return models.Q(**{f"{prefix_from}__lte": on}) & (
        models.Q(**{f"{prefix_until}__isnull": True}) | models.Q(**{f"{prefix_until}__gte": on})
    )


class Membership(TimeStampedModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.PARTNER
    )
    budget_amount = models.DecimalField(
        _("annual budget commitment"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )

    objects = querysets.MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-since"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="membership_until_after_since",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.network}"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.since <= on and (self.until is None or self.until >= on)


class Person(TimeStampedModel):
    """Only the data the network needs (GDPR): name, work email and phone, organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    objects = querysets.PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "networks:person_detail",
            kwargs={"network": self.organisation.network.slug, "pk": self.pk},
        )


class Mandate(TimeStampedModel):
    """A person represents a member organisation in its network."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="mandates"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mandates"
    )
    decision_authorised = models.BooleanField(_("decision-authorised"), default=True)
    role = models.CharField(
        _("role"), max_length=20, choices=MandateRole.choices, default=MandateRole.PRINCIPAL
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = querysets.MandateQuerySet.as_manager()

    class Meta:
        ordering = ["membership__organisation__name", "role", "-valid_from"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="mandate_until_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.membership.organisation})"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)


class Arena(TimeStampedModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="arenas"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ArenaKind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=ArenaLevel.choices, default=ArenaLevel.REGIONAL
    )
    mandate = models.TextField(
        pgettext_lazy("terms of reference of an arena", "mandate"),
        blank=True,
        help_text=_("What the arena is for and what it may decide (Markdown)"),
    )
    members = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), blank=True, related_name="arenas"
    )
    quorum_rule = models.CharField(
        _("quorum rule"), max_length=10, choices=QuorumRule.choices, default=QuorumRule.NONE
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of member organisations)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Only for the rule “a share of member organisations”."),
    )

    objects = querysets.ArenaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "network",
                name="arena_unique_name_per_network",
                violation_error_message=_("This network already has an arena of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "networks:arena_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )
