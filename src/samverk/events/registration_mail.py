"""The mails a participant gets (through the core mail queue, sent by the worker): the
confirmation (with the site's date as an ``.ics``, the check-in code and the personal link to
change or cancel), the news of having moved up from the waiting list, and the cancellation.

The check-in code is printed large in the mail and attached as a QR code (``checkin-code.png``,
``events/qr.py``) that the check-in page reads with the camera; it can be typed in as well.
Mails with the personal link are ``sensitive``: their content is erased once sent."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress
from icalendar import Event as ICalEvent

from samverk.core import email
from samverk.events import qr
from samverk.events.choices import RegistrationStatus
from samverk.events.models import EventSite, Registration, Session

CONFIRMATION = "events.registration"
MOVED_UP = "events.moved_up"
CANCELLED = "events.cancelled"
PRODID = "-//samverk//events//EN"


def personal_url(registration: Registration) -> str:
    """The participant's personal page (change workshops, cancel), as an absolute URL when
    the platform's address is known (``SAMVERK_SITE_URL``)."""
    path = reverse(
        "events_public:registration",
        kwargs={
            "network": registration.site.event.network.slug,
            "token": registration.token,
        },
        urlconf=settings.ROOT_URLCONF,
    )
    return (getattr(settings, "SAMVERK_SITE_URL", "") or "").rstrip("/") + path


def site_calendar(site: EventSite, stamp: dt.datetime | None = None) -> bytes:
    """The site's date as an RFC 5545 calendar (``METHOD:PUBLISH``)."""
    network = site.event.network
    zone = ZoneInfo(network.time_zone)
    event = ICalEvent()
    event.add("uid", f"event-site-{site.pk}@samverk")
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", site.starts_at.astimezone(zone))
    event.add("dtend", site.ends_at.astimezone(zone))
    event.add("summary", f"{site.event.title}: {site.name}")
    location = ", ".join(part for part in (site.venue, " ".join(site.address.split())) if part)
    if location:
        event.add("location", location)
    address = (
        network.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    )
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = network.name
    event.add("organizer", organizer)
    event.add("status", "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _send(
    registration: Registration,
    kind: str,
    subject: str,
    template: str,
    *,
    calendar: bool,
    **extra: object,
) -> None:
    if email.mail_suppressed():
        return
    site = registration.site
    network = site.event.network
    with translation.override(network.language), timezone.override(network.time_zone):
        context = {
            "registration": registration,
            "site": site,
            "event": site.event,
            "network": network,
            "personal_url": personal_url(registration),
            "waiting": registration.status == RegistrationStatus.WAITING,
            **extra,
        }
        body = render_to_string(f"events/mail/{template}.txt", context)
        html = render_to_string(f"events/mail/{template}.html", context)
        subject_text = str(subject) % {"event": site.event.title, "site": site.name}
    attachments = []
    if calendar:
        attachments.append(
            {
                "filename": "event.ics",
                "mimetype": "text/calendar; method=PUBLISH",
                "content": site_calendar(site).decode("utf-8"),
            }
        )
        # The check-in code as a QR code (only registered participants have a place).
        attachments.append(
            {
                "filename": "checkin-code.png",
                "mimetype": "image/png",
                "content": base64.b64encode(qr.png(registration.code)).decode("ascii"),
                "encoding": "base64",
            }
        )
    email.queue_mail(
        kind=kind,
        to=[registration.email],
        subject=subject_text,
        body=body,
        html=html,
        attachments=attachments,
        network=network,
        sensitive=True,
    )


def confirmation(registration: Registration, *, workshops: Sequence[Session]) -> None:
    with translation.override(registration.site.event.network.language):
        subject = (
            _("Waiting list: %(event)s, %(site)s")
            if registration.status == RegistrationStatus.WAITING
            else _("Registered: %(event)s, %(site)s")
        )
    _send(
        registration,
        CONFIRMATION,
        subject,
        "confirmation",
        calendar=registration.status == RegistrationStatus.REGISTERED,
        workshops=list(workshops),
    )


def moved_up(
    registration: Registration, *, workshops: Sequence[Session], dropped: Sequence[Session]
) -> None:
    with translation.override(registration.site.event.network.language):
        subject = _("You have a place: %(event)s, %(site)s")
    _send(
        registration,
        MOVED_UP,
        subject,
        "moved_up",
        calendar=True,
        workshops=list(workshops),
        dropped=list(dropped),
    )


def cancelled(registration: Registration) -> None:
    with translation.override(registration.site.event.network.language):
        subject = _("Registration cancelled: %(event)s, %(site)s")
    _send(registration, CANCELLED, subject, "cancelled", calendar=False)
