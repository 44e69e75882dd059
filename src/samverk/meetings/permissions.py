"""Who may do what with meetings. Coordinators run meetings; every role in the network reads
them; representatives answer invitations for their own organisation."""

from __future__ import annotations

from typing import Any

from samverk.core import permissions as platform
from samverk.networks import permissions as network_permissions


def can_view_meetings(user: Any, network: Any) -> bool:
    return platform.can_view_network(user, network)


def can_manage_meetings(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)


def can_answer_for(user: Any, organisation: Any) -> bool:
    """Reply to an invitation (RSVP) for ``organisation``."""
    return network_permissions.can_edit_organisation(user, organisation)


def can_update_action(user: Any, action: Any) -> bool:
    """Coordinators, and the representatives of the organisation that owns the action."""
    if can_manage_meetings(user, action.network):
        return True
    owner = action.owner_organisation or (action.owner_person and action.owner_person.organisation)
    return bool(owner and network_permissions.acts_for(user, owner))


def can_write_minutes(user: Any, meeting: Any, minutes: Any = None) -> bool:
    """Coordinators, and the minute-taker the coordinator named for these minutes."""
    if can_manage_meetings(user, meeting.network):
        return True
    return bool(
        minutes is not None
        and getattr(user, "is_authenticated", False)
        and minutes.minute_taker_id is not None
        and minutes.minute_taker_id == user.pk
        and platform.can_view_network(user, meeting.network)
    )
