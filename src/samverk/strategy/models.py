"""A network's multi-year direction (Inriktning): goals, what the network and its members
commit to for each goal, and measurable indicators with their measurements.

Every model belongs to one network through its direction (``network_path``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.networks.choices import Currency
from samverk.strategy import querysets
from samverk.strategy.choices import (
    ActivityStatus,
    Breakdown,
    CommitmentSide,
    CommitmentStatus,
    ContributionKind,
    ContributionStatus,
    Desired,
    IncomeKind,
    MeasurementStatus,
    ObligationMeasure,
    PlanStatus,
    SelfCheckAnswer,
    Source,
    Unit,
)
from samverk.strategy.status import Path


class Direction(TimeStampedModel):
    """A direction for a period of years: context, mission and ordered goals, adopted by a
    decision of the network's register."""

    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveIntegerField(_("first year"))
    end_year = models.PositiveIntegerField(_("last year"))
    context = models.TextField(
        _("context"), blank=True, help_text=_("The world around the network (Markdown).")
    )
    mission = models.TextField(
        _("mission"), blank=True, help_text=_("What the network is for (Markdown).")
    )
    adopted_by = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("adopted by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    network_path = "network"
    objects = querysets.DirectionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="strategy_direction_years_in_order",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.start_year}–{self.end_year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.end_year, 12, 31)


class Goal(TimeStampedModel):
    direction = models.ForeignKey(
        Direction, verbose_name=_("direction"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveIntegerField(_("position"), default=1)
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    network_path = "direction__network"
    objects = querysets.GoalQuerySet.as_manager()

    class Meta:
        ordering = ["direction", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Commitment(TimeStampedModel):
    """What the network (its secretariat) or the members do for a goal."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="commitments"
    )
    side = models.CharField(
        _("who"), max_length=10, choices=CommitmentSide.choices, default=CommitmentSide.NETWORK
    )
    text = models.TextField(_("commitment"))
    organisations = models.ManyToManyField(
        "networks.Organisation",
        verbose_name=_("members"),
        blank=True,
        related_name="+",
        help_text=_("The members it binds; none chosen: all members."),
    )
    owner = models.ForeignKey(
        "networks.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows it is kept: decisions, actions, documents, links (Markdown)."),
    )
    decisions = models.ManyToManyField(
        "meetings.Decision", verbose_name=_("decisions"), blank=True, related_name="+"
    )
    actions = models.ManyToManyField(
        "meetings.ActionItem", verbose_name=_("actions"), blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"), default=1)

    network_path = "goal__direction__network"
    objects = querysets.CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "side", "position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(TimeStampedModel):
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    desired = models.CharField(_("desired direction"), max_length=10, choices=Desired.choices)
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    scope = models.CharField(
        _("scope"),
        max_length=200,
        blank=True,
        help_text=_("Where it is measured: the network's region when empty."),
    )
    uses_ratio = models.BooleanField(
        _("numerator and denominator"),
        default=False,
        help_text=_("Values are entered as a numerator and a denominator."),
    )
    breakdown = models.CharField(
        _("breakdown"), max_length=20, choices=Breakdown.choices, blank=True, default=""
    )

    network_path = "goal__direction__network"
    objects = querysets.IndicatorQuerySet.as_manager()

    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown with its chart on the network's public portal (approved values only)."),
    )

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="strategy_indicator_target_after_baseline",
                violation_error_message=_("The target date must be after the baseline date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> Path:
        return Path(
            desired=self.desired,
            baseline_value=self.baseline_value,
            baseline_date=self.baseline_date,
            target_value=self.target_value,
            target_date=self.target_date,
        )


class Measurement(TimeStampedModel):
    """A value of an indicator for a period (its last day), in total or for one part of the
    breakdown. Only approved values count."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    period_end = models.DateField(_("as of"))
    part = models.CharField(
        _("part"),
        max_length=100,
        blank=True,
        help_text=_("The municipality, organisation, sex or age band; empty for the total."),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    source_detail = models.CharField(_("data set and vintage"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.DRAFT,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    network_path = "indicator__goal__direction__network"
    objects = querysets.MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_end", "part"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end", "part"],
                name="strategy_one_measurement_per_period_and_part",
                violation_error_message=_(
                    "This indicator already has a value for this date and part."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_end})"


ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Charter(TimeStampedModel):
    """A network's charter (Leitbild): who we are, what we want, how we work, and the
    obligations the partners take on. Shared, it is the charter of every network of the
    network's federation (Barnim and Uckermark share one). Each change is kept as a version."""

    network = models.OneToOneField(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    who_we_are = models.TextField(_("who we are"), blank=True, help_text=_("Markdown"))
    what_we_want = models.TextField(_("what we want"), blank=True, help_text=_("Markdown"))
    how_we_work = models.TextField(_("how we work"), blank=True, help_text=_("Markdown"))
    shared = models.BooleanField(
        _("shared with the federation"),
        default=False,
        help_text=_("The other networks of the federation read it as their charter."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the network's public portal (its latest version)."),
    )

    network_path = "network"
    objects = querysets.CharterQuerySet.as_manager()

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self) -> str:
        return self.title


class CharterVersion(TimeStampedModel):
    """The charter's text as it was saved, numbered; adopted by a binding decision."""

    charter = models.ForeignKey(
        Charter, verbose_name=_("charter"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    who_we_are = models.TextField(_("who we are"), blank=True)
    what_we_want = models.TextField(_("what we want"), blank=True)
    how_we_work = models.TextField(_("how we work"), blank=True)
    adopted_by = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("adopted by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    network_path = "charter__network"
    objects = querysets.CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["charter", "-number"]
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number"],
                name="strategy_one_charter_version_number",
                violation_error_message=_("This version number exists already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class Obligation(TimeStampedModel):
    """What each partner takes on by the charter; answered by each member once a year."""

    charter = models.ForeignKey(
        Charter, verbose_name=_("charter"), on_delete=models.CASCADE, related_name="obligations"
    )
    position = models.PositiveIntegerField(_("position"), default=1)
    text = models.TextField(_("obligation"))
    measure = models.CharField(
        _("measured by"),
        max_length=30,
        choices=ObligationMeasure.choices,
        blank=True,
        default="",
        help_text=_("Data shown beside each member's answer."),
    )

    network_path = "charter__network"
    objects = querysets.ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["charter", "position", "pk"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")

    def __str__(self) -> str:
        return self.text[:80]


class SelfCheck(TimeStampedModel):
    """A member's answer to one obligation for one year."""

    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.CASCADE, related_name="answers"
    )
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    answer = models.CharField(_("answer"), max_length=10, choices=SelfCheckAnswer.choices)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    network_path = "network"
    objects = querysets.SelfCheckQuerySet.as_manager()

    class Meta:
        ordering = ["year", "organisation", "obligation"]
        verbose_name = _("self-check answer")
        verbose_name_plural = _("self-check answers")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "organisation", "year"],
                name="strategy_one_answer_per_obligation_member_year",
                violation_error_message=_("This member has answered this obligation this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.get_answer_display()}"


class AnnualPlan(TimeStampedModel):
    """The plan of one year drawn from the direction: an annual theme, priorities, activities
    and the budget; proposed by a binding decision of one arena and adopted by one of another
    (Norrbotten: the board proposes, the assembly adopts). A revision during the year is a new
    version; the adopted one it replaces is kept."""

    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    theme = models.CharField(_("annual theme"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown"))
    priorities = models.ManyToManyField(
        Goal, verbose_name=_("priorities"), blank=True, related_name="+"
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    proposing_arena = models.ForeignKey(
        "networks.Arena",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The arena whose decision proposes the plan (e.g. the board)."),
    )
    adopting_arena = models.ForeignKey(
        "networks.Arena",
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The arena whose decision adopts the plan (e.g. the assembly)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    proposal = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("proposing decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adoption = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("adopting decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revises = models.OneToOneField(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revision",
    )

    network_path = "network"
    objects = querysets.AnnualPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "version"],
                name="strategy_one_plan_version_per_year",
                violation_error_message=_("This network has a plan of this version for the year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}" + (f": {self.theme}" if self.theme else "")


class PlanActivity(TimeStampedModel):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("activity"), max_length=300)
    organisations = models.ManyToManyField(
        "networks.Organisation",
        verbose_name=_("responsible members"),
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    spent = models.DecimalField(_("spent"), max_digits=14, decimal_places=2, null=True, blank=True)

    network_path = "plan__network"
    objects = querysets.PlanActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "starts_on", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="strategy_activity_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IncomeLine(TimeStampedModel):
    """Money the plan counts on: a partner's contribution, a grant, other income."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="income"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=IncomeKind.choices)
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("source"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )

    network_path = "plan__network"
    objects = querysets.IncomeLineQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "kind", "pk"]
        verbose_name = _("income line")
        verbose_name_plural = _("income lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="strategy_income_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.label or str(self.organisation or self.get_kind_display())


class Contribution(TimeStampedModel):
    """What a member gives the network in a year: money, staff hours or in kind (rooms,
    catering, hosting a meeting) with a value; pledged (to an activity of the plan, or in
    general) or contributed."""

    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("year"))
    activity = models.ForeignKey(
        PlanActivity,
        verbose_name=_("for the activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ContributionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ContributionStatus.choices,
        default=ContributionStatus.CONTRIBUTED,
    )
    description = models.CharField(_("what"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    network_path = "network"
    objects = querysets.ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["year", "organisation", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="strategy_contribution_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.get_kind_display()} {self.value}"


class DirectionVersion(TimeStampedModel):
    """The direction as it stood when a version was kept (its text, goals, commitments and
    indicators), numbered; adopted by a binding decision when one is named."""

    direction = models.ForeignKey(
        Direction, verbose_name=_("direction"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"), default=dict)
    adopted_by = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("adopted by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    network_path = "direction__network"
    objects = querysets.DirectionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["direction", "-number"]
        verbose_name = _("direction version")
        verbose_name_plural = _("direction versions")
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "number"],
                name="strategy_one_direction_version_number",
                violation_error_message=_("This version number exists already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} v{self.number}"
