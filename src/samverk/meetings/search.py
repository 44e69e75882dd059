"""The meetings app's part of the site search: meetings and decisions the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from samverk.core.registry import SearchResult
from samverk.meetings.models import Decision, Meeting


def meetings(user: Any, network: Any, query: str, limit: int) -> Iterable[SearchResult]:
    found = (
        Meeting.objects.visible_to(user)
        .for_network(network)
        .filter(Q(title__icontains=query) | Q(arena__name__icontains=query))
        .select_related("network", "arena")
        .order_by("-starts_at")[:limit]
    )
    return [
        SearchResult(
            title=m.title,
            url=m.get_absolute_url(),
            kind=_("Meeting"),
            detail=f"{m.arena.name} · {formats.date_format(m.starts_at, 'SHORT_DATE_FORMAT')}",
        )
        for m in found
    ]


def decisions(user: Any, network: Any, query: str, limit: int) -> Iterable[SearchResult]:
    found = (
        Decision.objects.visible_to(user)
        .for_network(network)
        .filter(Q(text__icontains=query) | Q(topic__icontains=query))
        .order_by("-year", "-number")[:limit]
    )
    return [
        SearchResult(
            title=f"{d.reference} {d.topic}".strip(),
            url=reverse(
                "meetings:meeting_detail", kwargs={"network": network.slug, "pk": d.meeting_id}
            )
            + "#decisions",
            kind=_("Decision"),
            detail=Truncator(d.text).chars(120),
        )
        for d in found
    ]
