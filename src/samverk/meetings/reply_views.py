"""The page behind a personal one-click reply link (``/r/<token>/``): no login.

It shows the meeting (title, time in the network's time zone, place) and lets the person
answer for their organisation with one click (POST, CSRF-protected). It answers 400 for a
forged or tampered link, 410 once the meeting has ended (or was cancelled or deleted) and 403
when the person no longer holds a mandate for the organisation.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samverk.meetings import reply_links, services
from samverk.meetings.models import Rsvp
from samverk.meetings.services.invitations import ReplyRefused, VerifiedLink

TEMPLATE = "meetings/reply.html"
REFUSED_STATUS = {"ended": 410, "unknown": 410, "no_mandate": 403}

# The one-click answers, in the order shown.
ANSWERS = [
    (Rsvp.Answer.PRINCIPAL, gettext_lazy("I will come")),
    (Rsvp.Answer.DEPUTY, gettext_lazy("My deputy will come")),
    (Rsvp.Answer.SOMEONE_ELSE, gettext_lazy("Someone else will come")),
    (Rsvp.Answer.NOBODY, gettext_lazy("Nobody will come")),
]


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, TEMPLATE, context, status=status)
    # The link is personal: never passed on to other sites (same-origin keeps the Origin
    # header that the CSRF check needs).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _problem(request: HttpRequest, heading: str, text: str, status: int) -> HttpResponse:
    return _page(request, {"problem": heading, "problem_text": text}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = reply_links.read_token(token)
    except reply_links.BadReplyLink:
        return _problem(
            request,
            _("This reply link is not valid"),
            _(
                "The link is incomplete or was changed. Please use the link from your "
                "invitation exactly as it is, or ask the network's coordinator."
            ),
            400,
        )
    try:
        verified = services.verify_reply_link(link)
    except ReplyRefused as exc:
        return _problem(request, _("Replies are closed"), exc.message, REFUSED_STATUS[exc.reason])
    network = verified.meeting.network
    with translation.override(network.language), timezone.override(ZoneInfo(network.time_zone)):
        if request.method == "POST":
            try:
                services.record_rsvp_by_link(link=link, answer=request.POST.get("answer", ""))
            except ValidationError as exc:
                return _page(request, _context(verified, errors=exc.messages), status=400)
            except ReplyRefused as exc:
                return _problem(
                    request, _("Replies are closed"), exc.message, REFUSED_STATUS[exc.reason]
                )
            return redirect(request.path + "?recorded=1")
        return _page(request, _context(verified, recorded="recorded" in request.GET))


def _context(verified: VerifiedLink, **extra: Any) -> dict[str, Any]:
    meeting = verified.meeting
    zone = ZoneInfo(meeting.network.time_zone)
    rsvp = (
        Rsvp.objects.filter(meeting=meeting, organisation=verified.organisation)
        .select_related("person")
        .first()
    )
    return {
        "meeting": meeting,
        "reply_network": meeting.network,
        "person": verified.person,
        "organisation": verified.organisation,
        "starts": meeting.starts_at.astimezone(zone),
        "ends": meeting.ends_at.astimezone(zone),
        "zone": meeting.network.time_zone,
        "rsvp": rsvp,
        "answers": ANSWERS,
        "replies_open": meeting.starts_at > timezone.now(),
        **extra,
    }
