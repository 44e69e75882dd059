"""Which networks' pages show this app's objects (core.page_cache): the project's network."""

from __future__ import annotations

from samverk.core import page_cache
from samverk.projects.models import (
    AnnualReport,
    FocusArea,
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)


def register() -> None:
    models = (
        FocusArea,
        Project,
        ProjectPartner,
        KeyFigure,
        Milestone,
        ProjectUpdate,
        ProjectFile,
        AnnualReport,
    )
    for model in models:
        page_cache.shown_in(model, page_cache.along_network_path)
