"""The project services: what they save and audit, and what they refuse (nothing saved)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from samverk.projects import services
from samverk.projects.models import KeyFigure, Milestone, Project, ProjectPartner
from samverk.projects.tests.factories import FocusAreaFactory, ProjectFactory
from samverk.strategy.tests.factories import DirectionFactory, GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


def test_a_project_is_saved_with_its_links_and_audited(network, coordinator):
    carrier = OrganisationFactory.create(network=network, name="Landratsamt Nordsachsen")
    contact = PersonFactory.create(organisation=carrier)
    area = FocusAreaFactory.create(network=network, name="Rückkehr")
    goal = GoalFactory.create(direction=DirectionFactory.create(network=network))

    project = services.create_project(
        actor=coordinator,
        network=network,
        title="Nordsächsischer Rückkehrertag",
        short_name="RT",
        status="running",
        starts_on=dt.date(2024, 12, 27),
        ends_on=dt.date(2024, 12, 27),
        carrier=carrier,
        contact=contact,
        focus_areas=[area],
        strategy_goals=[goal],
    )

    assert list(project.focus_areas.all()) == [area]
    assert list(project.strategy_goals.all()) == [goal]
    records = AuditRecord.objects.for_object(project)
    assert records.filter(action="create", actor=coordinator).exists()
    assert {"focus_areas": [[], ["Rückkehr"]], "strategy_goals": [[], [str(goal)]]} in [
        r.changes for r in records.filter(action="update")
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2024, 1, 1)}, "ends_on"),
        ({"carrier": "elsewhere"}, "carrier"),
        ({"contact": "not_of_carrier"}, "contact"),
        ({"focus_areas": "elsewhere"}, "focus_areas"),
    ],
)
def test_bad_project_input_is_refused_and_nothing_saved(network, coordinator, changes, field):
    carrier = OrganisationFactory.create(network=network)
    other = OrganisationFactory.create(network=network)
    elsewhere = NetworkFactory.create(slug="elsewhere")
    values = {
        "elsewhere": OrganisationFactory.create(network=elsewhere),
        "not_of_carrier": PersonFactory.create(organisation=other),
    }
    arguments: dict[str, Any] = {"carrier": carrier}
    for name, value in changes.items():
        if name == "focus_areas":
            arguments[name] = [FocusAreaFactory.create(network=elsewhere)]
        else:
            arguments[name] = values.get(value, value) if isinstance(value, str) else value
    before = AuditRecord.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.create_project(actor=coordinator, network=network, title="X", **arguments)

    assert field in refused.value.message_dict
    assert not Project.objects.exists()
    assert AuditRecord.objects.count() == before


def test_only_coordinators_write_projects(network):
    for role in (RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER):
        with pytest.raises(PermissionDenied):
            services.create_project(
                actor=user_with_role(network, role), network=network, title="Not allowed"
            )
    project = ProjectFactory.create(network=network)
    with pytest.raises(PermissionDenied):
        services.add_key_figure(
            actor=user_with_role(network, RoleKind.OBSERVER),
            project=project,
            label="Besuchende",
            value=Decimal(300),
            unit="Personen",
            on=dt.date(2025, 1, 4),
        )
    assert not KeyFigure.objects.exists()


def test_a_key_figure_needs_a_unit(network, coordinator):
    project = ProjectFactory.create(network=network)

    with pytest.raises(ValidationError) as refused:
        services.add_key_figure(
            actor=coordinator,
            project=project,
            label="Stellenangebote",
            value=Decimal(229),
            unit="  ",
            on=dt.date(2025, 1, 4),
        )

    assert set(refused.value.message_dict) == {"unit"}
    assert not KeyFigure.objects.exists()


def test_a_milestone_lies_within_the_projects_duration(network, coordinator):
    project = ProjectFactory.create(
        network=network, starts_on=dt.date(2012, 10, 1), ends_on=dt.date(2014, 12, 31)
    )

    with pytest.raises(ValidationError) as refused:
        services.add_milestone(
            actor=coordinator, project=project, title="Abschluss", planned_on=dt.date(2015, 3, 1)
        )
    assert set(refused.value.message_dict) == {"planned_on"}
    assert not Milestone.objects.exists()

    milestone = services.add_milestone(
        actor=coordinator, project=project, title="Abschluss", planned_on=dt.date(2014, 12, 1)
    )
    # the project cannot then be shortened past it
    with pytest.raises(ValidationError):
        services.update_project(actor=coordinator, project=project, ends_on=dt.date(2014, 6, 30))
    assert Project.objects.get(pk=project.pk).ends_on == dt.date(2014, 12, 31)
    assert Milestone.objects.get() == milestone


def test_a_partner_of_another_network_is_refused(network, coordinator):
    project = ProjectFactory.create(network=network)
    stranger = OrganisationFactory.create(network=NetworkFactory.create(slug="elsewhere"))

    with pytest.raises(ValidationError) as refused:
        services.add_partner(
            actor=coordinator, project=project, organisation=stranger, role="funder"
        )

    assert set(refused.value.message_dict) == {"organisation"}
    assert not ProjectPartner.objects.exists()


def test_a_project_cannot_continue_itself(network, coordinator):
    project = ProjectFactory.create(network=network)

    with pytest.raises(ValidationError) as refused:
        services.update_project(actor=coordinator, project=project, continues=project)

    assert set(refused.value.message_dict) == {"continues"}
    assert Project.objects.get(pk=project.pk).continues is None


def test_responsibilities_and_tasks_are_the_networks_own(network, coordinator):
    from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory

    member = OrganisationFactory.create(network=network, name="WFG")
    person = PersonFactory.create(organisation=member, name="Tom Berger")
    task = ActionItemFactory.create(meeting=MeetingFactory.create(network=network), title="Flyer")
    elsewhere = NetworkFactory.create(slug="elsewhere")
    their_task = ActionItemFactory.create(meeting=MeetingFactory.create(network=elsewhere))
    project = ProjectFactory.create(network=network)

    services.update_project(
        actor=coordinator,
        project=project,
        responsible_members=[member],
        responsible_people=[person],
        tasks=[task],
    )
    with pytest.raises(ValidationError) as refused:
        services.update_project(actor=coordinator, project=project, tasks=[their_task])

    assert set(refused.value.message_dict) == {"tasks"}
    project.refresh_from_db()
    assert list(project.tasks.all()) == [task]
    assert (list(project.responsible_members.all()), list(project.responsible_people.all())) == (
        [member],
        [person],
    )
    changes = [r.changes for r in AuditRecord.objects.for_object(project).filter(action="update")]
    assert {
        "responsible_members": [[], ["WFG"]],
        "responsible_people": [[], ["Tom Berger"]],
        "tasks": [[], ["Flyer"]],
    } in changes


def test_an_update_is_dated_news(network, coordinator):
    project = ProjectFactory.create(network=network)

    update = services.add_update(
        actor=coordinator, project=project, on=dt.date(2024, 12, 28), title="300 Besuchende"
    )

    assert list(project.updates.all()) == [update]
    assert AuditRecord.objects.for_object(update).filter(action="create").exists()
    with pytest.raises(PermissionDenied):
        services.add_update(
            actor=user_with_role(network, RoleKind.OBSERVER),
            project=project,
            on=dt.date(2024, 12, 28),
            title="Nope",
        )
