from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from samverk.core.registry import SearchResult
from samverk.core.views import network_view
from tests.exampleapp.models import Note


@network_view
def note_list(request: HttpRequest, network: Any) -> HttpResponse:
    notes = Note.objects.visible_to(request.user).for_network(network)
    return render(request, "exampleapp/note_list.html", {"network": network, "notes": notes})


def dashboard_panel(request: HttpRequest, network: Any) -> dict[str, Any]:
    return {"notes": list(Note.objects.visible_to(request.user).for_network(network))}


def search(user: Any, network: Any, query: str, limit: int) -> Iterable[SearchResult]:
    url = reverse("exampleapp:note_list", kwargs={"network": network.slug})
    found = Note.objects.visible_to(user).for_network(network).filter(title__icontains=query)
    return [SearchResult(title=n.title, url=url, kind="Note") for n in found[:limit]]
