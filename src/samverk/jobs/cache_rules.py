"""Which networks' pages show this app's objects (core.page_cache): the offer's network."""

from __future__ import annotations

from samverk.core import page_cache


def register() -> None:
    from samverk.jobs.models import JobOffer, JobOfferTargetGroup

    for model in (JobOffer, JobOfferTargetGroup):
        page_cache.shown_in(model, page_cache.along_network_path)
