"""Public or internal: what the services refuse (nothing saved), and the list's filters by
goal, annual theme and visibility (page and API)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    user_with_role,
)
from samverk.projects import services
from samverk.projects.models import Project, ProjectFile
from samverk.projects.tests.factories import ProjectFactory
from samverk.strategy import plan_services
from samverk.strategy.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


def test_a_public_projects_carrier_must_be_a_member(network, coordinator):
    outsider = OrganisationFactory.create(network=network, name="Agentur ohne Mitgliedschaft")
    with pytest.raises(ValidationError) as refused:
        services.create_project(
            actor=coordinator, network=network, title="MINT", carrier=outsider, is_public=True
        )
    assert refused.value.message_dict["carrier"] == [
        "A public project's carrier must be a member of the network: Agentur ohne "
        "Mitgliedschaft is not a member today."
    ]
    assert not Project.objects.exists()
    # Internal, it may be carried by anyone of the network; publishing it is refused.
    project = services.create_project(
        actor=coordinator, network=network, title="MINT", carrier=outsider
    )
    with pytest.raises(ValidationError):
        services.update_project(actor=coordinator, project=project, is_public=True)
    project.refresh_from_db()
    assert not project.is_public
    # A member (since 2024) carries a public project.
    MembershipFactory.create(organisation=outsider, since=dt.date(2024, 1, 1))
    services.update_project(actor=coordinator, project=project, is_public=True)
    project.refresh_from_db()
    assert project.is_public


def test_a_former_member_cannot_carry_a_public_project(network, coordinator):
    former = OrganisationFactory.create(network=network)
    MembershipFactory.create(
        organisation=former, since=dt.date(2010, 1, 1), until=dt.date(2012, 12, 31)
    )
    with pytest.raises(ValidationError):
        services.create_project(
            actor=coordinator, network=network, title="Alt", carrier=former, is_public=True
        )


def test_public_parts_are_kept_in_order_and_unknown_parts_refused(network, coordinator):
    project = services.create_project(
        actor=coordinator,
        network=network,
        title="MINT",
        public_fields=["results", "problem", "results"],
    )
    assert project.public_fields == ["problem", "results"]
    assert not project.shows("problem")  # internal: nothing is shown
    with pytest.raises(ValidationError) as refused:
        services.update_project(
            actor=coordinator, project=project, public_fields=["problem", "contact"]
        )
    assert "public_fields" in refused.value.message_dict
    project.refresh_from_db()
    assert project.public_fields == ["problem", "results"]


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buffer, format="PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


def test_a_public_image_needs_consent(network, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    project = ProjectFactory.create(network=network)
    with pytest.raises(ValidationError) as refused:
        services.add_file(
            actor=coordinator,
            project=project,
            upload=_png(),
            alt_text="Stand",
            consent=False,
            is_public=True,
        )
    assert "is_public" in refused.value.message_dict
    assert not ProjectFile.objects.exists()
    assert list(tmp_path.rglob("*.png")) == []  # nothing stored either
    image = services.add_file(
        actor=coordinator, project=project, upload=_png(), alt_text="Stand", consent=True
    )
    services.update_file(actor=coordinator, item=image, is_public=True)
    with pytest.raises(ValidationError):
        services.update_file(actor=coordinator, item=image, consent=False)
    image.refresh_from_db()
    assert (image.is_public, image.consent) == (True, True)


def test_the_list_filters_by_goal_theme_and_visibility(network, coordinator):
    goal = GoalFactory.create(direction__network=network, title="Rückkehr fördern")
    plan = plan_services.create_plan(
        actor=coordinator, network=network, year=2026, theme="Fachkräfte binden"
    )
    activity = plan_services.add_activity(actor=coordinator, plan=plan, title="Rückkehrertag")
    themed = services.create_project(
        actor=coordinator, network=network, title="Rückkehrertag", activities=[activity]
    )
    aimed = services.create_project(
        actor=coordinator, network=network, title="Pendlerportal", strategy_goals=[goal]
    )
    public = services.create_project(
        actor=coordinator, network=network, title="MINT", is_public=True
    )
    client = Client()
    client.force_login(coordinator)
    client.cookies["samverk_language"] = "en"

    def titles(query: str) -> list[str]:
        page = client.get(f"/n/nordsachsen/projects/?{query}").content.decode()
        return [p.title for p in (themed, aimed, public) if f">{p.title}</a>" in page]

    assert titles(f"goal={goal.pk}") == ["Pendlerportal"]
    assert titles(f"theme={plan.pk}") == ["Rückkehrertag"]
    assert titles("public=true") == ["MINT"]
    assert titles("public=false") == ["Rückkehrertag", "Pendlerportal"]
    page = client.get("/n/nordsachsen/projects/").content.decode()
    assert "2026: Fachkräfte binden" in page
    api = client.get(f"/api/v1/projects/projects/?theme={plan.pk}").json()
    assert [p["title"] for p in api["results"]] == ["Rückkehrertag"]
    api = client.get("/api/v1/projects/projects/?public=true").json()
    assert [p["title"] for p in api["results"]] == ["MINT"]


def test_another_networks_goal_or_theme_is_not_a_choice(network, coordinator):
    other = NetworkFactory.create(slug="barnim")
    foreign_goal = GoalFactory.create(direction__network=other)
    client = Client()
    client.force_login(coordinator)
    response = client.get(f"/api/v1/projects/projects/?goal={foreign_goal.pk}")
    assert response.status_code == 400
    assert "goal" in response.json()
