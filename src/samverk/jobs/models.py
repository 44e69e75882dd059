"""Job offers of a network's member companies, moderated by the coordinator and shown on the
public job board. The fields follow what BA Jobsuche, Arbetsförmedlingen JobSearch, NAV and
schema.org JobPosting carry; the occupation is an ISCO-08 unit group (and an ESCO occupation
where known) from the shared classifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.jobs import querysets
from samverk.jobs.choices import Duration, OfferKind, OfferStatus, TargetGroup, WorkingTime


class JobOffer(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    employer = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="job_offers",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    working_time = models.CharField(
        _("working time"), max_length=10, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    duration = models.CharField(
        _("permanent or temporary"),
        max_length=10,
        choices=Duration.choices,
        default=Duration.PERMANENT,
    )
    openings = models.PositiveIntegerField(_("number of openings"), default=1)
    isco_group = models.ForeignKey(
        "classifications.IscoGroup",
        verbose_name=_("occupation (ISCO-08)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    esco_occupation = models.ForeignKey(
        "classifications.EscoOccupation",
        verbose_name=_("occupation (ESCO)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    locality = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(
        "core.Region",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = models.CharField(_("country"), max_length=2, default="DE")
    date_posted = models.DateField(_("date posted"), null=True, blank=True)
    valid_through = models.DateField(_("valid through"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    apply_url = models.URLField(_("apply online"), blank=True)
    apply_email = models.EmailField(_("apply by email"), blank=True)
    salary = models.CharField(_("salary"), max_length=100, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("expiry reminder sent"), null=True, blank=True)

    network_path = "network"
    objects = querysets.JobOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-date_posted", "-pk"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_posted__isnull=True)
                | models.Q(valid_through__gte=models.F("date_posted")),
                name="job_offer_valid_after_posted",
                violation_error_message=_("“Valid through” cannot be before the date posted."),
            ),
            models.CheckConstraint(
                condition=models.Q(openings__gte=1),
                name="job_offer_at_least_one_opening",
                violation_error_message=_("An offer has at least one opening."),
            ),
        ]
        indexes = [models.Index(fields=["network", "status", "valid_through"])]

    def __str__(self) -> str:
        return self.title


class JobOfferTargetGroup(models.Model):
    """A target group of the network an offer addresses (a row per group, so that the board
    filters by it on any database)."""

    offer = models.ForeignKey(
        JobOffer, verbose_name=_("job offer"), on_delete=models.CASCADE, related_name="groups"
    )
    group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)

    network_path = "offer__network"
    objects = querysets.JobOfferTargetGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "group"],
                name="job_offer_target_group_once",
                violation_error_message=_("The offer names this target group already."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_group_display())
