"""The pages that compose the apps: home (network chooser), a network's dashboard, the
organisation page and search. Their sections come from the apps through core.registry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from samverk.core import clock
from samverk.core import permissions as platform
from samverk.core.models import Network
from samverk.core.page_cache import cached_page
from samverk.core.registry import registry, render_panels
from samverk.core.request_memo import request_memo
from samverk.core.views import network_view
from samverk.networks import permissions
from samverk.networks.models import Organisation

SEARCH_LIMIT = 10
SEARCH_MIN_LENGTH = 2


@login_required
def home(request: HttpRequest) -> HttpResponse:
    visible = Network.objects.visible_to(request.user)
    wanted = request.GET.get("network")
    if wanted:  # the network switcher
        return redirect(get_object_or_404(visible, slug=wanted))
    networks = list(visible.select_related("federation"))
    if len(networks) == 1 and not request.user.is_superuser:
        return redirect(networks[0])
    return render(
        request,
        "site/home.html",
        {"networks": networks, "can_create": platform.can_create_network(request.user)},
    )


@network_view
@cached_page
def dashboard(request: HttpRequest, network: Network) -> HttpResponse:
    """What each role needs this week; every section is a panel of the app that owns it
    (panels decide per role whether they show, through their context function). The page
    only reads: what several panels ask (the joint meetings…) is looked up once for all."""
    with request_memo():
        context = {
            "network": network,
            "panels": render_panels(registry.dashboard_panels, request, network),
            "federation_charter": shows_federation_charter(request.user, network),
        }
        return render(request, "site/dashboard.html", context)


def shows_federation_charter(user: Any, network: Any) -> bool:
    """Whether the federation's charter text is shown on a page of its own: the network is in
    a federation and has no charter in the strategy app (own or shared), which replaces it."""
    if getattr(network, "federation_id", None) is None:
        return False
    from samverk.core.request_memo import memoized
    from samverk.strategy.models import Charter

    return not memoized(
        ("strategy-charter", network.pk, getattr(user, "pk", None)),
        lambda: Charter.objects.visible_to(user).for_network(network).exists(),
    )


@network_view
def charter(request: HttpRequest, network: Network) -> HttpResponse:
    """The charter (Leitbild) of the network's federation, on a page of its own; the strategy
    app's charter page when the network has one there."""
    federation = network.federation
    if federation is None:
        raise Http404
    if not shows_federation_charter(request.user, network):
        return redirect("strategy:charter", network=network.slug)
    return render(request, "site/charter.html", {"network": network, "federation": federation})


@network_view
def organisation_detail(request: HttpRequest, network: Network, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user)
        .for_network(network)
        .with_active_membership(clock.network_today(network))
        .select_related("region", "network"),
        pk=pk,
    )
    context = {
        "network": network,
        "organisation": organisation,
        "can_edit": permissions.can_edit_organisation(request.user, organisation),
        "can_manage": platform.can_manage_network(request.user, network),
        "sections": render_panels(registry.organisation_sections, request, network, organisation),
    }
    return render(request, "site/organisation_detail.html", context)


@network_view
def search(request: HttpRequest, network: Network) -> HttpResponse:
    """One search over what every app registered (organisations, people, meetings…), each
    through the user's scoped querysets."""
    query = request.GET.get("q", "").strip()
    groups: list[dict[str, Any]] = []
    if len(query) >= SEARCH_MIN_LENGTH:
        for provider in registry.search_providers:
            results = list(provider.search(request.user, network, query, SEARCH_LIMIT))
            if results:
                groups.append({"label": provider.label, "results": results})
    context = {
        "network": network,
        "query": query,
        "groups": groups,
        "too_short": bool(query) and len(query) < SEARCH_MIN_LENGTH,
        "min_length": SEARCH_MIN_LENGTH,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "site/search.html", context)
