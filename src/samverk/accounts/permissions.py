"""Who may give and take away access to a network. Views, API and services ask only these."""

from __future__ import annotations

from typing import Any

from samverk.core.permissions import can_manage_network


def can_manage_access(user: Any, network: Any) -> bool:
    """Coordinators (and the platform admin) decide who has which role in their network."""
    return can_manage_network(user, network)
