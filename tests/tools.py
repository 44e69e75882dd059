"""What a test needs from the machine (a program, a browser, a database server).

Locally, a test whose tool is missing is skipped, with the reason. In CI (``SAMVERK_CI=1``) it
fails instead: no test may skip there, so a missing tool can never pass unnoticed. Every test
that needs a tool asks through ``executable`` or ``missing``; the root ``conftest.py`` also
turns any other skip into a failure in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("SAMVERK_CI") == "1"


def missing(what: str) -> NoReturn:
    """``what`` is not available: skip the test locally, fail it in CI."""
    if in_ci():
        pytest.fail(f"{what} is required in CI (SAMVERK_CI=1)", pytrace=False)
    pytest.skip(f"{what} is not available")


def executable(name: str, what: str | None = None) -> str:
    """The path of the program ``name`` (on PATH); ``missing`` when there is none."""
    path = shutil.which(name)
    if path is None:
        missing(what or name)
    return path


def fail_if_skipped(report: pytest.TestReport) -> None:
    """Turn a skipped test's report into a failure (for CI, where no test may skip). An
    expected failure (``xfail``) stays what it is."""
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (SAMVERK_CI=1), where no test may skip: {reason}"


def _shared_data_folders() -> list[Path]:
    """Where the shared reference data folder may be: ``SAMVERK_SHARED_DATA``; beside the
    checkout (``<repo>/../shared/data``); and, for a fresh clone of a local checkout (CI's
    clone in a temporary folder), beside the checkout it was cloned from."""
    base = os.environ.get("SAMVERK_SHARED_DATA")
    if base:
        return [Path(base)]
    root = Path(__file__).resolve().parents[1]
    folders = [root / ".." / "shared" / "data"]
    origin = subprocess.run(
        ["git", "-C", str(root), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if origin and Path(origin).is_dir():
        folders.append(Path(origin) / ".." / "shared" / "data")
    return folders


def shared_data(folder: str, *files: str) -> Path:
    """``folder`` of the shared reference data (``../shared/data/<folder>``) holding ``files``:
    ``missing`` (skipped locally, failed in CI) when it is not there."""
    folders = _shared_data_folders()
    for data in folders:
        if all((data / folder / name).is_file() for name in files):
            return data / folder
    missing(
        f"the shared data {folder}/ in {(folders[0] / folder).resolve()} "
        "(set SAMVERK_SHARED_DATA to the shared data folder)"
    )
