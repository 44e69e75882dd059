"""Who may do what in a network. Views, API and services ask only these functions."""

from __future__ import annotations

from typing import Any

from samverk.core.choices import RoleKind
from samverk.core.permissions import can_manage_network
from samverk.core.roles import READERS, get_roles, is_platform_admin

ORG_ACTORS = (RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT)


def can_view_people(user: Any, network: Any) -> bool:
    """The whole people directory; company contacts see only their own organisation's people."""
    return is_platform_admin(user) or get_roles(user).has(network.pk, *READERS)


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


def can_manage_access(user: Any, network: Any) -> bool:
    """Coordinators (and the platform admin) decide who has which role in their network."""
    return can_manage_network(user, network)


def can_import_members(user: Any, network: Any) -> bool:
    """Importing a partner list (organisations, memberships, people, mandates) is for
    coordinators (and the platform admin)."""
    return can_manage_network(user, network)


def can_see_budget(user: Any, network: Any, organisation: Any = None) -> bool:
    """The one rule for members' budgets and the commitment figures.

    ``organisation`` given: may the user see that organisation's budget and commitment
    figures? ``organisation`` None: may the user see every member's (the members list's budget
    column, the commitment ranking, exports and the API)? Coordinators (and the platform
    admin) always; the other roles only when the network shares member budgets
    (``Network.share_member_budgets``) — or, for partner representatives and company
    contacts, their own organisation's.
    """
    if is_platform_admin(user) or get_roles(user).has(network.pk, RoleKind.COORDINATOR):
        return True
    if not get_roles(user).by_network.get(network.pk):
        return False
    if network.share_member_budgets:
        return True
    return organisation is not None and acts_for(user, organisation)


def own_organisation_ids(user: Any, network: Any) -> set[int]:
    """The organisations a partner representative or company contact acts for here."""
    roles = get_roles(user)
    if not roles.has(network.pk, *ORG_ACTORS):
        return set()
    return set(roles.organisations.get(network.pk, set()))
