"""Who may do what with a network's projects: every role in the network reads them;
coordinators write them."""

from __future__ import annotations

from typing import Any

from samverk.core import permissions as platform


def can_view_projects(user: Any, network: Any) -> bool:
    return platform.can_view_network(user, network)


def can_manage_projects(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)
