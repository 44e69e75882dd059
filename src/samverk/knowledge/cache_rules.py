"""Which networks' pages show the knowledge base's models (core.page_cache): their own."""

from __future__ import annotations

from samverk.core import page_cache


def register() -> None:
    from samverk.knowledge.models import (
        DataSet,
        Invitation,
        Response,
        ResponseLine,
        ShortageRun,
        Study,
        Survey,
        Vintage,
    )

    for model in (DataSet, Vintage, Survey, Invitation, Response, ResponseLine, ShortageRun):
        page_cache.shown_in(model, page_cache.along_network_path)
    # A shared or public study shows on every network's pages, and one that stops being
    # shared must leave them at once: any change of a study concerns every network.
    page_cache.shown_in(Study, page_cache.everywhere)
