"""Resolve the network named in the URL and speak its working language by default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class NetworkMiddleware:
    """For URLs with a ``network`` slug: set ``request.network`` (None when unknown), switch the
    time zone to the network's, and — unless the user chose a language — its working language.
    Whether the user may see the network is decided by the view (404 otherwise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.network = None  # type: ignore[attr-defined]
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        slug = kwargs.get("network")
        if not slug:
            return
        from samverk.core.models import Network

        network = Network.objects.select_related("federation").filter(slug=slug).first()
        request.network = network  # type: ignore[attr-defined]
        if network is None:
            return
        timezone.activate(network.time_zone)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(network.language)
            request.LANGUAGE_CODE = network.language
