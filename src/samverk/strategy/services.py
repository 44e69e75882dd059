"""Every write of the strategy app: permission, one transaction, validation, audit record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import AuditAction, Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    record_delete,
    require,
    save_audited,
    set_relations_audited,
)
from samverk.meetings.models import ActionItem, Decision
from samverk.strategy import permissions
from samverk.strategy.choices import (
    CommitmentSide,
    MeasurementStatus,
    Source,
    Unit,
)
from samverk.strategy.models import (
    HUNDRED,
    ZERO,
    Commitment,
    Direction,
    Goal,
    Indicator,
    Measurement,
)
from samverk.strategy.status import target_in_desired_direction

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.networks.models import Organisation, Person


def _network_of(direction: Direction) -> Network:
    return direction.network


# --- directions ---------------------------------------------------------------------------------


def check_binding_decision(
    network: Network, decision: Decision | None, *, field: str = "adopted_by", refusal: str = ""
) -> None:
    """When a decision is named: it must be one of ``network`` and binding (a recommendation
    is refused with ``refusal``, by default that it cannot adopt); the error is on ``field``.
    Used for directions and their versions, the charter and the plan's steps."""
    if decision is None:
        return
    check_same_network(
        network, field=field, obj=decision, message=_("Choose a decision of this network.")
    )
    if not decision.binding:
        raise ValidationError(
            {field: refusal or _("A recommendation cannot adopt it: choose a binding decision.")}
        )


@transaction.atomic
def create_direction(
    *,
    actor: User,
    network: Network,
    title: str,
    start_year: int,
    end_year: int,
    context: str = "",
    mission: str = "",
    adopted_by: Decision | None = None,
) -> Direction:
    require(permissions.can_manage_strategy(actor, network))
    check_binding_decision(network, adopted_by)
    direction = Direction(
        network=network,
        title=title,
        start_year=start_year,
        end_year=end_year,
        context=context,
        mission=mission,
        adopted_by=adopted_by,
    )
    save_audited(actor=actor, obj=direction, network=network)
    return direction


@transaction.atomic
def update_direction(
    *,
    actor: User,
    direction: Direction,
    title: str | Unset = UNSET,
    start_year: int | Unset = UNSET,
    end_year: int | Unset = UNSET,
    context: str | Unset = UNSET,
    mission: str | Unset = UNSET,
    adopted_by: Decision | Unset | None = UNSET,
) -> Direction:
    network = direction.network
    require(permissions.can_manage_strategy(actor, network))
    if adopted_by is not UNSET:
        check_binding_decision(network, adopted_by)
    before = audit.snapshot(direction)
    assign(
        direction,
        {
            "title": title,
            "start_year": start_year,
            "end_year": end_year,
            "context": context,
            "mission": mission,
            "adopted_by": adopted_by,
        },
    )
    outside = Measurement.objects.filter(indicator__goal__direction=direction).exclude(
        period_end__range=(direction.first_day, direction.last_day)
    )
    if outside.exists():
        raise ValidationError({"end_year": _("Some indicators have values outside these years.")})
    save_audited(actor=actor, obj=direction, network=network, before=before)
    return direction


# --- goals --------------------------------------------------------------------------------------


@transaction.atomic
def add_goal(*, actor: User, direction: Direction, title: str, description: str = "") -> Goal:
    network = direction.network
    require(permissions.can_manage_strategy(actor, network))
    last = direction.goals.order_by("-position").values_list("position", flat=True).first()
    goal = Goal(direction=direction, title=title, description=description, position=(last or 0) + 1)
    save_audited(actor=actor, obj=goal, network=network)
    return goal


@transaction.atomic
def update_goal(
    *,
    actor: User,
    goal: Goal,
    title: str | Unset = UNSET,
    description: str | Unset = UNSET,
    position: int | Unset = UNSET,
) -> Goal:
    network = goal.direction.network
    require(permissions.can_manage_strategy(actor, network))
    before = audit.snapshot(goal)
    assign(goal, {"title": title, "description": description, "position": position})
    save_audited(actor=actor, obj=goal, network=network, before=before)
    return goal


# --- commitments --------------------------------------------------------------------------------


def _check_commitment(
    network: Network, side: str, organisations: list[Organisation], owner: Person | None
) -> None:
    check_all_same_network(
        network,
        field="organisations",
        objs=organisations,
        message=_("Choose members of this network."),
    )
    if owner is not None:
        check_same_network(
            network, field="owner", obj=owner, message=_("Choose a person of this network.")
        )
    if side == CommitmentSide.NETWORK and organisations:
        raise ValidationError(
            {"organisations": _("What the network does names no members: choose none.")}
        )


@transaction.atomic
def add_commitment(
    *,
    actor: User,
    goal: Goal,
    side: str,
    text: str,
    organisations: Iterable[Organisation] = (),
    owner: Person | None = None,
    status: str = "planned",
    evidence: str = "",
    decisions: Iterable[Decision] = (),
    actions: Iterable[ActionItem] = (),
) -> Commitment:
    network = goal.direction.network
    require(permissions.can_manage_strategy(actor, network))
    chosen = list(organisations)
    evidence_decisions = list(decisions)
    evidence_actions = list(actions)
    _check_commitment(network, side, chosen, owner)
    check_all_same_network(network, field="decisions", objs=evidence_decisions)
    check_all_same_network(network, field="actions", objs=evidence_actions)
    last = (
        goal.commitments.filter(side=side)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    commitment = Commitment(
        goal=goal,
        side=side,
        text=text,
        owner=owner,
        status=status,
        evidence=evidence,
        position=(last or 0) + 1,
    )
    save_audited(actor=actor, obj=commitment, network=network)
    set_relations_audited(
        actor=actor,
        obj=commitment,
        network=network,
        relations={
            "organisations": chosen,
            "decisions": evidence_decisions,
            "actions": evidence_actions,
        },
    )
    return commitment


@transaction.atomic
def update_commitment(
    *,
    actor: User,
    commitment: Commitment,
    side: str | Unset = UNSET,
    text: str | Unset = UNSET,
    organisations: Iterable[Organisation] | Unset = UNSET,
    owner: Person | Unset | None = UNSET,
    status: str | Unset = UNSET,
    evidence: str | Unset = UNSET,
    decisions: Iterable[Decision] | Unset = UNSET,
    actions: Iterable[ActionItem] | Unset = UNSET,
) -> Commitment:
    """Coordinators change everything; a member's representative only the status and the
    evidence (its text) of a commitment that names their organisation."""
    network = commitment.goal.direction.network
    full = permissions.can_manage_strategy(actor, network)
    require(full or permissions.can_update_commitment(actor, commitment, network))
    if not full and any(
        value is not UNSET for value in (side, text, organisations, owner, decisions, actions)
    ):
        require(False)
    before = audit.snapshot(commitment)
    assign(
        commitment,
        {"side": side, "text": text, "owner": owner, "status": status, "evidence": evidence},
    )
    chosen = list(commitment.organisations.all()) if organisations is UNSET else list(organisations)
    _check_commitment(network, commitment.side, chosen, commitment.owner)
    if decisions is not UNSET:
        decisions = list(decisions)
        check_all_same_network(network, field="decisions", objs=decisions)
    if actions is not UNSET:
        actions = list(actions)
        check_all_same_network(network, field="actions", objs=actions)
    save_audited(actor=actor, obj=commitment, network=network, before=before)
    relations = {
        "organisations": UNSET if organisations is UNSET else chosen,
        "decisions": decisions,
        "actions": actions,
    }
    set_relations_audited(
        actor=actor,
        obj=commitment,
        network=network,
        relations={name: objs for name, objs in relations.items() if objs is not UNSET},
    )
    return commitment


# --- indicators ---------------------------------------------------------------------------------


def _check_indicator(indicator: Indicator) -> None:
    errors: dict[str, str] = {}
    if (
        indicator.desired
        and indicator.baseline_value is not None
        and indicator.target_value is not None
        and not target_in_desired_direction(
            indicator.desired, indicator.baseline_value, indicator.target_value
        )
    ):
        errors["target_value"] = _(
            "The target lies the wrong way from the baseline for the desired direction."
        )
    if indicator.unit == Unit.PERCENT:
        for field in ("baseline_value", "target_value"):
            value = getattr(indicator, field)
            if value is not None and not ZERO <= value <= HUNDRED:
                errors[field] = _("A percentage lies between 0 and 100.")
    if errors:
        raise ValidationError(errors)
    values = indicator.measurements.all() if indicator.pk else []
    if indicator.unit == Unit.PERCENT and any(not ZERO <= m.value <= HUNDRED for m in values):
        raise ValidationError({"unit": _("Some values of this indicator are not percentages.")})


@transaction.atomic
def add_indicator(
    *,
    actor: User,
    goal: Goal,
    name: str,
    unit: str,
    desired: str,
    baseline_value: Decimal,
    baseline_date: dt.date,
    target_value: Decimal,
    target_date: dt.date,
    scope: str = "",
    uses_ratio: bool = False,
    breakdown: str = "",
    is_public: bool = False,
) -> Indicator:
    network = goal.direction.network
    require(permissions.can_manage_strategy(actor, network))
    indicator = Indicator(
        goal=goal,
        name=name,
        unit=unit,
        desired=desired,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        scope=scope,
        uses_ratio=uses_ratio,
        breakdown=breakdown,
        is_public=is_public,
    )
    _check_indicator(indicator)
    save_audited(actor=actor, obj=indicator, network=network)
    return indicator


@transaction.atomic
def update_indicator(
    *,
    actor: User,
    indicator: Indicator,
    name: str | Unset = UNSET,
    unit: str | Unset = UNSET,
    desired: str | Unset = UNSET,
    baseline_value: Decimal | Unset = UNSET,
    baseline_date: dt.date | Unset = UNSET,
    target_value: Decimal | Unset = UNSET,
    target_date: dt.date | Unset = UNSET,
    scope: str | Unset = UNSET,
    uses_ratio: bool | Unset = UNSET,
    breakdown: str | Unset = UNSET,
    is_public: bool | Unset = UNSET,
) -> Indicator:
    network = indicator.goal.direction.network
    require(permissions.can_manage_strategy(actor, network))
    before = audit.snapshot(indicator)
    assign(
        indicator,
        {
            "name": name,
            "unit": unit,
            "desired": desired,
            "baseline_value": baseline_value,
            "baseline_date": baseline_date,
            "target_value": target_value,
            "target_date": target_date,
            "scope": scope,
            "uses_ratio": uses_ratio,
            "breakdown": breakdown,
            "is_public": is_public,
        },
    )
    _check_indicator(indicator)
    save_audited(actor=actor, obj=indicator, network=network, before=before)
    return indicator


# --- measurements -------------------------------------------------------------------------------


def _value_of(
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal:
    """The value, from the numerator and denominator where the indicator uses them (a
    percentage: their ratio times 100)."""
    if indicator.uses_ratio:
        errors = {}
        if numerator is None:
            errors["numerator"] = _("Enter the numerator.")
        if denominator is None:
            errors["denominator"] = _("Enter the denominator.")
        elif denominator <= ZERO:
            errors["denominator"] = _("The denominator must be more than 0.")
        if errors:
            raise ValidationError(errors)
        assert numerator is not None and denominator is not None
        if numerator < ZERO:
            raise ValidationError({"numerator": _("The numerator cannot be negative.")})
        if numerator > denominator:
            raise ValidationError(
                {"numerator": _("The numerator cannot be more than the denominator.")}
            )
        ratio = numerator / denominator
        result = ratio * HUNDRED if indicator.unit == Unit.PERCENT else ratio
        return result.quantize(Decimal("0.01"))
    if value is None:
        raise ValidationError({"value": _("Enter the value.")})
    return value


def _check_measurement(indicator: Indicator, measurement: Measurement) -> None:
    direction = indicator.goal.direction
    if not direction.first_day <= measurement.period_end <= direction.last_day:
        raise ValidationError(
            {
                "period_end": _("Choose a date within the direction's years (%(first)s–%(last)s).")
                % {"first": direction.start_year, "last": direction.end_year}
            }
        )
    if indicator.unit == Unit.PERCENT and not ZERO <= measurement.value <= HUNDRED:
        raise ValidationError({"value": _("A percentage lies between 0 and 100.")})
    if measurement.part and not indicator.breakdown:
        raise ValidationError({"part": _("This indicator has no breakdown: leave the part empty.")})
    if measurement.source == Source.OFFICIAL and not measurement.source_detail:
        raise ValidationError(
            {"source_detail": _("Name the data set and its vintage of official statistics.")}
        )


@transaction.atomic
def enter_measurement(
    *,
    actor: User,
    indicator: Indicator,
    period_end: dt.date,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    part: str = "",
    source: str = Source.ENTERED,
    source_detail: str = "",
    note: str = "",
) -> Measurement:
    """A value as a draft, for the coordinator to approve."""
    network = indicator.goal.direction.network
    require(permissions.can_enter_measurement(actor, network))
    measurement = Measurement(
        indicator=indicator,
        period_end=period_end,
        part=part.strip(),
        value=_value_of(indicator, value, numerator, denominator),
        numerator=numerator if indicator.uses_ratio else None,
        denominator=denominator if indicator.uses_ratio else None,
        source=source,
        source_detail=source_detail,
        note=note,
        entered_by=actor,
        status=MeasurementStatus.DRAFT,
    )
    _check_measurement(indicator, measurement)
    save_audited(actor=actor, obj=measurement, network=network)
    return measurement


@transaction.atomic
def correct_measurement(
    *,
    actor: User,
    measurement: Measurement,
    period_end: dt.date | Unset = UNSET,
    value: Decimal | Unset | None = UNSET,
    numerator: Decimal | Unset | None = UNSET,
    denominator: Decimal | Unset | None = UNSET,
    part: str | Unset = UNSET,
    source: str | Unset = UNSET,
    source_detail: str | Unset = UNSET,
    note: str | Unset = UNSET,
) -> Measurement:
    """A correction; the audit history keeps the earlier value. A corrected approved value
    goes back to draft until the coordinator approves it again (unless the coordinator
    corrected it)."""
    indicator = measurement.indicator
    network = indicator.goal.direction.network
    require(permissions.can_edit_measurement(actor, measurement, network))
    before = audit.snapshot(measurement)
    assign(
        measurement,
        {
            "period_end": period_end,
            "part": part.strip() if isinstance(part, str) else part,
            "source": source,
            "source_detail": source_detail,
            "note": note,
            "numerator": numerator,
            "denominator": denominator,
        },
    )
    new_value = measurement.value if value is UNSET else value
    measurement.value = _value_of(
        indicator, new_value, measurement.numerator, measurement.denominator
    )
    if not indicator.uses_ratio:
        measurement.numerator = measurement.denominator = None
    if not permissions.can_approve_measurement(actor, network):
        measurement.status = MeasurementStatus.DRAFT
        measurement.approved_by = None
    _check_measurement(indicator, measurement)
    save_audited(actor=actor, obj=measurement, network=network, before=before)
    return measurement


@transaction.atomic
def approve_measurement(*, actor: User, measurement: Measurement) -> Measurement:
    network = measurement.indicator.goal.direction.network
    require(permissions.can_approve_measurement(actor, network))
    if measurement.status == MeasurementStatus.APPROVED:
        raise ValidationError(_("This value is already approved."))
    before = audit.snapshot(measurement)
    measurement.status = MeasurementStatus.APPROVED
    measurement.approved_by = actor
    save_audited(actor=actor, obj=measurement, network=network, before=before)
    return measurement


@transaction.atomic
def delete_measurement(*, actor: User, measurement: Measurement) -> None:
    network = measurement.indicator.goal.direction.network
    require(permissions.can_edit_measurement(actor, measurement, network))
    record_delete(actor=actor, obj=measurement, network=network)
    measurement.delete()


__all__ = [
    "AuditAction",
    "add_commitment",
    "add_goal",
    "add_indicator",
    "approve_measurement",
    "correct_measurement",
    "create_direction",
    "delete_measurement",
    "enter_measurement",
    "update_commitment",
    "update_direction",
    "update_goal",
    "update_indicator",
]
