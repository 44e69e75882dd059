"""Meeting pages: the list, scheduling, the page a meeting is run from (agenda, replies,
check-in and quorum, decisions, actions), the decisions register and the actions overview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import clock
from samverk.core.models import Network
from samverk.core.page_cache import cached_page
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
    AgendaItemForm,
    CancelForm,
    CheckInForm,
    DecisionForm,
    LeavingForm,
    MeetingForm,
    MeetingStatusForm,
    RsvpForm,
    SeriesForm,
)
from samverk.meetings.models import (
    AgendaDocument,
    Attendance,
    Meeting,
    Rsvp,
)
from samverk.networks import permissions as network_permissions
from samverk.networks.models import Mandate, Organisation, Person

DETAIL = "meetings/meeting_detail.html"
# The next steps offered as buttons; cancelling has its own confirmation page.
STATUS_BUTTONS = {
    # Inviting opens the invite page (whom it goes to, then send): a link, not a form.
    MeetingStatus.INVITED: gettext_lazy("Invite…"),
    MeetingStatus.IN_PROGRESS: gettext_lazy("Start the meeting"),
    MeetingStatus.CLOSED: gettext_lazy("Close the meeting"),
    # "Minutes approved" follows from approving the minutes at a later meeting (minutes page).
}


def _url(name: str, network: Network, **kwargs: Any) -> str:
    return reverse(f"meetings:{name}", kwargs={"network": network.slug, **kwargs})


def _row_url(name: str, network: Network) -> Callable[[int], str]:
    """The URL of ``name`` for any pk, reversed once: ``/…/0/…`` with the pk put in."""
    marker = 2_147_483_647  # no real pk is written in the URL before the lookup
    head, tail = _url(name, network, pk=marker).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def _meeting(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .for_network(network)
        .select_related("network", "arena", "host", "series"),
        pk=pk,
    )


# --- list, scheduling ------------------------------------------------------------------------


# The columns the meeting list shows: nothing else is loaded.
_MEETING_LIST_COLUMNS = (
    "network_id",
    "title",
    "starts_at",
    "ends_at",
    "status",
    "arena__id",
    "arena__name",
    "host__id",
    "host__name",
)


@network_view
@cached_page
def meeting_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    now = timezone.now()
    meetings = (
        Meeting.objects.visible_to(request.user)
        .for_network(network)
        .select_related("arena", "host")
        .only(*_MEETING_LIST_COLUMNS)
    )
    upcoming = list(meetings.upcoming(now, include_cancelled=True).order_by("starts_at", "pk"))
    page = paginate(request, meetings.past(now).order_by("-starts_at", "-pk"))
    page.object_list = list(page.object_list)
    _prepare_meeting_rows(network, [*upcoming, *page.object_list])
    context = {
        "network": network,
        "upcoming": upcoming,
        "page": page,
        "can_manage": permissions.can_manage_meetings(request.user, network),
    }
    return render_page(request, "meetings/meeting_list.html", context, partial="past")


def _prepare_meeting_rows(network: Network, meetings: list[Any]) -> None:
    """What each row of ``meetings/meeting_table.html`` shows, worked out once here instead
    of by ``{% url %}``, date filters and ``get_status_display`` per row: the link (one
    reversed pattern), the times in the current time zone, formatted as the filters would, and
    the status's label."""
    url = _row_url("meeting_detail", network)
    statuses = {value: str(label) for value, label in MeetingStatus.choices}
    for meeting in meetings:
        meeting.status_label = statuses.get(meeting.status, meeting.status)
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        meeting.url = url(meeting.pk)
        meeting.starts_iso = starts.isoformat()
        meeting.starts_date = formats.date_format(starts, "SHORT_DATE_FORMAT")
        meeting.starts_time = f"{starts:%H:%M}"
        meeting.ends_time = f"{ends:%H:%M}"


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
            form,
            services.update_meeting,
            actor=request.user,
            meeting=fresh,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
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
#
# The page follows the meeting through four phases; only the phase being shown has its lists
# and forms, the others are one-line summaries with a link (``?phase=…``). What is read is
# limited to the network and bounded: the same number of queries for 5 or 5,000 members.

PREPARE, INVITE, RUN, FOLLOW_UP = "prepare", "invite", "run", "follow_up"
PHASES = [
    (PREPARE, gettext_lazy("Prepare")),
    (INVITE, gettext_lazy("Invite")),
    (RUN, gettext_lazy("Run")),
    (FOLLOW_UP, gettext_lazy("Follow up")),
]
PHASE_OF_STATUS = {
    MeetingStatus.PLANNED: PREPARE,
    MeetingStatus.INVITED: INVITE,
    MeetingStatus.IN_PROGRESS: RUN,
    MeetingStatus.CLOSED: FOLLOW_UP,
    MeetingStatus.MINUTES_APPROVED: FOLLOW_UP,
}
# Open actions from earlier meetings shown on the page; the rest are one link away.
CARRIED_OVER_SHOWN = 10
ATTENDING = (Rsvp.Answer.PRINCIPAL, Rsvp.Answer.DEPUTY, Rsvp.Answer.SOMEONE_ELSE)


def _phase_nav(current: str | None, shown: str | None) -> list[dict[str, Any]]:
    keys = [key for key, _label in PHASES]
    at = keys.index(current) if current else -1
    return [
        {
            "key": key,
            "label": label,
            "state": "done" if i < at else ("current" if i == at else "next"),
            "shown": key == shown,
            "link": i <= at,
        }
        for i, (key, label) in enumerate(PHASES)
    ]


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


def _member_queryset(meeting: Meeting) -> Any:
    """The member organisations of the meeting's arena, or of every participating arena of a
    joint meeting (one list), limited to the participating networks."""
    return joint.member_organisations(meeting)


def _members(meeting: Meeting) -> list[Organisation]:
    return list(_member_queryset(meeting).only("pk", "name", "network").order_by("name", "pk"))


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


def _attendance_context(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    members: list[Organisation] | None,
    checkin_form: CheckInForm | None = None,
    leaving_error: str = "",
    summary: bool = False,
    member_ids: set[int] | None = None,
) -> dict[str, Any]:
    """The run phase's check-in: the people who said they will come (one tap each), everyone
    checked in (undo, left), guests, and the live quorum (three queries, and the search).
    ``summary`` (after the meeting, ``members`` None): only the figures, from plain rows."""
    attendances: list[Any] = []
    if summary:
        rows = list(meeting.attendances.values_list("organisation_id", "with_authority", "left_at"))
        counting = [org for org, authority, left in rows if authority and org and left is None]
        attendee_count, present_count = len(rows), sum(1 for row in rows if row[2] is None)
    else:
        attendances = list(
            meeting.attendances.select_related("person__organisation", "organisation").order_by(
                "organisation__name", "person__name", "guest_name", "pk"
            )
        )
        counting = quorum.counting(attendances)
        attendee_count = len(attendances)
        present_count = sum(1 for a in attendances if a.left_at is None)
    if members is not None:
        member_ids = {o.pk for o in members}
    elif member_ids is None:
        member_ids = set(_member_queryset(meeting).values_list("pk", flat=True))
    result = quorum.evaluate(
        meeting.arena.quorum_rule, meeting.arena.quorum_percent, member_ids, counting
    )
    can_manage = permissions.can_manage_meetings(request.user, meeting.network)
    checkin_open = can_manage and meeting.status in CHECK_IN_OPEN
    checked_in = {a.person_id: a for a in attendances if a.person_id}
    expected = (
        [
            r
            for r in meeting.rsvps.filter(answer__in=ATTENDING, person__isnull=False)
            .select_related("person__organisation", "organisation")
            .order_by("person__name", "pk")
            if r.person_id not in checked_in
        ]
        if checkin_open
        else []
    )
    query = request.GET.get("q", "") if checkin_open else ""
    by_name = {o.pk: o for o in members or []}
    # A joint meeting: the quorum of each network, by its arena's rule (shown instead).
    joint_quorum = joint.quorum_by_network(meeting, counting) if joint.is_joint(meeting) else []
    return {
        "joint_quorum": joint_quorum,
        "attendances": attendances,
        "expected": expected,
        "attendee_count": attendee_count,
        "present_count": present_count,
        "quorum": result,
        "missing": sorted(
            (by_name[pk] for pk in result.missing if pk in by_name), key=lambda o: (o.name, o.pk)
        ),
        "checkin_open": checkin_open,
        "leaving_open": can_manage and meeting.status == MeetingStatus.IN_PROGRESS,
        "leaving_error": leaving_error,
        "checkin_form": checkin_form
        or (CheckInForm(network=meeting.network) if checkin_open else None),
        "checkin_query": query,
        "checkin_results": _check_in_candidates(request.user, meeting, query),
    }


def _agenda(meeting: Meeting) -> list[Any]:
    return list(
        meeting.agenda_items.select_related("presenter__organisation")
        .prefetch_related(
            Prefetch("documents", queryset=AgendaDocument.objects.order_by("created_at", "pk"))
        )
        .order_by("position")
    )


def _actions(meeting: Meeting, today: Any) -> list[Any]:
    actions: list[Any] = list(
        meeting.action_items.select_related(
            "network", "owner_person__organisation", "owner_organisation"
        ).order_by("due_date", "pk")
    )
    for action in actions:
        action.is_overdue = action.status in OPEN_ACTION_STATUSES and action.due_date < today
        action.is_open = action.status in OPEN_ACTION_STATUSES
    return actions


def _prepare_context(
    request: AuthenticatedHttpRequest, meeting: Meeting, today: Any, forms: dict[str, Any]
) -> dict[str, Any]:
    can_manage = permissions.can_manage_meetings(request.user, meeting.network)
    status = meeting.status
    agenda_open = can_manage and status in AGENDA_EDITABLE
    record_open = can_manage and status in RECORD_OPEN
    carried_qs = services.carried_over_actions(meeting).filter(network=meeting.network_id)
    carried: list[Any] = list(carried_qs.order_by("due_date", "pk")[:CARRIED_OVER_SHOWN])
    for action in carried:
        action.is_overdue = action.due_date < today
    return {
        "agenda_open": agenda_open,
        "document_upload": record_open,
        "document_form": forms.get("document_form"),
        "document_item": forms.get("document_item"),
        "carried_over": carried,
        "carried_over_total": carried_qs.count(),
        "agenda_form": forms.get("agenda_form")
        or (AgendaItemForm(meeting=meeting) if agenda_open else None),
        "can_invite": can_manage and status == MeetingStatus.PLANNED,
    }


def _invite_context(
    request: AuthenticatedHttpRequest, meeting: Meeting, members: list[Organisation]
) -> dict[str, Any]:
    rsvps = {
        r.organisation_id: r
        for r in meeting.rsvps.select_related("person__organisation").order_by("pk")
    }
    without = list(services.open_members_without_authority(meeting).only("pk", "name"))
    member_ids = {o.pk for o in members}
    uncovered = {o.pk for o in without}
    expected = quorum.evaluate(
        meeting.arena.quorum_rule,
        meeting.arena.quorum_percent,
        member_ids,
        member_ids - uncovered,
    )
    replied = sum(1 for pk in member_ids if pk in rsvps)
    return {
        "reply_rows": [{"organisation": o, "rsvp": rsvps.get(o.pk)} for o in members],
        "replied_count": replied,
        "member_count": len(members),
        "not_replied_count": len(members) - replied,
        "expected_quorum": expected,
        "without_authority": without,
    }


def _read_rsvp(
    request: AuthenticatedHttpRequest, meeting: Meeting, members: list[Organisation], form: Any
) -> dict[str, Any]:
    """The reply form for the organisations the user acts for (never a choice of one), and
    their replies so far."""
    own = [o for o in members if network_permissions.acts_for(request.user, o)]
    replies_open = meeting.status in REPLIES_OPEN and meeting.starts_at > timezone.now()
    own_replies = (
        list(
            meeting.rsvps.filter(organisation__in=[o.pk for o in own])
            .select_related("organisation", "person__organisation")
            .order_by("organisation__name")
        )
        if own
        else []
    )
    return {
        "own_replies": own_replies,
        "rsvp_form": form or (RsvpForm(organisations=own) if own and replies_open else None),
        "replies_open": replies_open,
    }


def _detail_context(
    request: AuthenticatedHttpRequest, network: Network, meeting: Meeting, **forms: Any
) -> Any:
    user = request.user
    # The lead network's coordinators run a joint meeting, wherever it is opened from.
    can_manage = permissions.can_manage_meetings(user, meeting.network)
    today = clock.network_today(network)
    status = meeting.status
    current = PHASE_OF_STATUS.get(MeetingStatus(status))
    keys = [key for key, _label in PHASES]
    wanted = forms.get("phase") or request.GET.get("phase", "")
    shown = (
        wanted
        if current and wanted in keys and keys.index(wanted) <= keys.index(current)
        else current
    )
    # A form that failed is shown with its errors, in its phase.
    if current and (forms.get("agenda_form") or forms.get("document_form")):
        shown = PREPARE
    elif current and any(
        forms.get(name) for name in ("decision_form", "action_form", "checkin_form")
    ):
        shown = current if current in (RUN, FOLLOW_UP) else RUN
    # The member list is read only by the phases that list members.
    members = _members(meeting) if not can_manage or shown in (INVITE, RUN) else None
    # Otherwise their ids alone: the count, and the quorum after the meeting (one query).
    member_ids = (
        set(_member_queryset(meeting).values_list("pk", flat=True)) if members is None else None
    )
    agenda = _agenda(meeting)
    # A joint meeting's decision once, with its number in every network's register.
    decisions = joint.with_references(
        meeting,
        list(meeting.decisions.select_related("agenda_item", "network").order_by("number")),
        network,
    )
    context: dict[str, Any] = {
        "network": network,
        "meeting": meeting,
        "can_manage": can_manage,
        "today": today,
        "phases": _phase_nav(current, shown) if current else [],
        "current_phase": current,
        "shown_phase": shown,
        "agenda": agenda,
        "decisions": decisions,
        "member_count": len(members) if members is not None else len(member_ids or ()),
        "status_error": forms.get("status_error"),
        "can_cancel": can_manage
        and MeetingStatus.CANCELLED in services.ALLOWED_STATUS_CHANGES[MeetingStatus(status)],
    }
    context.update(_joint_context(request, network, meeting))
    if status == MeetingStatus.CANCELLED:
        return context
    if not can_manage:
        # The read view: agenda with documents, the user's own reply, decisions.
        context.update(_read_rsvp(request, meeting, members or [], forms.get("rsvp_form")))
        return context
    context["status_buttons"] = [
        (value, STATUS_BUTTONS[value])
        for value in sorted(
            services.ALLOWED_STATUS_CHANGES[MeetingStatus(status)], key=list(MeetingStatus).index
        )
        # Inviting has its own page (whom it goes to, then send).
        if value in STATUS_BUTTONS and value != MeetingStatus.INVITED
    ]
    if forms.get("rsvp_form"):
        context["rsvp_form"] = forms["rsvp_form"]
    context["replied_count"] = meeting.rsvps.filter(
        organisation__in=_member_queryset(meeting).values("pk")
    ).count()
    if shown == PREPARE:
        context.update(_prepare_context(request, meeting, today, forms))
    elif shown == INVITE:
        context.update(_invite_context(request, meeting, members or []))
    if shown in (RUN, FOLLOW_UP):
        context.update(
            _attendance_context(
                request,
                meeting,
                members,
                checkin_form=forms.get("checkin_form"),
                leaving_error=forms.get("leaving_error", ""),
                # After the meeting the list of who attended is in the minutes: the figures.
                summary=shown == FOLLOW_UP and not forms.get("checkin_form"),
                member_ids=member_ids,
            )
        )
        context["attendance_summary"] = shown == FOLLOW_UP and not forms.get("checkin_form")
        context["actions"] = _actions(meeting, today)
        context["decisions_open"] = status in DECISIONS_OPEN
        context["decision_form"] = forms.get("decision_form") or (
            DecisionForm(meeting=meeting, agenda=agenda) if status in DECISIONS_OPEN else None
        )
        # The action form's owner choices grow with the arena (every member organisation and
        # its people): it is rendered when asked for (?add=action), not on every visit.
        context["can_add_action"] = status in RECORD_OPEN
        context["action_form"] = forms.get("action_form") or (
            ActionForm(meeting=meeting)
            if status in RECORD_OPEN and request.GET.get("add") == "action"
            else None
        )
    return context


@network_view
@cached_page
def meeting_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    # htmx asks for the attendance section alone when searching someone to check in.
    if _is_htmx(request):
        require(permissions.can_manage_meetings(request.user, network))
        return _attendance_partial(request, network, meeting)
    return render_page(request, DETAIL, _detail_context(request, network, meeting))


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
            base_url=request.build_absolute_uri("/"),
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
    answerable = [o for o in members if permissions.can_answer_for(request.user, o)]
    require(bool(answerable))
    form = RsvpForm(request.POST, organisations=answerable)
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


def _attendance_partial(
    request: AuthenticatedHttpRequest,
    network: Network,
    meeting: Meeting,
    note: str = "",
    **forms: Any,
) -> HttpResponse:
    """The attendance and quorum section alone (htmx), after a change or with its error."""
    meeting = _meeting(request, network, meeting.pk)  # its status may have changed
    context = {"network": network, "meeting": meeting, "can_manage": True, "note": note}
    context.update(_attendance_context(request, meeting, _members(meeting), **forms))
    return render_page(request, DETAIL, context, partial="attendance")


def _is_htmx(request: AuthenticatedHttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.boosted)


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
    note = _("%(name)s checked in.") % {"name": saved} if saved else ""
    if _is_htmx(request):
        return _attendance_partial(
            request, network, meeting, note=note, checkin_form=None if saved else form
        )
    if saved:
        messages.success(request, note)
        return _back(network, meeting, "attendance")
    return _with_errors(request, network, meeting, checkin_form=form)


def _attendance_change(
    request: AuthenticatedHttpRequest,
    network: Network,
    meeting: Meeting,
    done: str,
    error: ValidationError | None,
) -> HttpResponse:
    message = "; ".join(error.messages) if error else ""
    if _is_htmx(request):
        return _attendance_partial(
            request, network, meeting, note="" if error else done, leaving_error=message
        )
    if error:
        messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(network, meeting, "attendance")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@network_view
@require_POST
def attendance_update(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """The checked-in list is one form (one CSRF token, not one per person): the button
    pressed says what happens — ``undo=<attendance>`` undoes a check-in made by mistake,
    ``left=<attendance>`` records leaving, now or at ``left_time-<attendance>`` (today, in
    the network's time zone)."""
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    undo, left = _int(request.POST.get("undo")), _int(request.POST.get("left"))
    if (undo is None) == (left is None):
        return _attendance_change(
            request, network, meeting, "", ValidationError(_("Choose what to change."))
        )
    record = get_object_or_404(
        Attendance.objects.select_related("person"), pk=undo or left, meeting=meeting
    )
    try:
        if undo is not None:
            services.undo_check_in(actor=request.user, meeting=meeting, attendance=record)
            done = _("The check-in of %(name)s was undone.") % {"name": record}
        else:
            form = LeavingForm({"leaving-left_time": request.POST.get(f"left_time-{record.pk}")})
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            now = timezone.now()
            saved = services.record_leaving(
                actor=request.user,
                meeting=meeting,
                attendance=record,
                left_at=form.left_at(now),
                now=now,
            )
            assert saved.left_at is not None
            done = _("%(name)s left at %(time)s.") % {
                "name": saved,
                "time": formats.time_format(timezone.localtime(saved.left_at), "H:i"),
            }
    except ValidationError as exc:
        return _attendance_change(request, network, meeting, "", exc)
    return _attendance_change(request, network, meeting, done, None)
