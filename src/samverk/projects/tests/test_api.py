"""The projects API for every role: lists scoped to the user's networks, writes only for
coordinators through the services, bad input answered 400 with field errors and nothing
saved, constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.projects.models import KeyFigure, Milestone, Project, ProjectFile, ProjectPartner
from samverk.projects.tests.factories import (
    FocusAreaFactory,
    KeyFigureFactory,
    MilestoneFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/"
ROLES = [
    RoleKind.COORDINATOR,
    RoleKind.PARTNER_REPRESENTATIVE,
    RoleKind.COMPANY_CONTACT,
    RoleKind.OBSERVER,
]


@pytest.fixture
def world() -> dict[str, Any]:
    ours = NetworkFactory.create(slug="nordsachsen")
    theirs = NetworkFactory.create(slug="elsewhere")
    project = ProjectFactory.create(network=ours, title="MINT", short_name="MINT")
    their_project = ProjectFactory.create(network=theirs, title="Theirs")
    return {
        "ours": ours,
        "theirs": theirs,
        "project": project,
        "their_project": their_project,
        "figure": KeyFigureFactory.create(project=project),
        "their_figure": KeyFigureFactory.create(project=their_project),
        "milestone": MilestoneFactory.create(project=project),
        "partner": PartnerFactory.create(project=project),
        "area": FocusAreaFactory.create(network=ours),
        "their_area": FocusAreaFactory.create(network=theirs),
        "their_organisation": OrganisationFactory.create(network=theirs),
        "file": project_file(project, title="Flyer"),
        "their_file": project_file(their_project, title="Their flyer"),
    }


def project_file(project: Project, **fields: Any) -> ProjectFile:
    values: dict[str, Any] = {
        "file": "projects/files/2025/flyer.pdf",
        "title": "Flyer",
        "original_name": "Flyer MINT.pdf",
        "content_type": "application/pdf",
        "size": 12345,
        **fields,
    }
    return ProjectFile.objects.create(project=project, **values)


def client_for(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", [*ROLES, "other_network", "admin"])
@pytest.mark.parametrize(
    ("endpoint", "ours", "theirs"),
    [
        ("projects", "project", "their_project"),
        ("key-figures", "figure", "their_figure"),
        ("focus-areas", "area", "their_area"),
        ("files", "file", "their_file"),
    ],
)
def test_lists_are_scoped(world, role, endpoint, ours, theirs):
    if role == "admin":
        user = UserFactory.create(is_superuser=True, is_staff=True)
    elif role == "other_network":
        user = user_with_role(world["theirs"], RoleKind.COORDINATOR)
    else:
        user = user_with_role(world["ours"], role)

    response = client_for(user).get(f"{API}{endpoint}/")

    assert response.status_code == 200
    listed = {row["id"] for row in response.json()["results"]}
    expected = {
        "admin": {world[ours].pk, world[theirs].pk},
        "other_network": {world[theirs].pk},
    }.get(role, {world[ours].pk})
    assert listed == expected


def test_anonymous_gets_nothing(world):
    response = client_for(None).get(f"{API}projects/")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", [r for r in ROLES if r != RoleKind.COORDINATOR])
def test_only_coordinators_write(world, role):
    user = user_with_role(world["ours"], role)
    before = Project.objects.count()

    created = client_for(user).post(
        f"{API}projects/", {"network": "nordsachsen", "title": "Nope"}, format="json"
    )
    changed = client_for(user).patch(
        f"{API}projects/{world['project'].pk}/", {"title": "Nope"}, format="json"
    )
    deleted = client_for(user).delete(f"{API}partners/{world['partner'].pk}/")

    assert (created.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert Project.objects.count() == before
    assert Project.objects.get(pk=world["project"].pk).title == "MINT"
    assert ProjectPartner.objects.filter(pk=world["partner"].pk).exists()


def test_a_coordinator_creates_a_project_with_its_figure_and_milestone(world):
    coordinator = user_with_role(world["ours"], RoleKind.COORDINATOR)
    carrier = OrganisationFactory.create(network=world["ours"], name="WFG")
    contact = PersonFactory.create(organisation=carrier, name="Tom Berger")
    client = client_for(coordinator)

    response = client.post(
        f"{API}projects/",
        {
            "network": "nordsachsen",
            "title": "Nordsächsischer Rückkehrertag",
            "status": "completed",
            "starts_on": "2024-09-01",
            "ends_on": "2024-12-31",
            "carrier": carrier.pk,
            "contact": contact.pk,
            "focus_areas": [world["area"].pk],
            "results": "300 Besuchende",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["carrier_name"], body["contact_name"]) == ("WFG", "Tom Berger")
    assert body == client.get(f"{API}projects/{body['id']}/").json()
    project = Project.objects.get(pk=body["id"])
    assert AuditRecord.objects.for_object(project).filter(actor=coordinator).exists()
    figure = client.post(
        f"{API}key-figures/",
        {
            "project": project.pk,
            "label": "Besuchende",
            "value": "300",
            "unit": "Besuchende",
            "on": "2024-12-27",
        },
        format="json",
    )
    assert figure.status_code == 201 and figure.json()["value"] == "300.00"
    milestone = client.post(
        f"{API}milestones/",
        {"project": project.pk, "title": "Standorte", "planned_on": "2025-03-01"},
        format="json",
    )
    assert milestone.status_code == 400
    assert set(milestone.json()) == {"planned_on"}  # after the project's end
    assert not Milestone.objects.filter(project=project).exists()


@pytest.mark.parametrize(
    ("endpoint", "payload", "fields"),
    [
        ("projects", {"title": "X", "carrier": "their_organisation"}, {"carrier"}),
        ("projects", {"title": "X", "focus_areas": ["their_area"]}, {"focus_areas"}),
        (
            "projects",
            {"title": "X", "starts_on": "2025-01-01", "ends_on": "2024-01-01"},
            {"ends_on"},
        ),
        ("projects", {"title": "X", "starts_on": "1850-01-01"}, {"starts_on"}),
        ("key-figures", {"label": "L", "value": "1", "unit": " ", "on": "2025-01-01"}, {"unit"}),
        ("key-figures", {"label": "L", "value": "x", "unit": "u", "on": "2025-01-01"}, {"value"}),
        ("partners", {"organisation": "their_organisation", "role": "funder"}, {"organisation"}),
        ("partners", {"organisation": "ours_org", "role": "boss"}, {"role"}),
    ],
)
def test_bad_input_answers_400_and_saves_nothing(world, endpoint, payload, fields):
    coordinator = user_with_role(world["ours"], RoleKind.COORDINATOR)
    ours_org = OrganisationFactory.create(network=world["ours"])
    refs = {
        "their_organisation": world["their_organisation"].pk,
        "their_area": world["their_area"].pk,
        "ours_org": ours_org.pk,
    }
    data = {
        key: (
            [refs.get(v, v) for v in value] if isinstance(value, list) else refs.get(value, value)
        )
        for key, value in payload.items()
    }
    if endpoint == "projects":
        data["network"] = "nordsachsen"
    else:
        data["project"] = world["project"].pk
    counts = (Project.objects.count(), KeyFigure.objects.count(), ProjectPartner.objects.count())
    audit = AuditRecord.objects.count()

    response = client_for(coordinator).post(f"{API}{endpoint}/", data, format="json")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert (
        Project.objects.count(),
        KeyFigure.objects.count(),
        ProjectPartner.objects.count(),
    ) == counts
    assert AuditRecord.objects.count() == audit


def test_a_hidden_contact_person_is_null(world):
    other = OrganisationFactory.create(network=world["ours"], name="Hochschule")
    hidden = PersonFactory.create(organisation=other, name="Bo Lind")
    Project.objects.filter(pk=world["project"].pk).update(carrier=other, contact=hidden)
    contact_of_a = user_with_role(world["ours"], RoleKind.COMPANY_CONTACT)

    body = client_for(contact_of_a).get(f"{API}projects/{world['project'].pk}/").json()

    assert (body["contact"], body["contact_name"], body["carrier_name"]) == (
        None,
        None,
        "Hochschule",
    )


def _queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_project_list_runs_the_same_queries_at_two_sizes():
    small, large = NetworkFactory.create(slug="small"), NetworkFactory.create(slug="large")
    for network, count in ((small, 2), (large, 12)):
        area = FocusAreaFactory.create(network=network)
        for _ in range(count):
            project = ProjectFactory.create(network=network, starts_on=dt.date(2024, 1, 1))
            project.focus_areas.set([area])
    small_client = client_for(user_with_role(small, RoleKind.COORDINATOR))
    large_client = client_for(user_with_role(large, RoleKind.COORDINATOR))

    assert _queries(large_client, f"{API}projects/") == _queries(small_client, f"{API}projects/")


def test_responsible_persons_one_may_not_see_are_left_out(world):
    own = OrganisationFactory.create(network=world["ours"], name="Stadtwerke")
    other = OrganisationFactory.create(network=world["ours"], name="Hochschule")
    anna = PersonFactory.create(organisation=own, name="Anna Berg")
    bo = PersonFactory.create(organisation=other, name="Bo Lind")
    world["project"].responsible_people.set([anna, bo])
    url = f"{API}projects/{world['project'].pk}/"

    contact = user_with_role(world["ours"], RoleKind.COMPANY_CONTACT, organisation=own)
    observer = user_with_role(world["ours"], RoleKind.OBSERVER)

    assert client_for(contact).get(url).json()["responsible_people"] == [anna.pk]
    assert sorted(client_for(observer).get(url).json()["responsible_people"]) == sorted(
        [anna.pk, bo.pk]
    )


# --- files (read only) ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_a_projects_files_with_their_download(world, role):
    image = project_file(
        world["project"],
        title="Gruppenbild",
        original_name="gruppe.jpg",
        content_type="image/jpeg",
        is_image=True,
        alt_text="Zwölf Schülerinnen vor dem Labor",
        credit="Foto: Netzwerk",
        consent=True,
        is_public=True,
    )
    client = client_for(user_with_role(world["ours"], role))

    response = client.get(f"{API}files/{image.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": image.pk,
        "network": "nordsachsen",
        "project": world["project"].pk,
        "title": "Gruppenbild",
        "original_name": "gruppe.jpg",
        "content_type": "image/jpeg",
        "size": 12345,
        "is_image": True,
        "alt_text": "Zwölf Schülerinnen vor dem Labor",
        "credit": "Foto: Netzwerk",
        "consent": True,
        "is_public": True,
        "download": f"http://testserver/n/nordsachsen/projects/files/{image.pk}/",
    }
    images = client.get(f"{API}files/?is_image=true&project={world['project'].pk}")
    assert [row["id"] for row in images.json()["results"]] == [image.pk]


def test_files_are_read_only_and_of_ones_own_networks(world):
    coordinator = client_for(user_with_role(world["ours"], RoleKind.COORDINATOR))
    url = f"{API}files/{world['file'].pk}/"

    assert coordinator.get(f"{API}files/{world['their_file'].pk}/").status_code == 404
    assert client_for(None).get(url).status_code in (401, 403)
    assert coordinator.post(f"{API}files/", {"title": "x"}, format="json").status_code == 405
    assert coordinator.patch(url, {"title": "Neu"}, format="json").status_code == 405
    assert coordinator.delete(url).status_code == 405
    assert ProjectFile.objects.get(pk=world["file"].pk).title == "Flyer"


def test_the_file_list_runs_the_same_queries_at_two_sizes():
    small, large = NetworkFactory.create(slug="small"), NetworkFactory.create(slug="large")
    for network, count in ((small, 2), (large, 12)):
        for _ in range(count):
            project_file(ProjectFactory.create(network=network))
    small_client = client_for(user_with_role(small, RoleKind.COORDINATOR))
    large_client = client_for(user_with_role(large, RoleKind.COORDINATOR))

    assert _queries(large_client, f"{API}files/") == _queries(small_client, f"{API}files/")
