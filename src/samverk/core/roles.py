"""A user's roles, loaded once per request and cached on the user object.

Every permission check and scoped queryset asks these functions, so a page costs one
query for roles however many checks it makes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from samverk.core.choices import RoleKind

_CACHE_ATTR = "_samverk_roles"

# Roles that may read a network's internal data (people, contact details, mandates).
READERS = frozenset({RoleKind.COORDINATOR, RoleKind.PARTNER_REPRESENTATIVE, RoleKind.OBSERVER})


class UserRoles:
    def __init__(self, rows: Iterable[tuple[int, str, int | None]]) -> None:
        self.by_network: dict[int, set[str]] = defaultdict(set)
        self.organisations: dict[int, set[int]] = defaultdict(set)
        for network_id, role, organisation_id in rows:
            self.by_network[network_id].add(role)
            if organisation_id is not None:
                self.organisations[network_id].add(organisation_id)

    def network_ids(self, roles: frozenset[str] | set[str] | None = None) -> list[int]:
        return sorted(
            nid for nid, held in self.by_network.items() if roles is None or held & set(roles)
        )

    def has(self, network_id: int, *roles: str) -> bool:
        return bool(self.by_network.get(network_id, set()) & set(roles))


def get_roles(user: Any) -> UserRoles:
    if not getattr(user, "is_authenticated", False):
        return UserRoles([])
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from samverk.core.models import NetworkRole

        rows = list(
            NetworkRole.objects.filter(user=user).values_list(
                "network_id", "role", "organisation_id"
            )
        )
        cached = UserRoles(rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)
