"""Who may do what in the knowledge base.

* Every role of a network reads its data sets (official statistics; nothing personal).
* Coordinators (and the platform admin) import data sets and vintages and delete them.
"""

from __future__ import annotations

from typing import Any

from samverk.core import permissions as platform


def can_view_knowledge(user: Any, network: Any) -> bool:
    return platform.can_view_network(user, network)


def can_manage_data_sets(user: Any, network: Any) -> bool:
    return platform.can_manage_network(user, network)


def can_run_surveys(user: Any, network: Any) -> bool:
    """Coordinators set up, send and read company needs surveys (the raw answers too)."""
    return platform.can_manage_network(user, network)


def can_manage_studies(user: Any, network: Any) -> bool:
    """Coordinators add, change and remove their network's studies."""
    return platform.can_manage_network(user, network)
