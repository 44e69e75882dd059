"""What the meetings app shows on the site's pages (registered in apps.py): the user's open
actions on the dashboard, and a member's commitment on the organisation page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverk.core import clock
from samverk.core.models import Network
from samverk.meetings.models import ActionItem
from samverk.meetings.reports import commitment
from samverk.networks import permissions
from samverk.networks.models import Organisation


def dashboard_actions(request: HttpRequest, network: Network) -> dict[str, Any]:
    return {
        "my_actions": list(
            ActionItem.objects.visible_to(request.user)
            .for_network(network)
            .open()
            .filter(owner_person__user=request.user)
            .select_related("meeting")
            .order_by("due_date", "pk")
        ),
        "today": clock.network_today(network),
    }


def organisation_commitment(
    request: HttpRequest, network: Network, organisation: Organisation
) -> dict[str, Any] | None:
    if not permissions.can_see_budget(request.user, network, organisation):
        return None
    today = clock.network_today(network)
    figures = next(iter(commitment(network, organisations=[organisation], today=today)), None)
    return None if figures is None else {"commitment": figures}
