"""Networks, regions, organisations, memberships, people, mandates and arenas."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverk.core.choices import RoleKind
from samverk.core.models import TimeStampedModel
from samverk.networks import querysets
from samverk.networks.choices import (
    ArenaKind,
    ArenaLevel,
    Currency,
    MandateRole,
    MembershipRole,
    NaceSection,
    OrganisationKind,
    QuorumRule,
    VotesBy,
)


class Organisation(TimeStampedModel):
    """An organisation in a network's register (member or not)."""

    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    sector = models.CharField(
        _("sector (NACE)"), max_length=1, choices=NaceSection.choices, blank=True
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=40,
        blank=True,
        help_text=_(
            "The official register number (e.g. organisasjonsnummer, organisationsnummer)."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)
    is_example = models.BooleanField(
        _("invented example"),
        default=False,
        help_text=_("Demo data that does not come from the source documents."),
    )

    network_path = "network"
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
            "site:organisation_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )


def _active_q(prefix_from: str, prefix_until: str, on: dt.date) -> models.Q:
    return models.Q(**{f"{prefix_from}__lte": on}) & (
        models.Q(**{f"{prefix_until}__isnull": True}) | models.Q(**{f"{prefix_until}__gte": on})
    )


class Membership(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="memberships",
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

    network_path = "network"
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

    def is_active(self, on: dt.date) -> bool:
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

    network_path = "organisation__network"
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

    network_path = "membership__network"
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

    def is_active(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)


class Arena(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="arenas"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ArenaKind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=ArenaLevel.choices, default=ArenaLevel.REGIONAL
    )
    # The arena's remit (its terms of reference) — not a representative's mandate: the two
    # have different words in every language (docs/words.md). The field keeps its
    # name "mandate" in the database and the API.
    mandate = models.TextField(
        pgettext_lazy("terms of reference of an arena", "remit"),
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
    votes_by = models.CharField(
        _("votes"),
        max_length=12,
        choices=VotesBy.choices,
        default=VotesBy.ORGANISATION,
        help_text=_(
            "Who may vote: the member organisations, or the people present with authority."
        ),
    )

    network_path = "network"
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


class RoleInvitation(TimeStampedModel):
    """An invitation to take a role in a network, sent to an email address.

    The role exists only once the person accepts (signed in as the account of that address,
    or creating it). The link carries a random token; only its SHA-256 hash is stored.
    """

    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="role_invitations",
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    network_path = "network"
    objects = querysets.RoleInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("role invitation")
        verbose_name_plural = _("role invitations")

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.network}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.withdrawn_at is None

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now
