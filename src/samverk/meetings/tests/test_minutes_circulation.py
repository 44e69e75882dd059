"""Circulating the minutes: who receives them (mandate holders on the day, with an address,
once per address), what the mail carries (PDF, link, deadline, sender, language), what is
recorded and shown, and what is refused."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from samverk.core import email
from samverk.core.choices import RoleKind
from samverk.core.models import MailStatus, OutgoingMail
from samverk.meetings import minutes_mail, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Minutes, MinutesCirculation, MinutesRecipient
from samverk.meetings.tests.factories import MeetingFactory, at
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from tests.smtp import Inbox
from tests.tasks import RunTasks
from tests.tools import executable

pytestmark = pytest.mark.django_db

MEETING_DAY = dt.date(2026, 11, 12)
TODAY = dt.date(2026, 11, 20)  # the day of circulation
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 12, 4)
BASE_URL = "https://samverk.example/"


class C:
    """A network (English, or German): arena with Stadtwerke (Anna, principal; Arne, deputy without
    authority; Alma, no mandate), Hochschule (Bo, address shared with Anna in other case),
    Kammer (Cleo: mandate expired), and a member outside the arena (Dora). A closed meeting
    with draft minutes."""

    def __init__(self, language: str = "en") -> None:
        self.network = NetworkFactory.create(
            name="Netzwerk Barnim",
            slug="barnim",
            language=language,
            contact_email="info@barnim.de",
        )
        self.coordinator = user_with_role(self.network, RoleKind.COORDINATOR, name="Kim Koord")
        self.arena = ArenaFactory.create(network=self.network, name="Lenkungsgruppe")
        self.stadtwerke = self.member("Stadtwerke")
        self.hochschule = self.member("Hochschule")
        self.kammer = self.member("Kammer")
        self.outside = OrganisationFactory.create(network=self.network, name="Außenstehend")
        self.anna = self.mandate(self.stadtwerke, "Anna Berg", "anna@stadtwerke.example")
        self.arne = self.mandate(
            self.stadtwerke, "Arne Dahl", "arne@stadtwerke.example", decision_authorised=False
        )
        self.alma = PersonFactory.create(organisation=self.stadtwerke, name="Alma Ek")
        # Bo also represents the Hochschule under the same address in capitals: one mail.
        self.bo = self.mandate(self.hochschule, "Bo Lind", "bo@hochschule.example")
        self.bo_twice = self.mandate(self.hochschule, "Bo L.", "BO@Hochschule.example ")
        self.no_email = self.mandate(self.hochschule, "Ohne Adresse", "")
        self.cleo = self.mandate(
            self.kammer,
            "Cleo Sund",
            "cleo@kammer.example",
            valid_until=dt.date(2026, 11, 1),
        )
        MembershipFactory.create(organisation=self.outside)
        self.dora = PersonFactory.create(
            organisation=self.outside, name="Dora Ost", email="dora@example.org"
        )
        self.meeting = MeetingFactory.create(
            arena=self.arena,
            title="Herbsttreffen",
            starts_at=at(MEETING_DAY),
            ends_at=at(MEETING_DAY, 12),
            status=MeetingStatus.CLOSED,
        )
        services.save_minutes(
            actor=self.coordinator,
            meeting=self.meeting,
            text="## Verlauf\n\nDer Plan wurde beschlossen.",
            base_version=0,
            now=NOW,
        )

    def member(self, name: str) -> Any:
        org = OrganisationFactory.create(network=self.network, name=name)
        self.arena.members.add(org)
        return org

    def mandate(self, org: Any, name: str, address: str, **kw: Any) -> Any:
        membership = org.memberships.first() or MembershipFactory.create(organisation=org)
        person = PersonFactory.create(organisation=org, name=name, email=address)
        MandateFactory.create(membership=membership, person=person, **kw)
        return person

    def circulate(self, **kw: Any) -> MinutesCirculation:
        args: dict[str, Any] = {
            "actor": self.coordinator,
            "meeting": self.meeting,
            "objection_deadline": DEADLINE,
            "today": TODAY,
            "base_url": BASE_URL,
            "now": NOW,
        }
        args.update(kw)
        return services.circulate_minutes(**args)


@pytest.fixture
def c() -> C:
    return C()


def test_recipients_are_the_mandate_holders_of_the_day_once_per_address(c: C):
    people = minutes_mail.recipients(c.meeting, TODAY)

    # Anna and Arne (with or without authority, a mandate is a mandate), Bo once; not Alma
    # (no mandate), not the one without an address, not Cleo (expired), not Dora (outside).
    assert [p.name for p in people] == ["Anna Berg", "Arne Dahl", "Bo L."]
    assert [p.name for p in minutes_mail.recipients(c.meeting, dt.date(2026, 10, 1))] == [
        "Anna Berg",
        "Arne Dahl",
        "Bo L.",
        "Cleo Sund",
    ]


def test_circulating_queues_one_mail_per_recipient_with_pdf_link_and_deadline(pdf_reader: Any):
    c = C(language="de")
    circulation = c.circulate()

    minutes = Minutes.objects.get(meeting=c.meeting)
    assert minutes.status == Minutes.Status.CIRCULATED
    assert (circulation.version.number, circulation.objection_deadline) == (1, DEADLINE)
    assert (circulation.circulated_by, circulation.circulated_at) == (c.coordinator, NOW)
    rows = list(circulation.recipients.order_by("name").values_list("name", "email"))
    assert rows == [
        ("Anna Berg", "anna@stadtwerke.example"),
        ("Arne Dahl", "arne@stadtwerke.example"),
        ("Bo L.", "BO@Hochschule.example "),
    ]
    mails = list(OutgoingMail.objects.order_by("pk"))
    assert len(mails) == 3
    assert sorted(m.to[0].lower() for m in mails) == [
        "anna@stadtwerke.example",
        "arne@stadtwerke.example",
        "bo@hochschule.example",
    ]
    assert {r.mail_id for r in circulation.recipients.all()} == {m.pk for m in mails}
    mail = next(m for m in mails if m.to == ["anna@stadtwerke.example"])
    assert mail.kind == "meetings.minutes"
    assert mail.from_email == "info@barnim.de"  # the network's own address
    assert mail.status == MailStatus.QUEUED
    assert "Herbsttreffen" in mail.subject and "Netzwerk Barnim" in mail.subject
    assert "Anna Berg," in mail.body
    assert "Arne" not in mail.body and "Bo " not in mail.body  # names only its recipient
    url = f"https://samverk.example/n/barnim/meetings/{c.meeting.pk}/minutes/"
    assert url in mail.body
    assert "4. Dezember 2026" in mail.body  # the deadline, in the network's language
    assert "12. November 2026" in mail.body  # the meeting's day
    [attachment] = mail.attachments
    assert attachment["filename"] == "minutes-2026-11-12-herbsttreffen.pdf"
    assert attachment["mimetype"] == "application/pdf"
    text = pdf_reader(email.build_message(mail).attachments[0][1])
    assert "Der Plan wurde beschlossen." in text
    assert "4. Dezember 2026" in text  # the deadline in the PDF too


def test_without_a_network_address_the_platform_sends(c: C, settings):
    settings.DEFAULT_FROM_EMAIL = "samverk@platform.example"
    c.network.contact_email = ""
    c.network.save()

    assert minutes_mail.sender(c.meeting) is None
    with email.no_mail():
        c.circulate()
    services.save_minutes(
        actor=c.coordinator, meeting=c.meeting, text="Version 2", base_version=1, now=NOW
    )
    c.circulate()

    assert {m.from_email for m in OutgoingMail.objects.all()} == {"samverk@platform.example"}


def refused(call: Any) -> dict[str, list[str]]:
    state = (
        list(Minutes.objects.values()),
        MinutesCirculation.objects.count(),
        MinutesRecipient.objects.count(),
        OutgoingMail.objects.count(),
    )
    with pytest.raises(ValidationError) as exc:
        call()
    assert state == (
        list(Minutes.objects.values()),
        MinutesCirculation.objects.count(),
        MinutesRecipient.objects.count(),
        OutgoingMail.objects.count(),
    )
    return exc.value.message_dict


def test_nobody_to_send_to_is_refused_and_nothing_changes(c: C):
    lone = ArenaFactory.create(network=c.network, name="AG Leer")
    lone.members.add(OrganisationFactory.create(network=c.network))
    meeting = MeetingFactory.create(
        arena=lone, starts_at=at(MEETING_DAY), status=MeetingStatus.CLOSED
    )
    services.save_minutes(actor=c.coordinator, meeting=meeting, text="x", base_version=0, now=NOW)

    errors = refused(lambda: c.circulate(meeting=meeting))

    assert errors == {
        "status": [
            "Nobody to send the minutes to: no member organisation of the arena has a "
            "representative with an active mandate and an email address."
        ]
    }


@pytest.mark.parametrize("deadline", [TODAY, TODAY - dt.timedelta(days=1)])
def test_the_deadline_must_be_after_today(c: C, deadline: dt.date):
    errors = refused(lambda: c.circulate(objection_deadline=deadline))

    assert errors == {"objection_deadline": ["The deadline for objections must be after today."]}


def test_the_same_version_is_not_circulated_twice_a_new_one_is(c: C):
    with email.no_mail():
        c.circulate()

    errors = refused(lambda: c.circulate())

    assert errors == {"status": ["This version of the minutes has already been circulated."]}
    services.save_minutes(
        actor=c.coordinator, meeting=c.meeting, text="Korrigiert", base_version=1, now=NOW
    )
    with email.no_mail():
        second = c.circulate()
    assert second.version.number == 2
    assert MinutesCirculation.objects.count() == 2


@pytest.mark.parametrize("status", ["in_progress", "planned", "invited", "cancelled"])
def test_minutes_are_circulated_once_the_meeting_is_closed(c: C, status: str):
    type(c.meeting).objects.filter(pk=c.meeting.pk).update(status=status)

    errors = refused(lambda: c.circulate())

    assert errors == {"status": ["Close the meeting before circulating its minutes."]}


# --- the pages -------------------------------------------------------------------------------


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(c: C, suffix: str = "") -> str:
    return f"/n/barnim/meetings/{c.meeting.pk}/minutes/{suffix}"


def test_the_page_shows_whom_the_minutes_go_to_then_who_received_them(
    c: C,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Any,
    run_tasks: RunTasks,
):
    coordinator = client_for(c.coordinator)

    before = coordinator.get(page_url(c)).content.decode()
    assert "to 3 people holding a mandate" in before
    for name in ("Anna Berg (Stadtwerke)", "Arne Dahl (Stadtwerke)", "Bo L. (Hochschule)"):
        assert name in before

    deadline = (TODAY + dt.timedelta(days=14)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            page_url(c, "circulate/"), {"circulate-objection_deadline": deadline}, follow=True
        )

    html = response.content.decode()
    assert "The minutes are circulated: queued for 3 recipients." in html  # not "sent"
    assert smtp_inbox.messages == []  # the worker sends them
    assert run_tasks() == 3
    assert sorted(str(m["To"]).lower().strip() for m in smtp_inbox.messages) == [
        "anna@stadtwerke.example",
        "arne@stadtwerke.example",
        "bo@hochschule.example",
    ]
    message = smtp_inbox.messages[0]
    assert str(message["From"]) == "info@barnim.de"
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF-")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert f"http://testserver/n/barnim/meetings/{c.meeting.pk}/minutes/" in body.get_content()

    after = coordinator.get(page_url(c)).content.decode()
    assert "circulated on" in after and "to 3 people; objections until" in after
    assert "anna@stadtwerke.example" in after
    assert after.count('data-mail-status="sent"') == 3


def test_the_circulate_form_refuses_a_past_deadline_with_a_field_error(c: C):
    response = client_for(c.coordinator).post(
        page_url(c, "circulate/"), {"circulate-objection_deadline": TODAY.isoformat()}
    )

    assert response.status_code == 400
    assert "The deadline for objections must be after today." in response.content.decode()
    assert not MinutesCirculation.objects.exists()


def test_a_partner_sees_who_received_them_without_addresses(c: C):
    with email.no_mail():
        c.circulate()
    company = user_with_role(c.network, RoleKind.COMPANY_CONTACT, organisation=c.hochschule)

    html = client_for(company).get(page_url(c)).content.decode()

    assert "Der Plan wurde beschlossen." in html
    assert "to 3 people; objections until" in html
    assert "anna@stadtwerke.example" not in html
    assert "Anna Berg" not in html  # a company contact sees only their own organisation's
    assert "Bo L." in html


@pytest.fixture
def pdf_reader() -> Any:
    pdftotext = executable("pdftotext", "pdftotext (poppler-utils)")

    def read(data: bytes) -> str:
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        )
        return " ".join(result.stdout.decode("utf-8").split())

    return read
