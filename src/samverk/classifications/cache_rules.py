"""Which networks' pages show classifications (core.page_cache): any network's (job offers,
statistics), so a change raises every network's data version."""

from __future__ import annotations

from samverk.core import page_cache


def register() -> None:
    from samverk.classifications.models import EscoOccupation, IscoGroup

    for model in (IscoGroup, EscoOccupation):
        page_cache.shown_in(model, page_cache.everywhere)
