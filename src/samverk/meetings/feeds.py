"""Calendar feeds: a personal feed behind a secret, revocable token, a network's public feed,
and the page where a signed-in user gets (or replaces) their feed address.

URLs (``feed_urls.py``, included at ``calendar/``):

* ``GET /calendar/<key>.ics`` — the meetings the token's user may see (no login: calendar
  apps cannot sign in; the key is the secret). Unknown or revoked keys answer 404.
* ``GET /calendar/network/<slug>.ics`` — the network's public meetings (``is_public``).
* ``GET/POST /calendar/`` — the signed-in user's feed address, with "create" and "revoke and
  create a new one" / "revoke" buttons (POST, CSRF-protected).

Feeds hold meetings that started at most ``FEED_PAST_DAYS`` ago and everything after that;
cancelled meetings stay in with ``STATUS:CANCELLED`` so subscribed calendars drop them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.querysets import require_scoped
from samverk.meetings import ical, services
from samverk.meetings.models import CalendarToken, Meeting

FEED_PAST_DAYS = 365
PUBLIC_FEED_MAX_AGE = 15 * 60  # seconds a shared cache may keep a network's public feed


# --- views -----------------------------------------------------------------------------------


def _calendar_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_meetings(queryset: Any) -> Any:
    """The feed's meetings; a queryset that is not scoped is refused (core.querysets)."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return (
        require_scoped(queryset, filtered=True)
        .filter(ends_at__gte=since)
        .select_related("network")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "pk")
    )


@require_GET
def personal_feed(request: HttpRequest, key: str) -> HttpResponse:
    token = (
        CalendarToken.objects.active().select_related("user").filter(key=key).first()
        if len(key) <= 64
        else None
    )
    if token is None or not token.user.is_active:
        raise Http404(_("No such calendar."))
    meetings = _feed_meetings(Meeting.objects.visible_to(token.user))
    name = _("samverk meetings of %(user)s") % {"user": token.user}
    response = _calendar_response(ical.feed(meetings, name), "samverk.ics")
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@require_GET
def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    meetings = _feed_meetings(Meeting.objects.for_network(network).public())
    response = _calendar_response(ical.feed(meetings, network.name), f"{network.slug}.ics")
    patch_cache_control(response, public=True, max_age=PUBLIC_FEED_MAX_AGE)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.create_calendar_token(actor=user)
            messages.success(
                request,
                _("Your new calendar address is ready. An address you had before no longer works."),
            )
        elif action == "revoke":
            try:
                services.revoke_calendar_token(actor=user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Your calendar address no longer works."))
        else:
            messages.error(request, _("Choose what to do with your calendar address."))
        return redirect("meeting_feeds:settings")
    token = CalendarToken.objects.visible_to(user).active().first()
    feed_url = (
        request.build_absolute_uri(reverse("meeting_feeds:personal", kwargs={"key": token.key}))
        if token
        else None
    )
    networks = [
        (
            network,
            request.build_absolute_uri(
                reverse("meeting_feeds:network", kwargs={"slug": network.slug})
            ),
        )
        for network in Network.objects.visible_to(user).order_by("name")
    ]
    response = render(
        request,
        "meetings/calendar_settings.html",
        {"token": token, "feed_url": feed_url, "networks": networks},
    )
    add_never_cache_headers(response)
    return response
