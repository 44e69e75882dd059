"""Shared pytest fixtures. With SAMVERK_CI=1 a PostgreSQL URL that cannot be reached fails."""

from __future__ import annotations

import os

import pytest

pytest_plugins = ["tests.smtp"]  # the smtp_inbox fixture: a real SMTP server (aiosmtpd)


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"samverk database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _english_by_default(settings: object) -> None:
    """Tests see English unless they choose a language."""
    from django.utils import translation

    translation.activate("en")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` need PostgreSQL: in the SQLite run they are deselected (not
    skipped; CI runs both databases, and no test may skip there)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


if os.environ.get("SAMVERK_CI") == "1":

    def pytest_sessionstart(session: pytest.Session) -> None:
        url = os.environ.get("DATABASE_URL", "")
        if url and not url.startswith(("postgres", "sqlite")):
            raise pytest.UsageError(f"SAMVERK_CI=1 but DATABASE_URL is unsupported: {url}")
