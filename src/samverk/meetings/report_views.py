"""Minutes (versions, editing with conflict handling, circulation, approval), the minutes as
PDF, and the network's commitment overview with its XLSX and CSV export."""

from __future__ import annotations

import difflib
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.accounts.models import User
from samverk.core import clock, date_range, exports, markdown
from samverk.core.models import Network, NetworkRole
from samverk.core.services import require
from samverk.core.views import network_view, paginate, save_with_service
from samverk.meetings import minutes_draft, minutes_mail, permissions, reports, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import (
    Meeting,
    Minutes,
    MinutesCirculation,
    MinutesRecipient,
    MinutesVersion,
)
from samverk.meetings.pdf import pdf_filename, render_minutes_pdf
from samverk.meetings.querysets import may_read_minutes
from samverk.networks import permissions as network_rules
from samverk.networks.models import Organisation


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Minutes"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=gettext_lazy("Markdown. Empty minutes are not saved."),
    )
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, preview_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if preview_url:
            # The live preview (htmx): the text is posted a moment after typing stops; the
            # "Preview" button does the same without JavaScript.
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": preview_url,
                    "hx-trigger": "keyup changed delay:600ms",
                    "hx-target": "#minutes-preview",
                    "hx-swap": "outerHTML",
                    "aria-describedby": "id_text_helptext minutes-preview-heading",
                }
            )


class CirculateForm(forms.Form):
    objection_deadline = date_range.DateField(
        label=gettext_lazy("Objections until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The recipients may object to the minutes until this day."),
    )


class MinuteTakerForm(forms.Form):
    minute_taker = forms.ModelChoiceField(
        label=gettext_lazy("Minute-taker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("nobody (the coordinators write them)"),
        help_text=gettext_lazy("Writes the minutes and reads them while they are a draft."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["minute_taker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            pk__in=NetworkRole.objects.for_network(network).values("user_id")
        ).order_by("name", "email")


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


def _minutes(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes row (loaded before the reading rule decides what is shown)."""
    return (
        Minutes.objects.filter(meeting=meeting)
        .select_related("approved_at", "minute_taker", "meeting")
        .first()
    )


def _minutes_url(name: str, meeting: Meeting, **kwargs: Any) -> str:
    return reverse(
        f"meetings:{name}", kwargs={"network": meeting.network.slug, "pk": meeting.pk, **kwargs}
    )


def _not_held(
    request: AuthenticatedHttpRequest, network: Network, meeting: Meeting
) -> HttpResponse:
    """A meeting that has not taken place has no minutes (no PDF, no editing): 404 with a
    page that says why and what to do."""
    return render(
        request,
        "meetings/minutes_unavailable.html",
        {"network": network, "meeting": meeting},
        status=404,
    )


def _detail(
    request: AuthenticatedHttpRequest,
    network: Network,
    meeting: Meeting,
    number: int | None = None,
    approve_form: ApproveForm | None = None,
    circulate_form: CirculateForm | None = None,
    taker_form: MinuteTakerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    minutes = _minutes(meeting)
    readable = may_read_minutes(request.user, minutes)
    versions = (
        list(
            MinutesVersion.objects.visible_to(request.user)
            .filter(minutes=minutes)
            .select_related("author")
            .order_by("-number")
        )
        if minutes
        else []
    )
    current = versions[0] if versions else None
    shown = current
    if number is not None and readable:
        shown = next((v for v in versions if v.number == number), None)
        if shown is None:
            raise Http404(_("No such version of the minutes."))
    can_manage = permissions.can_manage_meetings(request.user, network)
    held = services.has_taken_place(meeting)
    today = clock.network_today(network)
    recipients_preview: list[Any] = []
    may_circulate = bool(
        can_manage
        and minutes
        and current
        and minutes.status != Minutes.Status.APPROVED
        and meeting.status == MeetingStatus.CLOSED
        and not minutes.circulations.filter(version=current).exists()
    )
    if may_circulate or circulate_form is not None:
        circulate_form = circulate_form or CirculateForm(
            initial={"objection_deadline": services.default_objection_deadline(today)},
            prefix="circulate",
        )
        recipients_preview = minutes_mail.recipients(meeting, today)
    later = services.approval_meetings(meeting)
    if approve_form is None and can_manage and minutes and minutes.status == "circulated":
        approve_form = ApproveForm(choices=later, prefix="approve")
    if can_manage and held and (minutes is None or minutes.status != Minutes.Status.APPROVED):
        taker_form = taker_form or MinuteTakerForm(
            network=network,
            prefix="taker",
            initial={"minute_taker": minutes.minute_taker_id if minutes else None},
        )
    else:
        taker_form = None
    circulations = (
        list(
            MinutesCirculation.objects.visible_to(request.user)
            .filter(minutes=minutes)
            .select_related("version", "circulated_by")
            .prefetch_related(
                Prefetch(
                    "recipients",
                    queryset=MinutesRecipient.objects.select_related(
                        "mail", "person__organisation"
                    ).order_by("name", "pk"),
                    to_attr="recipient_list",
                )
            )
        )
        if minutes
        else []
    )
    context = {
        "network": network,
        "meeting": meeting,
        "minutes": minutes,
        "readable": readable,
        "held": held,
        "versions": versions,
        "current": current,
        "shown": shown,
        "is_old_version": shown is not None and shown is not current,
        "can_manage": can_manage,
        "can_write": held and permissions.can_write_minutes(request.user, meeting, minutes),
        "approve_form": approve_form,
        "has_later_meetings": approve_form is not None and later.exists(),
        "circulate_form": circulate_form,
        "recipients_preview": recipients_preview,
        "taker_form": taker_form,
        "circulations": circulations,
        "approved_here": list(
            Minutes.objects.visible_to(request.user)
            .filter(approved_at=meeting)
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


def _edit_page(
    request: AuthenticatedHttpRequest,
    network: Network,
    meeting: Meeting,
    minutes: Minutes | None,
    current: MinutesVersion | None,
    form: MinutesForm,
    *,
    generated: bool = False,
    preview: str | None = None,
) -> HttpResponse:
    return render(
        request,
        "meetings/minutes_edit.html",
        {
            "network": network,
            "meeting": meeting,
            "minutes": minutes,
            "current": current,
            "form": form,
            "generated": generated,
            "preview": preview,
        },
    )


@network_view
def minutes_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """Edit from a known version; if someone else saved in the meantime, the conflict page
    shows both texts and lets the editor merge and save again (status 409). Without a saved
    version the editor opens with the draft generated from the meeting (not saved until the
    editor saves). "Preview" shows the rendered text without saving."""
    meeting = _meeting(request, network, pk)
    minutes = _minutes(meeting)
    require(permissions.can_write_minutes(request.user, meeting, minutes))
    if not services.has_taken_place(meeting):
        return _not_held(request, network, meeting)
    current = minutes.versions.order_by("-number").first() if minutes else None
    preview_url = _minutes_url("minutes_preview", meeting)
    if request.method == "POST":
        form = MinutesForm(request.POST, preview_url=preview_url)
        if form.is_valid() and "preview" in request.POST:
            return _edit_page(
                request,
                network,
                meeting,
                minutes,
                current,
                form,
                preview=markdown.render(form.cleaned_data["text"]),
            )
        if form.is_valid():
            base = form.cleaned_data["base_version"]
            try:
                version = save_with_service(
                    form,
                    services.save_minutes,
                    actor=request.user,
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    base_version=base,
                )
            except services.MinutesConflict as conflict:
                return _conflict(request, network, meeting, form.cleaned_data["text"], conflict)
            if version is not None:
                if version.number == base:
                    messages.info(
                        request,
                        _("Nothing changed: the minutes stay at version %(number)s.")
                        % {"number": version.number},
                    )
                else:
                    messages.success(
                        request,
                        _("Saved as version %(number)s.") % {"number": version.number},
                    )
                return redirect(_minutes_url("minutes_detail", meeting))
        return _edit_page(request, network, meeting, minutes, current, form)
    generated = current is None
    form = MinutesForm(
        initial={
            "text": current.text if current else minutes_draft.generate(meeting),
            "base_version": current.number if current else 0,
        },
        preview_url=preview_url,
    )
    return _edit_page(request, network, meeting, minutes, current, form, generated=generated)


@network_view
@require_POST
def minutes_preview(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """The edited text as the page will show it (sanitised Markdown): the htmx live preview."""
    meeting = _meeting(request, network, pk)
    require(permissions.can_write_minutes(request.user, meeting, _minutes(meeting)))
    text = request.POST.get("text", "")
    return render(
        request,
        "meetings/minutes_edit.html#preview",
        {"preview": markdown.render(text)},
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
    form = CirculateForm(request.POST, prefix="circulate")
    if form.is_valid():
        try:
            circulation = services.circulate_minutes(
                actor=request.user,
                meeting=meeting,
                objection_deadline=form.cleaned_data["objection_deadline"],
                today=clock.network_today(network),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            errors = getattr(exc, "error_dict", {})
            if "objection_deadline" in errors:
                for error in errors["objection_deadline"]:
                    form.add_error("objection_deadline", error)
                return _detail(request, network, meeting, circulate_form=form, status=400)
            for message in exc.messages:
                messages.error(request, message)
        else:
            count = circulation.recipients.count()
            messages.success(
                request,
                ngettext(
                    "The minutes are circulated: queued for %(count)s recipient. The mail "
                    "queue sends them; the delivery state is shown below.",
                    "The minutes are circulated: queued for %(count)s recipients. The mail "
                    "queue sends them; the delivery state is shown below.",
                    count,
                )
                % {"count": count},
            )
        return redirect(_minutes_url("minutes_detail", meeting))
    return _detail(request, network, meeting, circulate_form=form, status=400)


@network_view
@require_POST
def minutes_minute_taker(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = MinuteTakerForm(request.POST, network=network, prefix="taker")
    if form.is_valid():
        taker = form.cleaned_data["minute_taker"]
        if save_with_service(
            form,
            services.set_minute_taker,
            actor=request.user,
            meeting=meeting,
            minute_taker=taker,
        ):
            if taker is None:
                messages.success(request, _("No minute-taker: the coordinators write them."))
            else:
                messages.success(
                    request,
                    _("%(name)s writes the minutes.") % {"name": taker},
                )
            return redirect(_minutes_url("minutes_detail", meeting))
    return _detail(request, network, meeting, taker_form=form, status=400)


@network_view
@require_POST
def minutes_approve(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = ApproveForm(request.POST, choices=services.approval_meetings(meeting), prefix="approve")
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
    if not services.has_taken_place(meeting):
        return _not_held(request, network, meeting)
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
