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
