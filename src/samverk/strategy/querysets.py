"""Scoped querysets of the strategy app (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from samverk.core.querysets import NetworkScopedQuerySet
from samverk.core.roles import get_roles, is_platform_admin

if TYPE_CHECKING:
    from samverk.strategy.models import (  # noqa: F401
        Commitment,
        Direction,
        Goal,
        Indicator,
        Measurement,
    )


class DirectionQuerySet(NetworkScopedQuerySet["Direction"]):
    pass


class GoalQuerySet(NetworkScopedQuerySet["Goal"]):
    pass


class CommitmentQuerySet(NetworkScopedQuerySet["Commitment"]):
    pass


class IndicatorQuerySet(NetworkScopedQuerySet["Indicator"]):
    pass


class MeasurementQuerySet(NetworkScopedQuerySet["Measurement"]):
    def approved(self) -> Any:
        return self.filter(status="approved")

    def shown_to(self, user: Any, network: Any) -> Any:
        """Approved values for everyone in the network; drafts only for coordinators and
        whoever entered them."""
        from samverk.core.choices import RoleKind

        network_id = getattr(network, "pk", network)
        if is_platform_admin(user) or get_roles(user).has(network_id, RoleKind.COORDINATOR):
            return self
        return self.filter(Q(status="approved") | Q(entered_by_id=user.pk))
