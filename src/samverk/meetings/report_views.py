"""Minutes (versions, editing with conflict handling, circulation, approval), the minutes as
PDF, and the network's commitment overview with its XLSX and CSV export."""

from __future__ import annotations

import difflib
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import exports
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view, paginate, save_with_service
from samverk.meetings import permissions, reports, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Meeting, Minutes, MinutesVersion
from samverk.meetings.pdf import pdf_filename, render_minutes_pdf
from samverk.networks import permissions as network_rules
from samverk.networks.models import Organisation


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Minutes"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=gettext_lazy("Markdown"),
    )
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=gettext_lazy("Approved at"),
        queryset=Meeting.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["at_meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices


def _attachment(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def _meeting(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .for_network(network)
        .select_related("network", "arena", "host"),
        pk=pk,
    )


def _minutes_url(name: str, meeting: Meeting, **kwargs: Any) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"network": meeting.network.slug, "pk": meeting.pk, **kwargs}
    )


def _later_meetings(meeting: Meeting) -> Any:
    """Where the minutes can be approved: later meetings of the same arena."""
    return (
        Meeting.objects.for_network(meeting.network)
        .filter(arena_id=meeting.arena_id, starts_at__gt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )


def _detail(
    request: AuthenticatedHttpRequest,
    network: Network,
    meeting: Meeting,
    number: int | None = None,
    approve_form: ApproveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at").first()
    versions = list(minutes.versions.select_related("author")) if minutes else []
    current = versions[0] if versions else None
    shown = current
    if number is not None:
        shown = next((v for v in versions if v.number == number), None)
        if shown is None:
            raise Http404(_("No such version of the minutes."))
    can_manage = permissions.can_manage_meetings(request.user, network)
    later = _later_meetings(meeting)
    if approve_form is None and can_manage and minutes and minutes.status == "circulated":
        approve_form = ApproveForm(choices=later, prefix="approve")
    context = {
        "network": network,
        "meeting": meeting,
        "minutes": minutes,
        "versions": versions,
        "current": current,
        "shown": shown,
        "is_old_version": shown is not None and shown is not current,
        "can_manage": can_manage,
        "approve_form": approve_form,
        "has_later_meetings": approve_form is not None and later.exists(),
        "approved_here": list(
            Minutes.objects.filter(approved_at=meeting)
            .select_related("meeting")
            .order_by("meeting__starts_at")
        ),
    }
    return render(request, "meetings/minutes_detail.html", context, status=status)


@network_view
def minutes_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    return _detail(request, network, _meeting(request, network, pk))


@network_view
def minutes_version(
    request: AuthenticatedHttpRequest, network: Network, pk: int, number: int
) -> HttpResponse:
    return _detail(request, network, _meeting(request, network, pk), number=number)


@network_view
def minutes_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """Edit from a known version; if someone else saved in the meantime, the conflict page
    shows both texts and lets the editor merge and save again (status 409)."""
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    current = minutes.versions.order_by("-number").first() if minutes else None
    if request.method == "POST":
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                version = save_with_service(
                    form,
                    services.save_minutes,
                    actor=request.user,
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    base_version=form.cleaned_data["base_version"],
                )
            except services.MinutesConflict as conflict:
                return _conflict(request, network, meeting, form.cleaned_data["text"], conflict)
            if version is not None:
                messages.success(
                    request,
                    _("Saved as version %(number)s.") % {"number": version.number},
                )
                return redirect(_minutes_url("minutes_detail", meeting))
    else:
        form = MinutesForm(
            initial={
                "text": current.text if current else "",
                "base_version": current.number if current else 0,
            }
        )
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "network": network,
            "meeting": meeting,
            "minutes": minutes,
            "current": current,
            "form": form,
        },
    )


def _conflict(
    request: AuthenticatedHttpRequest,
    network: Network,
    meeting: Meeting,
    text: str,
    conflict: services.MinutesConflict,
) -> HttpResponse:
    theirs = MinutesVersion.objects.select_related("author").get(pk=conflict.current.pk)
    form = MinutesForm(initial={"text": text, "base_version": theirs.number})
    diff = list(
        difflib.unified_diff(
            theirs.text.splitlines(),
            text.splitlines(),
            fromfile=_("Saved version %(number)s") % {"number": theirs.number},
            tofile=_("Your text"),
            lineterm="",
        )
    )
    context = {
        "network": network,
        "meeting": meeting,
        "theirs": theirs,
        "yours": text,
        "form": form,
        "diff": diff,
    }
    return render(request, "meetings/minutes_conflict.html", context, status=409)


@network_view
@require_POST
def minutes_circulate(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    try:
        services.circulate_minutes(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The minutes are circulated."))
    return redirect(_minutes_url("minutes_detail", meeting))


@network_view
@require_POST
def minutes_approve(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = ApproveForm(request.POST, choices=_later_meetings(meeting), prefix="approve")
    if form.is_valid():
        at_meeting = form.cleaned_data["at_meeting"]
        if save_with_service(
            form,
            services.approve_minutes,
            actor=request.user,
            meeting=meeting,
            at_meeting=at_meeting,
        ):
            messages.success(
                request,
                _("The minutes are approved at “%(meeting)s”.") % {"meeting": at_meeting.title},
            )
            return redirect(_minutes_url("minutes_detail", meeting))
    return _detail(request, network, meeting, approve_form=form)


@network_view
def minutes_pdf(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    response = HttpResponse(
        render_minutes_pdf(meeting, request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = _attachment(pdf_filename(meeting))
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- commitment at a glance ----------------------------------------------------------------


COMMITMENT_PAGE_SIZE = 50


def _commitment_rows(request: AuthenticatedHttpRequest, network: Network) -> list[Any]:
    """Every member's figures for those who may compare them (networks.permissions
    .can_see_budget); for the others only their own organisation's row, if any."""
    if network_rules.can_see_budget(request.user, network):
        return reports.commitment(network)
    own = Organisation.objects.for_network(network).filter(
        pk__in=network_rules.own_organisation_ids(request.user, network)
    )
    return reports.commitment(network, organisations=list(own))


@network_view
def commitment(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    rows, current_sort = reports.sort_rows(
        _commitment_rows(request, network), request.GET.get("sort", "name")
    )
    page = paginate(request, rows, per_page=COMMITMENT_PAGE_SIZE)
    context = {
        "network": network,
        "rows": page.object_list,
        "page": page,
        "sort": current_sort,
        "recent": reports.RECENT_MEETINGS,
        "all_members": network_rules.can_see_budget(request.user, network),
    }
    return render(request, "meetings/commitment.html", context)


@network_view
def commitment_export(
    request: AuthenticatedHttpRequest, network: Network, format: str = "csv"
) -> HttpResponse:
    """The overview's rows for Excel (XLSX, or CSV in the language's format): see core.exports."""
    rows, _sort = reports.sort_rows(
        _commitment_rows(request, network), request.GET.get("sort", "name")
    )
    columns = [
        exports.Column(_("Organisation"), lambda r: r.name),
        exports.Column(_("Meetings considered"), lambda r: r.meetings),
        exports.Column(_("Attended"), lambda r: r.attended),
        exports.Column(_("Attended with authority"), lambda r: r.attended_with_authority),
        exports.Column(_("Attendance rate (%)"), lambda r: r.attendance_percent),
        exports.Column(_("Attendance with authority (%)"), lambda r: r.authority_percent),
        exports.Column(_("Open actions"), lambda r: r.open_actions),
        exports.Column(_("Overdue actions"), lambda r: r.overdue_actions),
    ]
    return exports.table_response(
        rows, columns, exports.export_format(format), f"commitment-{network.slug}"
    )
