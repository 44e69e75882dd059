"""The error pages (handler400…500); under /api/ the same answers as JSON, as the API gives
them (``{"detail": …}``), so that a client never has to read an HTML page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _detail(status: int) -> str:
    return {
        400: _("Bad request."),
        403: _("You do not have permission to perform this action."),
        404: _("Not found."),
        500: _("Server error."),
    }[status]


def _coordinators(request: HttpRequest) -> list[Any]:
    """The coordinators of the network the user was in, for someone who has a role in it
    (whom to ask); nobody for a network the user may not see."""
    from samverk.core.choices import RoleKind
    from samverk.core.models import NetworkRole
    from samverk.core.permissions import can_view_network

    network = getattr(request, "network", None)
    user = getattr(request, "user", None)
    if network is None or user is None or not user.is_authenticated:
        return []
    if not can_view_network(user, network):
        return []
    roles = NetworkRole.objects.filter(network=network, role=RoleKind.COORDINATOR)
    return [role.user for role in roles.select_related("user").order_by("user__name")[:5]]


def _error(request: HttpRequest, status: int) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": _detail(status)}, status=status)
    else:
        context: dict[str, Any] = {"status": status}
        if status in (403, 404):
            context["coordinators"] = _coordinators(request)
        response = render(request, f"errors/{status}.html", context, status=status)
    response.samverk_error_page = True  # type: ignore[attr-defined]
    return response


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """In the user's language (LocaleMiddleware chose it), without the context processors:
    the database may be what failed."""
    if request.path_info.startswith("/api/"):
        return _error(request, 500)
    response = HttpResponse(loader.render_to_string("errors/500.html"), status=500)
    response.samverk_error_page = True  # type: ignore[attr-defined]
    return response
