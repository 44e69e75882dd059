"""Scoped querysets of the knowledge base (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.knowledge.models import DataSet, Vintage  # noqa: F401


class DataSetQuerySet(NetworkScopedQuerySet["DataSet"]):
    pass


class VintageQuerySet(NetworkScopedQuerySet["Vintage"]):
    pass
