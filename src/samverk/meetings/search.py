"""The meetings app's part of the site search: meetings and decisions the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverk.core.registry import SearchResult
from samverk.meetings.models import Decision, Meeting, MinutesVersion


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


def minutes(user: Any, network: Any, query: str, limit: int) -> Iterable[SearchResult]:
    """The current text of the minutes the user may read (drafts: the coordinators and the
    minute-taker only — the rule of ``MinutesVersionQuerySet.visible_to``)."""
    current = (
        MinutesVersion.objects.visible_to(user)
        .for_network(network)
        .filter(minutes_id=OuterRef("minutes_id"))
        .order_by("-number")
        .values("pk")[:1]
    )
    found = (
        MinutesVersion.objects.visible_to(user)
        .for_network(network)
        .filter(pk=Subquery(current), text__icontains=query)
        .select_related("minutes__meeting")
        .order_by("-minutes__meeting__starts_at", "pk")[:limit]
    )
    return [
        SearchResult(
            title=_("Minutes: %(title)s") % {"title": v.minutes.meeting.title},
            url=reverse(
                "meetings:minutes_detail",
                kwargs={"network": network.slug, "pk": v.minutes.meeting_id},
            ),
            kind=pgettext("record of a meeting", "Minutes"),
            detail=Truncator(v.text).chars(120),
        )
        for v in found
    ]
