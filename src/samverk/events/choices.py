"""Choices of the events app (labels from ../shared/guide/glossary.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    RETURNEE_DAY = "returnee_day", _("returnee day")
    EXPERT_DAY = "expert_day", _("expert day")
    TRAINING_FAIR = "training_fair", _("training fair")
    COMPANY_VISIT = "company_visit", _("company visit")
    OTHER = "other", _("other")


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", _("keynote")
    WORKSHOP = "workshop", _("workshop")
    PANEL = "panel", _("panel")
    PRESENTATION = "presentation", _("presentation")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class ExhibitorStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")
