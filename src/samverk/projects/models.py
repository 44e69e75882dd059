"""Projects of a network: the record (carrier, partners, duration, region, sector, focus
areas, the agreement or programme it implements), the card (problem, goals, implementation,
results), key figures as data, milestones, and the links to the strategy (goals, commitments,
plan activities). Every model reaches its network (``network_path``)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverk.core import date_range
from samverk.core.models import TimeStampedModel
from samverk.projects import querysets
from samverk.projects.choices import (
    ContributionDisplay,
    FigureSource,
    PartnerRole,
    ProjectStatus,
    PublicField,
    default_public_fields,
)
from samverk.strategy.models import Commitment, Goal, Indicator, PlanActivity


class FocusArea(TimeStampedModel):
    """A topic of the network's own vocabulary (e.g. "Pflege", "MINT", "Rückkehr")."""

    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)

    network_path = "network"
    objects = querysets.FocusAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="focus_area_unique_name",
                violation_error_message=_("The network has this focus area already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Project(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, help_text=_("e.g. “A2” or “MINT”.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    regions = models.CharField(
        _("region(s)"), max_length=300, blank=True, help_text=_("Where the project works.")
    )
    sector = models.CharField(
        _("sector (NACE)"),
        max_length=10,
        blank=True,
        help_text=_("The NACE Rev. 2 section or code, e.g. “Q” or “84.11”."),
    )
    carrier = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("carrier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation that carries out the project (Projektträger)."),
    )
    contact = models.ForeignKey(
        "networks.Person",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="projects"
    )
    basis = models.CharField(
        _("agreement or programme"),
        max_length=300,
        blank=True,
        help_text=_("What it implements, e.g. “TVöD § 5 Qualifizierung”."),
    )
    basis_url = models.URLField(_("link to the agreement or programme"), blank=True)
    summary = models.TextField(_("short description"), blank=True)
    problem = models.TextField(_("problem"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    implementation = models.TextField(_("implementation"), blank=True)
    results = models.TextField(_("results"), blank=True)
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continuations",
        help_text=_("The earlier project this one continues (Fortsetzung)."),
    )
    responsible_members = models.ManyToManyField(
        "networks.Organisation",
        verbose_name=_("responsible members"),
        blank=True,
        related_name="+",
    )
    responsible_people = models.ManyToManyField(
        "networks.Person", verbose_name=_("responsible persons"), blank=True, related_name="+"
    )
    tasks = models.ManyToManyField(
        "meetings.ActionItem",
        verbose_name=_("tasks"),
        blank=True,
        related_name="+",
        help_text=_("Actions agreed at the network's meetings that the project carries out."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Published on the network's portal: the parts chosen below, nothing else."),
    )
    public_fields = models.JSONField(
        _("public parts"),
        default=default_public_fields,
        blank=True,
        help_text=_(
            "What the portal shows of a public project besides its title, short name and "
            "status. The contact person, responsibilities and tasks are never shown."
        ),
    )
    strategy_goals = models.ManyToManyField(
        Goal, verbose_name=_("goals of the direction"), blank=True, related_name="+"
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("commitments"), blank=True, related_name="+"
    )
    activities = models.ManyToManyField(
        PlanActivity,
        verbose_name=_("plan activities"),
        blank=True,
        related_name="+",
    )

    network_path = "network"
    objects = querysets.ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_it_starts",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_name}: {self.title}" if self.short_name else self.title

    def shows(self, part: str) -> bool:
        """Whether the portal shows ``part`` (a ``PublicField``) of this project."""
        assert part in PublicField.values, part
        return self.is_public and part in (self.public_fields or ())

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "projects:project_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )


class ProjectPartner(TimeStampedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=PartnerRole.choices)

    network_path = "project__network"
    objects = querysets.ProjectPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["role", "organisation__name", "pk"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"],
                name="project_partner_unique_role",
                violation_error_message=_(
                    "This organisation has this role in the project already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class KeyFigure(TimeStampedModel):
    """A hard figure of the project ("300 visitors", "229 job offers")."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="key_figures"
    )
    label = models.CharField(_("what is counted"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("e.g. “participants”, “job offers”, “EUR”.")
    )
    on = models.DateField(_("as of"))
    source = models.CharField(
        _("source"), max_length=10, choices=FigureSource.choices, default=FigureSource.ENTERED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The strategy indicator the figure feeds: every change of the figure (typed, or counted
    # by an event) becomes that indicator's value as of the figure's day (projects.services).
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("feeds the indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    indicator_part = models.CharField(_("part"), max_length=100, blank=True)

    network_path = "project__network"
    objects = querysets.KeyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "label", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self) -> str:
        return f"{self.label}: {self.value.normalize():f} {self.unit}"


class ProjectUpdate(TimeStampedModel):
    """A dated piece of news of a project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown as news on the portal if the project is.")
    )

    network_path = "project__network"
    objects = querysets.ProjectUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return self.title


class ProjectFile(models.Model):
    """A document (PDF or Office file, type checked by content as the meetings' documents) or
    an image (PNG, JPEG or WebP, checked by Pillow) of a project. An image has a text
    alternative; its photo credit and whether the people shown consented are recorded. Stored
    under MEDIA_ROOT with a generated name and served only by the app's view."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="projects/files/%Y/", max_length=200)
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    is_image = models.BooleanField(_("image"), default=False)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it (required for images)."),
    )
    credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    consent = models.BooleanField(
        _("consent recorded"),
        default=False,
        help_text=_("The people shown agreed to its use (or nobody can be recognised)."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the portal if the project is; an image needs consent recorded."),
    )
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    network_path = "project__network"
    objects = querysets.ProjectFileQuerySet.as_manager()

    class Meta:
        ordering = ["-is_image", "created_at", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.title


class Milestone(TimeStampedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    planned_on = models.DateField(_("planned"))
    reached_on = models.DateField(_("reached"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    network_path = "project__network"
    objects = querysets.MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class AnnualReport(TimeStampedModel):
    """The network's annual report of a year: what the coordinator writes (a foreword, a text
    on the annual theme, an outlook; Markdown) and what the network publishes. Everything else
    in the report is assembled from the data (``projects/annual_report.py``)."""

    network = models.ForeignKey(
        "core.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(
        _("year"),
        validators=[
            MinValueValidator(date_range.EARLIEST_YEAR),
            MaxValueValidator(date_range.LATEST_YEAR),
        ],
    )
    foreword = models.TextField(_("foreword"), blank=True, help_text=_("Markdown"))
    theme_text = models.TextField(_("on the annual theme"), blank=True, help_text=_("Markdown"))
    outlook = models.TextField(_("outlook"), blank=True, help_text=_("Markdown"))
    contributions = models.CharField(
        _("contributions by members"),
        max_length=12,
        choices=ContributionDisplay.choices,
        default=ContributionDisplay.NONE,
        help_text=_("How the report shows what the members contributed in the year."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Published on the network's portal: only public projects (their public parts), "
            "public indicators with approved values, counts of meetings and decisions, and "
            "the contributions as chosen above. People are never named."
        ),
    )

    network_path = "network"
    objects = querysets.AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year"],
                name="projects_one_annual_report_per_year",
                violation_error_message=_("The network has an annual report of this year already."),
            )
        ]

    def __str__(self) -> str:
        return str(self.year)
