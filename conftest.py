"""Shared pytest fixtures. With SAMVERK_CI=1 a PostgreSQL URL that cannot be reached fails."""

from __future__ import annotations

import os

import pytest

# smtp_inbox: a real SMTP server (aiosmtpd); run_tasks: the task queue run by the worker's code
pytest_plugins = ["tests.smtp", "tests.tasks"]


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"samverk database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _english_by_default(settings: object) -> None:
    """Tests see English unless they choose a language."""
    from django.utils import translation

    translation.activate("en")


if os.environ.get("SAMVERK_CI") == "1":

    def pytest_sessionstart(session: pytest.Session) -> None:
        url = os.environ.get("DATABASE_URL", "")
        if url and not url.startswith(("postgres", "sqlite")):
            raise pytest.UsageError(f"SAMVERK_CI=1 but DATABASE_URL is unsupported: {url}")
