"""The settings module refuses to run insecurely, and the documented production
configuration passes Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

# Variables of the test process that must not leak into the production-like subprocess.
_DROP = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "SAMVERK_HOME",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "EMAIL_URL",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest
}


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROP}
    env.update(DJANGO_SETTINGS_MODULE="samverk.settings", SAMVERK_HOME=str(home), **extra)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _samverk() -> list[str]:
    script = Path(sys.executable).with_name("samverk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "samverk.cli"]


def test_no_secret_key_with_debug_off_refuses_to_start(tmp_path):
    result = _run(
        [sys.executable, "-c", "import samverk.settings"], _env(tmp_path, DEBUG="0"), tmp_path
    )

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set." in result.stderr
    assert not (tmp_path / "var" / "dev-secret-key").exists()


@pytest.mark.parametrize("key", ["short-key", "django-insecure-" + "x" * 60])
def test_weak_secret_key_with_debug_off_refuses_to_start(tmp_path, key):
    result = _run(
        [sys.executable, "-c", "import samverk.settings"],
        _env(tmp_path, DEBUG="0", SECRET_KEY=key),
        tmp_path,
    )

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is too weak for production" in result.stderr


def test_development_creates_and_keeps_a_key(tmp_path):
    command = [sys.executable, "-c", "from samverk import settings; print(settings.SECRET_KEY)"]

    first = _run(command, _env(tmp_path, DEBUG="1"), tmp_path)
    second = _run(command, _env(tmp_path, DEBUG="1"), tmp_path)

    key_file = tmp_path / "var" / "dev-secret-key"
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == key_file.read_text().strip()
    assert len(first.stdout.strip()) >= 50


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = _env(
        tmp_path,
        DEBUG="0",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        ALLOWED_HOSTS="samverk.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )

    result = _run([*_samverk(), "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"DAILY_JOBS_HOUR": "24"}, "DAILY_JOBS_HOUR must be an hour from 0 to 23."),
        ({"MAIL_MAX_ATTEMPTS": "0"}, "MAIL_MAX_ATTEMPTS must be 1 or more"),
        (
            {"MAIL_LEASE_SECONDS": "30", "EMAIL_TIMEOUT": "30"},
            "MAIL_LEASE_SECONDS must be longer than EMAIL_TIMEOUT.",
        ),
    ],
)
def test_mail_and_worker_settings_out_of_range_refuse_to_start(tmp_path, extra, message):
    result = _run(
        [sys.executable, "-c", "import samverk.settings"],
        _env(tmp_path, DEBUG="1", **extra),
        tmp_path,
    )

    assert result.returncode == 1
    assert f"ImproperlyConfigured: {message}" in result.stderr
