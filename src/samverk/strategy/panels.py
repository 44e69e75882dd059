"""What the strategy app adds to other pages: a member's commitments on its organisation
page."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from samverk.core import clock
from samverk.core.models import Network
from samverk.networks import permissions as network_permissions
from samverk.networks.models import Organisation
from samverk.strategy import permissions
from samverk.strategy.choices import CommitmentSide
from samverk.strategy.models import Charter, Commitment


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


def dashboard(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    """The charter (the network's own or its federation's) and last year's self-check: how
    many members answered every obligation (coordinators), or whether one's own organisation
    did (its representatives)."""
    user = request.user
    charter = Charter.objects.visible_to(user).select_related("network").own_or_shared(network)
    if charter is None:
        return None
    from samverk.strategy.charter_services import answer_counts, members_in

    year = clock.network_today(network).year - 1
    obligations = charter.obligations.count()
    members = members_in(network, year)
    own = network_permissions.own_organisation_ids(user, network)
    coordinator = permissions.can_manage_strategy(user, network)
    shown = members if coordinator else [m for m in members if m.pk in own]
    counts = answer_counts(network, charter, year)
    complete = sum(1 for m in shown if obligations and counts.get(m.pk, 0) >= obligations)
    return {
        "charter": charter,
        "self_check_year": year,
        "self_check_shown": len(shown) if obligations else 0,
        "self_check_complete": complete,
        "self_check_coordinator": coordinator,
    }
