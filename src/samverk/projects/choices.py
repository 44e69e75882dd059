"""Choices of the projects app (labels from ../shared/guide/glossary.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class PartnerRole(models.TextChoices):
    CARRIER = "carrier", _("carrier")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")
    SUPPORTER = "supporter", _("supported by")
    IMPLEMENTING = "implementing", _("implementing")


class FigureSource(models.TextChoices):
    ENTERED = "entered", _("entered")
    COUNTED = "counted", _("counted")


class PublicField(models.TextChoices):
    """The parts of a published project the portal may show; the title, short name and status
    are always shown, the contact person, responsibilities, tasks and links to the strategy
    never."""

    SUMMARY = "summary", _("short description")
    DURATION = "duration", _("duration")
    REGIONS = "regions", _("region(s)")
    SECTOR = "sector", _("sector (NACE)")
    CARRIER = "carrier", _("carrier")
    PARTNERS = "partners", _("partners")
    FOCUS_AREAS = "focus_areas", _("focus areas")
    BASIS = "basis", _("agreement or programme")
    PROBLEM = "problem", _("problem")
    GOALS = "goals", _("goals")
    IMPLEMENTATION = "implementation", _("implementation")
    RESULTS = "results", _("results")
    KEY_FIGURES = "key_figures", _("key figures")
    MILESTONES = "milestones", _("milestones")


def default_public_fields() -> list[str]:
    """Everything a published project may show, until the coordinator unticks a part."""
    return list(PublicField.values)


class ContributionDisplay(models.TextChoices):
    """How the annual report shows what the members contributed (the network chooses)."""

    NONE = "none", _("not shown")
    TOTALS = "totals", _("totals only")
    PER_MEMBER = "per_member", _("per member")
