"""Who may do what in a network. Views, API and services ask only these functions."""

from __future__ import annotations

from typing import Any

from samverk.accounts.choices import RoleKind
from samverk.accounts.roles import READERS, get_roles, is_platform_admin

ORG_ACTORS = (RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT)


def can_view_network(user: Any, network: Any) -> bool:
    return is_platform_admin(user) or network.pk in get_roles(user).by_network


def can_manage_network(user: Any, network: Any) -> bool:
    """Coordinators run their network: members, mandates, arenas, every organisation."""
    return is_platform_admin(user) or get_roles(user).has(network.pk, RoleKind.COORDINATOR)


def can_create_network(user: Any) -> bool:
    return is_platform_admin(user)


def can_change_federation(user: Any) -> bool:
    """Which federation (shared charter) a network belongs to is the platform's decision."""
    return is_platform_admin(user)


def can_edit_regions(user: Any) -> bool:
    return is_platform_admin(user)


def can_view_people(user: Any, network: Any) -> bool:
    """The whole people directory; company contacts see only their own organisation's people."""
    return is_platform_admin(user) or get_roles(user).has(network.pk, *READERS)


def can_view_audit(user: Any, network: Any) -> bool:
    return can_manage_network(user, network)


def acts_for(user: Any, organisation: Any) -> bool:
    roles = get_roles(user)
    return roles.has(organisation.network_id, *ORG_ACTORS) and organisation.pk in (
        roles.organisations.get(organisation.network_id, set())
    )


def can_edit_organisation(user: Any, organisation: Any) -> bool:
    return (
        is_platform_admin(user)
        or get_roles(user).has(organisation.network_id, RoleKind.COORDINATOR)
        or acts_for(user, organisation)
    )


def can_edit_person(user: Any, person: Any) -> bool:
    return can_edit_organisation(user, person.organisation)


def can_add_person(user: Any, organisation: Any) -> bool:
    return can_edit_organisation(user, organisation)
