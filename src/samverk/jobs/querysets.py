"""Scoped querysets of the jobs app (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.jobs.models import JobOffer, JobOfferTargetGroup  # noqa: F401


class JobOfferQuerySet(NetworkScopedQuerySet["JobOffer"]):
    def on_board(self, today: dt.date) -> Any:
        """Offers the public job board shows on ``today`` (the network's): published and
        valid through today or later. Readable by anyone, signed in or not."""
        return self._mark(self.filter(status="published", valid_through__gte=today))


class JobOfferTargetGroupQuerySet(NetworkScopedQuerySet["JobOfferTargetGroup"]):
    pass
