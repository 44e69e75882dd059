"""Who may do what with a network's events: coordinators (the organisers) manage events, sites
and sessions, see the registrations (personal data) and export participant lists; every other
role of the network reads events; the public reads public events on the portal (no login, no
personal data) and registers there."""

from __future__ import annotations

from typing import Any

from samverk.core import permissions as platform


def can_view_events(user: Any, network: Any) -> bool:
    return platform.can_view_network(user, network)


def can_manage_events(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)


def can_view_registrations(user: Any, network: Any) -> bool:
    """Participants' names and addresses: only the organisers."""
    return platform.can_manage_network(user, network)


def can_export_participants(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)
