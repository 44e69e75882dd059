"""Decisions and actions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit, clock
from samverk.core.models import Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_same_network,
    require,
    save_audited,
)
from samverk.meetings import joint, permissions
from samverk.meetings.choices import (
    DECISIONS_OPEN,
)
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
)
from samverk.meetings.services._common import (
    _local_start,
    _lock,
    _record_open,
    _require_quorum,
    _require_stage,
)
from samverk.networks.models import Organisation, Person

# --- decisions ---------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    method: str = "consensus",
    binding: bool = True,
    number: int | None = None,
    agenda_item: AgendaItem | None = None,
    topic: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    """Numbered per network and year. A binding decision needs a quorate meeting; without
    quorum it can only be recorded as a recommendation (``binding=False``).

    At a joint meeting the decision is numbered in every participating network's register:
    one row per network (the lead's, which is returned, with ``number`` if given; the others
    with their network's next number), sharing a ``joint_group``. Binding needs the quorum of
    every participating network."""
    network = meeting.network
    require(permissions.can_manage_meetings(actor, network))
    others = [p.network for p in joint.participations(meeting)]
    # Serialise numbering, in a fixed order (no deadlock between two joint meetings).
    for pk in sorted([network.pk, *(n.pk for n in others)]):
        Network.objects.select_for_update().filter(pk=pk).first()
    _require_stage(
        _lock(meeting),
        DECISIONS_OPEN,
        NON_FIELD_ERRORS,
        _(
            "Decisions are recorded once the meeting has started and until its minutes "
            "are approved; this meeting is “%(status)s”."
        ),
    )
    if binding:
        _require_quorum(meeting)
    _check_agenda_item(meeting, agenda_item)
    year = _local_start(meeting).year
    taken = Decision.objects.filter(network=network, year=year)
    if number is None:
        number = (taken.aggregate(last=Max("number"))["last"] or 0) + 1
    elif taken.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("Decision %(reference)s already exists.")
                % {"reference": f"{year}/{number:02d}"}
            }
        )
    decision = Decision(
        network=network,
        meeting=meeting,
        agenda_item=agenda_item,
        year=year,
        number=number,
        text=text,
        method=method,
        binding=binding,
        topic=topic,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    if others:
        decision.joint_group = uuid.uuid4()
    save_audited(actor=actor, obj=decision, network=network)
    for other in others:
        other_year = timezone.localtime(meeting.starts_at, ZoneInfo(other.time_zone)).year
        last = Decision.objects.filter(network=other, year=other_year).aggregate(
            last=Max("number")
        )["last"]
        copy = Decision(
            network=other,
            meeting=meeting,
            agenda_item=agenda_item,
            year=other_year,
            number=(last or 0) + 1,
            text=text,
            method=method,
            binding=binding,
            topic=topic,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            joint_group=decision.joint_group,
        )
        # Recorded in the network whose register it is in, and in the lead's history.
        save_audited(actor=actor, obj=copy, network=other)
    return decision


# --- actions -------------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    due_date: dt.date,
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
    today: dt.date | None = None,
) -> ActionItem:
    """An action agreed at the meeting, due no earlier than ``today`` (the day it is agreed
    in the network's time zone: by default the network's today)."""
    network = meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _record_open(_lock(meeting))
    action = ActionItem(
        network=network,
        meeting=meeting,
        title=title,
        due_date=due_date,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        agenda_item=agenda_item,
        decision=decision,
    )
    _check_action(action, today or clock.network_today(network))
    save_audited(actor=actor, obj=action, network=network)
    return action


def _check_agenda_item(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})


@transaction.atomic
def update_decision(
    *,
    actor: User,
    decision: Decision,
    text: str | Unset = UNSET,
    method: str | Unset = UNSET,
    binding: bool | Unset = UNSET,
    agenda_item: AgendaItem | Unset | None = UNSET,
    topic: str | Unset = UNSET,
    votes_for: int | Unset | None = UNSET,
    votes_against: int | Unset | None = UNSET,
    abstentions: int | Unset | None = UNSET,
) -> Decision:
    """Correct a decision while its meeting's record is open. Its number stays; making it
    binding needs the meeting to be quorate, as when it was recorded."""
    meeting = decision.meeting
    require(permissions.can_manage_meetings(actor, meeting.network))
    _require_stage(
        _lock(meeting),
        DECISIONS_OPEN,
        NON_FIELD_ERRORS,
        _("The decisions of a meeting that is “%(status)s” can no longer be changed."),
    )
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    before = audit.snapshot(decision)
    assign(
        decision,
        {
            "text": text,
            "method": method,
            "binding": binding,
            "agenda_item": agenda_item,
            "topic": topic,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "abstentions": abstentions,
        },
    )
    if decision.binding and not before["binding"]:
        _require_quorum(meeting)
    _check_agenda_item(meeting, decision.agenda_item)
    save_audited(actor=actor, obj=decision, network=meeting.network, before=before)
    if decision.joint_group is not None:
        # The same decision in the other registers of a joint meeting: the same correction,
        # each keeping its own number.
        fields: tuple[str, ...] = ("text", "method", "binding", "agenda_item", "topic")
        fields = (*fields, "votes_for", "votes_against", "abstentions")
        for sibling in (
            Decision.objects.select_for_update(of=("self",))
            .select_related("network")
            .filter(joint_group=decision.joint_group)
            .exclude(pk=decision.pk)
        ):
            sibling_before = audit.snapshot(sibling)
            for field in fields:
                setattr(sibling, field, getattr(decision, field))
            save_audited(actor=actor, obj=sibling, network=sibling.network, before=sibling_before)
    return decision


def _check_action(action: ActionItem, created: dt.date) -> None:
    network = action.network
    if action.due_date < created:
        raise ValidationError({"due_date": _("An action cannot be due before it was created.")})
    if action.owner_person is None and action.owner_organisation is None:
        raise ValidationError({"owner_person": _("Name a person or an organisation as owner.")})
    check_same_network(network, field="owner_person", obj=action.owner_person)
    check_same_network(network, field="owner_organisation", obj=action.owner_organisation)
    check_same_network(network, field="decision", obj=action.decision)
    _check_agenda_item(action.meeting, action.agenda_item)


@transaction.atomic
def update_action(
    *,
    actor: User,
    action: ActionItem,
    title: str | Unset = UNSET,
    due_date: dt.date | Unset = UNSET,
    owner_person: Person | Unset | None = UNSET,
    owner_organisation: Organisation | Unset | None = UNSET,
    agenda_item: AgendaItem | Unset | None = UNSET,
    decision: Decision | Unset | None = UNSET,
) -> ActionItem:
    """Change what an action is, who owns it and when it is due. Actions live on after the
    meeting, so this stays possible once the minutes are approved."""
    require(permissions.can_manage_meetings(actor, action.network))
    action = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("network", "meeting")
        .get(pk=action.pk)
    )
    before = audit.snapshot(action)
    assign(
        action,
        {
            "title": title,
            "due_date": due_date,
            "owner_person": owner_person,
            "owner_organisation": owner_organisation,
            "agenda_item": agenda_item,
            "decision": decision,
        },
    )
    _check_action(action, clock.local_date(action.created_at, action.network.time_zone))
    save_audited(actor=actor, obj=action, network=action.network, before=before)
    return action


@transaction.atomic
def update_action_status(*, actor: User, action: ActionItem, status: str) -> ActionItem:
    require(permissions.can_update_action(actor, action))
    before = audit.snapshot(action)
    action.status = status
    save_audited(actor=actor, obj=action, network=action.network, before=before)
    return action


def carried_over_actions(meeting: Meeting) -> Any:
    """Open actions agreed at earlier meetings of the same arena: the follow-up section of
    this meeting's agenda."""
    return (
        ActionItem.objects.open()
        .filter(meeting__arena_id=meeting.arena_id, meeting__starts_at__lt=meeting.starts_at)
        .select_related("owner_person__organisation", "owner_organisation", "meeting")
    )
