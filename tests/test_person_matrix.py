"""Who sees which person: every page, export and API endpoint that shows people, for every role.

The rule (``samverk.core.querysets.person_visibility`` / ``may_see_person``): the readers of a
network (coordinators, partner representatives, observers) and the platform admin see all its
people; a company contact sees only the people of their own organisation; nobody else sees any.
A person someone may not see is never named, mailed or linked (no id in the API): pages show
"a person" and the organisation, the API answers ``null`` for the person and their name.

Each case names the people the page or endpoint shows to someone who may see everyone; each role
must then see exactly those of them it may see — not one name, email or id more or less.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.exports import XLSX_CONTENT_TYPE
from samverk.core.models import Network
from samverk.meetings import notifications
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesCirculation,
    MinutesRecipient,
    MinutesVersion,
    Rsvp,
)
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory, at
from samverk.networks.models import Mandate, Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.projects.models import Project
from samverk.projects.tests.factories import ProjectFactory
from samverk.strategy.models import Direction
from samverk.strategy.tests.factories import CommitmentFactory, DirectionFactory, GoalFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "other_network",
    "coordinator",
    "partner_rep",
    "company_contact",
    "company_contact_b",
    "observer",
    "admin",
]
EVERYONE = frozenset({"anna", "arne", "bo"})
# Whom each role may see: our network's Anna, Arne and Bo, the other network's Olaf.
MAY_SEE: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "other_network": frozenset({"olaf"}),
    "coordinator": EVERYONE,
    "partner_rep": EVERYONE,
    "observer": EVERYONE,
    "admin": EVERYONE | {"olaf"},
    "company_contact": frozenset({"anna", "arne"}),  # of Stadtwerke (org A)
    "company_contact_b": frozenset({"bo"}),  # of the Hochschule (org B)
}


@dataclass
class World:
    """Our network "barnim": two member organisations — Stadtwerke (A) with Anna Berg (its
    decision-authorised representative) and Arne Dahl (no mandate), the Hochschule (B) with
    Bo Lind (its representative). A closed meeting of their arena: Bo and Arne present agenda
    items, both organisations replied (Anna, Bo), Anna, Bo and Arne (as a guest) were checked
    in, actions are owned by each of them, an earlier meeting's open action of Bo's carries
    over, and the minutes are written. Another network has Olaf Fjord."""

    network: Network
    org_a: Organisation
    org_b: Organisation
    people: dict[str, Person]
    mandates: dict[str, Mandate]
    meeting: Meeting
    upcoming: Meeting
    attendance: dict[str, Attendance]
    actions: dict[str, ActionItem]
    users: dict[str, User | None] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.network.slug


@pytest.fixture
def world() -> World:
    network = NetworkFactory.create(
        name="Netzwerk Barnim", slug="barnim", time_zone="Europe/Berlin"
    )
    org_a = OrganisationFactory.create(network=network, name="Stadtwerke Eberswalde")
    org_b = OrganisationFactory.create(network=network, name="Hochschule Eberswalde")
    anna = PersonFactory.create(organisation=org_a, name="Anna Berg", email="anna@stadtwerke.test")
    arne = PersonFactory.create(organisation=org_a, name="Arne Dahl", email="arne@stadtwerke.test")
    bo = PersonFactory.create(organisation=org_b, name="Bo Lind", email="bo@hochschule.test")
    since = dt.date(2024, 1, 1)
    mandate_a = MandateFactory.create(
        membership=MembershipFactory.create(organisation=org_a, since=since),
        person=anna,
        valid_from=since,
    )
    mandate_b = MandateFactory.create(
        membership=MembershipFactory.create(organisation=org_b, since=since),
        person=bo,
        valid_from=since,
    )
    arena = ArenaFactory.create(network=network, name="Lenkungsgruppe", quorum_rule="all")
    arena.members.set([org_a, org_b])
    earlier = MeetingFactory.create(
        arena=arena,
        title="Lenkungsgruppe IV/2024",
        starts_at=at(dt.date(2024, 12, 10)),
        ends_at=at(dt.date(2024, 12, 10), 12),
        status="minutes_approved",
    )
    meeting = MeetingFactory.create(
        arena=arena,
        title="Lenkungsgruppe I/2025",
        starts_at=at(dt.date(2025, 3, 12)),
        ends_at=at(dt.date(2025, 3, 12), 12),
        status="closed",
        host=org_a,
    )
    upcoming = MeetingFactory.create(
        arena=arena,
        title="Lenkungsgruppe II/2025",
        starts_at=at(dt.date(2025, 6, 11)),
        ends_at=at(dt.date(2025, 6, 11), 12),
        status="invited",
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Haushalt", presenter=bo)
    AgendaItem.objects.create(meeting=meeting, position=2, title="Messe", presenter=arne)
    AgendaItem.objects.create(meeting=meeting, position=3, title="Vortrag", guest_presenter="Gast")
    Rsvp.objects.create(meeting=meeting, organisation=org_a, answer="principal", person=anna)
    Rsvp.objects.create(meeting=meeting, organisation=org_b, answer="principal", person=bo)
    attendance = {
        "anna": Attendance.objects.create(
            meeting=meeting, person=anna, organisation=org_a, with_authority=True
        ),
        "bo": Attendance.objects.create(
            meeting=meeting, person=bo, organisation=org_b, with_authority=True
        ),
        "arne": Attendance.objects.create(
            meeting=meeting, person=arne, organisation=org_a, is_guest=True
        ),
    }
    decision = DecisionFactory.create(meeting=meeting, year=2025, number=3, text="Haushalt 2025")
    due = dt.date(2025, 4, 30)
    actions = {
        "bo": ActionItem.objects.create(
            network=network, meeting=meeting, title="Budget klaeren", owner_person=bo, due_date=due
        ),
        "anna": ActionItem.objects.create(
            network=network,
            meeting=meeting,
            decision=decision,
            title="Flyer drucken",
            owner_person=anna,
            owner_organisation=org_a,
            due_date=due,
        ),
        "org_b": ActionItem.objects.create(
            network=network,
            meeting=meeting,
            title="Raeume buchen",
            owner_organisation=org_b,
            due_date=due,
        ),
        "arne": ActionItem.objects.create(
            network=network,
            meeting=meeting,
            title="Liste schicken",
            owner_person=arne,
            owner_organisation=org_b,
            due_date=due,
        ),
        "carried": ActionItem.objects.create(
            network=network,
            meeting=earlier,
            title="Satzung pruefen",
            owner_person=bo,
            due_date=dt.date(2025, 2, 28),
        ),
    }
    coordinator = user_with_role(
        network, RoleKind.COORDINATOR, name="Carla Koordinatorin", email="carla@barnim.test"
    )
    minutes = Minutes.objects.create(meeting=meeting, status="circulated")
    version = MinutesVersion.objects.create(
        minutes=minutes, number=1, text="Der Haushalt wurde beraten.", author=coordinator
    )
    # Circulated to the mandate holders: the minutes page lists who received them.
    circulation = MinutesCirculation.objects.create(
        minutes=minutes,
        version=version,
        objection_deadline=dt.date(2025, 3, 31),
        circulated_by=coordinator,
        circulated_at=at(dt.date(2025, 3, 17)),
    )
    for person in (anna, bo):
        MinutesRecipient.objects.create(
            circulation=circulation, person=person, name=person.name, email=person.email
        )

    # A direction whose commitments are owned by Anna (org A) and Bo (org B).
    goal = GoalFactory.create(direction=DirectionFactory.create(network=network))
    for owner in (anna, bo):
        CommitmentFactory.create(goal=goal, side="members", owner=owner, text=f"By {owner.pk}")
    # Projects carried by org A (contact Anna) and org B (contact Bo).
    for letter, contact in (("A", anna), ("B", bo)):
        project = ProjectFactory.create(
            network=network,
            title=f"Project of org {letter}",
            carrier=contact.organisation,
            contact=contact,
        )
        if letter == "A":  # Bo of org B is responsible too
            project.responsible_people.set([bo])

    other = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
    olaf = PersonFactory.create(
        organisation=OrganisationFactory.create(network=other, name="Fjord Energi"),
        name="Olaf Fjord",
        email="olaf@fjord.test",
    )
    w = World(
        network=network,
        org_a=org_a,
        org_b=org_b,
        people={"anna": anna, "arne": arne, "bo": bo, "olaf": olaf},
        mandates={"anna": mandate_a, "bo": mandate_b},
        meeting=meeting,
        upcoming=upcoming,
        attendance=attendance,
        actions=actions,
    )
    w.users = {
        "anonymous": None,
        "other_network": user_with_role(other, RoleKind.COORDINATOR, name="Ola Other"),
        "coordinator": coordinator,
        "partner_rep": user_with_role(
            network, RoleKind.PARTNER_REPRESENTATIVE, organisation=org_a, name="Paula Partner"
        ),
        "company_contact": user_with_role(
            network, RoleKind.COMPANY_CONTACT, organisation=org_a, name="Kai Kontakt"
        ),
        "company_contact_b": user_with_role(
            network, RoleKind.COMPANY_CONTACT, organisation=org_b, name="Kim Kontakt"
        ),
        "observer": user_with_role(network, RoleKind.OBSERVER, name="Otto Observer"),
        "admin": UserFactory.create(is_superuser=True, is_staff=True, name="Ada Admin"),
    }
    return w


def people_in(world: World, text: str) -> set[str]:
    """The people whose name or email address appears in ``text``."""
    return {
        key for key, person in world.people.items() if person.name in text or person.email in text
    }


PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


# --- pages and exports ------------------------------------------------------------------------


def page(name: str, shows: frozenset[str] | set[str], **pk: Callable[[World], int]) -> Any:
    """A page ``name`` (URL name) with keyword arguments computed from the world, and the people
    it shows to someone who may see everyone."""

    def url(w: World) -> str:
        return reverse(name, kwargs={"network": w.slug, **{k: f(w) for k, f in pk.items()}})

    return url, frozenset(shows)


PAGES: dict[str, tuple[Callable[[World], str], frozenset[str]]] = {
    "dashboard": page("site:dashboard", set()),
    # The site search finds people by their organisation's name too.
    "search for Eberswalde": (
        lambda w: reverse("site:search", kwargs={"network": w.slug}) + "?q=Eberswalde",
        EVERYONE,
    ),
    "people": page("networks:person_list", EVERYONE),
    "person Anna": page("networks:person_detail", {"anna"}, pk=lambda w: w.people["anna"].pk),
    "person Bo": page("networks:person_detail", {"bo"}, pk=lambda w: w.people["bo"].pk),
    "organisation A": page("site:organisation_detail", {"anna", "arne"}, pk=lambda w: w.org_a.pk),
    "organisation B": page("site:organisation_detail", {"bo"}, pk=lambda w: w.org_b.pk),
    "members and mandates": page("networks:member_list", {"anna", "bo"}),
    "organisations": page("networks:organisation_list", set()),
    "arena": page("networks:arena_list", set()),
    "meetings": page("meetings:meeting_list", set()),
    "meeting (agenda, replies, attendance, actions, carried over)": page(
        "meetings:meeting_detail", EVERYONE, pk=lambda w: w.meeting.pk
    ),
    # The coordinator's prepare phase lists the open actions carried over, with their owners.
    "next meeting (follow-up of open actions)": (
        lambda w: (
            reverse("meetings:meeting_detail", kwargs={"network": w.slug, "pk": w.upcoming.pk})
            + "?phase=prepare"
        ),
        frozenset({"bo", "arne", "anna"}),
    ),
    "actions (and the owner filter)": page("meetings:action_list", EVERYONE),
    "decisions": page("meetings:decision_list", set()),
    "minutes (and who received them)": page(
        "meetings:minutes_detail", {"anna", "bo"}, pk=lambda w: w.meeting.pk
    ),
    "minutes as PDF": page("meetings:minutes_pdf", EVERYONE, pk=lambda w: w.meeting.pk),
    "commitment": page("meetings:commitment", set()),
    "strategy direction (commitment owners)": (
        lambda w: (
            reverse("strategy:direction_list", kwargs={"network": w.slug})
            + str(Direction.objects.get(network=w.network).pk)
            + "/"
        ),
        frozenset({"anna", "bo"}),
    ),
    "project carried by org A (contact person, responsible person)": (
        lambda w: Project.objects.get(title="Project of org A").get_absolute_url(),
        frozenset({"anna", "bo"}),
    ),
    "project carried by org B (contact person)": (
        lambda w: Project.objects.get(title="Project of org B").get_absolute_url(),
        frozenset({"bo"}),
    ),
    "project card as PDF (contact person)": (
        lambda w: Project.objects.get(title="Project of org A").get_absolute_url() + "card.pdf",
        frozenset({"anna"}),
    ),
    "projects as XLSX": page("projects:project_export", set(), format=lambda w: "xlsx"),
    # The annual report counts attendance and names meetings and decisions, never a person.
    "annual report": page("projects:annual_report", set(), year=lambda w: w.meeting.starts_at.year),
    "annual report as PDF": page(
        "projects:annual_report_pdf", set(), year=lambda w: w.meeting.starts_at.year
    ),
    "commitment as CSV": page("meetings:commitment_csv", set()),
    "commitment as XLSX": page("meetings:commitment_xlsx", set()),
    "organisations as CSV": page("networks:organisation_csv", set()),
    "organisations as XLSX": page("networks:organisation_xlsx", set()),
    "members as CSV": page("networks:member_csv", {"anna", "bo"}),
    "members as XLSX": page("networks:member_xlsx", {"anna", "bo"}),
    "decisions as CSV": page("meetings:decision_csv", set()),
    "decisions as XLSX": page("meetings:decision_xlsx", set()),
    "actions as CSV": page("meetings:action_csv", EVERYONE),
    "actions as XLSX": page("meetings:action_xlsx", EVERYONE),
}


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet of a workbook, as text."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


# The dashboard differs per role (core.registry panels): the coordinator's week names the
# owners of overdue actions; a representative's page names their own organisation's people;
# the observer's shows meetings only. What it names stays within what the role may see.
DASHBOARD_SHOWS: dict[str, frozenset[str]] = {
    "coordinator": EVERYONE,
    "admin": EVERYONE,
    "partner_rep": frozenset({"anna", "arne"}),  # acts for Stadtwerke (org A)
    "company_contact": frozenset({"anna", "arne"}),
    "company_contact_b": frozenset({"bo"}),
}


def expected_status(role: str, name: str) -> int:
    if role == "anonymous":
        return 302
    if role == "other_network":
        return 404
    hidden_person = name.startswith("person ") and not (PAGES[name][1] <= MAY_SEE[role])
    return 404 if hidden_person else 200


# The meeting page's read view (everyone but coordinators): agenda, the user's own reply and
# the decisions — not the other members' replies, the check-in list or the carried-over actions.
ROLE_SHOWS: dict[str, dict[str, frozenset[str]]] = {
    "next meeting (follow-up of open actions)": {
        role: frozenset()
        for role in ("partner_rep", "company_contact", "company_contact_b", "observer")
    },
    "meeting (agenda, replies, attendance, actions, carried over)": {
        "observer": frozenset({"arne", "bo"}),
    },
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_shows_exactly_the_people_the_role_may_see(world: World, role: str, name: str):
    url, shows = PAGES[name]
    if name == "dashboard":
        shows = DASHBOARD_SHOWS.get(role, shows)
    shows = ROLE_SHOWS.get(name, {}).get(role, shows)

    response = client_for(world, role).get(url(world))

    assert response.status_code == expected_status(role, name)
    if response["Content-Type"] == "application/pdf":
        text = pdf_text(response.content)
    elif response["Content-Type"] == XLSX_CONTENT_TYPE:
        text = xlsx_text(response.content)
    else:
        text = response.content.decode()
    assert people_in(world, text) == shows & MAY_SEE[role]


def test_the_meeting_page_shows_a_hidden_person_as_a_person_of_their_organisation(world: World):
    html = (
        client_for(world, "company_contact")
        .get(
            reverse(
                "meetings:meeting_detail", kwargs={"network": world.slug, "pk": world.meeting.pk}
            )
        )
        .content.decode()
    )

    assert "Hochschule Eberswalde" in html
    # Bo presents item 1: his organisation is named, not he.
    assert "a person (Hochschule Eberswalde)" in html
    assert f'value="{world.people["bo"].pk}"' not in html


def test_the_owner_filter_offers_only_people_the_role_may_see(world: World):
    url = reverse("meetings:action_list", kwargs={"network": world.slug})

    for role in ("coordinator", "company_contact", "company_contact_b"):
        html = client_for(world, role).get(url).content.decode()
        select = re.search(r'<select name="owner".*?</select>', html, re.DOTALL)
        assert select is not None
        offered = set(re.findall(r'<option value="(\d+)"', select.group()))
        keys = {str(person.pk): key for key, person in world.people.items()}
        assert {keys[pk] for pk in offered} == {"anna", "arne", "bo"} & MAY_SEE[role], role


# --- API ----------------------------------------------------------------------------------


# The API is namespaced by app (/api/v1/<app>/<resource>/, route names "api-<app>:…").
API_NAMESPACE = {
    **dict.fromkeys(["person", "mandate", "organisation", "membership", "arena"], "api-networks"),
    **dict.fromkeys(["attendance", "action", "agenda-item", "meeting", "decision"], "api-meetings"),
    "project": "api-projects",
}


@dataclass(frozen=True)
class Endpoint:
    basename: str  # the router's name: "<basename>-list", "<basename>-detail"
    shows: frozenset[str]
    person_field: str | None  # the field holding a person's id ("id" for people themselves)
    pk: Callable[[World], int] | None = None  # a detail: the object's key

    def url(self, world: World) -> str:
        if self.pk is None:
            return reverse(f"{API_NAMESPACE[self.basename]}:{self.basename}-list")
        return reverse(
            f"{API_NAMESPACE[self.basename]}:{self.basename}-detail", kwargs={"pk": self.pk(world)}
        )


ENDPOINTS: dict[str, Endpoint] = {
    "people": Endpoint("person", EVERYONE | {"olaf"}, "id"),
    "person Bo": Endpoint("person", frozenset({"bo"}), "id", pk=lambda w: w.people["bo"].pk),
    "mandates": Endpoint("mandate", frozenset({"anna", "bo"}), "person"),
    "mandate of Bo": Endpoint(
        "mandate", frozenset({"bo"}), "person", pk=lambda w: w.mandates["bo"].pk
    ),
    "attendance": Endpoint("attendance", EVERYONE, "person"),
    "attendance of Bo": Endpoint(
        "attendance", frozenset({"bo"}), "person", pk=lambda w: w.attendance["bo"].pk
    ),
    "actions": Endpoint("action", EVERYONE, "owner_person"),
    "action of Bo": Endpoint(
        "action", frozenset({"bo"}), "owner_person", pk=lambda w: w.actions["bo"].pk
    ),
    "agenda items": Endpoint("agenda-item", frozenset({"bo", "arne"}), "presenter"),
    "meetings": Endpoint("meeting", frozenset(), None),
    "decisions": Endpoint("decision", frozenset(), None),
    "organisations": Endpoint("organisation", frozenset(), None),
    "memberships": Endpoint("membership", frozenset(), None),
    "arenas": Endpoint("arena", frozenset(), None),
    "projects (contact persons)": Endpoint("project", frozenset({"anna", "bo"}), "contact"),
    "project of org B": Endpoint(
        "project",
        frozenset({"bo"}),
        "contact",
        pk=lambda w: Project.objects.get(title="Project of org B").pk,
    ),
}


def api_client_for(world: World, role: str) -> APIClient:
    client = APIClient()
    user = world.users[role]
    if user is not None:
        client.force_authenticate(user)
    return client


def api_status(role: str, name: str) -> int:
    endpoint = ENDPOINTS[name]
    if endpoint.pk is None:
        return 200
    if role == "other_network":
        return 404
    if endpoint.basename == "person" and not endpoint.shows <= MAY_SEE[role]:
        return 404  # a person one may not see does not exist
    return 200


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("role", ROLES)
def test_endpoint_shows_exactly_the_people_the_role_may_see(world: World, role: str, name: str):
    endpoint = ENDPOINTS[name]
    expected = endpoint.shows & MAY_SEE[role]

    response = api_client_for(world, role).get(endpoint.url(world))

    if role == "anonymous":
        assert response.status_code in (401, 403)
        assert set(response.json()) == {"detail"}
        return
    assert response.status_code == api_status(role, name)
    assert people_in(world, response.content.decode()) == expected
    if response.status_code != 200 or endpoint.person_field is None:
        return
    data = response.json()
    rows = data["results"] if endpoint.pk is None else [data]
    keys = {person.pk: key for key, person in world.people.items()}
    shown = {keys[row[endpoint.person_field]] for row in rows if row[endpoint.person_field]}
    assert shown == expected


def test_a_hidden_person_is_null_with_their_organisation_still_shown(world: World):
    client = api_client_for(world, "company_contact")

    attendance = client.get(
        reverse("api-meetings:attendance-detail", kwargs={"pk": world.attendance["bo"].pk})
    )
    mandate = client.get(
        reverse("api-networks:mandate-detail", kwargs={"pk": world.mandates["bo"].pk})
    )
    action = client.get(
        reverse("api-meetings:action-detail", kwargs={"pk": world.actions["bo"].pk})
    )
    own = client.get(
        reverse("api-meetings:attendance-detail", kwargs={"pk": world.attendance["anna"].pk})
    )

    assert {k: attendance.json()[k] for k in ("person", "person_name", "organisation_name")} == {
        "person": None,
        "person_name": None,
        "organisation_name": "Hochschule Eberswalde",
    }
    assert {k: mandate.json()[k] for k in ("person", "person_name", "organisation_name")} == {
        "person": None,
        "person_name": None,
        "organisation_name": "Hochschule Eberswalde",
    }
    assert {k: action.json()[k] for k in ("owner_person", "owner_person_name")} == {
        "owner_person": None,
        "owner_person_name": None,
    }
    assert (own.json()["person"], own.json()["person_name"]) == (
        world.people["anna"].pk,
        "Anna Berg",
    )


@pytest.mark.parametrize(("basename", "parameter"), [("action", "owner"), ("mandate", "person")])
def test_a_hidden_person_cannot_be_probed_through_a_filter(
    world: World, basename: str, parameter: str
):
    bo = world.people["bo"].pk
    url = reverse(f"{API_NAMESPACE[basename]}:{basename}-list")

    contact = api_client_for(world, "company_contact").get(url, {parameter: bo})
    coordinator = api_client_for(world, "coordinator").get(url, {parameter: bo})

    assert contact.status_code == 400
    assert set(contact.json()) == {parameter}
    assert coordinator.status_code == 200
    assert "Bo Lind" in json.dumps(coordinator.json())


# --- emails -------------------------------------------------------------------------------


def test_each_email_names_only_its_recipient(
    world: World, smtp_inbox: Any, django_capture_on_commit_callbacks: Any, run_tasks: Any
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.queue_invitations(world.upcoming)
        overdue = [world.actions["bo"], world.actions["anna"]]
        notifications.queue_action_reminders(overdue, now=at(dt.date(2025, 5, 5)))
    run_tasks()

    by_recipient: dict[str, list[set[str]]] = {}
    for message in smtp_inbox.messages:
        recipient = next(k for k, p in world.people.items() if p.email == message["To"])
        texts = [
            part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
        ]
        by_recipient.setdefault(recipient, []).append(people_in(world, "\n".join(texts)))

    assert by_recipient == {"anna": [{"anna"}, {"anna"}], "bo": [{"bo"}, {"bo"}]}


def test_a_representative_sends_back_an_action_with_a_hidden_owner_unchanged(world: World):
    """Kim (company contact of the Hochschule) may set the status of "Liste schicken", which
    the Hochschule owns, but may not see its owner Arne (Stadtwerke): the action comes with
    ``owner_person: null``, and sending it back as it came, with a new status, keeps Arne."""
    action = world.actions["arne"]
    client = api_client_for(world, "company_contact_b")
    url = reverse("api-meetings:action-detail", kwargs={"pk": action.pk})
    data = client.get(url).json()

    response = client.put(url, {**data, "status": "done"}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["owner_person"], response.json()["status"]) == (None, "done")
    action.refresh_from_db()
    assert (action.owner_person, action.status) == (world.people["arne"], "done")


def test_a_hidden_owner_cannot_be_named_by_id(world: World):
    """Nor can Kim make Arne (whom she may not see) the owner of another action."""
    action = world.actions["org_b"]
    client = api_client_for(world, "company_contact_b")
    url = reverse("api-meetings:action-detail", kwargs={"pk": action.pk})

    response = client.patch(url, {"owner_person": world.people["arne"].pk}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"owner_person"}
    action.refresh_from_db()
    assert action.owner_person is None
