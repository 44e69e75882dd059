"""Which networks' pages show the knowledge base's models (core.page_cache): their own."""

from __future__ import annotations

from samverk.core import page_cache


def register() -> None:
    from samverk.knowledge.models import (
        DataSet,
        Invitation,
        Response,
        ResponseLine,
        Survey,
        Vintage,
    )

    for model in (DataSet, Vintage, Survey, Invitation, Response, ResponseLine):
        page_cache.shown_in(model, page_cache.along_network_path)
