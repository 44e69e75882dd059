"""What other apps ask of the classifications: an ISCO-08 unit group by its code (services
validating input) and the unit groups for a form's or filter's choices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samverk.classifications.models import IscoGroup
from samverk.classifications.querysets import IscoGroupQuerySet

UNIT_GROUP_LEVEL = 4

__all__ = ["UNIT_GROUP_LEVEL", "isco_unit_group", "unit_groups"]


def unit_groups() -> IscoGroupQuerySet:
    """The ISCO-08 unit groups (level 4), ordered by code: the occupations a job offer names."""
    return IscoGroup.objects.filter(level=UNIT_GROUP_LEVEL).order_by("code")


def isco_unit_group(code: str | int | None) -> IscoGroup:
    """The unit group with this code; ``ValidationError({"isco_group": …})`` for a code that is
    unknown or not a unit group (a major, sub-major or minor group)."""
    text = "" if code is None else str(code).strip()
    group = unit_groups().filter(code=text).first() if text.isdigit() else None
    if group is None:
        raise ValidationError(
            {"isco_group": _("Unknown ISCO-08 code “%(code)s”.") % {"code": text}}
        )
    return group
