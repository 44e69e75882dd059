"""Shared pytest fixtures. With SAMVERK_CI=1 a PostgreSQL URL that cannot be reached fails,
and so does every test that would be skipped (a missing tool: see tests/tools.py)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.tools import fail_if_skipped

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


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> Any:
    """Each test starts with no cached pages (the cache lives in the process's memory)."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` need PostgreSQL: in the SQLite run they are deselected (not
    skipped; CI runs both databases, and no test may skip there); those marked ``sqlite`` are
    deselected in the PostgreSQL run."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    other = "sqlite" if on_postgres else "postgres"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


if os.environ.get("SAMVERK_CI") == "1":

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        """No test may skip in CI: a skip, whatever its cause, fails the test."""
        report = yield
        fail_if_skipped(report)
        return report

    def pytest_sessionstart(session: pytest.Session) -> None:
        url = os.environ.get("DATABASE_URL", "")
        if url and not url.startswith(("postgres", "sqlite")):
            raise pytest.UsageError(f"SAMVERK_CI=1 but DATABASE_URL is unsupported: {url}")
