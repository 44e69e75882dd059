"""Which networks' pages show this app's objects (core.page_cache).

A meeting and everything in it (agenda, documents, replies, attendance, minutes, decisions,
actions, participations) shows in the network that leads it; a joint meeting also in every
network that takes part. The widening rule applies to every change: what one network shows of
another's data (its organisations and people in a joint meeting's attendance list) is
re-rendered in the partners too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models

from samverk.core import page_cache
from samverk.meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
    MeetingParticipation,
    MeetingSeries,
    Minutes,
    MinutesCirculation,
    MinutesRecipient,
    MinutesVersion,
    Rsvp,
)


def joint_partners(network_ids: list[int]) -> tuple[str, list[int]]:
    """SQL selecting every network of a joint meeting that one of ``network_ids`` leads or
    takes part in (for core.page_cache's one UPDATE)."""
    quote = connection.ops.quote_name
    meeting = quote(Meeting._meta.db_table)
    participation = quote(MeetingParticipation._meta.db_table)
    # Quoted table names and placeholders only: nothing of the input is in the text.
    marks = ", ".join(["%s"] * len(network_ids))
    led = f"SELECT id FROM {meeting} WHERE network_id IN ({marks})"  # noqa: S608
    joined = f"SELECT meeting_id FROM {participation} WHERE network_id IN ({marks})"  # noqa: S608
    sql = (
        f"SELECT network_id FROM {participation} WHERE meeting_id IN ({led}) "  # noqa: S608
        f"OR meeting_id IN ({joined}) "
        f"UNION SELECT network_id FROM {meeting} WHERE id IN ({joined})"
    )
    return sql, [*network_ids, *network_ids, *network_ids]


def _meeting_network(instance: Any) -> page_cache.NetworkIds:
    """The network of the object's meeting (loaded with it, or one query)."""
    try:
        return (instance.meeting.network_id,)
    except Meeting.DoesNotExist:  # deleted with its meeting: every network, to be safe
        return None


def _via_meeting(meeting_id: Callable[[Any], Any]) -> page_cache.Resolver:
    def resolve(instance: Any) -> page_cache.NetworkIds:
        found = meeting_id(instance)  # a query of one meeting id
        ids = list(Meeting.objects.filter(pk__in=found).values_list("network_id", flat=True))
        return ids or None  # the meeting is gone (deleted with it): every network, to be safe

    return resolve


def _participation(instance: MeetingParticipation) -> page_cache.NetworkIds:
    lead = _meeting_network(instance)
    return None if lead is None else {instance.network_id, *lead}


def register() -> None:
    own: tuple[type[models.Model], ...] = (Meeting, MeetingSeries, Decision, ActionItem)
    for model in own:
        page_cache.shown_in(model, page_cache.own_network)
    page_cache.shown_in(MeetingParticipation, _participation)
    in_meeting: tuple[type[models.Model], ...] = (AgendaItem, Rsvp, Attendance, Minutes)
    for model in in_meeting:
        page_cache.shown_in(model, _meeting_network)
    in_minutes: tuple[type[models.Model], ...] = (MinutesVersion, MinutesCirculation)
    for model in in_minutes:
        page_cache.shown_in(
            model,
            _via_meeting(
                lambda obj: Minutes.objects.filter(pk=obj.minutes_id).values("meeting_id")
            ),
        )
    page_cache.shown_in(
        MinutesRecipient,
        _via_meeting(
            lambda obj: MinutesCirculation.objects.filter(pk=obj.circulation_id).values(
                "minutes__meeting_id"
            )
        ),
    )
    page_cache.shown_in(
        AgendaDocument,
        _via_meeting(
            lambda obj: AgendaItem.objects.filter(pk=obj.agenda_item_id).values("meeting_id")
        ),
    )
    page_cache.shown_in(CalendarToken, page_cache.nowhere)  # the user's feed link, not a page
    page_cache.widen(joint_partners)
