"""API helpers shared by every app: errors as JSON with field messages, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as the API's field → messages mapping."""
    key = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(exc, "error_dict"):
        return {key: list(exc.messages)}
    return {
        (key if field == NON_FIELD_ERRORS else field): list(messages)
        for field, messages in exc.message_dict.items()
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=error_detail(exc))
    return drf_exception_handler(exc, context)


def run_service(func: Any, **kwargs: Any) -> Any:
    """Call a service function and turn its ValidationError into the API's 400."""
    try:
        return func(**kwargs)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(error_detail(exc)) from exc
