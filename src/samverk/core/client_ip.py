"""The client's IP address, believing ``X-Forwarded-For`` only from configured proxies.

``REMOTE_ADDR`` is the address that connected. Only when it is one of
``settings.SAMVERK_TRUSTED_PROXIES`` (addresses or networks) is ``X-Forwarded-For`` read, from
the right: each proxy appends the address it received the request from, so the right-most
address that is not itself a trusted proxy is the client. Addresses further left were written
by the client and are never believed. Without trusted proxies (the default) the header is
ignored, so nobody can choose their address by sending it.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    proxies = _networks(tuple(getattr(settings, "SAMVERK_TRUSTED_PROXIES", ())))
    return address is not None and any(address in network for network in proxies)


def client_ip(request: HttpRequest) -> str:
    """The address to count sign-in attempts (and anything else per client) against."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if not _trusted(_address(remote)):
        return remote
    client = remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    for hop in reversed(forwarded):
        address = _address(hop)
        if address is None:
            break  # garbled: nothing to the left of it can be believed either
        client = str(address)
        if not _trusted(address):
            break
    return client
