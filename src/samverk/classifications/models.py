"""Shared reference data of the platform: ISCO-08 (the four levels) and ESCO occupations with
their ISCO-08 group, imported from the official ESCO CSV download (``importers.py``). Labels
are kept per language (``labels``: language → label) with the English one as ``label``; the
knowledge base extends this with the national classifications and crosswalks."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samverk.classifications import querysets
from samverk.core.models import TimeStampedModel


class IscoGroup(TimeStampedModel):
    """A group of ISCO-08: major (1 digit), sub-major (2), minor (3) or unit group (4)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("label"), max_length=300)
    labels = models.JSONField(_("labels"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("ESCO address"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = querysets.IscoGroupQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO-08 group")
        verbose_name_plural = _("ISCO-08 groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4),
                name="isco_group_level_1_to_4",
                violation_error_message=_("An ISCO-08 group has a level from 1 to 4."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.localised_label}"

    @property
    def localised_label(self) -> str:
        """The label in the active language where the source has it, else English."""
        language = (translation.get_language() or "en").split("-")[0]
        return str((self.labels or {}).get(language) or self.label)


class EscoOccupation(TimeStampedModel):
    """An ESCO occupation (``uri`` is its identity) in its ISCO-08 unit group."""

    uri = models.URLField(_("ESCO address"), max_length=200, unique=True)
    label = models.CharField(_("label"), max_length=300)
    labels = models.JSONField(_("labels"), default=dict, blank=True)
    alt_labels = models.TextField(_("other labels"), blank=True)
    isco_group = models.ForeignKey(
        IscoGroup,
        verbose_name=_("ISCO-08 group"),
        on_delete=models.PROTECT,
        related_name="occupations",
    )

    objects = querysets.EscoOccupationQuerySet.as_manager()

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = _("ESCO occupation")
        verbose_name_plural = _("ESCO occupations")

    def __str__(self) -> str:
        return self.localised_label

    @property
    def localised_label(self) -> str:
        language = (translation.get_language() or "en").split("-")[0]
        return str((self.labels or {}).get(language) or self.label)
