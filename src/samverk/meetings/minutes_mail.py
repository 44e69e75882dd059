"""The circulated minutes by email.

Who receives them: every person who, on the day of circulation (the network's today), holds an
active mandate for a member organisation of the meeting's arena and has an email address (one
email per address). Each email is written in the network's working language, names only its
recipient, carries the minutes as PDF, the link to the minutes page and the deadline for
objections. The sender is the network's contact address when it has one, otherwise the
platform's (``DEFAULT_FROM_EMAIL``).

The mails are queued through ``samverk.core.email`` in the caller's transaction and sent by the
worker once it has committed; ``services.circulate_minutes`` calls ``queue_minutes``.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samverk.core import email
from samverk.core.models import OutgoingMail
from samverk.meetings.models import Meeting, MinutesCirculation
from samverk.meetings.pdf import pdf_filename, render_minutes_pdf
from samverk.networks.models import Mandate, Person

MINUTES_KIND = "meetings.minutes"
MINUTES_KIND_LABEL = _("Minutes circulated")


def register_mail_kinds() -> None:
    email.register_kind(MINUTES_KIND, MINUTES_KIND_LABEL)


def recipients(meeting: Meeting, day: dt.date) -> list[Person]:
    """Mandate holders on ``day`` of the arena's member organisations, with an email address;
    one per address (compared without case), ordered by name."""
    mandates = Mandate.objects.active(day).filter(
        membership__organisation__in=meeting.arena.members.all(),
        membership__network=meeting.network,
    )
    people = (
        Person.objects.filter(pk__in=mandates.values("person_id"))
        .filter(~Q(email=""))
        .select_related("organisation")
        .order_by("name", "pk")
    )
    seen: set[str] = set()
    result: list[Person] = []
    for person in people:
        key = person.email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(person)
    return result


def site_url(base_url: str = "") -> str:
    """The site's address for links in mails: the request's, or the ``SAMVERK_SITE_URL``
    setting; empty: links are given as paths."""
    return (base_url or getattr(settings, "SAMVERK_SITE_URL", "") or "").rstrip("/")


def minutes_url(meeting: Meeting, base_url: str = "") -> str:
    path = reverse(
        "meetings:minutes_detail", kwargs={"network": meeting.network.slug, "pk": meeting.pk}
    )
    return site_url(base_url) + path


def sender(meeting: Meeting) -> str | None:
    """The network's own address, or None for the platform's (``DEFAULT_FROM_EMAIL``)."""
    return meeting.network.contact_email or None


def _text(circulation: MinutesCirculation, person: Person, url: str) -> tuple[str, str]:
    """Subject and text of one recipient's mail, in the network's language and time zone."""
    meeting = circulation.minutes.meeting
    network = meeting.network
    context: dict[str, Any] = {
        "meeting": meeting,
        "network": network,
        "person": person,
        "circulation": circulation,
        "version": circulation.version.number,
        "deadline": circulation.objection_deadline,
        "url": url,
        "contact": network.contact_email,
    }
    with translation.override(network.language), timezone.override(network.time_zone):
        subject = render_to_string("meetings/email/minutes_subject.txt", context)
        body = render_to_string("meetings/email/minutes_body.txt", context)
    return " ".join(subject.split()), body


def render_pdf(meeting: Meeting) -> bytes:
    """The PDF attached to every mail: rendered once, in the network's language, for a reader
    who may see nobody's name from the register (``viewer=None``: "a person" in the tables),
    because one file goes to every recipient and mails name only their recipient. The text of
    the minutes is included as written."""
    with translation.override(meeting.network.language):
        return render_minutes_pdf(meeting, None)


def queue_minutes(
    circulation: MinutesCirculation, people: list[Person], *, base_url: str = "", actor: Any
) -> list[tuple[Person, OutgoingMail | None]]:
    """One mail per person (they come from ``recipients``); returns each person with the
    queued mail (None inside ``email.no_mail()``, where no PDF is rendered either)."""
    meeting = circulation.minutes.meeting
    pdf = None if email.mail_suppressed() else render_pdf(meeting)
    url = minutes_url(meeting, base_url)
    result = []
    for person in people:
        subject, body = _text(circulation, person, url)
        mail = email.queue_mail(
            kind=MINUTES_KIND,
            to=[person.email],
            subject=subject,
            body=body,
            network=meeting.network,
            attachments=[
                {
                    "filename": pdf_filename(meeting),
                    "mimetype": "application/pdf",
                    "content": base64.b64encode(pdf).decode("ascii"),
                    "encoding": "base64",
                }
            ]
            if pdf is not None
            else [],
            from_email=sender(meeting),
            created_by=actor,
        )
        result.append((person, mail))
    return result
