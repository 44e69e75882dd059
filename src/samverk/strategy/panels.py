"""What the strategy app adds to other pages: a member's commitments on its organisation
page."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from samverk.core.models import Network
from samverk.networks.models import Organisation
from samverk.strategy import permissions
from samverk.strategy.choices import CommitmentSide
from samverk.strategy.models import Commitment


def organisation_commitments(
    request: HttpRequest, network: Network, organisation: Organisation
) -> dict[str, Any] | None:
    """The commitments of the members' side that name this organisation or all members (for
    a member of the network), across the network's directions."""
    if not permissions.can_view_strategy(request.user, network):
        return None
    is_member = organisation.memberships.filter(network=network).exists()
    names = Q(organisations=organisation)
    if is_member:
        names |= Q(organisations__isnull=True)
    commitments = list(
        Commitment.objects.visible_to(request.user)
        .for_network(network)
        .filter(names, side=CommitmentSide.MEMBERS)
        .select_related("goal__direction")
        .distinct()
        .order_by("-goal__direction__start_year", "goal__position", "position", "pk")[:50]
    )
    if not commitments:
        return None
    return {"strategy_commitments": commitments}
