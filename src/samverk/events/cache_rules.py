"""Which networks' pages show this app's objects (core.page_cache): the event's network."""

from __future__ import annotations

from samverk.core import page_cache


def register() -> None:
    from samverk.events.models import (
        Event,
        EventSettings,
        EventSite,
        Exhibitor,
        Registration,
        Session,
    )

    for model in (EventSettings, Event, EventSite, Session, Registration, Exhibitor):
        page_cache.shown_in(model, page_cache.along_network_path)
