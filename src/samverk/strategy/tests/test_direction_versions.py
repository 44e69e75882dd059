"""A direction's versions: kept as it stood, adopted by a binding decision, compared."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.strategy import direction_versions, services
from samverk.strategy.models import DirectionVersion
from samverk.strategy.tests.factories import CommitmentFactory, DirectionFactory, GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    network = NetworkFactory.create(slug="norrbotten")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    direction = DirectionFactory.create(network=network, title="Inriktning", mission="Samverka.")
    goal = GoalFactory.create(direction=direction, title="Utbildning")
    CommitmentFactory.create(goal=goal, side="members", text="genom att kommunerna erbjuder")
    return network, coordinator, direction, goal


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def test_a_revision_shows_what_changed(world):
    network, coordinator, direction, goal = world
    decision = DecisionFactory.create(meeting=MeetingFactory.create(network=network))
    first = direction_versions.keep_version(
        actor=coordinator, direction=direction, adopted_by=decision
    )
    services.update_goal(actor=coordinator, goal=goal, title="Utbildning och kompetens")
    services.add_commitment(
        actor=coordinator, goal=goal, side="network", text="Förbundet samordnar"
    )
    second = direction_versions.keep_version(actor=coordinator, direction=direction)

    direction.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert direction.adopted_by == decision
    page = (
        client_for(coordinator)
        .get(f"/n/norrbotten/strategy/{direction.pk}/versions/2/")
        .content.decode()
    )
    assert "<del>" in page and "1. Utbildning</del>" in page
    assert "1. Utbildning och kompetens</ins>" in page
    assert "The network does: Förbundet samordnar</ins>" in page
    assert "The members do: genom att kommunerna erbjuder</p>" in page  # unchanged
    detail = client_for(coordinator).get(f"/n/norrbotten/strategy/{direction.pk}/").content.decode()
    assert f"adopted by decision {decision.reference}" in detail


def test_nothing_changed_is_no_new_version(world):
    _network, coordinator, direction, _goal = world
    direction_versions.keep_version(actor=coordinator, direction=direction)
    with pytest.raises(ValidationError):
        direction_versions.keep_version(actor=coordinator, direction=direction)
    assert DirectionVersion.objects.count() == 1


def test_a_recommendation_does_not_adopt_and_only_coordinators_keep_versions(world):
    network, coordinator, direction, _goal = world
    recommendation = DecisionFactory.create(
        meeting=MeetingFactory.create(network=network), binding=False
    )
    with pytest.raises(ValidationError) as refused:
        direction_versions.keep_version(
            actor=coordinator, direction=direction, adopted_by=recommendation
        )
    assert "adopted_by" in refused.value.message_dict
    observer = user_with_role(network, RoleKind.OBSERVER)
    with pytest.raises(PermissionDenied):
        direction_versions.keep_version(actor=observer, direction=direction)
    assert (
        client_for(observer).get(f"/n/norrbotten/strategy/{direction.pk}/versions/new/").status_code
        == 403
    )
    assert not DirectionVersion.objects.exists()
    stranger = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)
    direction_versions.keep_version(actor=coordinator, direction=direction)
    assert (
        client_for(stranger).get(f"/n/norrbotten/strategy/{direction.pk}/versions/1/").status_code
        == 404
    )


def test_keeping_a_version_through_the_page(world):
    _network, coordinator, direction, _goal = world
    client = client_for(coordinator)
    response = client.post(f"/n/norrbotten/strategy/{direction.pk}/versions/new/", {})
    assert response.status_code == 302
    assert DirectionVersion.objects.get().snapshot["goals"][0]["members"] == [
        "genom att kommunerna erbjuder"
    ]
