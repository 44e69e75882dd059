"""Joint meetings, read side: a meeting led by one network's arena in which arenas of other
networks of the same federation take part (``MeetingParticipation``).

One meeting, one status, one attendance list; the invitees are the member organisations of
every participating arena; quorum is evaluated per network, by that network's arena and its
rule; a decision is numbered in every participating network's register (one ``Decision`` row
per network sharing a ``joint_group``). The writes are in ``services/joint.py`` and in the
usual services, which call these helpers.

A meeting that is not joint behaves exactly as before: every helper here returns the lead
network and arena alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from samverk.core.models import Network
from samverk.meetings import quorum
from samverk.meetings.models import Decision, Meeting, MeetingParticipation
from samverk.networks.models import Arena, Organisation

_CACHE = "_samverk_participations"


def participations(meeting: Meeting) -> list[MeetingParticipation]:
    """The other networks' arenas taking part (by network name), loaded once per meeting
    object (``prefetch_related("participations")`` fills the cache too, for lists)."""
    cached = getattr(meeting, _CACHE, None)
    if cached is None:
        prefetched = getattr(meeting, "_prefetched_objects_cache", {}).get("participations")
        if prefetched is not None:
            cached = sorted(prefetched, key=lambda p: (p.network.name, p.pk))
        elif meeting.pk is None:
            cached = []
        else:
            cached = list(
                MeetingParticipation.objects.filter(meeting=meeting)
                .select_related("network", "arena")
                .order_by("network__name", "pk")
            )
        setattr(meeting, _CACHE, cached)
    return cached


def forget(meeting: Meeting) -> None:
    if hasattr(meeting, _CACHE):
        delattr(meeting, _CACHE)


def is_joint(meeting: Meeting) -> bool:
    return bool(participations(meeting))


@dataclass(frozen=True)
class Participant:
    """A network taking part in a meeting with one of its arenas; ``lead`` for the host."""

    network: Network
    arena: Arena
    lead: bool


def participants(meeting: Meeting) -> list[Participant]:
    """The lead network and arena first, then the participating ones by network name."""
    return [
        Participant(meeting.network, meeting.arena, True),
        *(Participant(p.network, p.arena, False) for p in participations(meeting)),
    ]


def network_ids(meeting: Meeting) -> list[int]:
    return [meeting.network_id, *(p.network_id for p in participations(meeting))]


def arena_ids(meeting: Meeting) -> list[int]:
    return [meeting.arena_id, *(p.arena_id for p in participations(meeting))]


def member_organisations(meeting: Meeting) -> QuerySet[Organisation]:
    """The member organisations of every participating arena (the lead's alone for a meeting
    that is not joint): who is invited, may reply and counts at check-in."""
    ids = arena_ids(meeting)
    if len(ids) == 1:
        # The network filter lets the database start from this network's organisations.
        return meeting.arena.members.filter(network_id=meeting.network_id)
    through = Arena.members.through.objects.filter(arena_id__in=ids)
    return Organisation.objects.filter(
        network_id__in=network_ids(meeting), pk__in=through.values("organisation_id")
    )


def meeting_path(meeting: Meeting, network: Any) -> str:
    """The meeting's page in ``network`` when it takes part (its members have no role in the
    lead network, so a link into the lead network would answer 404 to them), else in the lead
    network. For mails and links to a participating network's people: pass the recipient's
    organisation's network."""
    network_id = getattr(network, "pk", network)
    slug = meeting.network.slug
    for participation in participations(meeting):
        if participation.network_id == network_id:
            slug = participation.network.slug
    return reverse("meetings:meeting_detail", kwargs={"network": slug, "pk": meeting.pk})


def network_names(meeting: Meeting) -> str:
    """ "Barnim, Uckermark": the participating networks, lead first."""
    return ", ".join(p.network.name for p in participants(meeting))


# --- quorum per network --------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkQuorum:
    network: Network
    arena: Arena
    lead: bool
    result: quorum.QuorumResult
    missing: list[Organisation]

    @property
    def is_quorate(self) -> bool:
        return self.result.is_quorate

    @property
    def has_rule(self) -> bool:
        return self.result.required > 0


def quorum_by_network(
    meeting: Meeting, authorised: Iterable[int] | None = None
) -> list[NetworkQuorum]:
    """For each participating network (lead first): the quorum over its arena's members, by
    its arena's rule. ``authorised``: ids of the organisations represented with authority
    (read from the attendance list when not given). Two queries (three without
    ``authorised``), however many networks and members."""
    people = participants(meeting)
    ids = [p.arena.pk for p in people]
    members: dict[int, list[int]] = {pk: [] for pk in ids}
    for arena_id, organisation_id in Arena.members.through.objects.filter(
        arena_id__in=ids
    ).values_list("arena_id", "organisation_id"):
        members[arena_id].append(organisation_id)
    if authorised is None:
        authorised = meeting.attendances.filter(
            with_authority=True, organisation__isnull=False, left_at__isnull=True
        ).values_list("organisation_id", flat=True)
    authorised = set(authorised)
    results = [
        quorum.evaluate(
            p.arena.quorum_rule, p.arena.quorum_percent, members[p.arena.pk], authorised
        )
        for p in people
    ]
    missing_ids = set().union(*(r.missing for r in results))
    names = {o.pk: o for o in Organisation.objects.filter(pk__in=missing_ids).order_by("name")}
    return [
        NetworkQuorum(
            network=p.network,
            arena=p.arena,
            lead=p.lead,
            result=r,
            missing=[names[pk] for pk in names if pk in r.missing],
        )
        for p, r in zip(people, results, strict=True)
    ]


# --- decisions numbered in each register ---------------------------------------------------


@dataclass(frozen=True)
class JointReference:
    reference: str
    network: Network
    decision: Decision


def with_references(
    meeting: Meeting, decisions: Sequence[Decision], network: Any = None
) -> list[Decision]:
    """One row per decision of ``meeting``: for a joint meeting, the row of ``network`` (the
    lead's by default) with ``joint_references`` listing every network's number, lead first
    ("2026/07 (Barnim) · 2026/04 (Uckermark)"). Decisions need ``select_related("network")``;
    no further query."""
    groups: dict[Any, list[Decision]] = {}
    for decision in decisions:
        groups.setdefault(decision.joint_group or decision.pk, []).append(decision)
    network_id = getattr(network, "pk", network)
    rows: list[Decision] = []
    for group in groups.values():
        lead = next((d for d in group if d.network_id == meeting.network_id), group[0])
        shown = next((d for d in group if d.network_id == network_id), lead)
        others = sorted((d for d in group if d is not lead), key=lambda d: (d.network.name, d.pk))
        ordered = [lead, *others]
        shown.joint_references = (  # type: ignore[attr-defined]
            [JointReference(d.reference, d.network, d) for d in ordered] if len(group) > 1 else []
        )
        rows.append(shown)
    return rows
