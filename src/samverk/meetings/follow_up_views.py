"""Decisions and actions: on the meeting page, and the network's registers of both."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import clock, exports
from samverk.core.models import Network
from samverk.core.page_cache import cached_page
from samverk.core.querysets import person_label
from samverk.core.services import require
from samverk.core.views import network_view, paginate, render_page, save_with_service, sort
from samverk.meetings import permissions, services
from samverk.meetings.choices import OPEN_ACTION_STATUSES, ActionStatus, DecisionMethod
from samverk.meetings.filters import UNFINISHED, ActionItemFilter, DecisionFilter
from samverk.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
)
from samverk.meetings.models import (
    ActionItem,
    Decision,
)
from samverk.meetings.views import (
    _back,
    _meeting,
    _row_url,
    _url,
    _with_errors,
)


@network_view
@require_POST
def decision_add(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        decision = save_with_service(
            form,
            services.record_decision,
            actor=request.user,
            meeting=meeting,
            **form.cleaned_data,
        )
        if decision:
            messages.success(
                request, _("Decision %(reference)s recorded.") % {"reference": decision.reference}
            )
            return _back(network, meeting, "decisions")
    return _with_errors(request, network, meeting, decision_form=form)


@network_view
def decision_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.visible_to(request.user)
        .for_network(network)
        .select_related("network", "meeting__network", "meeting__arena"),
        pk=pk,
    )
    require(permissions.can_manage_meetings(request.user, network))
    meeting = decision.meeting
    form = DecisionForm(request.POST or None, meeting=meeting, decision=decision)
    if request.method == "POST" and form.is_valid():
        if save_with_service(
            form,
            services.update_decision,
            actor=request.user,
            decision=decision,
            **form.cleaned_data,
        ):
            messages.success(request, _("Saved."))
            return _back(network, meeting, "decisions")
    return render_page(
        request,
        "meetings/form.html",
        {
            "network": network,
            "form": form,
            "title": _("Edit decision %(reference)s") % {"reference": decision.reference},
            "cancel_url": _url("meeting_detail", network, pk=meeting.pk) + "#decisions",
        },
    )


@network_view
def action_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    action = get_object_or_404(
        ActionItem.objects.visible_to(request.user)
        .for_network(network)
        .select_related("network", "meeting__network", "meeting__arena"),
        pk=pk,
    )
    require(permissions.can_manage_meetings(request.user, network))
    meeting = action.meeting
    form = ActionForm(request.POST or None, meeting=meeting, action=action)
    if request.method == "POST" and form.is_valid():
        if save_with_service(
            form, services.update_action, actor=request.user, action=action, **form.cleaned_data
        ):
            messages.success(request, _("Saved."))
            if request.GET.get("next") == "actions":
                return redirect(_url("action_list", network))
            return _back(network, meeting, "actions")
    return render_page(
        request,
        "meetings/form.html",
        {
            "network": network,
            "form": form,
            "title": _("Edit action “%(title)s”") % {"title": action.title},
            "cancel_url": _url("meeting_detail", network, pk=meeting.pk) + "#actions",
        },
    )


@network_view
@require_POST
def action_add(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = ActionForm(request.POST, meeting=meeting)
    if (
        form.is_valid()
        and save_with_service(
            form, services.create_action, actor=request.user, meeting=meeting, **form.cleaned_data
        )
        is not None
    ):
        messages.success(request, _("Action added."))
        return _back(network, meeting, "actions")
    return _with_errors(request, network, meeting, action_form=form)


@network_view
@require_POST
def action_status(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    action = get_object_or_404(
        ActionItem.objects.visible_to(request.user)
        .for_network(network)
        .select_related("network", "meeting", "owner_person__organisation", "owner_organisation"),
        pk=pk,
    )
    require(permissions.can_update_action(request.user, action))
    form = ActionStatusForm(request.POST, prefix=f"action-{action.pk}")
    if (
        form.is_valid()
        and save_with_service(
            form,
            services.update_action_status,
            actor=request.user,
            action=action,
            status=form.cleaned_data["status"],
        )
        is not None
    ):
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": action.title, "status": action.get_status_display()},
        )
    else:
        messages.error(request, _("The status could not be changed."))
    target = request.POST.get("next", "")
    if target == "actions":
        return redirect(_url("action_list", network))
    return _back(network, action.meeting, "actions")


# --- registers -------------------------------------------------------------------------------

DECISION_SORTS = {
    "reference": "reference_key",
    "date": "meeting__starts_at",
    "arena": "meeting__arena__name",
    "topic": "topic",
}


# The columns the decisions register shows: nothing else is loaded.
_DECISION_LIST_COLUMNS = (
    "network_id",
    "meeting_id",
    "year",
    "number",
    "text",
    "topic",
    "method",
    "votes_for",
    "votes_against",
    "abstentions",
    "binding",
    "meeting__id",
    "meeting__title",
    "meeting__starts_at",
    "meeting__arena__id",
    "meeting__arena__name",
)


def _decisions(
    request: AuthenticatedHttpRequest, network: Network
) -> tuple[DecisionFilter, Any, str]:
    """The register's rows as its filter and sort ask (the page and its export)."""
    base = (
        Decision.objects.visible_to(request.user)
        .for_network(network)
        .select_related("meeting__arena")
        .only(*_DECISION_LIST_COLUMNS)
        .annotate(reference_key=F("year") * 1000 + F("number"))
    )
    filterset = DecisionFilter(request.GET or None, queryset=base)
    filterset.limit_to(network)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    queryset, current_sort = sort(request, queryset, DECISION_SORTS, "-reference")
    return filterset, queryset, current_sort


@network_view
@cached_page
def decision_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The network's decisions, a page at a time: only the shown columns are loaded, the
    page's rows are read once, and each row's meeting link (from one reversed URL) and date
    are worked out here."""
    filterset, queryset, current_sort = _decisions(request, network)
    page = paginate(request, queryset)
    page.object_list = list(page.object_list)
    meeting_url = _row_url("meeting_detail", network)
    for decision in page.object_list:
        decision.meeting_url = meeting_url(decision.meeting_id)
        decision.meeting_date = formats.date_format(
            timezone.localtime(decision.meeting.starts_at), "SHORT_DATE_FORMAT"
        )
    context = {
        "network": network,
        "filter": filterset,
        "page": page,
        "sort": current_sort,
    }
    return render_page(request, "meetings/decision_list.html", context, partial="results")


@network_view
def decision_export(
    request: AuthenticatedHttpRequest, network: Network, format: str = "xlsx"
) -> HttpResponse:
    """The decisions register (its filter and order, every row) for Excel: XLSX or CSV."""
    file_format = exports.export_format(format)
    _filterset, queryset, _sort = _decisions(request, network)
    methods = dict(DecisionMethod.choices)
    yes, no = _("yes"), _("no")
    columns = [
        exports.Column(_("No."), lambda d: d.reference),
        exports.Column(_("Date"), lambda d: timezone.localtime(d.meeting.starts_at).date()),
        exports.Column(_("Meeting"), lambda d: d.meeting.title),
        exports.Column(_("Arena"), lambda d: d.meeting.arena.name),
        exports.Column(_("Topic"), lambda d: d.topic),
        exports.Column(_("Decision"), lambda d: d.text),
        exports.Column(_("Method"), lambda d: methods.get(d.method, d.method)),
        exports.Column(_("Votes"), lambda d: d.votes_text),
        exports.Column(_("Binding"), lambda d: yes if d.binding else no),
    ]
    return exports.table_response(
        queryset.iterator(chunk_size=500), columns, file_format, f"decisions-{network.slug}"
    )


# The columns the actions list shows (and its permission check reads): nothing else is loaded.
_ACTION_LIST_COLUMNS = (
    "network_id",
    "meeting__id",
    "meeting__title",
    "title",
    "status",
    "due_date",
    "owner_person__id",
    "owner_person__name",
    "owner_person__organisation__id",
    "owner_person__organisation__name",
    "owner_person__organisation__network_id",
    "owner_organisation__id",
    "owner_organisation__name",
    "owner_organisation__network_id",
)


def _actions(request: AuthenticatedHttpRequest, network: Network) -> tuple[ActionItemFilter, Any]:
    """The actions list's rows as its filter asks (open ones by default): the page and its
    export."""
    base = (
        ActionItem.objects.visible_to(request.user)
        .for_network(network)
        .select_related("meeting", "owner_person__organisation", "owner_organisation")
        .only(*_ACTION_LIST_COLUMNS)
        .order_by("due_date", "pk")
    )
    data = request.GET.copy()
    if "status" not in data:  # open actions by default; "all" sends an empty status
        data["status"] = UNFINISHED
    filterset = ActionItemFilter(data, queryset=base)
    filterset.limit_to(network, request.user)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, queryset


@network_view
@cached_page
def action_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The network's actions, a page at a time. Each row is light: the status is one small
    select (no form object per row), its URLs are built from one reversed pattern, and the
    permission check reuses the roles loaded for the request."""
    filterset, queryset = _actions(request, network)
    page = paginate(request, queryset)
    page.object_list = list(page.object_list)
    today = clock.network_today(network)
    manages = permissions.can_manage_meetings(request.user, network)
    status_url = _row_url("action_status", network)
    meeting_url = _row_url("meeting_detail", network)
    status_options = _status_options()
    statuses = {value: str(label) for value, label in ActionStatus.choices}
    for action in page.object_list:
        action.network = network  # the same row: no query for the permission check
        action.is_overdue = action.status in OPEN_ACTION_STATUSES and action.due_date < today
        action.can_update = manages or permissions.can_update_action(request.user, action)
        action.status_url = status_url(action.pk)
        action.meeting_url = meeting_url(action.meeting_id)
        # What each row shows, worked out here instead of by tags and filters per row.
        action.owner_label = person_label(request.user, action.owner_person, organisation=True)
        action.due_text = formats.date_format(action.due_date, "SHORT_DATE_FORMAT")
        if action.can_update:
            action.status_label = _("Status of “%(title)s”") % {"title": action.title}
            action.status_options = status_options[action.status]
        else:
            action.status_text = statuses.get(action.status, action.status)
    context = {
        "network": network,
        "filter": filterset,
        "page": page,
    }
    return render_page(request, "meetings/action_list.html", context, partial="results")


@network_view
def action_export(
    request: AuthenticatedHttpRequest, network: Network, format: str = "xlsx"
) -> HttpResponse:
    """The actions list (its filter, every row) for Excel: XLSX or CSV; owners as the user
    may see them (the person rule)."""
    file_format = exports.export_format(format)
    _filterset, queryset = _actions(request, network)
    today = clock.network_today(network)
    statuses = {value: str(label) for value, label in ActionStatus.choices}
    yes, no = _("yes"), _("no")

    def overdue(action: ActionItem) -> str:
        return yes if action.status in OPEN_ACTION_STATUSES and action.due_date < today else no

    def owner_organisation(action: ActionItem) -> str:
        if action.owner_organisation is not None:
            return action.owner_organisation.name
        return action.owner_person.organisation.name if action.owner_person else ""

    columns = [
        exports.Column(_("Action"), lambda a: a.title),
        exports.Column(
            _("Owner"),
            lambda a: person_label(request.user, a.owner_person) if a.owner_person else "",
        ),
        exports.Column(_("Organisation"), owner_organisation),
        exports.Column(_("Due"), lambda a: a.due_date),
        exports.Column(_("Status"), lambda a: statuses.get(a.status, a.status)),
        exports.Column(_("overdue"), overdue),
        exports.Column(_("Agreed at"), lambda a: a.meeting.title),
    ]
    return exports.table_response(
        queryset.iterator(chunk_size=500), columns, file_format, f"actions-{network.slug}"
    )


def _status_options() -> dict[str, SafeString]:
    """The ``<option>`` list of the status select of a row, by the row's status (selected),
    labelled in the active language: built once per page."""
    choices = [(value, str(label)) for value, label in ActionStatus.choices]
    return {
        current: mark_safe(  # noqa: S308 — every value is escaped
            "".join(
                f'<option value="{conditional_escape(value)}"'
                f"{' selected' if value == current else ''}>{conditional_escape(label)}</option>"
                for value, label in choices
            )
        )
        for current, _label in choices
    }
