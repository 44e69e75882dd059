"""Response headers that limit what a page may load and use, templates that need no inline
script or style, and sessions that end after a configurable idle time."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.middleware import IDLE_STAMP
from samverk.networks.tests.factories import NetworkFactory, user_with_role

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]  # src/samverk


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.fixture
def coordinator() -> User:
    network = NetworkFactory.create(slug="barnim")
    return user_with_role(network, RoleKind.COORDINATOR, email="kari@example.org")


@pytest.fixture
def signed_in(coordinator: User) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


# --- Content-Security-Policy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/n/barnim/", "/n/barnim/organisations/", "/no-such-page/"]
)
def test_pages_allow_only_the_sites_own_scripts_and_styles(signed_in: Client, url: str) -> None:
    response = signed_in.get(url)

    policy = _directives(response["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_api_answers_with_the_policy_too(signed_in: Client) -> None:
    response = signed_in.get("/api/v1/networks/regions/", HTTP_ACCEPT="application/json")

    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert _directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_the_api_docs_need_no_inline_script() -> None:
    page = Client().get("/api/docs/")
    html = page.content.decode()
    script_urls = re.findall(r'<script src="([^"]+)"', html)
    init = Client().get(script_urls[-1])

    policy = _directives(page["Content-Security-Policy"])
    assert page.status_code == 200
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert "<style" not in html
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


def test_the_browsable_api_may_use_its_own_inline_styles_but_no_inline_script(
    signed_in: Client,
) -> None:
    response = signed_in.get("/api/v1/networks/regions/", HTTP_ACCEPT="text/html")

    policy = _directives(response["Content-Security-Policy"])
    assert response.status_code == 200
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_htmx_is_told_not_to_inject_its_indicator_styles(signed_in: Client) -> None:
    html = signed_in.get("/n/barnim/").content.decode()

    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, '
        '"allowEval": false}\'>' in html
    )


def _templates() -> list[Path]:
    # Templates of PDFs (``*_pdf.html``) are rendered by WeasyPrint and those of mails
    # (``…/mail/…``) by mail programs, never served to a browser under the CSP: mail programs
    # need their styles inline.
    return sorted(
        p
        for p in PACKAGE.rglob("templates/**/*.html")
        if not p.name.endswith("_pdf.html") and "mail" not in p.parent.name
    )


def test_templates_have_no_inline_script_style_or_event_handler() -> None:
    offenders = []
    for path in _templates():
        text = path.read_text()
        for pattern in (
            # an inline script (a JSON-LD data block is data: the browser runs nothing of it)
            r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>",
            r"<style",  # a style block
            r"\sstyle\s*=",  # a style attribute
            r"\son[a-z]+\s*=",  # an event handler attribute
            r"\shx-on",  # htmx's inline handlers need eval
            r"javascript:",
        ):
            offenders += [f"{path.relative_to(PACKAGE)}: {m}" for m in re.findall(pattern, text)]

    assert len(_templates()) > 50
    assert offenders == []


# --- Permissions-Policy and the other headers ----------------------------------------------


@pytest.mark.parametrize("url", ["/accounts/login/", "/n/barnim/", "/api/v1/networks/regions/"])
def test_powerful_browser_features_are_switched_off(signed_in: Client, url: str) -> None:
    response = signed_in.get(url)

    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    assert features == dict.fromkeys(
        (
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
        ),
        "()",
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- idle sessions ----------------------------------------------------------------------------


def test_sessions_end_after_two_idle_hours_by_default(settings: Any) -> None:
    assert settings.SAMVERK_SESSION_IDLE_MINUTES == 120
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    # Not a database write per page: the idle time restarts at most once a minute.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SAMVERK_SESSION_REFRESH_SECONDS == 60


def _idle_for(minutes: int) -> None:
    """As if the browser had been idle for ``minutes``: the session's expiry and the time of
    its last restart lie that far back."""
    session = Session.objects.get()
    store = SessionStore(session_key=session.session_key)
    store[IDLE_STAMP] = int((timezone.now() - dt.timedelta(minutes=minutes)).timestamp())
    store.save()
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + dt.timedelta(minutes=120 - minutes)
    )


def test_a_request_restarts_the_idle_time(signed_in: Client) -> None:
    _idle_for(115)  # five minutes are left

    response = signed_in.get("/n/barnim/")

    expire_date = Session.objects.get().expire_date
    assert response.status_code == 200
    assert expire_date >= timezone.now() + dt.timedelta(minutes=119)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 7200


def test_requests_within_a_minute_of_the_last_restart_write_no_session(
    signed_in: Client,
) -> None:
    # Signing in started the idle time: not even the first page writes the session.
    expire_date = Session.objects.get().expire_date

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get("/n/barnim/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []
    assert Session.objects.get().expire_date == expire_date


def test_a_request_a_minute_after_the_last_restart_restarts_the_idle_time(
    signed_in: Client,
) -> None:
    _idle_for(1)

    response = signed_in.get("/n/barnim/")

    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 7200
    assert Session.objects.get().expire_date >= timezone.now() + dt.timedelta(minutes=119)


def test_an_anonymous_visit_creates_no_session() -> None:
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0


def test_a_cookie_of_an_ended_session_creates_no_new_one(signed_in: Client) -> None:
    Session.objects.all().delete()

    response = signed_in.get("/accounts/login/")

    assert response.status_code == 200
    assert Session.objects.count() == 0


def test_an_idle_session_has_ended(signed_in: Client) -> None:
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = signed_in.get("/n/barnim/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/n/barnim/"


def test_the_idle_time_is_configurable(tmp_path: Path) -> None:
    code = (
        "from samverk import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.SAMVERK_SESSION_REFRESH_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "1",
            "SAMVERK_HOME": str(tmp_path),
            "SAMVERK_SESSION_IDLE_MINUTES": "30",
            "SAMVERK_SESSION_REFRESH_SECONDS": "10",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1800", "10"]


def test_a_refresh_interval_as_long_as_the_idle_time_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import samverk.settings"],
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "1",
            "SAMVERK_HOME": str(tmp_path),
            "SAMVERK_SESSION_IDLE_MINUTES": "1",
            "SAMVERK_SESSION_REFRESH_SECONDS": "60",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SAMVERK_SESSION_REFRESH_SECONDS must be 0 or more and less than the idle time" in (
        result.stderr
    )


def test_no_template_comment_spans_lines() -> None:
    """``{# … #}`` ends at the line's end: a comment over several lines is shown as text."""
    broken = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert broken == []
