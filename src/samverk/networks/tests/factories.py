"""factory_boy factories for the networks app (and users with roles).

Each factory is typed with its model: ``XFactory.create(...)`` is an ``X`` to mypy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import Network, NetworkRole, Region
from samverk.networks.choices import OrganisationKind
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"R{n:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    level = "district"


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    language = "en"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.COMPANY


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    network = factory.SelfAttribute("organisation.network")
    since = dt.date(2024, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class MandateFactory(factory.django.DjangoModelFactory[Mandate]):
    class Meta:
        model = Mandate

    membership = factory.SubFactory(MembershipFactory)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..membership.organisation")
    )
    valid_from = dt.date(2024, 1, 1)
    decision_authorised = True


class ArenaFactory(factory.django.DjangoModelFactory[Arena]):
    class Meta:
        model = Arena

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Arena {n}")
    kind = "plenary"


def user_with_role(
    network: Network, role: str, organisation: Organisation | None = None, **kwargs: Any
) -> User:
    user = UserFactory.create(**kwargs)
    if role in (RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT) and organisation is None:
        organisation = OrganisationFactory.create(network=network)
    NetworkRole.objects.create(user=user, network=network, role=role, organisation=organisation)
    return user
