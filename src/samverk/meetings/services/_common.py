"""Helpers shared by the meetings services: stages, locks, quorum."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.meetings import joint, quorum
from samverk.meetings.choices import (
    AGENDA_EDITABLE,
    RECORD_OPEN,
)
from samverk.meetings.models import (
    Meeting,
)


def _local_start(meeting: Meeting) -> dt.datetime:
    """The meeting's start in its network's time zone (its day and year are the network's)."""
    return timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone))


def _require_stage(meeting: Meeting, allowed: frozenset[str], field: str, message: str) -> None:
    """Refuse a change the meeting's state no longer (or not yet) allows, with ``message``
    (which may name the state as ``%(status)s``)."""
    if meeting.status not in allowed:
        raise ValidationError({field: message % {"status": meeting.get_status_display()}})


def _agenda_open(meeting: Meeting) -> None:
    _require_stage(
        meeting,
        AGENDA_EDITABLE,
        NON_FIELD_ERRORS,
        _("The agenda of a meeting that is “%(status)s” can no longer be changed."),
    )


def _record_open(meeting: Meeting, field: str = NON_FIELD_ERRORS) -> None:
    _require_stage(
        meeting,
        RECORD_OPEN,
        field,
        _("The record of a meeting that is “%(status)s” can no longer be changed."),
    )


def _lock(meeting: Meeting) -> Meeting:
    """The meeting, locked and read afresh: its state decides what may still change."""
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    )


@transaction.atomic
def quorum_of(meeting: Meeting) -> quorum.QuorumResult:
    arena = meeting.arena
    members = list(arena.members.values_list("pk", flat=True))
    # Those who have left no longer count (quorum.counting for rows already loaded).
    authorised = list(
        meeting.attendances.filter(with_authority=True, left_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    return quorum.evaluate(arena.quorum_rule, arena.quorum_percent, members, authorised)


def _require_quorum(meeting: Meeting) -> None:
    """A binding decision needs a quorate meeting; without, it is a recommendation. A joint
    meeting must be quorate in every participating network, each by its arena's rule."""
    if joint.is_joint(meeting):
        short = [q for q in joint.quorum_by_network(meeting) if not q.is_quorate]
        if short:
            raise ValidationError(
                {
                    "binding": _(
                        "The meeting is not quorate for %(networks)s, so a binding decision "
                        "cannot be recorded. Record it as a recommendation instead."
                    )
                    % {"networks": ", ".join(q.network.name for q in short)}
                }
            )
        return
    if not quorum_of(meeting).is_quorate:
        raise ValidationError(
            {
                "binding": _(
                    "The meeting is not quorate, so a binding decision cannot be "
                    "recorded. Record it as a recommendation instead."
                )
            }
        )
