"""Inviting to a meeting: whom the invitation goes to, then sending it; reminding those who
have not replied (coordinators).

A meeting is invited once (planned → invited). Afterwards the invite page shows the replies
so far; a change of title, time or place sends the invitees an update by itself, and
“remind those who have not replied” mails the members without a reply.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view, render_page
from samverk.meetings import permissions, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Meeting
from samverk.meetings.views import _meeting, _url
from samverk.networks.models import Person

TEMPLATE = "meetings/invite.html"


def _names(people: list[Person]) -> str:
    return ", ".join(f"{person.name} <{person.email}>" for person in people)


def queued_message(people: list[Person]) -> str:
    """What the coordinator is told once the invitations are queued: how many, and to whom."""
    return ngettext(
        "Invitation queued for %(count)s person; the worker sends it: %(names)s.",
        "Invitations queued for %(count)s people; the worker sends them: %(names)s.",
        len(people),
    ) % {"count": len(people), "names": _names(people)}


def _context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    preview = services.invitation_preview(meeting)
    return {
        "network": meeting.network,
        "meeting": meeting,
        "preview": preview,
        "can_send": meeting.status == MeetingStatus.PLANNED,
        "summary": services.reply_summary(meeting)
        if meeting.status == MeetingStatus.INVITED
        else None,
        "can_remind": meeting.status == MeetingStatus.INVITED
        and meeting.starts_at > timezone.now(),
        "detail_url": _url("meeting_detail", meeting.network, pk=meeting.pk),
        **extra,
    }


@network_view
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """GET: whom the invitation goes to (and who has no email address or no authorised
    representative). POST: send it; the page then lists whom it was queued for."""
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    if request.method == "POST":
        try:
            sent = services.send_invitations(
                actor=request.user, meeting=meeting, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as exc:
            errors = [str(message) for message in exc.messages]
            return render_page(request, TEMPLATE, _context(meeting, errors=errors), status=400)
        meeting.refresh_from_db()
        messages.success(request, queued_message(sent))
        return render_page(request, TEMPLATE, _context(meeting, sent=sent))
    return render_page(request, TEMPLATE, _context(meeting))


@network_view
@require_POST
def remind(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """Queue a reminder to reply to the members that have not replied."""
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    try:
        reminded = services.remind_unreplied(
            actor=request.user, meeting=meeting, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_url("meeting_detail", network, pk=meeting.pk))
    if reminded:
        messages.success(
            request,
            ngettext(
                "Reminder to reply queued for %(count)s person; the worker sends it: %(names)s.",
                "Reminders to reply queued for %(count)s people; the worker sends them: %(names)s.",
                len(reminded),
            )
            % {"count": len(reminded), "names": _names(reminded)},
        )
    else:
        messages.info(
            request,
            _(
                "Nobody to remind: every member has replied, or the members without a reply "
                "have nobody with an email address."
            ),
        )
    return redirect(_url("meeting_detail", network, pk=meeting.pk))
