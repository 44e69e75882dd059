"""Classifications are shared reference data (core.querysets.ReferenceQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samverk.core.querysets import ReferenceQuerySet

if TYPE_CHECKING:
    from samverk.classifications.models import EscoOccupation, IscoGroup  # noqa: F401


class IscoGroupQuerySet(ReferenceQuerySet["IscoGroup"]):
    pass


class EscoOccupationQuerySet(ReferenceQuerySet["EscoOccupation"]):
    pass
