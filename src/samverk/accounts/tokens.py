"""Signing in to the API with ``Authorization: Token <secret>`` (django-rest-knox)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from samverk.accounts.models import ApiToken

# "Last used" is written at most once a minute per token, not on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
MAX_TOKEN_LENGTH = 200


class ApiTokenAuthentication(TokenAuthentication):
    """knox's token authentication (expired tokens are refused and removed), which also
    records when a token was last used, and refuses malformed secrets before they reach the
    database (a NUL byte would be a 500 on PostgreSQL).

    It is the first authentication class of the API, so that its ``WWW-Authenticate: Token``
    header makes an anonymous request answer 401."""

    def authenticate_credentials(self, token: bytes) -> Any:
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if len(text) > MAX_TOKEN_LENGTH or not text.isprintable() or not text.isascii():
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token: ApiToken) -> tuple[Any, ApiToken]:
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return user, token


class ApiTokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme: ``Authorization: Token <secret>`` (named as before)."""

    target_class = "samverk.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"
