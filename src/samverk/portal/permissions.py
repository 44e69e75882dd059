"""Who may do what with a network's portal: everyone reads what it publishes; coordinators
set it up."""

from __future__ import annotations

from typing import Any

from samverk.core import permissions as platform


def can_manage_portal(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)
