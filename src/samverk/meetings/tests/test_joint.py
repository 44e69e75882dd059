"""Joint meetings (issue 8): one meeting of several networks' arenas (Barnim leads, Uckermark
takes part; both in one federation), one attendance list, quorum per network by each arena's
rule, decisions numbered in each network's register, one status; each network's members see
it in their network, a third network sees nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import Federation, Network
from samverk.core.querysets import require_scoped
from samverk.meetings import joint, notifications, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingParticipation,
    Rsvp,
)
from samverk.meetings.tests.factories import DecisionFactory, at
from samverk.networks.choices import QuorumRule
from samverk.networks.models import Arena, Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 7, 9)
ROLES = [
    RoleKind.COORDINATOR,
    RoleKind.PARTNER_REPRESENTATIVE,
    RoleKind.COMPANY_CONTACT,
    RoleKind.OBSERVER,
]


@dataclass
class Side:
    network: Network
    arena: Arena
    members: list[Organisation]
    representatives: list[Person]  # one decision-authorised person per member
    users: dict[str, User] = field(default_factory=dict)


def side(slug: str, federation: Federation | None, members: int, **rule: Any) -> Side:
    network = NetworkFactory.create(
        slug=slug, name=slug.capitalize(), federation=federation, time_zone="Europe/Berlin"
    )
    arena = ArenaFactory.create(network=network, name=f"Plenum {slug}", **rule)
    mandates = [
        MandateFactory.create(
            membership=MembershipFactory.create(
                organisation__network=network, organisation__name=f"{slug} org {i}"
            )
        )
        for i in range(members)
    ]
    organisations = [m.membership.organisation for m in mandates]
    arena.members.set(organisations)
    result = Side(network, arena, organisations, [m.person for m in mandates])
    for role in ROLES:
        result.users[role] = user_with_role(
            network,
            role,
            organisation=organisations[0]
            if role in (RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT)
            else None,
        )
    return result


@dataclass
class World:
    barnim: Side
    uckermark: Side
    third: Side  # no federation: never sees the joint meeting
    admin: User

    def schedule(self, **kwargs: Any) -> Meeting:
        start = at(DAY, 14)
        values: dict[str, Any] = {
            "actor": self.barnim.users[RoleKind.COORDINATOR],
            "arena": self.barnim.arena,
            "title": "Gemeinsame Sitzung",
            "purpose": "Rückkehrertag gemeinsam vorbereiten.",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=3),
            "joint_arenas": [self.uckermark.arena],
        }
        values.update(kwargs)
        return services.schedule_meeting(**values)


@pytest.fixture
def world() -> World:
    federation = Federation.objects.create(name="Barnim und Uckermark", slug="bu")
    return World(
        barnim=side("barnim", federation, 3, quorum_rule=QuorumRule.ALL_MEMBERS),
        uckermark=side(
            "uckermark", federation, 4, quorum_rule=QuorumRule.PERCENT, quorum_percent=50
        ),
        third=side("nordsachsen", None, 2),
        admin=UserFactory.create(is_superuser=True, is_staff=True),
    )


def start(world: World, meeting: Meeting) -> Meeting:
    actor = world.barnim.users[RoleKind.COORDINATOR]
    for status in ("invited", "in_progress"):
        meeting = services.change_status(actor=actor, meeting=meeting, status=status)
    return meeting


def check_in(world: World, meeting: Meeting, people: list[Person]) -> None:
    for person in people:
        services.check_in(
            actor=world.barnim.users[RoleKind.COORDINATOR], meeting=meeting, person=person
        )


# --- scheduling ----------------------------------------------------------------------------


def test_a_coordinator_schedules_a_joint_meeting_with_an_arena_of_a_federation_network(
    world: World,
) -> None:
    meeting = world.schedule()

    rows = list(MeetingParticipation.objects.filter(meeting=meeting))
    assert [(r.network, r.arena) for r in rows] == [
        (world.uckermark.network, world.uckermark.arena)
    ]
    assert [(p.network.slug, p.lead) for p in joint.participants(meeting)] == [
        ("barnim", True),
        ("uckermark", False),
    ]
    assert set(joint.member_organisations(meeting)) == set(
        world.barnim.members + world.uckermark.members
    )


def test_a_network_outside_the_federation_cannot_join(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        world.schedule(joint_arenas=[world.third.arena])

    assert "joint_arenas" in error.value.message_dict
    assert "not in the federation" in error.value.message_dict["joint_arenas"][0]
    assert not Meeting.objects.filter(title="Gemeinsame Sitzung").exists()  # nothing in part


def test_the_lead_networks_own_arena_and_two_arenas_of_one_network_are_refused(
    world: World,
) -> None:
    own = ArenaFactory.create(network=world.barnim.network)
    second = ArenaFactory.create(network=world.uckermark.network)

    with pytest.raises(ValidationError, match="own network"):
        world.schedule(joint_arenas=[own])
    with pytest.raises(ValidationError, match="one arena per network"):
        world.schedule(joint_arenas=[world.uckermark.arena, second])
    assert not MeetingParticipation.objects.exists()


def test_only_the_lead_networks_coordinator_schedules_and_changes_participants(
    world: World,
) -> None:
    with pytest.raises(PermissionDenied):
        world.schedule(actor=world.uckermark.users[RoleKind.COORDINATOR])
    meeting = world.schedule()
    with pytest.raises(PermissionDenied):
        services.set_joint_arenas(
            actor=world.uckermark.users[RoleKind.COORDINATOR], meeting=meeting, arenas=[]
        )

    services.set_joint_arenas(
        actor=world.barnim.users[RoleKind.COORDINATOR], meeting=meeting, arenas=[]
    )
    assert not MeetingParticipation.objects.filter(meeting=meeting).exists()


def test_participants_are_fixed_once_the_meeting_has_started(world: World) -> None:
    meeting = start(world, world.schedule())

    with pytest.raises(ValidationError):
        services.set_joint_arenas(
            actor=world.barnim.users[RoleKind.COORDINATOR], meeting=meeting, arenas=[]
        )
    assert MeetingParticipation.objects.filter(meeting=meeting).count() == 1


def test_the_invitation_goes_to_the_members_of_every_participating_arena(world: World) -> None:
    meeting = world.schedule()

    invited = {p.pk for p in notifications.invitees(meeting)}

    assert invited == {p.pk for p in world.barnim.representatives + world.uckermark.representatives}


def test_a_uckermark_representative_replies_for_their_organisation(world: World) -> None:
    meeting = world.schedule()
    representative = world.uckermark.users[RoleKind.PARTNER_REPRESENTATIVE]

    services.record_rsvp(
        actor=representative,
        meeting=meeting,
        organisation=world.uckermark.members[0],
        answer=Rsvp.Answer.PRINCIPAL,
        person=world.uckermark.representatives[0],
        now=at(DAY - dt.timedelta(days=3)),
    )

    assert Rsvp.objects.get(meeting=meeting).organisation == world.uckermark.members[0]


# --- one attendance list, quorum per network -----------------------------------------------


def test_people_of_both_networks_check_in_to_one_list_and_quorum_is_per_network(
    world: World,
) -> None:
    meeting = start(world, world.schedule())
    # Barnim: every member with authority needed (3 of 3); Uckermark: 50 % (2 of 4).
    check_in(world, meeting, world.barnim.representatives[:2] + world.uckermark.representatives[:2])

    assert set(meeting.attendances.values_list("with_authority", flat=True)) == {True}
    results = {q.network.slug: q for q in joint.quorum_by_network(meeting)}
    assert (results["barnim"].result.represented, results["barnim"].result.required) == (2, 3)
    assert not results["barnim"].is_quorate
    assert [o.name for o in results["barnim"].missing] == ["barnim org 2"]
    assert (results["uckermark"].result.represented, results["uckermark"].result.required) == (
        2,
        2,
    )
    assert results["uckermark"].is_quorate


def test_a_person_of_a_third_network_cannot_be_checked_in(world: World) -> None:
    meeting = start(world, world.schedule())

    with pytest.raises(ValidationError):
        check_in(world, meeting, world.third.representatives[:1])


# --- decisions numbered in each register ----------------------------------------------------


def test_a_decision_is_numbered_in_each_networks_register(world: World) -> None:
    earlier_b = DecisionFactory.create(
        meeting__arena=world.barnim.arena, meeting__starts_at=at(DAY - dt.timedelta(days=30))
    )
    Decision.objects.filter(pk=earlier_b.pk).update(year=2026, number=6)
    earlier_u = DecisionFactory.create(
        meeting__arena=world.uckermark.arena, meeting__starts_at=at(DAY - dt.timedelta(days=30))
    )
    Decision.objects.filter(pk=earlier_u.pk).update(year=2026, number=3)
    meeting = start(world, world.schedule())
    check_in(world, meeting, world.barnim.representatives + world.uckermark.representatives[:2])

    decision = services.record_decision(
        actor=world.barnim.users[RoleKind.COORDINATOR],
        meeting=meeting,
        text="Den Rückkehrertag gemeinsam ausrichten.",
    )

    rows = {d.network.slug: d for d in Decision.objects.filter(meeting=meeting)}
    assert decision.network == world.barnim.network
    assert (rows["barnim"].reference, rows["uckermark"].reference) == ("2026/07", "2026/04")
    assert rows["barnim"].joint_group == rows["uckermark"].joint_group is not None
    assert rows["uckermark"].text == "Den Rückkehrertag gemeinsam ausrichten."
    assert all(d.binding for d in rows.values())
    shown = joint.with_references(meeting, list(meeting.decisions.select_related("network")))
    references = [getattr(d, "joint_references", []) for d in shown]
    assert [[(r.reference, r.network.slug) for r in refs] for refs in references] == [
        [("2026/07", "barnim"), ("2026/04", "uckermark")]
    ]

    services.update_decision(
        actor=world.barnim.users[RoleKind.COORDINATOR], decision=decision, topic="Rückkehrertag"
    )
    assert set(Decision.objects.filter(meeting=meeting).values_list("topic", flat=True)) == {
        "Rückkehrertag"
    }
    assert Decision.objects.get(pk=rows["uckermark"].pk).number == 4


def test_a_binding_decision_needs_the_quorum_of_every_network(world: World) -> None:
    meeting = start(world, world.schedule())
    # Uckermark quorate (2 of 4, 50 %), Barnim not (2 of 3, all needed).
    check_in(world, meeting, world.barnim.representatives[:2] + world.uckermark.representatives[:2])
    coordinator = world.barnim.users[RoleKind.COORDINATOR]

    with pytest.raises(ValidationError, match="not quorate for Barnim"):
        services.record_decision(actor=coordinator, meeting=meeting, text="Bindend.")
    assert not Decision.objects.exists()

    services.record_decision(actor=coordinator, meeting=meeting, text="Empfohlen.", binding=False)
    assert Decision.objects.filter(meeting=meeting, binding=False).count() == 2


def test_one_status_for_all(world: World) -> None:
    meeting = start(world, world.schedule())

    services.change_status(
        actor=world.barnim.users[RoleKind.COORDINATOR], meeting=meeting, status="closed"
    )

    for network in (world.barnim.network, world.uckermark.network):
        assert Meeting.objects.for_network(network).get(pk=meeting.pk).status == "closed"
    with pytest.raises(PermissionDenied):  # a participating network's coordinator reads it
        services.change_status(
            actor=world.uckermark.users[RoleKind.COORDINATOR],
            meeting=meeting,
            status="minutes_approved",
        )


# --- who sees it -----------------------------------------------------------------------------


@pytest.fixture
def held(world: World) -> Meeting:
    """A joint meeting with an agenda item, attendance of both networks, a decision in both
    registers and an action."""
    coordinator = world.barnim.users[RoleKind.COORDINATOR]
    meeting = world.schedule()
    item = services.add_agenda_item(actor=coordinator, meeting=meeting, title="Rückkehrertag")
    meeting = start(world, meeting)
    check_in(world, meeting, world.barnim.representatives[:1] + world.uckermark.representatives[:1])
    services.record_decision(
        actor=coordinator, meeting=meeting, text="Gemeinsam.", binding=False, agenda_item=item
    )
    services.create_action(
        actor=coordinator,
        meeting=meeting,
        title="Einladung entwerfen",
        due_date=DAY + dt.timedelta(days=14),
        owner_organisation=world.barnim.members[0],
        today=DAY,
    )
    return meeting


@pytest.mark.parametrize("slug", ["barnim", "uckermark"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_each_participating_network_sees_the_meeting_and_its_rows(
    world: World, held: Meeting, slug: str, role: str
) -> None:
    own = getattr(world, slug)
    user = own.users[role]

    assert list(Meeting.objects.visible_to(user).for_network(own.network)) == [held]
    for model in (AgendaItem, Attendance, ActionItem, MeetingParticipation):
        rows = model.objects.visible_to(user)
        assert rows.filter(**{model.meeting_path: held.pk}).exists(), model  # type: ignore[attr-defined]
        assert require_scoped(rows, filtered=True) is rows
    assert Attendance.objects.visible_to(user).for_network(own.network).count() == 2
    # Both numbers are readable; the network's register lists its own row.
    assert Decision.objects.visible_to(user).filter(meeting=held).count() == 2
    register = Decision.objects.visible_to(user).for_network(own.network)
    assert [d.network.slug for d in register] == [slug]


@pytest.mark.parametrize("role", ROLES)
def test_a_third_network_sees_nothing_of_the_joint_meeting(
    world: World, held: Meeting, role: str
) -> None:
    user = world.third.users[role]

    for model in (Meeting, AgendaItem, Attendance, Decision, ActionItem, MeetingParticipation):
        assert not model.objects.visible_to(user).exists(), model
    assert not Meeting.objects.visible_to(user).for_network(world.third.network).exists()
    assert not Meeting.objects.visible_to(user).for_network(world.uckermark.network).exists()


def test_a_single_network_meeting_is_scoped_as_before(world: World, held: Meeting) -> None:
    alone = services.schedule_meeting(
        actor=world.barnim.users[RoleKind.COORDINATOR],
        arena=world.barnim.arena,
        title="Nur Barnim",
        purpose="Intern.",
        starts_at=at(DAY),
        ends_at=at(DAY, 12),
    )
    uckermark = world.uckermark.users[RoleKind.OBSERVER]

    assert alone not in Meeting.objects.visible_to(uckermark)
    assert alone not in Meeting.objects.for_network(world.uckermark.network)
    assert set(Meeting.objects.for_network(world.barnim.network)) == {alone, held}


def test_the_api_lists_the_joint_meeting_for_both_networks_and_not_for_a_third(
    world: World, held: Meeting
) -> None:
    def listed(user: User, query: str = "") -> list[dict[str, Any]]:
        client = APIClient()
        client.force_authenticate(user)
        response = client.get(f"/api/v1/meetings/meetings/{query}")
        assert response.status_code == 200
        return list(response.json()["results"])

    for role in ROLES:
        rows = listed(world.uckermark.users[role], "?network=uckermark")
        assert [r["id"] for r in rows] == [held.pk]
        assert rows[0]["network"] == "barnim"
        assert rows[0]["participating_networks"] == [
            {
                "network": "uckermark",
                "network_name": "Uckermark",
                "arena": world.uckermark.arena.pk,
                "arena_name": "Plenum uckermark",
            }
        ]
        assert [r["id"] for r in listed(world.third.users[role])] == []
    decisions = APIClient()
    decisions.force_authenticate(world.uckermark.users[RoleKind.OBSERVER])
    body = decisions.get("/api/v1/meetings/decisions/?network=uckermark").json()
    assert [(r["network"], r["reference"]) for r in body["results"]] == [("uckermark", "2026/01")]


# --- pages ---------------------------------------------------------------------------------


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_uckermark_member_sees_the_barnim_led_meeting_in_uckermark(
    world: World, held: Meeting
) -> None:
    DecisionFactory.create(  # an unrelated row of Uckermark's register
        meeting__arena=world.uckermark.arena,
        meeting__starts_at=at(DAY - dt.timedelta(days=30)),
        year=2026,
        number=9,
    )
    client = client_for(world.uckermark.users[RoleKind.PARTNER_REPRESENTATIVE])

    listing = client.get("/n/uckermark/meetings/")
    assert listing.status_code == 200
    assert "Gemeinsame Sitzung" in listing.content.decode()

    page = client.get(f"/n/uckermark/meetings/{held.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "2026/01 (Barnim) · 2026/01 (Uckermark)" in text_of(html)
    assert "data-joint-participants" in html
    assert "Plenum uckermark" in html and "Plenum barnim" in html
    assert not page.context["can_manage"]  # the lead network's coordinators run it

    register = client.get("/n/uckermark/meetings/decisions/")
    text = register.content.decode()
    assert [d.reference for d in register.context["page"].object_list] == ["2026/09", "2026/01"]
    assert "Gemeinsam." in text

    third = client_for(world.third.users[RoleKind.COORDINATOR])
    assert third.get(f"/n/uckermark/meetings/{held.pk}/").status_code == 404
    assert third.get(f"/n/nordsachsen/meetings/{held.pk}/").status_code == 404
    assert "Gemeinsame Sitzung" not in third.get("/n/nordsachsen/meetings/").content.decode()


def test_the_decision_shows_both_numbers_in_order_for_barnim(world: World, held: Meeting) -> None:
    page = client_for(world.barnim.users[RoleKind.COORDINATOR]).get(
        f"/n/barnim/meetings/{held.pk}/"
    )

    assert page.context["can_manage"]
    assert "2026/01 (Barnim) · 2026/01 (Uckermark)" in text_of(page.content.decode())
    # The quorum of each network, by its own arena's rule
    html = page.content.decode()
    assert 'data-network="uckermark"' in html and 'data-network="barnim"' in html
    assert len(page.context["decisions"]) == 1


def test_scheduling_form_offers_the_federations_arenas_and_creates_the_joint_meeting(
    world: World,
) -> None:
    client = client_for(world.barnim.users[RoleKind.COORDINATOR])
    form = client.get("/n/barnim/meetings/new/").context["form"]
    offered = list(form.fields["joint_arenas"].queryset)
    assert offered == [world.uckermark.arena]  # not the third network's

    response = client.post(
        "/n/barnim/meetings/new/",
        {
            "arena": world.barnim.arena.pk,
            "title": "Per Formular",
            "purpose": "Gemeinsam.",
            "starts_at": "2026-07-09T14:00",
            "ends_at": "2026-07-09T17:00",
            "joint_arenas": [world.uckermark.arena.pk],
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(title="Per Formular")
    assert [p.arena for p in joint.participations(meeting)] == [world.uckermark.arena]

    refused = client.post(
        "/n/barnim/meetings/new/",
        {
            "arena": world.barnim.arena.pk,
            "title": "Mit Fremden",
            "purpose": "Nein.",
            "starts_at": "2026-07-09T14:00",
            "ends_at": "2026-07-09T17:00",
            "joint_arenas": [world.third.arena.pk],
        },
    )
    assert refused.status_code == 200
    assert "joint_arenas" in refused.context["form"].errors
    assert not Meeting.objects.filter(title="Mit Fremden").exists()


def test_a_uckermark_representative_replies_on_the_meeting_page_in_uckermark(
    world: World,
) -> None:
    meeting = world.schedule(
        starts_at=at(DAY + dt.timedelta(days=3650)), ends_at=at(DAY + dt.timedelta(days=3650), 17)
    )
    client = client_for(world.uckermark.users[RoleKind.PARTNER_REPRESENTATIVE])
    page = client.get(f"/n/uckermark/meetings/{meeting.pk}/")
    # The one organisation the representative acts for is named, not offered as a choice.
    assert page.context["rsvp_form"] is not None
    assert world.uckermark.members[0].name in page.content.decode()

    response = client.post(
        f"/n/uckermark/meetings/{meeting.pk}/replies/",
        {
            "rsvp-organisation": world.uckermark.members[0].pk,
            "rsvp-answer": Rsvp.Answer.PRINCIPAL,
            "rsvp-person": world.uckermark.representatives[0].pk,
        },
    )

    assert response.status_code == 302
    assert Rsvp.objects.get(meeting=meeting).organisation == world.uckermark.members[0]
    # Every participating arena's members are on the one list of replies.
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.INVITED)
    lead = client_for(world.barnim.users[RoleKind.COORDINATOR])
    rows = lead.get(f"/n/barnim/meetings/{meeting.pk}/").context["reply_rows"]
    assert len(rows) == 7
    assert sum(1 for row in rows if row["rsvp"]) == 1


def test_links_to_a_joint_meeting_open_it_in_the_recipients_network(world: World) -> None:
    meeting = world.schedule()

    assert joint.meeting_path(meeting, world.uckermark.network) == (
        f"/n/uckermark/meetings/{meeting.pk}/"
    )
    assert joint.meeting_path(meeting, world.barnim.network) == f"/n/barnim/meetings/{meeting.pk}/"
    assert joint.meeting_path(meeting, world.third.network) == f"/n/barnim/meetings/{meeting.pk}/"


def test_the_lead_coordinator_edits_the_participants_in_the_form(world: World) -> None:
    meeting = world.schedule()
    client = client_for(world.barnim.users[RoleKind.COORDINATOR])
    form = client.get(f"/n/barnim/meetings/{meeting.pk}/edit/").context["form"]
    assert form.initial["joint_arenas"] == [world.uckermark.arena.pk]

    response = client.post(
        f"/n/barnim/meetings/{meeting.pk}/edit/",
        {
            "title": meeting.title,
            "purpose": meeting.purpose,
            "starts_at": "2026-07-09T14:00",
            "ends_at": "2026-07-09T17:00",
        },
    )

    assert response.status_code == 302
    assert not MeetingParticipation.objects.filter(meeting=meeting).exists()
