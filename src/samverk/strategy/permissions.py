"""Who may do what with a network's strategy. Every role in the network reads the direction,
its goals, commitments and indicators with their approved values. Coordinators write them and
approve values; partner representatives enter values (drafts, for the coordinator to approve)
and, like company contacts, update the status of commitments that bind their organisation."""

from __future__ import annotations

from typing import Any

from samverk.core import permissions as platform
from samverk.core.choices import RoleKind
from samverk.core.roles import get_roles, is_platform_admin
from samverk.networks import permissions as network_permissions


def can_view_strategy(user: Any, network: Any) -> bool:
    return platform.can_view_network(user, network)


def can_manage_strategy(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)


def can_enter_measurement(user: Any, network: Any) -> bool:
    return is_platform_admin(user) or get_roles(user).has(
        network.pk, RoleKind.COORDINATOR, RoleKind.PARTNER_REPRESENTATIVE
    )


def can_approve_measurement(user: Any, network: Any) -> bool:
    return can_manage_strategy(user, network)


def can_edit_measurement(user: Any, measurement: Any, network: Any) -> bool:
    """Coordinators; whoever entered a draft, until it is approved."""
    if can_manage_strategy(user, network):
        return True
    return (
        measurement.status == "draft"
        and measurement.entered_by_id == user.pk
        and can_enter_measurement(user, network)
    )


def can_update_commitment(user: Any, commitment: Any, network: Any) -> bool:
    """Coordinators, and those who act for a member the commitment names (partner
    representatives, company contacts)."""
    if can_manage_strategy(user, network):
        return True
    own = network_permissions.own_organisation_ids(user, network)
    if not own or commitment.side != "members":
        return False
    return bool(own & {o.pk for o in commitment.organisations.all()})


def can_answer_self_check(user: Any, network: Any, organisation: Any) -> bool:
    """Coordinators for any member; a partner representative or company contact for the
    organisation they act for."""
    if can_manage_strategy(user, network):
        return True
    return organisation.pk in network_permissions.own_organisation_ids(user, network)


def can_record_contribution(user: Any, network: Any, organisation: Any) -> bool:
    """Coordinators for every member; a member's representatives for their own."""
    return can_answer_self_check(user, network, organisation)
