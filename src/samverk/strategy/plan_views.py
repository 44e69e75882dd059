"""The annual plan pages: the plans by year, a plan with its theme, priorities, activities,
income, totals and the trail of its adoption; the forms that write them."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import audit, clock, exports
from samverk.core.models import Network
from samverk.core.querysets import person_label
from samverk.core.services import require
from samverk.core.views import form_page, network_view, save_with_service
from samverk.networks import permissions as network_permissions
from samverk.strategy import charter_services, followup, permissions, plan_services
from samverk.strategy.choices import PlanStatus
from samverk.strategy.models import (
    AnnualPlan,
    Contribution,
    IncomeLine,
    Measurement,
    PlanActivity,
)
from samverk.strategy.plan_forms import (
    ActivityForm,
    ActivityReportForm,
    ContributionForm,
    DecisionStepForm,
    IncomeForm,
    PlanForm,
)


def _plans(request: AuthenticatedHttpRequest, network: Network) -> Any:
    return AnnualPlan.objects.visible_to(request.user).for_network(network)


def _plan_url(plan: AnnualPlan) -> str:
    return reverse("strategy:plan_detail", kwargs={"network": plan.network.slug, "pk": plan.pk})


@network_view
def plan_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    plans = (
        _plans(request, network)
        .select_related("adoption", "proposal")
        .annotate(activity_count=Count("activities"))
        .order_by("-year", "-version")
    )
    return render(
        request,
        "strategy/plan_list.html",
        {
            "network": network,
            "plans": plans,
            "can_manage": permissions.can_manage_strategy(request.user, network),
        },
    )


@network_view
def plan_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    form = PlanForm(request.POST or None, network=network)
    return form_page(
        request,
        network,
        form,
        partial(plan_services.create_plan, actor=request.user, network=network),
        title=_("New annual plan"),
        cancel_url=reverse("strategy:plan_list", kwargs={"network": network.slug}),
        success_url=_plan_url,
    )


def _plan(request: AuthenticatedHttpRequest, network: Network, pk: int) -> AnnualPlan:
    return get_object_or_404(_plans(request, network).select_related("network"), pk=pk)


@network_view
def plan_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    plan = _plan(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = PlanForm(request.POST or None, instance=copy.copy(plan), network=network, editing=True)
    return form_page(
        request,
        network,
        form,
        partial(plan_services.update_plan, actor=request.user, plan=plan),
        title=lambda: _("Edit the plan %(plan)s") % {"plan": plan},
        cancel_url=_plan_url(plan),
        success_url=_plan_url(plan),
    )


@network_view
def plan_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    user = request.user
    plan = get_object_or_404(
        _plans(request, network).select_related(
            "direction",
            "proposing_arena",
            "adopting_arena",
            "proposal__meeting",
            "adoption__meeting",
            "revises",
        ),
        pk=pk,
    )
    activities = list(
        plan.activities.select_related("goal", "person__organisation")
        .prefetch_related("organisations")
        .order_by("starts_on", "pk")
    )
    for activity in activities:
        activity.person_label = (
            person_label(user, activity.person, organisation=True) if activity.person else ""
        )
    income = list(plan.income.select_related("organisation").order_by("kind", "pk"))
    for line in income:  # a member's contribution: as its budget (one rule, can_see_budget)
        line.amount_shown = line.organisation is None or network_permissions.can_see_budget(
            user, network, line.organisation
        )
    can_manage = permissions.can_manage_strategy(user, network)
    editable = can_manage and plan.status in (PlanStatus.DRAFT, PlanStatus.PROPOSED)
    step = None
    if can_manage and plan.status == PlanStatus.DRAFT:
        step = ("propose", DecisionStepForm(network=network), plan.proposing_arena)
    elif can_manage and plan.status == PlanStatus.PROPOSED:
        step = ("adopt", DecisionStepForm(network=network), plan.adopting_arena)
    return render(
        request,
        "strategy/plan_detail.html",
        {
            "network": network,
            "plan": plan,
            "activities": activities,
            "income": income,
            "totals": plan_services.totals(plan),
            "priorities": list(plan.priorities.order_by("position")),
            "can_manage": can_manage,
            "editable": editable,
            "step": step,
            "revision": AnnualPlan.objects.filter(revises=plan).first(),
            "history": audit.history(user, network, plan) if can_manage else None,
        },
    )


@network_view
@require_POST
def plan_step(
    request: AuthenticatedHttpRequest, network: Network, pk: int, step: str
) -> HttpResponse:
    plan = _plan(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = DecisionStepForm(request.POST, network=network)
    service = {"propose": plan_services.propose_plan, "adopt": plan_services.adopt_plan}.get(step)
    if service is None:
        return redirect(_plan_url(plan))
    if form.is_valid():
        try:
            service(actor=request.user, plan=plan, decision=form.cleaned_data["decision"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The plan is proposed.") if step == "propose" else _("The plan is adopted."),
            )
    else:
        messages.error(request, _("Choose the decision."))
    return redirect(_plan_url(plan))


@network_view
def plan_revise(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    plan = _plan(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    if request.method == "POST":
        try:
            revision = plan_services.revise_plan(actor=request.user, plan=plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_plan_url(plan))
        messages.success(
            request, _("A new version is drafted: the adopted plan holds until it is adopted.")
        )
        return redirect(_plan_url(revision))
    return render(
        request,
        "strategy/plan_revise.html",
        {"network": network, "plan": plan, "cancel_url": _plan_url(plan)},
    )


@network_view
@require_POST
def plan_contributions(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    plan = _plan(request, network, pk)
    try:
        added = plan_services.add_committed_contributions(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if added:
            messages.success(
                request,
                _("Added the committed budgets of %(count)s members as contributions.")
                % {"count": added},
            )
        else:
            messages.info(
                request, _("Every member with a committed budget has a contribution line.")
            )
    return redirect(_plan_url(plan) + "#income")


# --- activities and income ----------------------------------------------------------------------


@network_view
def activity_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    plan = _plan(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = ActivityForm(request.POST or None, plan=plan, user=request.user)
    return form_page(
        request,
        network,
        form,
        partial(plan_services.add_activity, actor=request.user, plan=plan),
        title=_("New activity"),
        cancel_url=_plan_url(plan),
        success_url=_plan_url(plan) + "#activities",
    )


def _activity(request: AuthenticatedHttpRequest, network: Network, pk: int) -> PlanActivity:
    return get_object_or_404(
        PlanActivity.objects.visible_to(request.user)
        .for_network(network)
        .select_related("plan__network"),
        pk=pk,
    )


@network_view
def activity_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    activity = _activity(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = ActivityForm(
        request.POST or None, instance=copy.copy(activity), plan=activity.plan, user=request.user
    )
    return form_page(
        request,
        network,
        form,
        partial(plan_services.update_activity, actor=request.user, activity=activity),
        title=_("Edit activity"),
        cancel_url=_plan_url(activity.plan),
        success_url=_plan_url(activity.plan) + "#activities",
    )


@network_view
def income_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    plan = _plan(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = IncomeForm(request.POST or None, plan=plan)
    return form_page(
        request,
        network,
        form,
        partial(plan_services.add_income, actor=request.user, plan=plan),
        title=_("New income"),
        cancel_url=_plan_url(plan),
        success_url=_plan_url(plan) + "#income",
    )


def _income(request: AuthenticatedHttpRequest, network: Network, pk: int) -> IncomeLine:
    return get_object_or_404(
        IncomeLine.objects.visible_to(request.user)
        .for_network(network)
        .select_related("plan__network"),
        pk=pk,
    )


@network_view
def income_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    line = _income(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = IncomeForm(request.POST or None, instance=copy.copy(line), plan=line.plan)
    return form_page(
        request,
        network,
        form,
        partial(plan_services.update_income, actor=request.user, line=line),
        title=_("Edit income"),
        cancel_url=_plan_url(line.plan),
        success_url=_plan_url(line.plan) + "#income",
    )


@network_view
def line_delete(
    request: AuthenticatedHttpRequest, network: Network, kind: str, pk: int
) -> HttpResponse:
    """Delete an activity or an income line, after asking."""
    if kind not in ("activity", "income"):
        raise Http404
    obj: Any = (
        _activity(request, network, pk) if kind == "activity" else _income(request, network, pk)
    )
    require(permissions.can_manage_strategy(request.user, network))
    back = _plan_url(obj.plan)
    if request.method == "POST":
        try:
            if kind == "activity":
                plan_services.delete_activity(actor=request.user, activity=obj)
            else:
                plan_services.delete_income(actor=request.user, line=obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Deleted."))
        return redirect(back)
    return render(
        request,
        "strategy/line_delete.html",
        {"network": network, "obj": obj, "kind": kind, "cancel_url": back},
    )


# --- the contribution ledger --------------------------------------------------------------------


def _ledger(request: AuthenticatedHttpRequest, network: Network, year: int) -> tuple[Any, ...]:
    user = request.user
    coordinator = permissions.can_manage_strategy(user, network)
    members = charter_services.members_in(network, year)
    if not coordinator:
        own = network_permissions.own_organisation_ids(user, network)
        members = [m for m in members if m.pk in own]
        if not members:
            raise Http404(_("The ledger shows the contributions of your own organisation."))
    lines = (
        Contribution.objects.visible_to(user)
        .for_network(network)
        .shown_to(user, network)
        .filter(year=year)
        .select_related("activity")
        .order_by("pk")
    )
    rows = plan_services.ledger(network, year, lines, members)
    return coordinator, members, rows


@network_view
def contributions_current(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The ledger of the network's current year."""
    year = clock.network_today(network).year
    return redirect(
        reverse("strategy:contributions", kwargs={"network": network.slug, "year": year})
    )


@network_view
def contributions(request: AuthenticatedHttpRequest, network: Network, year: int) -> HttpResponse:
    if not 1900 <= year <= 2200:
        raise Http404
    coordinator, members, rows = _ledger(request, network, year)
    form = ContributionForm(request.POST or None, network=network, year=year, members=members)
    if request.method == "POST" and form.is_valid():
        if save_with_service(
            form,
            plan_services.record_contribution,
            actor=request.user,
            network=network,
            year=year,
            **form.cleaned_data,
        ):
            messages.success(request, _("Saved."))
            return redirect(request.path)
    totals = {
        "committed": sum((r.committed or 0 for r in rows), Decimal("0.00")),
        "pledged": sum((r.pledged for r in rows), Decimal("0.00")),
        "contributed": sum((r.contributed for r in rows), Decimal("0.00")),
        "hours": sum((r.hours for r in rows), Decimal("0.00")),
    }
    return render(
        request,
        "strategy/contributions.html",
        {
            "network": network,
            "year": year,
            "rows": rows,
            "totals": totals,
            "coordinator": coordinator,
            "form": form,
        },
    )


@network_view
def contribution_delete(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    line = get_object_or_404(
        Contribution.objects.visible_to(request.user)
        .for_network(network)
        .shown_to(request.user, network)
        .select_related("organisation", "network"),
        pk=pk,
    )
    back = reverse("strategy:contributions", kwargs={"network": network.slug, "year": line.year})
    if request.method == "POST":
        plan_services.delete_contribution(actor=request.user, contribution=line)
        messages.success(request, _("Deleted."))
        return redirect(back)
    return render(
        request,
        "strategy/line_delete.html",
        {"network": network, "obj": line, "kind": "contribution", "cancel_url": back},
    )


@network_view
def contributions_export(
    request: AuthenticatedHttpRequest, network: Network, year: int, format: str
) -> HttpResponse:
    chosen = exports.export_format(format)
    _coordinator, _members, rows = _ledger(request, network, year)
    lines = [(row, line) for row in rows for line in row.lines]
    columns = [
        exports.Column(gettext_lazy("member"), lambda r: r[0].organisation.name),
        exports.Column(gettext_lazy("committed"), lambda r: r[0].committed),
        exports.Column(gettext_lazy("kind"), lambda r: r[1].get_kind_display()),
        exports.Column(gettext_lazy("status"), lambda r: r[1].get_status_display()),
        exports.Column(gettext_lazy("what"), lambda r: r[1].description),
        exports.Column(gettext_lazy("hours"), lambda r: r[1].hours),
        exports.Column(gettext_lazy("value"), lambda r: r[1].value),
        exports.Column(gettext_lazy("currency"), lambda r: r[1].currency),
        exports.Column(
            gettext_lazy("for the activity"), lambda r: r[1].activity.title if r[1].activity else ""
        ),
    ]
    return exports.table_response(lines, columns, chosen, f"contributions-{network.slug}-{year}")


# --- the follow-up of the year ------------------------------------------------------------------


def _follow_up(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Any:
    plan = get_object_or_404(
        _plans(request, network).select_related("network", "direction", "adoption"), pk=pk
    )
    measurements = Measurement.objects.visible_to(request.user).shown_to(request.user, network)
    return followup.follow_up(plan, measurements)


@network_view
def plan_follow_up(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    report = _follow_up(request, network, pk)
    return render(
        request,
        "strategy/plan_follow_up.html",
        {
            "network": network,
            "report": report,
            "plan": report.plan,
            "can_manage": permissions.can_manage_strategy(request.user, network),
        },
    )


@network_view
def plan_follow_up_pdf(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    from weasyprint import HTML

    from samverk.meetings.pdf import EmbeddedOnlyFetcher, logo_data_uri

    report = _follow_up(request, network, pk)
    html = render_to_string(
        "strategy/plan_follow_up_pdf.html",
        {"network": network, "report": report, "plan": report.plan, "logo": logo_data_uri(network)},
    )
    pdf = HTML(string=html, url_fetcher=EmbeddedOnlyFetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"follow-up-{network.slug}-{report.plan.year}-v{report.plan.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@network_view
def plan_follow_up_export(
    request: AuthenticatedHttpRequest, network: Network, pk: int, format: str
) -> HttpResponse:
    chosen = exports.export_format(format)
    report = _follow_up(request, network, pk)
    activity, indicator = gettext_lazy("activity"), gettext_lazy("indicator")
    rows: list[tuple[Any, ...]] = [
        (activity, a.title, a.budget, a.spent, a.get_status_display()) for a in report.activities
    ]
    rows += [
        (
            indicator,
            line.indicator.name,
            line.indicator.target_value,
            line.latest[1] if line.latest else None,
            line.status.label,
        )
        for line in report.indicators
    ]
    columns = [
        exports.Column(gettext_lazy("part"), lambda r: str(r[0])),
        exports.Column(gettext_lazy("item"), lambda r: r[1]),
        exports.Column(gettext_lazy("planned"), lambda r: r[2]),
        exports.Column(gettext_lazy("actual"), lambda r: r[3]),
        exports.Column(gettext_lazy("status"), lambda r: str(r[4])),
    ]
    return exports.table_response(
        rows, columns, chosen, f"follow-up-{network.slug}-{report.plan.year}"
    )


@network_view
def activity_report(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    activity = _activity(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = ActivityReportForm(request.POST or None, instance=copy.copy(activity))
    back = reverse(
        "strategy:plan_follow_up", kwargs={"network": network.slug, "pk": activity.plan_id}
    )
    return form_page(
        request,
        network,
        form,
        partial(plan_services.report_activity, actor=request.user, activity=activity),
        title=_("How did “%(title)s” go?") % {"title": activity.title},
        cancel_url=back,
        success_url=back,
    )
