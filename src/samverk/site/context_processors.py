from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from samverk.core.registry import registry


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The current network's navigation, from what the apps registered."""
    network = getattr(request, "network", None)
    user = getattr(request, "user", None)
    if network is None or user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in registry.navigation:
        if not item.visible(user, network):
            continue
        url = reverse(item.url_name, kwargs={"network": network.slug})
        # The overview is current only on itself; the others also on their sub-pages.
        current = request.path == url if item.name == "overview" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return {"nav_items": items}
