"""Choices of the jobs app (labels from ../shared/guide/glossary.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    RETURNED = "returned", _("returned")
    PUBLISHED = "published", _("published")
    EXPIRED = "expired", _("expired")
    FILLED = "filled", _("filled")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The states in which an offer has ended (it leaves the job board; its page answers 410).
ENDED = frozenset({OfferStatus.EXPIRED, OfferStatus.FILLED, OfferStatus.WITHDRAWN})


class OfferKind(models.TextChoices):
    JOB = "job", _("job")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    DUAL_STUDY = "dual_study", _("dual study")
    INTERNSHIP = "internship", _("internship")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("full time")
    PART_TIME = "part_time", _("part time")


class Duration(models.TextChoices):
    PERMANENT = "permanent", _("permanent")
    TEMPORARY = "temporary", _("temporary")


class TargetGroup(models.TextChoices):
    RETURNEES = "returnees", _("returnees")
    COMMUTERS = "commuters", _("commuters")
    CAREER_CHANGERS = "career_changers", _("career changers")
    SCHOOL_LEAVERS = "school_leavers", _("school leavers")
