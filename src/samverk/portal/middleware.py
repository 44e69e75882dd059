"""Serving a network's portal at its own host name."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

HOSTS_CACHE_KEY = "portal:hosts"


def portal_hosts() -> frozenset[str]:
    """The host names of published portals (cached; ``cache_rules`` forgets them on a change
    of any portal's settings)."""
    found = cache.get(HOSTS_CACHE_KEY)
    if found is None:
        from samverk.portal.models import PortalSettings

        found = frozenset(
            host.lower()
            for host in PortalSettings.objects.exclude(host="")
            .filter(is_published=True)
            .values_list("host", flat=True)
        )
        cache.set(HOSTS_CACHE_KEY, found, 300)
    return frozenset(found)


def platform_hosts() -> frozenset[str]:
    """The platform's own host names: requests to them never look for a portal (no query)."""
    site = urlsplit(settings.SAMVERK_SITE_URL).hostname or ""
    own = {"localhost", "127.0.0.1", "[::1]", "testserver", site}
    return frozenset(h.lower() for h in [*own, *settings.SAMVERK_PLATFORM_HOSTS] if h)


def forget_hosts(*args: object, **kwargs: object) -> None:
    cache.delete(HOSTS_CACHE_KEY)


class PortalHostMiddleware:
    """A request to a portal's own host name (it must also be in ``ALLOWED_HOSTS``) is answered
    by ``portal.host_urls``: the portal at the root."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            host = request.get_host().rsplit(":", 1)[0].lower()
        except DisallowedHost:
            host = ""  # CommonMiddleware answers 400
        if host and host not in platform_hosts() and host in portal_hosts():
            request.urlconf = "samverk.portal.host_urls"  # type: ignore[attr-defined]
            request.portal_host = host  # type: ignore[attr-defined]
        return self.get_response(request)
