"""Which networks' pages show the knowledge base's models (core.page_cache): their own."""

from __future__ import annotations

from samverk.core import page_cache


def register() -> None:
    from samverk.knowledge.models import DataSet, Vintage

    for model in (DataSet, Vintage):
        page_cache.shown_in(model, page_cache.along_network_path)
