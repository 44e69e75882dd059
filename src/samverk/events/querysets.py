"""Scoped querysets of the events app (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samverk.core.choices import RoleKind
from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.events.models import (  # noqa: F401
        Event,
        EventSettings,
        EventSite,
        Exhibitor,
        Registration,
        Session,
    )


class EventSettingsQuerySet(NetworkScopedQuerySet["EventSettings"]):
    pass


class EventQuerySet(NetworkScopedQuerySet["Event"]):
    def public(self) -> Any:
        """Events the network publishes on its portal: readable by anyone."""
        return self._mark(self.filter(is_public=True))


class EventSiteQuerySet(NetworkScopedQuerySet["EventSite"]):
    def public(self) -> Any:
        return self._mark(self.filter(event__is_public=True))


class SessionQuerySet(NetworkScopedQuerySet["Session"]):
    def public(self) -> Any:
        return self._mark(self.filter(site__event__is_public=True))


class RegistrationQuerySet(NetworkScopedQuerySet["Registration"]):
    """Participants' personal data: only for coordinators (the organisers)."""

    reader_roles = frozenset({RoleKind.COORDINATOR})


class ExhibitorQuerySet(NetworkScopedQuerySet["Exhibitor"]):
    def public(self) -> Any:
        return self._mark(self.filter(site__event__is_public=True, status="confirmed"))
