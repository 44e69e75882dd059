"""Scoped querysets of the portal app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samverk.core.choices import RoleKind
from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.portal.models import PortalSettings  # noqa: F401


class PortalSettingsQuerySet(NetworkScopedQuerySet["PortalSettings"]):
    """The settings are the coordinators' (what the portal shows is public anyway)."""

    reader_roles = frozenset({RoleKind.COORDINATOR})
