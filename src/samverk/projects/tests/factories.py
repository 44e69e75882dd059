from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from samverk.networks.tests.factories import NetworkFactory, OrganisationFactory
from samverk.projects.models import (
    FocusArea,
    KeyFigure,
    Milestone,
    Project,
    ProjectPartner,
    ProjectUpdate,
)


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    status = "running"
    starts_on = dt.date(2024, 1, 1)
    ends_on = dt.date(2026, 12, 31)


class FocusAreaFactory(factory.django.DjangoModelFactory[FocusArea]):
    class Meta:
        model = FocusArea

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Focus {n}")


class PartnerFactory(factory.django.DjangoModelFactory[ProjectPartner]):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, network=factory.SelfAttribute("..project.network")
    )
    role = "partner"


class KeyFigureFactory(factory.django.DjangoModelFactory[KeyFigure]):
    class Meta:
        model = KeyFigure

    project = factory.SubFactory(ProjectFactory)
    label = factory.Sequence(lambda n: f"Figure {n}")
    value = Decimal("300")
    unit = "visitors"
    on = dt.date(2025, 1, 4)


class MilestoneFactory(factory.django.DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    planned_on = dt.date(2025, 6, 30)


class UpdateFactory(factory.django.DjangoModelFactory[ProjectUpdate]):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    on = dt.date(2025, 1, 6)
    title = factory.Sequence(lambda n: f"Update {n}")
