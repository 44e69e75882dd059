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


# --- exhibitors, check-in, badges ---------------------------------------------------------------


def exhibiting_for(user: Any, network: Any) -> set[int]:
    """The organisations ``user`` acts for in ``network`` (company contact or partner
    representative): the companies they may register as exhibitors."""
    from samverk.jobs.permissions import acting_for

    return acting_for(user, network)


def can_register_exhibitors(user: Any, network: Any) -> bool:
    return can_manage_events(user, network) or bool(exhibiting_for(user, network))


def can_edit_exhibitor(user: Any, exhibitor: Any) -> bool:
    """The coordinator, or who acts for the exhibiting company."""
    network = exhibitor.site.event.network
    return can_manage_events(user, network) or exhibitor.organisation_id in exhibiting_for(
        user, network
    )


def can_confirm_exhibitors(user: Any, network: Any) -> bool:
    return can_manage_events(user, network)


def can_check_in(user: Any, network: Any) -> bool:
    """The check-in desk shows participants' names: only the organisers."""
    return can_view_registrations(user, network)


def can_print_badges(user: Any, network: Any) -> bool:
    return can_view_registrations(user, network)
