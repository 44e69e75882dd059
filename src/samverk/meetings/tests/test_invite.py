"""Inviting (whom it goes to, then send), the personal one-click reply link, reminding those
who have not replied, the reply summary, the network's sender address, vote limits and the
quorum text of an arena without a rule."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import translation
from icalendar import Calendar
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, Network, OutgoingMail
from samverk.meetings import quorum, reply_links, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import AgendaDocument, Decision, Meeting, Rsvp
from samverk.meetings.tests.factories import AgendaItemFactory, MeetingFactory, at, in_progress
from samverk.networks.choices import QuorumRule, VotesBy
from samverk.networks.models import Arena, Mandate, Organisation, Person
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

pytestmark = pytest.mark.django_db

ZONE = "Europe/Oslo"
LINK = re.compile(r"https?://\S+/r/[^/\s]+/")


@dataclass
class Setting:
    network: Network
    arena: Arena
    member_a: Organisation
    member_b: Organisation
    no_email: Organisation
    no_authority: Organisation
    kari: Person
    ola: Person
    per: Person
    coordinator: User


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> Setting:
    """Four members: A (Kari, authorised; Ola, deputy without authority), B (Per, authorised),
    one whose only representative has no email, one with no authorised representative."""
    settings.MEDIA_ROOT = tmp_path
    network = NetworkFactory.create(
        name="Hordaland", time_zone=ZONE, language="en", contact_email="post@hordaland.example"
    )
    arena = ArenaFactory.create(network=network, name="Styringsgruppe")
    member_a = OrganisationFactory.create(network=network, name="A Fylkeskommune")
    member_b = OrganisationFactory.create(network=network, name="B NAV")
    no_email = OrganisationFactory.create(network=network, name="C Ingen e-post")
    no_authority = OrganisationFactory.create(network=network, name="D Uten fullmakt")
    arena.members.set([member_a, member_b, no_email, no_authority])
    kari = PersonFactory.create(organisation=member_a, name="Kari", email="kari@example.no")
    ola = PersonFactory.create(organisation=member_a, name="Ola", email="ola@example.no")
    per = PersonFactory.create(organisation=member_b, name="Per", email="per@example.no")
    membership_a = MembershipFactory.create(organisation=member_a)
    MandateFactory.create(membership=membership_a, person=kari)
    MandateFactory.create(
        membership=membership_a, person=ola, role="deputy", decision_authorised=False
    )
    MandateFactory.create(membership=MembershipFactory.create(organisation=member_b), person=per)
    MandateFactory.create(
        membership=MembershipFactory.create(organisation=no_email),
        person=PersonFactory.create(organisation=no_email, name="Nils", email=""),
    )
    MandateFactory.create(
        membership=MembershipFactory.create(organisation=no_authority),
        person=PersonFactory.create(organisation=no_authority, name="Dag", email="dag@example.no"),
        decision_authorised=False,
    )
    return Setting(
        network=network,
        arena=arena,
        member_a=member_a,
        member_b=member_b,
        no_email=no_email,
        no_authority=no_authority,
        kari=kari,
        ola=ola,
        per=per,
        coordinator=user_with_role(network, RoleKind.COORDINATOR),
    )


def meeting_in(world: Setting, days: int = 20, **kwargs: Any) -> Meeting:
    # The reply page compares with the real moment: the meeting is placed relative to today.
    day = clock.today_in(ZONE) + dt.timedelta(days=days)
    fields: dict[str, Any] = {
        "arena": world.arena,
        "title": "Styringsgruppemøte",
        "starts_at": at(day, 10, ZONE),
        "ends_at": at(day, 12, ZONE),
        "venue": "Bergen rådhus",
    }
    fields.update(kwargs)
    return MeetingFactory.create(**fields)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite_url(meeting: Meeting) -> str:
    return f"/n/{meeting.network.slug}/meetings/{meeting.pk}/invite/"


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def reply_link_in(message: EmailMessage) -> str:
    links = LINK.findall(body_of(message))
    assert len(links) == 1, body_of(message)
    return re.sub(r"^https?://[^/]+", "", links[0])


# --- 1. the invite page -----------------------------------------------------------------------


def test_the_invite_page_shows_whom_the_invitation_goes_to_before_sending(world: Setting) -> None:
    meeting = meeting_in(world)

    response = client_for(world.coordinator).get(invite_url(meeting))

    page = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(
        r"<tr data-recipient><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td>", page
    )
    assert rows == [
        ("Dag", "D Uten fullmakt", "dag@example.no"),
        ("Kari", "A Fylkeskommune", "kari@example.no"),
        ("Ola", "A Fylkeskommune", "ola@example.no"),
        ("Per", "B NAV", "per@example.no"),
    ]
    no_email = page.split("data-no-email>")[1].split("</ul>")[0]
    assert "C Ingen e-post" in no_email and "B NAV" not in no_email
    no_authority = page.split("data-no-authority>")[1].split("</ul>")[0]
    assert "D Uten fullmakt" in no_authority and "C Ingen e-post" not in no_authority
    assert "Send the invitation to 4 people" in page
    assert OutgoingMail.objects.count() == 0  # nothing sent by looking
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


def test_only_coordinators_invite(world: Setting) -> None:
    meeting = meeting_in(world)
    observer = user_with_role(world.network, RoleKind.OBSERVER)

    assert client_for(observer).get(invite_url(meeting)).status_code == 403
    assert client_for(observer).post(invite_url(meeting)).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


def test_sending_lists_the_recipients_and_says_the_worker_sends_them(world: Setting) -> None:
    meeting = meeting_in(world)
    client = client_for(world.coordinator)

    response = client.post(invite_url(meeting))

    page = response.content.decode()
    assert response.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.INVITED
    assert (
        "Invitations queued for 4 people; the worker sends them: Dag &lt;dag@example.no&gt;" in page
    )
    assert "The invitation is queued for 4 people; the worker sends them" in page
    sent = page.split("data-sent>")[1].split("</ul>")[0]
    assert sent.count("<li>") == 4 and "kari@example.no" in sent
    assert sorted(m.to[0] for m in OutgoingMail.objects.all()) == [
        "dag@example.no",
        "kari@example.no",
        "ola@example.no",
        "per@example.no",
    ]
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"queued"}

    # Inviting again is refused: nothing is sent twice.
    again = client.post(invite_url(meeting))
    assert again.status_code == 400
    assert "Only a planned meeting can be invited to" in again.content.decode()
    assert OutgoingMail.objects.count() == 4
    # The page of an invited meeting offers no second sending, but the replies so far.
    page = client.get(invite_url(meeting)).content.decode()
    assert "Send the invitation" not in page
    assert "0 of 4 members have replied." in page


def test_send_invitations_returns_the_people_it_queued_for(world: Setting) -> None:
    meeting = meeting_in(world)

    people = services.send_invitations(actor=world.coordinator, meeting=meeting)

    assert [p.name for p in people] == ["Dag", "Kari", "Ola", "Per"]


# --- 2. and 3. the mail, its links, the sender ------------------------------------------------


def test_the_invitation_mail_links_the_meeting_the_documents_and_a_personal_reply(
    world: Setting, smtp_inbox: Inbox, run_tasks: RunTasks, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = meeting_in(world)
    item = AgendaItemFactory.create(meeting=meeting, position=1, title="Kompetansebehov")
    document = AgendaDocument.objects.create(
        agenda_item=item,
        file=ContentFile(b"%PDF-1.4 test", name="plan.pdf"),
        original_name="Plan 2027.pdf",
        content_type="application/pdf",
        size=13,
    )

    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.coordinator).post(invite_url(meeting))
    assert run_tasks() == 4

    mail = next(m for m in smtp_inbox.messages if m["To"] == "kari@example.no")
    assert mail["From"] == "Hordaland <post@hordaland.example>"
    text = body_of(mail)
    slug = world.network.slug
    assert f"http://testserver/n/{slug}/meetings/{meeting.pk}/" in text
    assert f"Plan 2027.pdf: http://testserver/n/{slug}/meetings/documents/{document.pk}/" in text
    assert "Reply for A Fylkeskommune with one click" in text
    link = reply_links.read_token(reply_link_in(mail).split("/")[2])
    assert (link.meeting_id, link.person_id, link.organisation_id) == (
        meeting.pk,
        world.kari.pk,
        world.member_a.pk,
    )
    calendar = Calendar.from_ical(
        next(
            p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"
        ).get_content()
    )
    organizer = calendar.events[0]["ORGANIZER"]
    assert str(organizer) == "mailto:post@hordaland.example"
    assert organizer.params["CN"] == "Hordaland"
    # The stored copy with the personal link is erased once sent.
    assert set(OutgoingMail.objects.values_list("body", flat=True)) == {""}


def test_without_a_contact_address_the_platform_sends(world: Setting, settings: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "samverk <noreply@samverk.example>"
    Network.objects.filter(pk=world.network.pk).update(contact_email="")
    meeting = meeting_in(world)

    services.send_invitations(actor=world.coordinator, meeting=meeting)

    assert set(OutgoingMail.objects.values_list("from_email", flat=True)) == {
        "samverk <noreply@samverk.example>"
    }


def test_a_partner_replies_through_the_link_from_the_mail_without_signing_in(
    world: Setting, smtp_inbox: Inbox, run_tasks: RunTasks, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = meeting_in(world)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.coordinator).post(invite_url(meeting))
    run_tasks()
    path = reply_link_in(next(m for m in smtp_inbox.messages if m["To"] == "kari@example.no"))
    anonymous = Client(enforce_csrf_checks=True)

    page = anonymous.get(path)

    text = page.content.decode()
    assert page.status_code == 200
    assert "Styringsgruppemøte" in text and "Bergen rådhus" in text
    assert "10 a.m.–noon (Europe/Oslo)" in text  # the network's time zone
    assert "Who comes for A Fylkeskommune?" in text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    assert csrf is not None

    answered = anonymous.post(path, {"answer": "principal", "csrfmiddlewaretoken": csrf[1]})

    assert answered.status_code == 302
    rsvp = Rsvp.objects.get(meeting=meeting, organisation=world.member_a)
    assert (rsvp.answer, rsvp.person) == ("principal", world.kari)
    shown = anonymous.get(answered["Location"]).content.decode()
    assert "Your reply has been recorded." in shown
    assert "Recorded reply: principal representative (Kari)." in shown
    record = AuditRecord.objects.for_object(rsvp).get()
    assert record.actor is None
    assert record.changes["note"] == [None, "by reply link of Kari"]


def test_the_reply_link_needs_the_csrf_token(world: Setting) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)
    path = reply_links.reply_path(meeting, world.kari, world.member_a)

    response = Client(enforce_csrf_checks=True).post(path, {"answer": "nobody"})

    assert response.status_code == 403
    assert not Rsvp.objects.exists()


def test_my_deputy_comes_names_the_deputy(world: Setting) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)
    path = reply_links.reply_path(meeting, world.kari, world.member_a)

    Client().post(path, {"answer": "deputy"})

    rsvp = Rsvp.objects.get()
    assert (rsvp.answer, rsvp.person) == ("deputy", world.ola)


def test_a_tampered_link_is_refused_clearly(world: Setting) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)
    token = reply_links.make_token(meeting, world.kari, world.member_a)
    forged = signing.dumps({"m": meeting.pk, "p": world.per.pk, "o": world.member_a.pk})  # no salt

    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = Client().post(f"/r/{bad}/", {"answer": "nobody"})
        assert response.status_code == 400
        assert "This reply link is not valid" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_the_link_closes_when_the_meeting_has_ended(world: Setting) -> None:
    meeting = meeting_in(world, days=-2, status=MeetingStatus.CLOSED)
    path = reply_links.reply_path(meeting, world.kari, world.member_a)

    response = Client().get(path)

    assert response.status_code == 410
    assert "This meeting has ended; replies are closed." in response.content.decode()
    assert Client().post(path, {"answer": "nobody"}).status_code == 410
    assert not Rsvp.objects.exists()


def test_a_link_of_someone_who_no_longer_holds_a_mandate_is_refused(world: Setting) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)
    path = reply_links.reply_path(meeting, world.kari, world.member_a)
    Mandate.objects.filter(person=world.kari).update(
        valid_until=clock.today_in(ZONE) - dt.timedelta(days=1)
    )

    response = Client().post(path, {"answer": "principal"})

    assert response.status_code == 403
    assert "Kari no longer holds a mandate for A Fylkeskommune" in response.content.decode()
    assert not Rsvp.objects.exists()


def test_an_unknown_answer_is_a_clear_error(world: Setting) -> None:
    meeting = meeting_in(world, status=MeetingStatus.INVITED)
    path = reply_links.reply_path(meeting, world.kari, world.member_a)

    response = Client().post(path, {"answer": "maybe"})

    assert response.status_code == 400
    assert "Choose one of the answers." in response.content.decode()
    assert not Rsvp.objects.exists()


def test_the_reply_page_speaks_the_networks_language(world: Setting) -> None:
    Network.objects.filter(pk=world.network.pk).update(language="de")
    meeting = meeting_in(world, status=MeetingStatus.INVITED)

    page = Client().get(reply_links.reply_path(meeting, world.kari, world.member_a))

    assert '<html lang="de">' in page.content.decode()


# --- 4. reminders and the reply summary -------------------------------------------------------


def test_remind_mails_only_the_members_without_a_reply(
    world: Setting, smtp_inbox: Inbox, run_tasks: RunTasks, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = meeting_in(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(actor=world.coordinator, meeting=meeting)
    services.record_rsvp_by_link(
        link=reply_links.read_token(reply_links.make_token(meeting, world.per, world.member_b)),
        answer="principal",
    )
    run_tasks()
    smtp_inbox.messages.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.coordinator).post(
            f"/n/{world.network.slug}/meetings/{meeting.pk}/remind/", follow=True
        )

    text = response.content.decode()
    assert "Reminders to reply queued for 3 people; the worker sends them:" in text
    run_tasks()
    assert sorted(str(m["To"]) for m in smtp_inbox.messages) == [
        "dag@example.no",
        "kari@example.no",
        "ola@example.no",
    ]
    mail = next(m for m in smtp_inbox.messages if m["To"] == "kari@example.no")
    assert str(mail["Subject"]).startswith("Please reply: Styringsgruppemøte")
    assert reply_link_in(mail).startswith("/r/")


def test_remind_only_for_an_invited_meeting_before_it_begins(world: Setting) -> None:
    planned = meeting_in(world)
    with pytest.raises(ValidationError):
        services.remind_unreplied(actor=world.coordinator, meeting=planned)
    invited = meeting_in(world, status=MeetingStatus.INVITED)
    with pytest.raises(ValidationError):
        services.remind_unreplied(
            actor=world.coordinator, meeting=invited, now=invited.starts_at + dt.timedelta(1)
        )
    observer = user_with_role(world.network, RoleKind.OBSERVER)
    url = f"/n/{world.network.slug}/meetings/{invited.pk}/remind/"
    assert client_for(observer).post(url).status_code == 403
    assert not OutgoingMail.objects.exists()


def test_reply_summary_counts_replies_and_the_expected_quorum(world: Setting) -> None:
    world.arena.quorum_rule, world.arena.quorum_percent = QuorumRule.PERCENT, 50
    world.arena.save()
    meeting = meeting_in(world, status=MeetingStatus.INVITED)

    def reply(person: Person, org: Organisation, answer: str) -> None:
        services.record_rsvp_by_link(
            link=reply_links.read_token(reply_links.make_token(meeting, person, org)),
            answer=answer,
        )

    reply(world.kari, world.member_a, "principal")
    summary = services.reply_summary(meeting)
    assert (summary.replied, summary.total) == (1, 4)
    assert [o.name for o in summary.without_reply] == ["B NAV", "C Ingen e-post", "D Uten fullmakt"]
    assert (summary.expected_quorum.represented, summary.expected_quorum.required) == (1, 2)
    assert not summary.expected_quorum.is_quorate
    assert [o.name for o in summary.without_authority] == [
        "B NAV",
        "C Ingen e-post",
        "D Uten fullmakt",
    ]

    reply(world.per, world.member_b, "principal")
    summary = services.reply_summary(meeting)
    assert summary.replied == 2 and summary.expected_quorum.is_quorate


# --- 5. votes ---------------------------------------------------------------------------------


def running(world: Setting) -> Meeting:
    meeting = in_progress(meeting_in(world, days=0))
    for person in (world.kari, world.per):
        services.check_in(actor=world.coordinator, meeting=meeting, person=person)
    return meeting


def test_votes_cannot_exceed_the_member_organisations_present(world: Setting) -> None:
    meeting = running(world)  # two members present with authority

    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=world.coordinator,
            meeting=meeting,
            text="X",
            method="vote",
            votes_for=2,
            votes_against=0,
            abstentions=1,
        )
    assert refused.value.message_dict == {
        "votes_for": ["3 votes and abstentions, but only 2 member organisations present may vote."]
    }
    assert not Decision.objects.exists()
    decision = services.record_decision(
        actor=world.coordinator,
        meeting=meeting,
        text="Y",
        method="vote",
        votes_for=1,
        votes_against=0,
        abstentions=1,
    )
    with pytest.raises(ValidationError):
        services.update_decision(actor=world.coordinator, decision=decision, votes_for=2)
    assert Decision.objects.get().votes_for == 1


def test_by_person_every_authorised_person_present_votes(world: Setting) -> None:
    world.arena.votes_by = VotesBy.PERSON
    world.arena.save()
    meeting = running(world)
    second = PersonFactory.create(organisation=world.member_b, name="Pia")
    MandateFactory.create(
        membership=Mandate.objects.get(person=world.per).membership, person=second
    )
    services.check_in(actor=world.coordinator, meeting=meeting, person=second)

    decision = services.record_decision(
        actor=world.coordinator,
        meeting=meeting,
        text="Z",
        method="vote",
        votes_for=2,
        votes_against=1,
        abstentions=0,
    )
    assert decision.votes_for == 2
    with pytest.raises(ValidationError, match="only 3 people present may vote"):
        services.update_decision(actor=world.coordinator, decision=decision, abstentions=1)


def test_too_many_votes_are_a_field_error_in_the_form_and_400_in_the_api(world: Setting) -> None:
    meeting = running(world)
    response = client_for(world.coordinator).post(
        f"/n/{world.network.slug}/meetings/{meeting.pk}/decisions/new/",
        {
            "decision-text": "Adopted.",
            "decision-method": "vote",
            "decision-votes_for": "5",
            "decision-votes_against": "0",
            "decision-abstentions": "0",
            "decision-binding": "on",
        },
    )
    assert response.status_code == 200
    assert "5 votes and abstentions, but only 2 member organisations present may vote." in (
        response.content.decode()
    )
    api = APIClient()
    api.force_authenticate(world.coordinator)
    answer = api.post(
        "/api/v1/meetings/decisions/",
        {
            "meeting": meeting.pk,
            "text": "Adopted.",
            "method": "vote",
            "votes_for": 3,
            "votes_against": 0,
            "abstentions": 0,
            "binding": False,
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "votes_for" in answer.json()
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("votes", "text"),
    [
        ((1, 1, 1), "1 vote for, 1 vote against, 1 abstention"),
        ((2, 0, 2), "2 votes for, 0 votes against, 2 abstentions"),
    ],
)
def test_votes_are_shown_with_the_right_plural(votes: tuple[int, int, int], text: str) -> None:
    decision = Decision(
        method="vote", votes_for=votes[0], votes_against=votes[1], abstentions=votes[2]
    )
    with translation.override("en"):
        assert decision.votes_text == text
    assert Decision(method="consensus").votes_text == ""


# --- 6. no quorum rule ------------------------------------------------------------------------


def test_an_arena_without_a_quorum_rule_says_so() -> None:
    result = quorum.evaluate(QuorumRule.NONE, None, [1, 2, 3, 4], [])
    with translation.override("en"):
        assert not result.has_rule
        assert result.headline == "No quorum rule"
        assert result.text == (
            "No quorum rule; 0 of 4 member organisations represented with authority."
        )
        assert "quorate" not in result.text.lower()
        ruled = quorum.evaluate(QuorumRule.ALL_MEMBERS, None, [1, 2], [1])
        assert ruled.text.startswith("Not quorate: 1 of 2")


def test_the_meeting_page_says_no_quorum_rule(world: Setting) -> None:
    meeting = in_progress(meeting_in(world, days=0))

    page = (
        client_for(world.coordinator)
        .get(f"/n/{world.network.slug}/meetings/{meeting.pk}/")
        .content.decode()
    )

    quorum_box = page.split('id="quorum"')[1].split("</div>")[0]
    assert "No quorum rule." in quorum_box
    assert "quorate" not in quorum_box.split("data-quorate")[-1].lower().replace(
        "data-quorum-rule", ""
    )
    assert "0 of 4 member organisations represented with authority." in quorum_box
    assert "required" not in quorum_box


# --- the network's contact address ------------------------------------------------------------


def test_the_coordinator_sets_the_networks_contact_address(world: Setting) -> None:
    client = client_for(world.coordinator)
    url = f"/n/{world.network.slug}/settings/"
    form = client.get(url)
    assert 'name="contact_email"' in form.content.decode()

    response = client.post(
        url,
        {
            "name": "Hordaland",
            "language": "en",
            "time_zone": ZONE,
            "contact_email": "nytt@hordaland.example",
        },
    )

    assert response.status_code == 302
    assert Network.objects.get(pk=world.network.pk).contact_email == "nytt@hordaland.example"
    bad = client.post(
        url, {"name": "Hordaland", "language": "en", "time_zone": ZONE, "contact_email": "no"}
    )
    assert bad.status_code == 200 and "Enter a valid email address." in bad.content.decode()


def test_the_decision_register_and_meeting_page_show_votes_with_plurals(world: Setting) -> None:
    meeting = running(world)
    services.record_decision(
        actor=world.coordinator,
        meeting=meeting,
        text="Adopted.",
        method="vote",
        votes_for=1,
        votes_against=0,
        abstentions=1,
    )
    client = client_for(world.coordinator)

    register = client.get(f"/n/{world.network.slug}/meetings/decisions/").content.decode()
    page = client.get(f"/n/{world.network.slug}/meetings/{meeting.pk}/").content.decode()

    assert "<span data-votes>1 vote for, 0 votes against, 1 abstention</span>" in register
    assert "(1 vote for, 0 votes against, 1 abstention)" in page


def test_an_update_after_the_invitation_carries_the_reply_links_too(world: Setting) -> None:
    meeting = meeting_in(world)
    services.send_invitations(
        actor=world.coordinator, meeting=meeting, base_url="https://s.example/"
    )

    services.update_meeting(
        actor=world.coordinator, meeting=meeting, venue="Bryggen", base_url="https://s.example/"
    )

    update = OutgoingMail.objects.get(kind="meetings.update", to=["kari@example.no"])
    assert "Where: Bryggen" in update.body
    assert re.search(r"https://s\.example/r/[^/\s]+/", update.body)
    cancelled = meeting_in(world, status=MeetingStatus.INVITED)
    services.change_status(
        actor=world.coordinator, meeting=cancelled, status=MeetingStatus.CANCELLED
    )
    cancellation = OutgoingMail.objects.filter(kind="meetings.cancellation").first()
    assert cancellation is not None and "/r/" not in cancellation.body
