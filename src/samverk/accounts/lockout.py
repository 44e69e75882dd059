"""How django-axes sees a sign-in attempt and answers a locked-out one (see settings.AXES_*).

The login page, the admin's login and the token endpoint all sign in through ``authenticate``;
axes counts their failures per account and per client address in the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class LockoutBackend(AxesStandaloneBackend):
    """The first authentication backend: refuses every sign-in of a locked-out account or
    address (it signs nobody in itself; ModelBackend does). Every web sign-in passes its
    request; ``authenticate()`` without one (a test client's ``login()``, a shell) is not
    a guess from outside and is left to the next backend."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def attempted_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The email address someone tried to sign in with, as accounts store it (lower case), so
    that "Anna@Example.org" and "anna@example.org" count against the same account.

    The login forms call ``authenticate(username=…)``; axes itself looks for the model's
    ``USERNAME_FIELD`` ("email"): both are read."""
    value: Any = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if value is None:
        data: Any = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("email") or data.get("username")
    if not isinstance(value, str):
        return None
    return value.strip().lower() or None


def cool_off_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request) or dt.timedelta(0)
    return max(1, round(cool_off.total_seconds() / 60))


def locked_out_message(request: HttpRequest | None = None) -> str:
    minutes = cool_off_minutes(request)
    return ngettext(
        "Too many failed attempts to log in. Try again in %(minutes)d minute.",
        "Too many failed attempts to log in. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def api_lockout_response(request: HttpRequest) -> HttpResponse:
    """The token endpoint's answer: 429 with the API's ``{"detail": …}`` and Retry-After."""
    response = JsonResponse({"detail": locked_out_message(request)}, status=429)
    response["Retry-After"] = str(cool_off_minutes(request) * 60)
    return response


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: a page that says what happened and what to do, in the user's
    language (429); the API keeps the JSON answer its view gave."""
    if request.path.startswith("/api/"):
        if original_response is not None and original_response.status_code == 429:
            return original_response
        return api_lockout_response(request)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": cool_off_minutes(request), "title": _("Too many failed attempts to log in")},
        status=429,
    )
