"""Requests of signed-in users, typed: views behind ``network_view`` or ``login_required``
(and API views, which require authentication) act for a :class:`User`, which the service
functions take as their ``actor``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samverk.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view that requires signing in: its ``user`` is a :class:`User`.
    Only for annotations (Django passes a plain ``HttpRequest``); the view's decorator
    (``network_view``, ``login_required``) is what guarantees it."""

    user: User


def signed_in_user(request: Any) -> User:
    """The request's user, refusing an anonymous one (API views, whose authentication
    classes already did so)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
