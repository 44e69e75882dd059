"""Meeting pages: the list, scheduling, the page a meeting is run from (agenda, replies,
check-in and quorum, decisions, actions), the decisions register and the actions overview."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import clock
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view, paginate, render_page, save_with_service
from samverk.meetings import joint, notifications, permissions, quorum, services
from samverk.meetings.choices import (
    AGENDA_EDITABLE,
    CHECK_IN_OPEN,
    DECISIONS_OPEN,
    OPEN_ACTION_STATUSES,
    RECORD_OPEN,
    REPLIES_OPEN,
    MeetingStatus,
)
from samverk.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    CancelForm,
    CheckInForm,
    DecisionForm,
    DocumentForm,
    MeetingForm,
    MeetingStatusForm,
    RsvpForm,
    SeriesForm,
)
from samverk.meetings.models import (
    AgendaDocument,
    Meeting,
)
from samverk.networks.models import Mandate, Organisation, Person

DETAIL = "meetings/meeting_detail.html"
# The next steps offered as buttons; cancelling has its own confirmation page.
STATUS_BUTTONS = {
    MeetingStatus.INVITED: gettext_lazy("Mark as invited"),
    MeetingStatus.IN_PROGRESS: gettext_lazy("Start the meeting"),
    MeetingStatus.CLOSED: gettext_lazy("Close the meeting"),
    MeetingStatus.MINUTES_APPROVED: gettext_lazy("Mark the minutes as approved"),
}


def _url(name: str, network: Network, **kwargs: Any) -> str:
    return reverse(f"meetings:{name}", kwargs={"network": network.slug, **kwargs})


def _meeting(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .for_network(network)
        .select_related("network", "arena", "host", "series"),
        pk=pk,
    )


# --- list, scheduling ------------------------------------------------------------------------


@network_view
def meeting_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    now = timezone.now()
    meetings = (
        Meeting.objects.visible_to(request.user)
        .for_network(network)
        .select_related("arena", "host")
    )
    context = {
        "network": network,
        "upcoming": meetings.filter(ends_at__gte=now).order_by("starts_at", "pk"),
        "page": paginate(request, meetings.past(now).order_by("-starts_at", "-pk")),
        "can_manage": permissions.can_manage_meetings(request.user, network),
    }
    return render_page(request, "meetings/meeting_list.html", context, partial="past")


@network_view
def meeting_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_meetings(request.user, network))
    form = MeetingForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        meeting = save_with_service(
            form, services.schedule_meeting, actor=request.user, **form.cleaned_data
        )
        if meeting:
            messages.success(request, _("Meeting “%(title)s” scheduled.") % {"title": meeting})
            return redirect(_url("meeting_detail", network, pk=meeting.pk))
    return render_page(
        request,
        "meetings/form.html",
        {
            "network": network,
            "form": form,
            "title": _("New meeting"),
            "cancel_url": _url("meeting_list", network),
        },
    )


@network_view
def series_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_meetings(request.user, network))
    form = SeriesForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["hosts"] = list(data["hosts"])
        series = save_with_service(
            form, services.create_series_with_year, actor=request.user, **data
        )
        if series:
            count = series.meetings.count()
            messages.success(
                request,
                _("Series “%(title)s” created with %(count)s meetings.")
                % {"title": series, "count": count},
            )
            return redirect(_url("meeting_list", network))
    return render_page(
        request,
        "meetings/form.html",
        {
            "network": network,
            "form": form,
            "title": _("New meeting series"),
            "cancel_url": _url("meeting_list", network),
        },
    )


@network_view
def meeting_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    title = _("Edit %(title)s") % {"title": meeting.title}  # before the form changes it
    form = MeetingForm(request.POST or None, instance=meeting, network=network)
    if request.method == "POST" and form.is_valid():
        fresh = _meeting(request, network, pk)
        saved = save_with_service(
            form, services.update_meeting, actor=request.user, meeting=fresh, **form.cleaned_data
        )
        if saved:
            messages.success(request, _("Saved."))
            if saved.sequence != fresh.sequence and saved.status == MeetingStatus.INVITED:
                messages.info(request, notifications.queued_note(saved, notifications.UPDATE))
            return redirect(_url("meeting_detail", network, pk=pk))
    return render_page(
        request,
        "meetings/form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "cancel_url": _url("meeting_detail", network, pk=pk),
        },
    )


@network_view
def meeting_cancel(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        was_invited = meeting.status == MeetingStatus.INVITED
        if save_with_service(
            form,
            services.change_status,
            actor=request.user,
            meeting=meeting,
            status=MeetingStatus.CANCELLED,
        ):
            messages.success(request, _("The meeting has been cancelled."))
            if was_invited:
                messages.info(
                    request, notifications.queued_note(meeting, notifications.CANCELLATION)
                )
            return redirect(_url("meeting_detail", network, pk=pk))
    return render_page(
        request,
        "meetings/meeting_cancel.html",
        {"network": network, "meeting": meeting, "form": form},
    )


# --- the meeting page ------------------------------------------------------------------------


def _members(meeting: Meeting) -> list[Organisation]:
    """The member organisations of the meeting's arena, or of every participating arena of
    a joint meeting (one list)."""
    return list(joint.member_organisations(meeting).order_by("name", "pk"))


def _joint_context(
    request: AuthenticatedHttpRequest, network: Network, meeting: Meeting
) -> dict[str, Any]:
    """What the page shows of a joint meeting (``meetings/includes/joint_*.html``): the
    participating networks and arenas, and whether the user may run it (the lead network's
    coordinators only, also when it is opened from another participating network)."""
    return {
        "joint_participants": joint.participants(meeting) if joint.is_joint(meeting) else [],
        "is_lead_network": meeting.network_id == network.pk,
    }


def _answerable(
    request: AuthenticatedHttpRequest, meeting: Meeting, members: list[Organisation]
) -> list[int]:
    """Ids of the arena's member organisations the user may reply for."""
    return [o.pk for o in members if permissions.can_answer_for(request.user, o)]


CHECK_IN_RESULTS = 20


def _check_in_candidates(user: Any, meeting: Meeting, query: str) -> list[Any]:
    """Up to ``CHECK_IN_RESULTS`` people of the network matching ``query`` (name, email or
    organisation) who are not checked in yet, each marked with what checking them in means:
    ``authority``, ``no_authority`` (a mandate without authority) or ``guest``."""
    query = query.strip()
    if not query:
        return []
    day = timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone)).date()
    mandates = Mandate.objects.active(day).filter(
        person=OuterRef("pk"), membership__organisation__in=joint.member_organisations(meeting)
    )
    people: list[Any] = list(
        Person.objects.visible_to(user)
        .filter(organisation__network_id__in=joint.network_ids(meeting))
        .filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__name__icontains=query)
        )
        .exclude(attendances__meeting=meeting)
        .select_related("organisation")
        .annotate(
            authorised=Exists(mandates.filter(decision_authorised=True)),
            mandated=Exists(mandates),
        )
        .order_by("name", "organisation__name", "pk")[:CHECK_IN_RESULTS]
    )
    for person in people:
        person.check_in_as = (
            "authority" if person.authorised else ("no_authority" if person.mandated else "guest")
        )
    return people


def _attendance_context(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    members: list[Organisation],
    checkin_form: CheckInForm | None = None,
) -> dict[str, Any]:
    """Attendance per member organisation, guests, and the quorum (two queries)."""
    attendances = list(
        meeting.attendances.select_related("person__organisation", "organisation").order_by(
            "organisation__name", "person__name", "guest_name", "pk"
        )
    )
    by_org: dict[int, list[Any]] = {}
    for a in attendances:
        if not a.is_guest and a.organisation_id is not None:
            by_org.setdefault(a.organisation_id, []).append(a)
    rows = []
    for org in members:
        present = by_org.get(org.pk, [])
        if any(a.with_authority for a in present):
            state = "authority"
        elif present:
            state = "no_authority"
        else:
            state = "absent"
        rows.append({"organisation": org, "state": state, "attendees": present})
    member_ids = {o.pk for o in members}
    result = quorum.evaluate(
        meeting.arena.quorum_rule,
        meeting.arena.quorum_percent,
        member_ids,
        [a.organisation_id for a in attendances if a.with_authority and a.organisation_id],
    )
    can_manage = permissions.can_manage_meetings(request.user, meeting.network)
    checkin_open = can_manage and meeting.status in CHECK_IN_OPEN
    # A joint meeting: the quorum of each network, by its arena's rule (shown instead).
    joint_quorum = (
        joint.quorum_by_network(
            meeting,
            [a.organisation_id for a in attendances if a.with_authority and a.organisation_id],
        )
        if joint.is_joint(meeting)
        else []
    )
    query = request.GET.get("q", "") if checkin_open else ""
    return {
        "attendance_rows": rows,
        "guests": [a for a in attendances if a.is_guest or a.organisation_id not in member_ids],
        "attendee_count": len(attendances),
        "quorum": result,
        "joint_quorum": joint_quorum,
        "missing": [o for o in members if o.pk in result.missing],
        "checkin_form": checkin_form
        or (CheckInForm(network=meeting.network) if checkin_open else None),
        "checkin_query": query,
        "checkin_results": _check_in_candidates(request.user, meeting, query),
    }


def _detail_context(
    request: AuthenticatedHttpRequest, network: Network, meeting: Meeting, **forms: Any
) -> Any:
    user = request.user
    # The lead network's coordinators run a joint meeting, wherever it is opened from.
    can_manage = permissions.can_manage_meetings(user, meeting.network)
    today = clock.network_today(network)
    members = _members(meeting)
    agenda: list[Any] = list(
        meeting.agenda_items.select_related("presenter__organisation")
        .prefetch_related(
            Prefetch("documents", queryset=AgendaDocument.objects.order_by("created_at", "pk"))
        )
        .order_by("position")
    )
    rsvps = {
        r.organisation_id: r
        for r in meeting.rsvps.select_related("person__organisation").order_by("pk")
    }
    answerable = _answerable(request, meeting, members)
    before = meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED) and (
        meeting.ends_at >= timezone.now()
    )
    actions: list[Any] = list(
        meeting.action_items.select_related(
            "network", "owner_person__organisation", "owner_organisation"
        ).order_by("due_date", "pk")
    )
    for action in actions:
        action.can_update = permissions.can_update_action(user, action)
        action.is_overdue = action.status in OPEN_ACTION_STATUSES and action.due_date < today
        action.status_form = (
            ActionStatusForm(prefix=f"action-{action.pk}", initial={"status": action.status})
            if action.can_update
            else None
        )
    carried = list(services.carried_over_actions(meeting).order_by("due_date", "pk"))
    for action in carried:
        action.is_overdue = action.due_date < today
    status = meeting.status
    agenda_open = can_manage and status in AGENDA_EDITABLE
    record_open = can_manage and status in RECORD_OPEN
    decisions_open = can_manage and status in DECISIONS_OPEN
    replies_open = status in REPLIES_OPEN and meeting.starts_at > timezone.now()
    for action in actions:
        action.can_edit = can_manage
    rsvp_form = forms.get("rsvp_form")
    if rsvp_form is None and answerable and replies_open:
        rsvp_form = RsvpForm(
            organisations=Organisation.objects.filter(pk__in=answerable).order_by("name")
        )
    for item in agenda:  # an upload form per agenda item (ids unique on the page)
        failed = forms.get("document_form") if forms.get("document_item") == item.pk else None
        item.document_form = (
            failed or DocumentForm(auto_id=f"id_document_{item.pk}_%s") if record_open else None
        )
    context = {
        "network": network,
        "meeting": meeting,
        "can_manage": can_manage,
        "today": today,
        "status_buttons": [
            (status, STATUS_BUTTONS[status])
            for status in sorted(
                services.ALLOWED_STATUS_CHANGES[MeetingStatus(meeting.status)],
                key=list(MeetingStatus).index,
            )
            if status in STATUS_BUTTONS
        ]
        if can_manage
        else [],
        "can_cancel": can_manage
        and MeetingStatus.CANCELLED
        in services.ALLOWED_STATUS_CHANGES[MeetingStatus(meeting.status)],
        "agenda": agenda,
        "carried_over": carried,
        "reply_rows": [{"organisation": o, "rsvp": rsvps.get(o.pk)} for o in members],
        "without_authority": list(services.open_members_without_authority(meeting))
        if before
        else None,
        "rsvp_form": forms.get("rsvp_form") or (rsvp_form if replies_open else None),
        "replies_open": replies_open,
        "agenda_open": agenda_open,
        "record_open": record_open,
        "decisions_open": decisions_open,
        "decisions_pending": can_manage
        and status in (MeetingStatus.PLANNED, MeetingStatus.INVITED),
        # A joint meeting's decision once, with its number in every network's register.
        "decisions": joint.with_references(
            meeting,
            list(meeting.decisions.select_related("agenda_item", "network").order_by("number")),
            network,
        ),
        "actions": actions,
        # A form that failed is shown with its errors even if the meeting has moved on.
        "agenda_form": forms.get("agenda_form")
        or (AgendaItemForm(meeting=meeting) if agenda_open else None),
        "decision_form": forms.get("decision_form")
        or (DecisionForm(meeting=meeting) if decisions_open else None),
        "action_form": forms.get("action_form")
        or (ActionForm(meeting=meeting) if record_open else None),
        "status_error": forms.get("status_error"),
    }
    context.update(
        _attendance_context(request, meeting, members, checkin_form=forms.get("checkin_form"))
    )
    context.update(_joint_context(request, network, meeting))
    return context


@network_view
def meeting_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    # htmx asks for the attendance section alone when searching someone to check in.
    return render_page(
        request, DETAIL, _detail_context(request, network, meeting), partial="attendance"
    )


def _back(network: Network, meeting: Meeting, anchor: str) -> HttpResponse:
    return redirect(_url("meeting_detail", network, pk=meeting.pk) + f"#{anchor}")


def _with_errors(
    request: AuthenticatedHttpRequest, network: Network, meeting: Meeting, **forms: Any
) -> HttpResponse:
    """The meeting page again, with the form that failed and its errors."""
    return render_page(request, DETAIL, _detail_context(request, network, meeting, **forms))


@network_view
@require_POST
def meeting_status(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = MeetingStatusForm(request.POST)
    if (
        form.is_valid()
        and save_with_service(
            form,
            services.change_status,
            actor=request.user,
            meeting=meeting,
            status=form.cleaned_data["status"],
        )
        is not None
    ):
        messages.success(request, _("Status changed."))
        if form.cleaned_data["status"] == MeetingStatus.INVITED:
            messages.info(request, notifications.queued_note(meeting, notifications.INVITATION))
        return _back(network, meeting, "status")
    error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return _with_errors(request, network, meeting, status_error=error)


@network_view
@require_POST
def rsvp(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    members = _members(meeting)
    answerable = _answerable(request, meeting, members)
    require(bool(answerable))
    form = RsvpForm(
        request.POST,
        organisations=Organisation.objects.filter(pk__in=answerable).order_by("name"),
    )
    if (
        form.is_valid()
        and save_with_service(
            form, services.record_rsvp, actor=request.user, meeting=meeting, **form.cleaned_data
        )
        is not None
    ):
        messages.success(request, _("Reply saved."))
        return _back(network, meeting, "replies")
    return _with_errors(request, network, meeting, rsvp_form=form)


@network_view
@require_POST
def check_in(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """Without JavaScript: a redirect back to the page. With htmx: only the attendance and
    quorum partial, refreshed."""
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = CheckInForm(request.POST, network=network)
    saved = (
        save_with_service(
            form,
            services.check_in,
            actor=request.user,
            meeting=meeting,
            person=form.cleaned_data["person"],
            guest_name=form.cleaned_data["guest_name"],
        )
        if form.is_valid()
        else None
    )
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        members = _members(meeting)
        context = {"network": network, "meeting": meeting, "can_manage": True}
        context.update(
            _attendance_context(request, meeting, members, checkin_form=None if saved else form)
        )
        if saved:
            context["checked_in"] = saved
        return render_page(request, DETAIL, context, partial="attendance")
    if saved:
        messages.success(request, _("%(name)s checked in.") % {"name": saved})
        return _back(network, meeting, "attendance")
    return _with_errors(request, network, meeting, checkin_form=form)
