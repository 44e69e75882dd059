"""Joint meetings, write side: which other networks' arenas take part in a meeting.

Who decides: the coordinators of the lead network (the meeting's own network) choose the
arenas of other networks **of the same federation** (Barnim and Uckermark share one
Leitbild); they need no role in those networks. Only federation networks may join, each
with one arena; the participants are fixed while the agenda may still change (planned or
invited, before it starts).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core.services import record_delete, require, save_audited
from samverk.meetings import joint, permissions
from samverk.meetings.choices import REPLIES_OPEN
from samverk.meetings.models import Meeting, MeetingParticipation
from samverk.meetings.services._common import _lock, _require_stage
from samverk.networks.models import Arena

FIELD = "joint_arenas"


def _participants_open(meeting: Meeting) -> None:
    _require_stage(
        meeting,
        REPLIES_OPEN,
        FIELD,
        _("The networks taking part in a meeting that is “%(status)s” can no longer change."),
    )


def check_joint_arenas(meeting: Meeting, arenas: Iterable[Arena]) -> list[Arena]:
    """The arenas, checked: none of the lead network, each of a network of the lead
    network's federation, at most one per network. ``ValidationError({"joint_arenas": …})``."""
    arenas = list(arenas)
    lead = meeting.network
    seen: set[int] = set()
    for arena in arenas:
        network = arena.network
        if network.pk == lead.pk:
            raise ValidationError(
                {
                    FIELD: _(
                        "%(arena)s belongs to this meeting's own network; choose arenas of "
                        "other networks."
                    )
                    % {"arena": arena}
                }
            )
        if lead.federation_id is None or network.federation_id != lead.federation_id:
            raise ValidationError(
                {
                    FIELD: _(
                        "%(network)s is not in the federation of %(lead)s; only networks of "
                        "the same federation can meet jointly."
                    )
                    % {"network": network, "lead": lead}
                }
            )
        if network.pk in seen:
            raise ValidationError(
                {
                    FIELD: _("Choose one arena per network (%(network)s twice).")
                    % {"network": network}
                }
            )
        seen.add(network.pk)
    return arenas


def _set(actor: User, meeting: Meeting, arenas: list[Arena]) -> list[MeetingParticipation]:
    wanted = {a.network_id: a for a in check_joint_arenas(meeting, arenas)}
    existing = {p.network_id: p for p in MeetingParticipation.objects.filter(meeting=meeting)}
    for network_id, participation in existing.items():
        if wanted.get(network_id) is None or wanted[network_id].pk != participation.arena_id:
            record_delete(actor=actor, obj=participation, network=meeting.network)
            participation.delete()
    for network_id, arena in wanted.items():
        old = existing.get(network_id)
        if old is None or old.arena_id != arena.pk:
            save_audited(
                actor=actor,
                obj=MeetingParticipation(meeting=meeting, network_id=network_id, arena=arena),
                network=meeting.network,
            )
    joint.forget(meeting)
    return joint.participations(meeting)


@transaction.atomic
def set_joint_arenas(
    *, actor: User, meeting: Meeting, arenas: Iterable[Arena]
) -> list[MeetingParticipation]:
    """Make ``arenas`` (of other networks of the federation) the meeting's participating
    arenas: added, changed and removed rows are audited in the lead network's history."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    locked = _lock(meeting)
    _participants_open(locked)
    result = _set(actor, locked, list(arenas))
    joint.forget(meeting)
    return result


def change_joint_arenas(
    *, actor: User, meeting: Meeting, arenas: Iterable[Arena]
) -> list[MeetingParticipation]:
    """For ``update_meeting`` (already checked, locked and in its transaction): a change of
    the participants only while the agenda may change."""
    arenas = list(arenas)
    current = {
        (p.network_id, p.arena_id) for p in MeetingParticipation.objects.filter(meeting=meeting)
    }
    if current == {(a.network_id, a.pk) for a in arenas}:
        return joint.participations(meeting)
    _participants_open(meeting)
    return _set(actor, meeting, arenas)


def add_on_scheduling(
    *, actor: User, meeting: Meeting, arenas: Iterable[Arena]
) -> list[MeetingParticipation]:
    """For ``schedule_meeting`` (already checked and in its transaction)."""
    arenas = list(arenas)
    return _set(actor, meeting, arenas) if arenas else []
