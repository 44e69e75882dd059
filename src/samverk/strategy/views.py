"""The strategy pages: directions, a direction with its goals, commitments and indicators, an
indicator with its values, and the forms that write them through the services."""

from __future__ import annotations

import copy
from collections import defaultdict
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import audit
from samverk.core.models import Network
from samverk.core.querysets import person_label
from samverk.core.services import require
from samverk.core.views import form_page, network_view
from samverk.meetings.models import ActionItem
from samverk.strategy import charts, direction_versions, permissions, services
from samverk.strategy.charter_views import diff_lines
from samverk.strategy.choices import CommitmentSide, MeasurementStatus
from samverk.strategy.forms import (
    CommitmentForm,
    CommitmentStatusForm,
    DirectionForm,
    GoalForm,
    IndicatorForm,
    KeepVersionForm,
    MeasurementForm,
)
from samverk.strategy.models import (
    Commitment,
    Direction,
    DirectionVersion,
    Goal,
    Indicator,
    Measurement,
)
from samverk.strategy.status import expected_value, status


def _directions(request: AuthenticatedHttpRequest, network: Network) -> Any:
    return Direction.objects.visible_to(request.user).for_network(network)


def _goal(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Goal:
    return get_object_or_404(
        Goal.objects.visible_to(request.user)
        .for_network(network)
        .select_related("direction__network"),
        pk=pk,
    )


def _indicator(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(request.user)
        .for_network(network)
        .select_related("goal__direction__network"),
        pk=pk,
    )


# --- directions ---------------------------------------------------------------------------------


@network_view
def direction_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    directions = (
        _directions(request, network)
        .select_related("adopted_by")
        .annotate(goal_count=Count("goals"))
        .order_by("-start_year", "title")
    )
    return render(
        request,
        "strategy/direction_list.html",
        {
            "network": network,
            "directions": directions,
            "can_manage": permissions.can_manage_strategy(request.user, network),
        },
    )


@network_view
def direction_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    form = DirectionForm(request.POST or None, network=network)
    return form_page(
        request,
        network,
        form,
        partial(services.create_direction, actor=request.user, network=network),
        title=_("New direction"),
        cancel_url=reverse("strategy:direction_list", kwargs={"network": network.slug}),
        success_url=_direction_url,
    )


def _direction_url(direction: Direction) -> str:
    return reverse(
        "strategy:direction_detail",
        kwargs={"network": direction.network.slug, "pk": direction.pk},
    )


@network_view
def direction_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    direction = get_object_or_404(_directions(request, network), pk=pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = DirectionForm(request.POST or None, instance=copy.copy(direction), network=network)
    return form_page(
        request,
        network,
        form,
        partial(services.update_direction, actor=request.user, direction=direction),
        title=lambda: _("Edit %(direction)s") % {"direction": direction},
        cancel_url=_direction_url(direction),
        success_url=_direction_url(direction),
    )


@network_view
def direction_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    user = request.user
    direction = get_object_or_404(
        _directions(request, network).select_related("adopted_by__meeting"), pk=pk
    )
    shown = Measurement.objects.visible_to(user).shown_to(user, network)
    goals: list[Any] = list(
        Goal.objects.filter(direction=direction)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner__organisation")
                .prefetch_related("organisations", "decisions")
                .prefetch_related(
                    Prefetch("actions", queryset=ActionItem.objects.order_by("due_date", "pk"))
                )
                .order_by("side", "position", "pk"),
            ),
        )
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("pk")))
    )
    indicator_ids = [i.pk for g in goals for i in g.indicators.all()]
    latest = _latest_totals(shown.approved().filter(indicator_id__in=indicator_ids))
    for goal in goals:
        sides: dict[str, list[Any]] = defaultdict(list)
        commitment: Any
        for commitment in goal.commitments.all():
            commitment.owner_label = (
                person_label(user, commitment.owner, organisation=True) if commitment.owner else ""
            )
            commitment.can_update = permissions.can_update_commitment(user, commitment, network)
            sides[commitment.side].append(commitment)
        goal.by_network = sides[CommitmentSide.NETWORK]
        goal.by_members = sides[CommitmentSide.MEMBERS]
        indicator: Any
        for indicator in goal.indicators.all():
            indicator.latest = latest.get(indicator.pk)
            indicator.status = status(indicator.path, indicator.latest)
    can_manage = permissions.can_manage_strategy(user, network)
    return render(
        request,
        "strategy/direction_detail.html",
        {
            "network": network,
            "direction": direction,
            "goals": goals,
            "can_manage": can_manage,
            "history": audit.history(user, network, direction) if can_manage else None,
            "versions": list(direction.versions.select_related("adopted_by").order_by("-number")),
        },
    )


def _latest_totals(measurements: Any) -> dict[int, tuple[Any, Any]]:
    """Each indicator's latest approved total (date, value): one query."""
    latest: dict[int, tuple[Any, Any]] = {}
    rows = (
        measurements.filter(part="")
        .order_by("indicator_id", "period_end")
        .values_list("indicator_id", "period_end", "value")
    )
    for indicator_id, on, value in rows:
        latest[indicator_id] = (on, value)
    return latest


# --- goals and commitments ----------------------------------------------------------------------


@network_view
def goal_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    direction = get_object_or_404(_directions(request, network), pk=pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = GoalForm(request.POST or None)
    return form_page(
        request,
        network,
        form,
        partial(services.add_goal, actor=request.user, direction=direction),
        title=_("New goal of %(direction)s") % {"direction": direction},
        cancel_url=_direction_url(direction),
        success_url=_direction_url(direction),
    )


@network_view
def goal_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    goal = _goal(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = GoalForm(request.POST or None, instance=copy.copy(goal))
    return form_page(
        request,
        network,
        form,
        partial(services.update_goal, actor=request.user, goal=goal),
        title=lambda: _("Edit goal %(goal)s") % {"goal": goal},
        cancel_url=_direction_url(goal.direction),
        success_url=_direction_url(goal.direction),
    )


@network_view
def commitment_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    goal = _goal(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    initial = {"side": request.GET.get("side", CommitmentSide.NETWORK)}
    form = CommitmentForm(request.POST or None, initial=initial, network=network, user=request.user)
    return form_page(
        request,
        network,
        form,
        partial(services.add_commitment, actor=request.user, goal=goal),
        title=_("New commitment for goal %(goal)s") % {"goal": goal},
        cancel_url=_direction_url(goal.direction),
        success_url=_direction_url(goal.direction) + f"#goal-{goal.pk}",
    )


@network_view
def commitment_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.visible_to(request.user)
        .for_network(network)
        .select_related("goal__direction__network"),
        pk=pk,
    )
    user = request.user
    full = permissions.can_manage_strategy(user, network)
    require(full or permissions.can_update_commitment(user, commitment, network))
    form: Any
    if full:
        form = CommitmentForm(
            request.POST or None, instance=copy.copy(commitment), network=network, user=user
        )
    else:
        form = CommitmentStatusForm(request.POST or None, instance=copy.copy(commitment))
    back = _direction_url(commitment.goal.direction) + f"#goal-{commitment.goal_id}"
    return form_page(
        request,
        network,
        form,
        partial(services.update_commitment, actor=user, commitment=commitment),
        title=_("Edit commitment"),
        cancel_url=back,
        success_url=back,
        intro=lambda: commitment.text,
    )


# --- indicators and values ----------------------------------------------------------------------


def _indicator_url(indicator: Indicator) -> str:
    return reverse(
        "strategy:indicator_detail",
        kwargs={"network": indicator.goal.direction.network.slug, "pk": indicator.pk},
    )


@network_view
def indicator_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    goal = _goal(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = IndicatorForm(request.POST or None)
    return form_page(
        request,
        network,
        form,
        partial(services.add_indicator, actor=request.user, goal=goal),
        title=_("New indicator for goal %(goal)s") % {"goal": goal},
        cancel_url=_direction_url(goal.direction),
        success_url=_indicator_url,
    )


@network_view
def indicator_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    indicator = _indicator(request, network, pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = IndicatorForm(request.POST or None, instance=copy.copy(indicator))
    return form_page(
        request,
        network,
        form,
        partial(services.update_indicator, actor=request.user, indicator=indicator),
        title=lambda: _("Edit indicator %(indicator)s") % {"indicator": indicator},
        cancel_url=_indicator_url(indicator),
        success_url=_indicator_url(indicator),
    )


@network_view
def indicator_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    user = request.user
    indicator = _indicator(request, network, pk)
    values = list(
        Measurement.objects.visible_to(user)
        .shown_to(user, network)
        .filter(indicator=indicator)
        .select_related("entered_by", "approved_by")
        .order_by("period_end", "part")
    )
    path = indicator.path
    totals = [m for m in values if not m.part and m.status == MeasurementStatus.APPROVED]
    latest = (totals[-1].period_end, totals[-1].value) if totals else None
    for m in values:
        m.expected = expected_value(path, m.period_end).quantize(m.value) if not m.part else None
        m.editable = permissions.can_edit_measurement(user, m, network)
    approved = [m for m in values if m.status == MeasurementStatus.APPROVED]
    chart = charts.svg_data_uri(indicator, approved)
    can_enter = permissions.can_enter_measurement(user, network)
    form = MeasurementForm(indicator=indicator) if can_enter else None
    return render(
        request,
        "strategy/indicator_detail.html",
        {
            "network": network,
            "indicator": indicator,
            "values": values,
            "status": status(path, latest),
            "latest": latest,
            "chart": chart,
            "chart_text": charts.description(indicator, approved),
            "form": form,
            "can_manage": permissions.can_manage_strategy(user, network),
            "can_approve": permissions.can_approve_measurement(user, network),
        },
    )


@network_view
def measurement_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    indicator = _indicator(request, network, pk)
    require(permissions.can_enter_measurement(request.user, network))
    form = MeasurementForm(request.POST or None, indicator=indicator)
    return form_page(
        request,
        network,
        form,
        partial(services.enter_measurement, actor=request.user, indicator=indicator),
        title=_("New value of %(indicator)s") % {"indicator": indicator},
        cancel_url=_indicator_url(indicator),
        success_url=_indicator_url(indicator),
        message=_("Saved as a draft: the coordinator approves it."),
    )


def _measurement(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Measurement:
    return get_object_or_404(
        Measurement.objects.visible_to(request.user)
        .shown_to(request.user, network)
        .for_network(network)
        .select_related("indicator__goal__direction__network"),
        pk=pk,
    )


@network_view
def measurement_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    measurement = _measurement(request, network, pk)
    indicator = measurement.indicator
    require(permissions.can_edit_measurement(request.user, measurement, network))
    form = MeasurementForm(
        request.POST or None, instance=copy.copy(measurement), indicator=indicator
    )
    return form_page(
        request,
        network,
        form,
        partial(services.correct_measurement, actor=request.user, measurement=measurement),
        title=lambda: _("Correct the value of %(date)s") % {"date": measurement.period_end},
        cancel_url=_indicator_url(indicator),
        success_url=_indicator_url(indicator),
    )


@network_view
@require_POST
def measurement_approve(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    measurement = _measurement(request, network, pk)
    require(permissions.can_approve_measurement(request.user, network))
    try:
        services.approve_measurement(actor=request.user, measurement=measurement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approved: the value now counts."))
    return redirect(_indicator_url(measurement.indicator))


@network_view
def measurement_delete(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    measurement = _measurement(request, network, pk)
    require(permissions.can_edit_measurement(request.user, measurement, network))
    back = _indicator_url(measurement.indicator)
    if request.method == "POST":
        services.delete_measurement(actor=request.user, measurement=measurement)
        messages.success(request, _("Deleted."))
        return redirect(back)
    return render(
        request,
        "strategy/measurement_delete.html",
        {"network": network, "measurement": measurement, "cancel_url": back},
    )


# --- versions -----------------------------------------------------------------------------------


@network_view
def direction_keep_version(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    direction = get_object_or_404(_directions(request, network), pk=pk)
    require(permissions.can_manage_strategy(request.user, network))
    form = KeepVersionForm(request.POST if request.method == "POST" else None, network=network)
    return form_page(
        request,
        network,
        form,
        partial(direction_versions.keep_version, actor=request.user, direction=direction),
        title=_("Keep %(direction)s as a version") % {"direction": direction},
        cancel_url=_direction_url(direction),
        success_url=_direction_url(direction) + "#versions",
        message=lambda version: _("Kept as version %(number)s.") % {"number": version.number},
        intro=_(
            "The direction as it stands now — text, goals, commitments and indicators — is kept "
            "as its next version, to read and compare later."
        ),
    )


@network_view
def direction_version(
    request: AuthenticatedHttpRequest, network: Network, pk: int, number: int
) -> HttpResponse:
    direction = get_object_or_404(_directions(request, network), pk=pk)
    version = get_object_or_404(
        DirectionVersion.objects.select_related("adopted_by", "saved_by").filter(
            direction=direction
        ),
        number=number,
    )
    previous = (
        DirectionVersion.objects.filter(direction=direction, number__lt=number)
        .order_by("-number")
        .first()
    )
    before = direction_versions.lines(previous.snapshot) if previous else []
    changes = diff_lines(before, direction_versions.lines(version.snapshot))
    return render(
        request,
        "strategy/direction_version.html",
        {
            "network": network,
            "direction": direction,
            "version": version,
            "previous": previous,
            "changes": changes,
        },
    )
