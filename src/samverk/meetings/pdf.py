"""The minutes of a meeting as PDF (WeasyPrint, HTML → PDF).

Nothing is fetched over the network while rendering: the logo is embedded as a data URI and
the URL fetcher refuses every other URL."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from samverk.core.models import Network
from samverk.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Minutes
from samverk.meetings.querysets import may_read_minutes
from samverk.networks.models import Organisation

MAX_LOGO_BYTES = 2 * 1024 * 1024


class EmbeddedOnlyFetcher(URLFetcher):
    """Serves only ``data:`` URLs; anything else (http, https, file, ftp …) is refused, so a
    URL written into the minutes can never make the server fetch it."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.lower().startswith("data:"):
            raise ValueError(f"Refused to fetch {url[:80]!r}: only embedded resources are used.")
        return super().fetch(url, headers)


def logo_data_uri(network: Network) -> str | None:
    """The network's logo as a data URI (read from storage, never over HTTP)."""
    if not network.logo:
        return None
    mime = mimetypes.guess_type(network.logo.name)[0]
    if mime not in ("image/png", "image/jpeg", "image/gif", "image/webp"):
        return None
    try:
        with network.logo.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except (FileNotFoundError, OSError):
        return None
    if len(data) > MAX_LOGO_BYTES:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass
class OrganisationAttendance:
    organisation: Organisation
    status: str  # "with_authority", "without_authority" or "absent"
    attendances: list[Attendance] = field(default_factory=list)


def attendance_by_organisation(
    meeting: Meeting,
) -> tuple[list[OrganisationAttendance], list[Attendance]]:
    """Every member organisation of the meeting's arena with its status (represented with
    authority, without authority, absent) and who came for it; and the guests (people
    without a mandate for a member organisation, and named guests). Two queries."""
    members = list(meeting.arena.members.order_by("name", "pk"))
    rows = {org.pk: OrganisationAttendance(org, "absent") for org in members}
    guests: list[Attendance] = []
    for attendance in meeting.attendances.select_related(
        "person__organisation", "organisation"
    ).order_by("organisation__name", "person__name", "guest_name", "pk"):
        row = rows.get(attendance.organisation_id or 0)
        if attendance.is_guest or row is None:
            guests.append(attendance)
            continue
        row.attendances.append(attendance)
        if attendance.with_authority:
            row.status = "with_authority"
        elif row.status == "absent":
            row.status = "without_authority"
    return list(rows.values()), guests


def minutes_context(meeting: Meeting, viewer: Any) -> dict[str, Any]:
    """What the PDF shows to ``viewer``: people they may not see are not named."""
    network = meeting.network
    organisations, guests = attendance_by_organisation(meeting)
    minutes = (
        Minutes.objects.filter(meeting=meeting).select_related("approved_at", "meeting").first()
    )
    readable = may_read_minutes(viewer, minutes)
    current = minutes.versions.order_by("-number").first() if minutes and readable else None
    return {
        "being_written": not readable,
        "circulation": minutes.circulations.order_by("-circulated_at", "-pk").first()
        if minutes and readable
        else None,
        "network": network,
        "logo": logo_data_uri(network),
        "meeting": meeting,
        "organisations": organisations,
        "guests": guests,
        "agenda": list(
            AgendaItem.objects.filter(meeting=meeting)
            .select_related("presenter__organisation")
            .order_by("position")
        ),
        "decisions": list(
            Decision.objects.filter(meeting=meeting)
            .select_related("agenda_item")
            .order_by("year", "number")
        ),
        "actions": list(
            ActionItem.objects.filter(meeting=meeting)
            .select_related("owner_person__organisation", "owner_organisation")
            .order_by("due_date", "pk")
        ),
        "minutes": minutes,
        "current": current,
        "viewer": viewer,
    }


def render_minutes_pdf(meeting: Meeting, viewer: Any) -> bytes:
    """The PDF for ``viewer``, with times in the network's time zone."""
    with timezone.override(meeting.network.time_zone):
        html = render_to_string("meetings/minutes_pdf.html", minutes_context(meeting, viewer))
    document = HTML(string=html, url_fetcher=EmbeddedOnlyFetcher())
    return bytes(document.write_pdf())


def pdf_filename(meeting: Meeting) -> str:
    """``minutes-2026-03-12-steering-group.pdf``: ASCII letters, digits and hyphens only."""
    with timezone.override(meeting.network.time_zone):
        day = timezone.localtime(meeting.starts_at).date()
    title = slugify(meeting.title).encode("ascii", "ignore").decode("ascii")[:60].strip("-")
    return f"minutes-{day.isoformat()}-{title or 'meeting'}.pdf"
