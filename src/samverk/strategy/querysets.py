"""Scoped querysets of the strategy app (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from samverk.core.querysets import NetworkScopedQuerySet
from samverk.core.roles import get_roles, is_platform_admin

if TYPE_CHECKING:
    from samverk.strategy.models import (  # noqa: F401
        AnnualPlan,
        Charter,
        CharterVersion,
        Commitment,
        Contribution,
        Direction,
        DirectionVersion,
        Goal,
        IncomeLine,
        Indicator,
        Measurement,
        Obligation,
        PlanActivity,
        SelfCheck,
    )


class DirectionQuerySet(NetworkScopedQuerySet["Direction"]):
    pass


class GoalQuerySet(NetworkScopedQuerySet["Goal"]):
    pass


class CommitmentQuerySet(NetworkScopedQuerySet["Commitment"]):
    pass


class IndicatorQuerySet(NetworkScopedQuerySet["Indicator"]):
    def public(self) -> Any:
        """Indicators the network publishes (on its portal): readable by anyone."""
        return self._mark(self.filter(is_public=True))


class MeasurementQuerySet(NetworkScopedQuerySet["Measurement"]):
    def approved(self) -> Any:
        return self.filter(status="approved")

    def public(self) -> Any:
        """Approved values of public indicators: readable by anyone."""
        return self._mark(self.filter(status="approved", indicator__is_public=True))

    def shown_to(self, user: Any, network: Any) -> Any:
        """Approved values for everyone in the network; drafts only for coordinators and
        whoever entered them."""
        from samverk.core.choices import RoleKind

        network_id = getattr(network, "pk", network)
        if is_platform_admin(user) or get_roles(user).has(network_id, RoleKind.COORDINATOR):
            return self
        return self.filter(Q(status="approved") | Q(entered_by_id=user.pk))


class CharterQuerySet(NetworkScopedQuerySet["Charter"]):
    """A network's charter, and the charter another network of its federation shares."""

    def for_network(self, network: Any) -> Any:
        from samverk.core.models import Network

        if not isinstance(network, Network):
            network = Network.objects.get(pk=network)
        shared = Q(shared=True, network__federation_id=network.federation_id)
        return (
            self.filter(Q(network=network) | shared)
            if network.federation_id
            else (self.filter(network=network))
        )

    def own_or_shared(self, network: Any) -> Charter | None:
        """The network's own charter, else the one its federation shares (one query)."""
        found = list(self.for_network(network))
        network_id = getattr(network, "pk", network)
        return next((c for c in found if c.network_id == network_id), found[0] if found else None)

    def visible_to(self, user: Any) -> Any:
        if is_platform_admin(user):
            return self._mark(self)
        ids = get_roles(user).network_ids()
        from samverk.core.models import Network

        federations = Network.objects.filter(pk__in=ids, federation__isnull=False).values(
            "federation_id"
        )
        return self._mark(
            self.filter(
                Q(network_id__in=ids) | Q(shared=True, network__federation_id__in=federations)
            )
        )


class CharterVersionQuerySet(NetworkScopedQuerySet["CharterVersion"]):
    pass


class ObligationQuerySet(NetworkScopedQuerySet["Obligation"]):
    pass


class SelfCheckQuerySet(NetworkScopedQuerySet["SelfCheck"]):
    pass


class AnnualPlanQuerySet(NetworkScopedQuerySet["AnnualPlan"]):
    pass


class PlanActivityQuerySet(NetworkScopedQuerySet["PlanActivity"]):
    pass


class IncomeLineQuerySet(NetworkScopedQuerySet["IncomeLine"]):
    pass


class ContributionQuerySet(NetworkScopedQuerySet["Contribution"]):
    def shown_to(self, user: Any, network: Any) -> Any:
        """Coordinators see every member's lines; a member's representatives their own."""
        from samverk.core.choices import RoleKind

        network_id = getattr(network, "pk", network)
        roles = get_roles(user)
        if is_platform_admin(user) or roles.has(network_id, RoleKind.COORDINATOR):
            return self
        return self.filter(organisation_id__in=roles.organisations.get(network_id, set()))


class DirectionVersionQuerySet(NetworkScopedQuerySet["DirectionVersion"]):
    pass
