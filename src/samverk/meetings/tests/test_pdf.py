"""The minutes as PDF: what the document says (read back with pdftotext), who may get it, and
that rendering never fetches anything over the network."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from samverk.core import email
from samverk.core.choices import RoleKind
from samverk.meetings import pdf, services
from samverk.meetings.choices import ActionStatus, MeetingStatus
from samverk.meetings.models import Meeting
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
)
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from tests.tools import executable

pytestmark = pytest.mark.django_db

AFTER = dt.datetime(2026, 3, 13, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def pdf_text() -> Callable[[bytes], str]:
    """Reads a PDF's text in reading order, whitespace collapsed, with pdftotext (a test that
    needs it fails in CI when it is missing, see tests/tools.py)."""
    pdftotext = executable("pdftotext", "pdftotext (poppler-utils)")

    def read(data: bytes) -> str:
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        )
        return " ".join(result.stdout.decode("utf-8").split())

    return read


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def meeting(settings, tmp_path) -> Meeting:
    settings.MEDIA_ROOT = tmp_path
    network = NetworkFactory.create(
        name="Fachkräfteallianz Nordsachsen", slug="nordsachsen", time_zone="Europe/Berlin"
    )
    network.logo.save("logo.png", ContentFile(png()))
    alpha = OrganisationFactory.create(network=network, name="Alpha Werke")
    beta = OrganisationFactory.create(network=network, name="Beta Schule")
    gamma = OrganisationFactory.create(network=network, name="Gamma Kammer")
    arena = ArenaFactory.create(network=network, name="Lenkungsgruppe")
    arena.members.set([alpha, beta, gamma])
    meeting = MeetingFactory.create(
        arena=arena,
        title="Frühjahrstreffen",
        purpose="Den Jahresplan 2026 beschließen.",
        starts_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),  # 10:30 in Berlin
        ends_at=dt.datetime(2026, 3, 12, 12, 0, tzinfo=dt.UTC),
        status=MeetingStatus.CLOSED,
    )
    MandateFactory.create(
        membership__organisation=alpha, person__email="anna@alpha.example", person__name="Ann"
    )

    def attend(org, name, authority, guest=False):
        AttendanceFactory.create(
            meeting=meeting,
            person=PersonFactory.create(organisation=org, name=name),
            guest_name="",
            organisation=org,
            with_authority=authority,
            is_guest=guest,
        )

    attend(alpha, "Anna Berg", True)
    attend(beta, "Bo Lind", False)
    AttendanceFactory.create(meeting=meeting, guest_name="Dr. Expertin Eva", is_guest=True)
    AgendaItemFactory.create(meeting=meeting, position=1, title="Fachkräftebedarf 2026")
    DecisionFactory.create(
        meeting=meeting, year=2026, number=7, text="Der Jahresplan wird angenommen."
    )
    DecisionFactory.create(
        meeting=meeting, year=2026, number=8, text="Ein Arbeitskreis Pflege wird gebildet."
    )
    ActionItemFactory.create(
        meeting=meeting,
        title="Bedarfsumfrage versenden",
        owner_organisation=alpha,
        due_date=dt.date(2026, 4, 30),
        status=ActionStatus.OPEN,
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    services.save_minutes(
        actor=coordinator,
        meeting=meeting,
        text="## Verlauf\n\nDie Runde **einigte sich** auf den Plan. ![x](http://127.0.0.1:9/x.png)",
        base_version=0,
        now=AFTER,
    )
    with email.no_mail():  # circulated, so every role reads the text
        services.circulate_minutes(
            actor=coordinator,
            meeting=meeting,
            objection_deadline=dt.date(2026, 3, 27),
            today=dt.date(2026, 3, 13),
            now=AFTER,
        )
    return meeting


def get(user, meeting: Meeting):
    client = Client()
    client.force_login(user)
    return client.get(f"/n/{meeting.network.slug}/meetings/{meeting.pk}/minutes.pdf")


def test_the_pdf_says_what_happened(meeting, pdf_text):
    response = get(user_with_role(meeting.network, RoleKind.OBSERVER), meeting)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="minutes-2026-03-12-fruhjahrstreffen.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Fachkräfteallianz Nordsachsen" in text
    assert "Minutes: Frühjahrstreffen" in text
    assert "Den Jahresplan 2026 beschließen." in text
    assert "10:30" in text  # the network's time zone
    assert "2026/07 Der Jahresplan wird angenommen." in text
    assert "2026/08 Ein Arbeitskreis Pflege wird gebildet." in text
    assert "Bedarfsumfrage versenden Alpha Werke" in text
    assert "Alpha Werke represented with authority Anna Berg (decision-authorised)" in text
    assert "Beta Schule represented without authority Bo Lind" in text
    assert "Gamma Kammer absent" in text
    assert "Guests: Dr. Expertin Eva" in text
    assert "Fachkräftebedarf 2026" in text
    assert "Die Runde einigte sich auf den Plan." in text


def test_the_logo_is_embedded(meeting):
    observer = user_with_role(meeting.network, RoleKind.OBSERVER)
    context = pdf.minutes_context(meeting, observer)
    without_logo = NetworkFactory.create()

    assert context["logo"].startswith("data:image/png;base64,")
    assert b"/Subtype /Image" in pdf.render_minutes_pdf(meeting, observer)
    assert pdf.logo_data_uri(without_logo) is None


def test_rendering_fetches_nothing_remote():
    fetcher = pdf.EmbeddedOnlyFetcher()

    for url in (
        "http://127.0.0.1:9/x.png",
        "https://example.org/logo.png",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"


def test_other_network_gets_404(meeting):
    outsider = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)

    assert get(outsider, meeting).status_code == 404


def test_a_meeting_of_another_network_is_404_inside_ours(meeting):
    coordinator = user_with_role(meeting.network, RoleKind.COORDINATOR)
    foreign = MeetingFactory.create()
    client = Client()
    client.force_login(coordinator)

    response = client.get(f"/n/{meeting.network.slug}/meetings/{foreign.pk}/minutes.pdf")

    assert response.status_code == 404


def test_anonymous_users_are_sent_to_log_in(meeting):
    response = Client().get(f"/n/{meeting.network.slug}/meetings/{meeting.pk}/minutes.pdf")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_meeting_without_minutes_still_renders(meeting, pdf_text):
    bare = MeetingFactory.create(
        arena=meeting.arena, title="Ohne Protokoll", starts_at=timezone.now()
    )

    text = pdf_text(pdf.render_minutes_pdf(bare, user_with_role(bare.network, RoleKind.OBSERVER)))

    assert "The minutes have not been written yet." in text
    assert "Gamma Kammer absent" in text


def test_draft_minutes_in_the_pdf_are_only_for_the_coordinator_and_the_minute_taker(
    meeting, pdf_text
):
    coordinator = user_with_role(meeting.network, RoleKind.COORDINATOR)
    draft = MeetingFactory.create(
        arena=meeting.arena,
        title="Herbsttreffen",
        starts_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 1, 11, 0, tzinfo=dt.UTC),
        status=MeetingStatus.CLOSED,
    )
    services.save_minutes(
        actor=coordinator, meeting=draft, text="Geheimer Entwurf", base_version=0, now=AFTER
    )
    observer = user_with_role(meeting.network, RoleKind.OBSERVER)

    hidden = pdf_text(get(observer, draft).content)
    shown = pdf_text(get(coordinator, draft).content)

    assert "Geheimer Entwurf" not in hidden
    assert "The minutes are being written." in hidden
    assert "Geheimer Entwurf" in shown


@pytest.mark.parametrize("status", ["planned", "invited", "cancelled"])
def test_no_pdf_for_a_meeting_that_has_not_taken_place(meeting, status):
    coordinator = user_with_role(meeting.network, RoleKind.COORDINATOR)
    ahead = MeetingFactory.create(arena=meeting.arena, title="Sommertreffen", status=status)

    response = get(coordinator, ahead)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "“Sommertreffen” has not taken place yet, so it has no minutes" in (
        response.content.decode()
    )
