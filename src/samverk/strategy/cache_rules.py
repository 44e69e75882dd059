"""Which networks' pages show this app's objects (core.page_cache): the network of the
direction each belongs to."""

from __future__ import annotations

from samverk.core import page_cache
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement


def register() -> None:
    for model in (Direction, Goal, Commitment, Indicator, Measurement):
        page_cache.shown_in(model, page_cache.along_network_path)
