from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def samverk(request: HttpRequest) -> dict[str, Any]:
    """The networks the user can switch between, and the current one."""
    from samverk.core.models import Network

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_network": getattr(request, "network", None), "my_networks": []}
    return {
        "current_network": getattr(request, "network", None),
        "my_networks": Network.objects.visible_to(user).only("name", "slug"),
    }
