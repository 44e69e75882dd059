"""What the meetings app shows on the site's pages (registered in apps.py): the coordinator's
week (next meetings with their replies, minutes to write or circulate, overdue actions by
organisation), the next meetings of the other roles (with "reply now" for the organisations
they act for), their organisation's open actions and the user's own, and a member's commitment
on the organisation page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Window
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from samverk.core import clock
from samverk.core import permissions as platform
from samverk.core.models import Network
from samverk.core.views import pk_url
from samverk.meetings.choices import REPLIES_OPEN, MeetingStatus
from samverk.meetings.models import ActionItem, Meeting, Minutes, Rsvp
from samverk.meetings.reports import commitment
from samverk.networks import permissions as network_permissions
from samverk.networks.models import Arena, Organisation

NEXT_MEETINGS = 5
MINUTES_LIMIT = 10
OVERDUE_LIMIT = 50
ORGANISATION_ACTIONS_LIMIT = 20
# Closed meetings are not upcoming, whatever their end time.
NOT_UPCOMING = (MeetingStatus.CANCELLED, MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED)


class _CountRows(Subquery):
    """The number of rows of a queryset (correlated with OuterRef), as a subquery: 0 when
    there are none. Cheaper to build than grouping and aggregating inside the subquery."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _count(queryset: Any) -> Any:
    return _CountRows(queryset.order_by().values("pk"))


# What the panels show of a meeting and of an action (and of an action's owner: the name of
# the person, the rule of who may see it, the organisation): loading only these columns keeps
# the rows cheap, however wide the tables grow.
MEETING_FIELDS = ("id", "title", "starts_at", "status", "arena__name")
ACTION_FIELDS = ("id", "title", "due_date", "status", "meeting_id")
OWNER_FIELDS = (
    "owner_person__name",
    "owner_person__organisation__name",
    "owner_person__organisation__network_id",
    "owner_organisation__name",
)


def _with_total(queryset: Any) -> Any:
    """``queryset`` with ``total``, the number of all its rows (before a slice), on every row:
    a capped list and its count in one query."""
    return queryset.annotate(total=Window(Count("pk")))


def _meeting_urls(rows: Any, network: Network, attr: str = "pk") -> None:
    """``row.url``: the meeting page of each row (its ``attr`` is the meeting's id)."""
    url = pk_url("meetings:meeting_detail", network=network.slug)
    for row in rows:
        row.url = url(getattr(row, attr))


def _action_rows(actions: Any, network: Network) -> None:
    """``action.url`` (its meeting's page) and ``action.due_text`` ("due 3.12.26", what the
    templates' ``{% blocktranslate %}due {{ due }}…`` gave): translated once, not per row."""
    _meeting_urls(actions, network, "meeting_id")
    due = gettext("due %(due)s")
    texts: dict[Any, str] = {}  # many actions share a due date
    for action in actions:
        text = texts.get(action.due_date)
        if text is None:
            date = escape(formats.date_format(action.due_date, "SHORT_DATE_FORMAT"))
            text = texts[action.due_date] = mark_safe(due % {"due": date})  # noqa: S308 (escaped)
        action.due_text = text


def next_meetings(network: Network, user: Any, now: Any) -> Any:
    """The next meetings of the network the user sees, each with the number of member
    organisations invited (the arena's members) and of those that replied."""
    return (
        Meeting.objects.visible_to(user)
        .for_network(network)
        .filter(ends_at__gte=now)
        .exclude(status__in=NOT_UPCOMING)
        .select_related("arena")
        .only(*MEETING_FIELDS)
        .annotate(
            invited_count=_count(
                Arena.members.through.objects.filter(arena_id=OuterRef("arena_id"))
            ),
            replied_count=_count(Rsvp.objects.filter(meeting_id=OuterRef("pk"))),
        )
        .order_by("starts_at", "pk")
    )


def dashboard_week(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    """The coordinator's week: next meetings with replies (e.g. 9 of 13), minutes to write or
    circulate, overdue actions grouped by organisation."""
    if not platform.can_manage_network(request.user, network):
        return None
    now = timezone.now()
    meetings = list(next_meetings(network, request.user, now)[:NEXT_MEETINGS])
    minutes_due = (
        Meeting.objects.for_network(network)
        .filter(status=MeetingStatus.CLOSED)
        .exclude(minutes__status=Minutes.Status.APPROVED)
        .select_related("minutes")
        .only("id", "title", "starts_at", "minutes__status")
        .order_by("-starts_at", "pk")
    )
    minutes_rows = list(_with_total(minutes_due)[:MINUTES_LIMIT])
    for meeting in minutes_rows:
        meeting.minutes_state = (  # type: ignore[attr-defined]
            meeting.minutes.status if _has_minutes(meeting) else "missing"
        )
    overdue = list(
        _with_total(
            ActionItem.objects.for_network(network)
            .overdue(now)
            .select_related("owner_organisation", "owner_person__organisation")
            .only(*ACTION_FIELDS, *OWNER_FIELDS)
            .order_by("due_date", "pk")
        )[:OVERDUE_LIMIT]
    )
    overdue_count = overdue[0].total if overdue else 0  # type: ignore[attr-defined]
    _meeting_urls([*meetings, *minutes_rows], network)
    _action_rows(overdue, network)
    organisation_url = pk_url("site:organisation_detail", network=network.slug)
    groups: dict[Any, dict[str, Any]] = {}
    for action in overdue:
        owner = action.owner_organisation or (
            action.owner_person.organisation if action.owner_person else None
        )
        key = owner.pk if owner else None
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "organisation": owner,
                "url": organisation_url(owner.pk) if owner else "",
                "actions": [],
            }
        group["actions"].append(action)
    return {
        "week_meetings": meetings,
        "minutes_due": minutes_rows,
        "minutes_due_count": minutes_rows[0].total if minutes_rows else 0,  # type: ignore[attr-defined]
        "overdue_groups": sorted(
            groups.values(),
            key=lambda g: (
                g["organisation"] is None,
                g["organisation"].name if g["organisation"] else "",
            ),
        ),
        "overdue_count": overdue_count,
        "overdue_shown": len(overdue),
    }


def _has_minutes(meeting: Meeting) -> bool:
    try:
        meeting.minutes  # noqa: B018 (loaded by select_related)
    except Minutes.DoesNotExist:
        return False
    return True


def dashboard_next_meetings(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    """Partner representatives, company contacts and observers: the next meetings; for the
    organisations the user acts for, their reply or a "reply now" link."""
    if platform.can_manage_network(request.user, network):
        return None  # the coordinator's week shows them
    own = network_permissions.own_organisation_ids(request.user, network)
    meetings = list(
        next_meetings(network, request.user, timezone.now())
        .prefetch_related(
            Prefetch(
                "rsvps",
                queryset=Rsvp.objects.filter(organisation_id__in=own or [0])
                .select_related("organisation")
                .only("id", "meeting_id", "answer", "organisation__name"),
                to_attr="own_replies",
            ),
        )
        .annotate(
            own_invited=_count(
                Arena.members.through.objects.filter(
                    arena_id=OuterRef("arena_id"), organisation_id__in=own or [0]
                )
            )
        )[:NEXT_MEETINGS]
    )
    for meeting in meetings:
        meeting.can_reply = bool(  # type: ignore[attr-defined]
            meeting.own_invited  # type: ignore[attr-defined]
            and meeting.status in REPLIES_OPEN
            and len(meeting.own_replies) < meeting.own_invited  # type: ignore[attr-defined]
        )
    _meeting_urls(meetings, network)
    return {"next_meetings": meetings, "acts_for_someone": bool(own)}


def dashboard_organisation_actions(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    """The open actions of the organisations the user acts for."""
    own = network_permissions.own_organisation_ids(request.user, network)
    if not own:
        return None
    actions = list(
        _with_total(
            ActionItem.objects.visible_to(request.user)
            .for_network(network)
            .open()
            .filter(Q(owner_organisation_id__in=own) | Q(owner_person__organisation_id__in=own))
            .select_related("owner_person__organisation", "owner_organisation")
            .only(*ACTION_FIELDS, *OWNER_FIELDS)
            .order_by("due_date", "pk")
        )[:ORGANISATION_ACTIONS_LIMIT]
    )
    _action_rows(actions, network)
    return {
        "organisation_actions": actions,
        "organisation_actions_count": actions[0].total if actions else 0,  # type: ignore[attr-defined]
        "today": clock.network_today(network),
    }


def dashboard_actions(request: HttpRequest, network: Network) -> dict[str, Any]:
    actions = list(
        ActionItem.objects.visible_to(request.user)
        .for_network(network)
        .open()
        .filter(owner_person__user=request.user)
        .only(*ACTION_FIELDS)
        .order_by("due_date", "pk")
    )
    _action_rows(actions, network)
    return {"my_actions": actions, "today": clock.network_today(network)}


def organisation_commitment(
    request: HttpRequest, network: Network, organisation: Organisation
) -> dict[str, Any] | None:
    if not network_permissions.can_see_budget(request.user, network, organisation):
        return None
    today = clock.network_today(network)
    figures = next(iter(commitment(network, organisations=[organisation], today=today)), None)
    return None if figures is None else {"commitment": figures}
