"""Scoped querysets of the projects app (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.projects.models import (  # noqa: F401
        AnnualReport,
        FocusArea,
        KeyFigure,
        Milestone,
        Project,
        ProjectFile,
        ProjectPartner,
        ProjectUpdate,
    )


class FocusAreaQuerySet(NetworkScopedQuerySet["FocusArea"]):
    pass


class ProjectQuerySet(NetworkScopedQuerySet["Project"]):
    def public(self) -> Any:
        """Projects published on the portal: readable by anyone, signed in or not (which of
        their parts the portal shows is ``Project.shows``)."""
        return self._mark(self.filter(is_public=True))

    def in_year(self, year: int) -> Any:
        """Projects whose duration touches ``year`` (an open start or end counts as open)."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=first)
        )


class ProjectPartnerQuerySet(NetworkScopedQuerySet["ProjectPartner"]):
    pass


class KeyFigureQuerySet(NetworkScopedQuerySet["KeyFigure"]):
    pass


class MilestoneQuerySet(NetworkScopedQuerySet["Milestone"]):
    pass


class ProjectUpdateQuerySet(NetworkScopedQuerySet["ProjectUpdate"]):
    def public(self) -> Any:
        """Updates marked public of published projects."""
        return self._mark(self.filter(is_public=True, project__is_public=True))


class ProjectFileQuerySet(NetworkScopedQuerySet["ProjectFile"]):
    def public(self) -> Any:
        """Files marked public of published projects (an image only with consent recorded)."""
        return self._mark(
            self.filter(is_public=True, project__is_public=True).exclude(
                is_image=True, consent=False
            )
        )


class AnnualReportQuerySet(NetworkScopedQuerySet["AnnualReport"]):
    def public(self) -> Any:
        """Annual reports the network publishes (on its portal): readable by anyone."""
        return self._mark(self.filter(is_public=True))
