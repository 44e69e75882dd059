"""Who may do what at the platform level: see a network, run it, create networks, edit the
shared regions. Domain apps build their own ``permissions.py`` on these."""

from __future__ import annotations

from typing import Any

from samverk.core.choices import RoleKind
from samverk.core.roles import get_roles, is_platform_admin


def can_view_network(user: Any, network: Any) -> bool:
    return is_platform_admin(user) or network.pk in get_roles(user).by_network


def can_manage_network(user: Any, network: Any) -> bool:
    """Coordinators run their network: members, mandates, arenas, every organisation."""
    return is_platform_admin(user) or get_roles(user).has(network.pk, RoleKind.COORDINATOR)


def can_create_network(user: Any) -> bool:
    return is_platform_admin(user)


def can_edit_regions(user: Any) -> bool:
    return is_platform_admin(user)


def can_change_federation(user: Any) -> bool:
    """Which federation a network belongs to decides who reads a shared charter: only the
    platform admin changes it."""
    return is_platform_admin(user)


def can_view_audit(user: Any, network: Any) -> bool:
    return can_manage_network(user, network)
