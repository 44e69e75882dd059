"""Every write of the annual plan, its activities and its budget; the plan's adoption as
the seeds do it (a binding decision of the proposing arena, then one of the adopting arena)
and its revision during the year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    record_delete,
    require,
    save_audited,
)
from samverk.networks.models import Membership
from samverk.strategy import permissions
from samverk.strategy.choices import IncomeKind, PlanStatus
from samverk.strategy.models import (
    AnnualPlan,
    Contribution,
    Direction,
    Goal,
    IncomeLine,
    PlanActivity,
)
from samverk.strategy.services import check_binding_decision

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.meetings.models import Decision
    from samverk.networks.models import Arena, Organisation, Person

_EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.PROPOSED})


def _require_editable(plan: AnnualPlan) -> None:
    if plan.status not in _EDITABLE:
        raise ValidationError(_("An adopted plan is not changed: revise it to make a new version."))


def _check_plan(plan: AnnualPlan, priorities: list[Goal]) -> None:
    network = plan.network
    check_same_network(network, field="direction", obj=plan.direction)
    for field in ("proposing_arena", "adopting_arena"):
        check_same_network(network, field=field, obj=getattr(plan, field))
    if plan.direction and not plan.direction.start_year <= plan.year <= plan.direction.end_year:
        raise ValidationError(
            {
                "year": _("The year lies outside the direction's years (%(first)s–%(last)s).")
                % {"first": plan.direction.start_year, "last": plan.direction.end_year}
            }
        )
    if priorities and (
        plan.direction is None or any(g.direction_id != plan.direction_id for g in priorities)
    ):
        raise ValidationError({"priorities": _("Choose goals of the plan's direction.")})


@transaction.atomic
def create_plan(
    *,
    actor: User,
    network: Network,
    year: int,
    direction: Direction | None = None,
    theme: str = "",
    summary: str = "",
    priorities: Iterable[Goal] = (),
    currency: str = "EUR",
    proposing_arena: Arena | None = None,
    adopting_arena: Arena | None = None,
) -> AnnualPlan:
    require(permissions.can_manage_strategy(actor, network))
    chosen = list(priorities)
    if AnnualPlan.objects.filter(network=network, year=year).exists():
        raise ValidationError(
            {"year": _("This year has a plan already: open it, or revise the adopted one.")}
        )
    plan = AnnualPlan(
        network=network,
        year=year,
        direction=direction,
        theme=theme,
        summary=summary,
        currency=currency,
        proposing_arena=proposing_arena,
        adopting_arena=adopting_arena,
    )
    _check_plan(plan, chosen)
    save_audited(actor=actor, obj=plan, network=network)
    plan.priorities.set(chosen)
    return plan


@transaction.atomic
def update_plan(
    *,
    actor: User,
    plan: AnnualPlan,
    direction: Direction | Unset | None = UNSET,
    theme: str | Unset = UNSET,
    summary: str | Unset = UNSET,
    priorities: Iterable[Goal] | Unset = UNSET,
    currency: str | Unset = UNSET,
    proposing_arena: Arena | Unset | None = UNSET,
    adopting_arena: Arena | Unset | None = UNSET,
) -> AnnualPlan:
    network = plan.network
    require(permissions.can_manage_strategy(actor, network))
    _require_editable(plan)
    before = audit.snapshot(plan)
    assign(
        plan,
        {
            "direction": direction,
            "theme": theme,
            "summary": summary,
            "currency": currency,
            "proposing_arena": proposing_arena,
            "adopting_arena": adopting_arena,
        },
    )
    chosen = list(plan.priorities.all()) if priorities is UNSET else list(priorities)
    _check_plan(plan, chosen)
    if currency is not UNSET and plan.income.exclude(currency=currency).exists():
        raise ValidationError(
            {"currency": _("Some income lines are in another currency: change them first.")}
        )
    save_audited(actor=actor, obj=plan, network=network, before=before)
    if priorities is not UNSET:
        plan.priorities.set(chosen)
    return plan


# --- activities ---------------------------------------------------------------------------------


def _check_activity(activity: PlanActivity, organisations: list[Organisation]) -> None:
    plan = activity.plan
    network = plan.network
    check_all_same_network(
        network,
        field="organisations",
        objs=organisations,
        message=_("Choose members of this network."),
    )
    check_same_network(network, field="person", obj=activity.person)
    if activity.goal is not None and activity.goal.direction_id != plan.direction_id:
        raise ValidationError({"goal": _("Choose a goal of the plan's direction.")})
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    for field in ("starts_on", "ends_on"):
        day = getattr(activity, field)
        if day is not None and not first <= day <= last:
            raise ValidationError({field: _("Choose a day in %(year)s.") % {"year": plan.year}})
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})


@transaction.atomic
def add_activity(
    *,
    actor: User,
    plan: AnnualPlan,
    title: str,
    goal: Goal | None = None,
    organisations: Iterable[Organisation] = (),
    person: Person | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    budget: Decimal = Decimal("0.00"),
) -> PlanActivity:
    require(permissions.can_manage_strategy(actor, plan.network))
    _require_editable(plan)
    chosen = list(organisations)
    activity = PlanActivity(
        plan=plan,
        title=title,
        goal=goal,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
    )
    _check_activity(activity, chosen)
    save_audited(actor=actor, obj=activity, network=plan.network)
    activity.organisations.set(chosen)
    return activity


@transaction.atomic
def update_activity(
    *,
    actor: User,
    activity: PlanActivity,
    title: str | Unset = UNSET,
    goal: Goal | Unset | None = UNSET,
    organisations: Iterable[Organisation] | Unset = UNSET,
    person: Person | Unset | None = UNSET,
    starts_on: dt.date | Unset | None = UNSET,
    ends_on: dt.date | Unset | None = UNSET,
    budget: Decimal | Unset = UNSET,
) -> PlanActivity:
    plan = activity.plan
    require(permissions.can_manage_strategy(actor, plan.network))
    _require_editable(plan)
    before = audit.snapshot(activity)
    assign(
        activity,
        {
            "title": title,
            "goal": goal,
            "person": person,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "budget": budget,
        },
    )
    chosen = list(activity.organisations.all()) if organisations is UNSET else list(organisations)
    _check_activity(activity, chosen)
    save_audited(actor=actor, obj=activity, network=plan.network, before=before)
    if organisations is not UNSET:
        activity.organisations.set(chosen)
    return activity


@transaction.atomic
def report_activity(
    *,
    actor: User,
    activity: PlanActivity,
    status: str | Unset = UNSET,
    spent: Decimal | Unset | None = UNSET,
) -> PlanActivity:
    """How the activity went (also once the plan is adopted): its status and what it cost."""
    plan = activity.plan
    require(permissions.can_manage_strategy(actor, plan.network))
    if plan.status == PlanStatus.SUPERSEDED:
        raise ValidationError(_("This plan was replaced by a revision: follow up the new one."))
    before = audit.snapshot(activity)
    assign(activity, {"status": status, "spent": spent})
    if activity.spent is not None and activity.spent < 0:
        raise ValidationError({"spent": _("An amount cannot be negative.")})
    save_audited(actor=actor, obj=activity, network=plan.network, before=before)
    return activity


@transaction.atomic
def delete_activity(*, actor: User, activity: PlanActivity) -> None:
    plan = activity.plan
    require(permissions.can_manage_strategy(actor, plan.network))
    _require_editable(plan)
    record_delete(actor=actor, obj=activity, network=plan.network)
    activity.delete()


# --- income -------------------------------------------------------------------------------------


def _check_income(line: IncomeLine) -> None:
    plan = line.plan
    check_same_network(
        plan.network,
        field="organisation",
        obj=line.organisation,
        message=_("Choose a member of this network."),
    )
    if line.currency != plan.currency:
        raise ValidationError(
            {
                "currency": _("The plan's budget is in %(currency)s: enter the amount in it.")
                % {"currency": plan.currency}
            }
        )
    if line.kind == IncomeKind.CONTRIBUTION and line.organisation is None:
        raise ValidationError({"organisation": _("Name the member that contributes.")})
    if line.kind != IncomeKind.CONTRIBUTION and not line.label:
        raise ValidationError({"label": _("Name the source of the income.")})


@transaction.atomic
def add_income(
    *,
    actor: User,
    plan: AnnualPlan,
    kind: str,
    amount: Decimal,
    currency: str,
    organisation: Organisation | None = None,
    label: str = "",
) -> IncomeLine:
    require(permissions.can_manage_strategy(actor, plan.network))
    _require_editable(plan)
    line = IncomeLine(
        plan=plan,
        kind=kind,
        amount=amount,
        currency=currency,
        organisation=organisation,
        label=label,
    )
    _check_income(line)
    save_audited(actor=actor, obj=line, network=plan.network)
    return line


@transaction.atomic
def update_income(
    *,
    actor: User,
    line: IncomeLine,
    kind: str | Unset = UNSET,
    amount: Decimal | Unset = UNSET,
    currency: str | Unset = UNSET,
    organisation: Organisation | Unset | None = UNSET,
    label: str | Unset = UNSET,
) -> IncomeLine:
    plan = line.plan
    require(permissions.can_manage_strategy(actor, plan.network))
    _require_editable(plan)
    before = audit.snapshot(line)
    assign(
        line,
        {
            "kind": kind,
            "amount": amount,
            "currency": currency,
            "organisation": organisation,
            "label": label,
        },
    )
    _check_income(line)
    save_audited(actor=actor, obj=line, network=plan.network, before=before)
    return line


@transaction.atomic
def delete_income(*, actor: User, line: IncomeLine) -> None:
    plan = line.plan
    require(permissions.can_manage_strategy(actor, plan.network))
    _require_editable(plan)
    record_delete(actor=actor, obj=line, network=plan.network)
    line.delete()


@transaction.atomic
def add_committed_contributions(*, actor: User, plan: AnnualPlan) -> int:
    """One contribution line per member whose membership is active on the plan's first day
    (or begins during the year) with a committed yearly budget in the plan's currency, for
    members that have no contribution line yet; returns how many were added."""
    network = plan.network
    require(permissions.can_manage_strategy(actor, network))
    _require_editable(plan)
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    have = set(
        plan.income.filter(kind=IncomeKind.CONTRIBUTION).values_list("organisation_id", flat=True)
    )
    memberships = (
        Membership.objects.filter(
            network=network, since__lte=last, budget_amount__gt=0, currency=plan.currency
        )
        .filter(Q(until__isnull=True) | Q(until__gte=first))
        .select_related("organisation")
        .order_by("organisation__name", "-since")
    )
    added = 0
    for membership in memberships:
        if membership.organisation_id in have:
            continue
        have.add(membership.organisation_id)
        assert membership.budget_amount is not None
        add_income(
            actor=actor,
            plan=plan,
            kind=IncomeKind.CONTRIBUTION,
            amount=membership.budget_amount,
            currency=plan.currency,
            organisation=membership.organisation,
        )
        added += 1
    return added


# --- adoption and revision ----------------------------------------------------------------------


def _check_decision(plan: AnnualPlan, decision: Decision, arena: Arena | None, field: str) -> None:
    check_binding_decision(
        plan.network,
        decision,
        field=field,
        refusal=_(
            "A recommendation cannot do this: choose a binding decision (a quorate meeting's)."
        ),
    )
    if arena is None:
        raise ValidationError(
            {field: _("Name the arena that decides this step in the plan first.")}
        )
    if decision.year > plan.year:
        raise ValidationError(
            {
                field: _("A decision of %(year)s cannot decide the plan of an earlier year.")
                % {"year": decision.year}
            }
        )
    if decision.meeting.arena_id != arena.pk:
        raise ValidationError(
            {
                field: _("Choose a decision of %(arena)s, the arena named for this step.")
                % {"arena": arena.name}
            }
        )


@transaction.atomic
def propose_plan(*, actor: User, plan: AnnualPlan, decision: Decision) -> AnnualPlan:
    require(permissions.can_manage_strategy(actor, plan.network))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft is proposed."))
    _check_decision(plan, decision, plan.proposing_arena, "decision")
    before = audit.snapshot(plan)
    plan.status = PlanStatus.PROPOSED
    plan.proposal = decision
    save_audited(actor=actor, obj=plan, network=plan.network, before=before)
    return plan


@transaction.atomic
def adopt_plan(*, actor: User, plan: AnnualPlan, decision: Decision) -> AnnualPlan:
    """Adopt the proposed plan; the adopted plan it revises is replaced."""
    require(permissions.can_manage_strategy(actor, plan.network))
    if plan.status != PlanStatus.PROPOSED:
        raise ValidationError(_("Only a proposed plan is adopted."))
    _check_decision(plan, decision, plan.adopting_arena, "decision")
    if plan.proposal and decision.meeting.starts_at < plan.proposal.meeting.starts_at:
        raise ValidationError({"decision": _("The adoption cannot come before the proposal.")})
    before = audit.snapshot(plan)
    plan.status = PlanStatus.ADOPTED
    plan.adoption = decision
    save_audited(actor=actor, obj=plan, network=plan.network, before=before)
    if plan.revises_id:
        old = AnnualPlan.objects.select_for_update().get(pk=plan.revises_id)
        old_before = audit.snapshot(old)
        old.status = PlanStatus.SUPERSEDED
        save_audited(actor=actor, obj=old, network=plan.network, before=old_before)
    return plan


@transaction.atomic
def revise_plan(*, actor: User, plan: AnnualPlan) -> AnnualPlan:
    """A new draft version of an adopted plan, with its activities and income; the adopted
    one stays in force until the revision is adopted."""
    network = plan.network
    require(permissions.can_manage_strategy(actor, network))
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("Only the adopted plan is revised."))
    if AnnualPlan.objects.filter(revises=plan).exists():
        raise ValidationError(_("A revision of this plan exists already."))
    last = AnnualPlan.objects.filter(network=network, year=plan.year).aggregate(v=Max("version"))[
        "v"
    ]
    revision = AnnualPlan(
        network=network,
        year=plan.year,
        version=(last or 0) + 1,
        direction=plan.direction,
        theme=plan.theme,
        summary=plan.summary,
        currency=plan.currency,
        proposing_arena=plan.proposing_arena,
        adopting_arena=plan.adopting_arena,
        revises=plan,
    )
    save_audited(actor=actor, obj=revision, network=network)
    revision.priorities.set(plan.priorities.all())
    for activity in plan.activities.prefetch_related("organisations"):
        organisations = list(activity.organisations.all())
        activity.pk = None
        activity._state.adding = True
        activity.plan = revision
        save_audited(actor=actor, obj=activity, network=network)
        activity.organisations.set(organisations)
    for line in plan.income.all():
        line.pk = None
        line._state.adding = True
        line.plan = revision
        save_audited(actor=actor, obj=line, network=network)
    return revision


def totals(plan: AnnualPlan) -> dict[str, Decimal]:
    """Income, expenditure (the activities' budgets) and the balance, exact in Decimal."""
    income = sum((line.amount for line in plan.income.all()), Decimal("0.00"))
    spending = sum((a.budget for a in plan.activities.all()), Decimal("0.00"))
    return {"income": income, "expenditure": spending, "balance": income - spending}


# --- the contribution ledger --------------------------------------------------------------------


@transaction.atomic
def record_contribution(
    *,
    actor: User,
    network: Network,
    organisation: Organisation,
    year: int,
    kind: str,
    value: Decimal,
    currency: str,
    status: str = "contributed",
    description: str = "",
    hours: Decimal | None = None,
    activity: PlanActivity | None = None,
) -> Contribution:
    """A member's contribution (or pledge) for ``year``, by a coordinator or the member's own
    representative."""
    require(permissions.can_record_contribution(actor, network, organisation))
    check_same_network(
        network,
        field="organisation",
        obj=organisation,
        message=_("Choose a member of this network."),
    )
    errors: dict[str, str] = {}
    if activity is not None:
        if activity.plan.network_id != network.pk:
            errors["activity"] = _("Choose an activity of this network's plan.")
        elif activity.plan.year != year:
            errors["activity"] = _("Choose an activity of the plan %(year)s.") % {"year": year}
    if kind == "staff_hours" and not hours:
        errors["hours"] = _("Enter the hours.")
    if kind != "staff_hours" and hours:
        errors["hours"] = _("Hours are entered for staff hours only.")
    if kind in ("in_kind", "staff_hours") and not description:
        errors["description"] = _("Say what was given.")
    if errors:
        raise ValidationError(errors)
    line = Contribution(
        network=network,
        organisation=organisation,
        year=year,
        kind=kind,
        value=value,
        currency=currency,
        status=status,
        description=description,
        hours=hours,
        activity=activity,
        recorded_by=actor,
    )
    save_audited(actor=actor, obj=line, network=network)
    return line


@transaction.atomic
def delete_contribution(*, actor: User, contribution: Contribution) -> None:
    network = contribution.network
    require(permissions.can_record_contribution(actor, network, contribution.organisation))
    record_delete(actor=actor, obj=contribution, network=network)
    contribution.delete()


@dataclass
class LedgerRow:
    organisation: Organisation
    committed: Decimal | None
    currency: str
    pledged: Decimal
    contributed: Decimal
    hours: Decimal
    lines: list[Contribution]

    @property
    def against_commitment(self) -> Decimal | None:
        """Contributed minus committed (negative: short of the commitment)."""
        return None if self.committed is None else self.contributed - self.committed


def ledger(
    network: Network, year: int, contributions: Iterable[Contribution], members: list[Organisation]
) -> list[LedgerRow]:
    """Per member: the committed yearly budget (the membership's), what was pledged and
    contributed (values, exact), staff hours and the lines; members by name."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    commitments = {
        m.organisation_id: (m.budget_amount, m.currency)
        for m in Membership.objects.filter(
            network=network, organisation__in=members, since__lte=last
        )
        .filter(Q(until__isnull=True) | Q(until__gte=first))
        .order_by("since")
    }
    rows = {
        o.pk: LedgerRow(
            organisation=o,
            committed=commitments.get(o.pk, (None, ""))[0],
            currency=commitments.get(o.pk, (None, ""))[1] or "",
            pledged=Decimal("0.00"),
            contributed=Decimal("0.00"),
            hours=Decimal("0.00"),
            lines=[],
        )
        for o in members
    }
    for line in contributions:
        row = rows.get(line.organisation_id)
        if row is None:
            continue
        row.lines.append(line)
        if line.status == "pledged":
            row.pledged += line.value
        else:
            row.contributed += line.value
            row.hours += line.hours or Decimal("0.00")
    return list(rows.values())
