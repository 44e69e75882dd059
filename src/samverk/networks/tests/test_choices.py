"""Choices offer only what fits: the network's region and those below it, current members,
the people of the member organisation; never a choice of one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from samverk.core.models import Region
from samverk.networks.forms import (
    ArenaForm,
    MandateForm,
    MembershipForm,
    OrganisationForm,
    OrganisationStepForm,
    PersonForm,
    network_regions,
)
from samverk.networks.models import Organisation
from samverk.networks.tests.factories import MembershipFactory, PersonFactory, RegionFactory
from samverk.networks.tests.helpers import World

pytestmark = pytest.mark.django_db


def choices(form: Any, name: str) -> Any:
    return form.fields[name].queryset


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def regions(world: World) -> dict[str, Region]:
    state = RegionFactory.create(name="Brandenburg", level="state")
    barnim = RegionFactory.create(name="Barnim", level="district", parent=state)
    eberswalde = RegionFactory.create(name="Eberswalde", level="municipality", parent=barnim)
    uckermark = RegionFactory.create(name="Uckermark", level="district", parent=state)
    elsewhere = RegionFactory.create(name="Viken", level="county")
    world.network.home_region = barnim
    world.network.save()
    return {
        "state": state,
        "barnim": barnim,
        "eberswalde": eberswalde,
        "uckermark": uckermark,
        "elsewhere": elsewhere,
    }


def test_regions_are_the_home_region_and_those_below_it(world, regions):
    expected = [regions["barnim"], regions["eberswalde"]]
    assert list(network_regions(world.network)) == expected
    assert list(choices(OrganisationForm(network=world.network), "region")) == expected
    step = OrganisationStepForm(network=world.network)
    assert list(choices(step, "region")) == expected


def test_an_organisation_keeps_a_region_chosen_before(world, regions):
    world.org_a.region = regions["uckermark"]
    world.org_a.save()
    form = OrganisationForm(instance=world.org_a, network=world.network)
    assert regions["uckermark"] in choices(form, "region")
    assert regions["elsewhere"] not in choices(form, "region")


def test_without_a_home_region_every_region_is_offered(world, regions):
    world.network.home_region = None
    world.network.save()
    assert set(network_regions(world.network)) == set(regions.values())


def test_arenas_offer_current_members_only(world):
    former = Organisation.objects.create(network=world.network, name="Former", kind="company")
    MembershipFactory.create(
        organisation=former, since=dt.date(2020, 1, 1), until=dt.date(2021, 1, 1)
    )
    form = ArenaForm(network=world.network)
    assert set(choices(form, "members")) == {world.org_a, world.org_b}
    # Editing keeps an arena's present members among the choices.
    world.arena.members.add(former)
    form = ArenaForm(instance=world.arena, network=world.network)
    assert set(choices(form, "members")) == {world.org_a, world.org_b, former}


def test_a_new_membership_offers_organisations_that_are_not_members(world):
    form = MembershipForm(network=world.network)
    assert list(choices(form, "organisation")) == [world.org_c]


def test_a_mandate_offers_the_members_people_only(world):
    form = MandateForm(membership=world.membership_a)
    assert set(choices(form, "person")) == {world.person_a, world.person_a2}


def test_a_person_form_with_one_organisation_does_not_ask(world):
    form = PersonForm(organisations=Organisation.objects.filter(pk=world.org_a.pk))
    assert form.fixed_organisation == world.org_a
    assert form.fields["organisation"].widget.is_hidden
    many = PersonForm(organisations=Organisation.objects.for_network(world.network))
    assert many.fixed_organisation is None


def test_a_company_contact_adds_a_person_to_their_organisation_without_choosing(world):
    client = Client()
    client.force_login(world.users["company_contact"])
    page = client.get(world.base() + "people/new/").content.decode()
    assert '<select name="organisation"' not in page
    assert 'data-fixed="organisation"' in page and "Stadtwerke Eberswalde" in page
    response = client.post(
        world.base() + "people/new/", {"name": "Nils Neu", "organisation": world.org_a.pk}
    )
    assert response.status_code == 302
    assert world.org_a.people.filter(name="Nils Neu").exists()


def test_the_flows_person_step_offers_only_the_organisations_people(world):
    PersonFactory.create(organisation=world.org_b, name="Not Ours")
    from samverk.networks.forms import PersonStepForm

    form = PersonStepForm(organisation=world.org_a)
    assert set(choices(form, "existing")) == {world.person_a, world.person_a2}
    assert "existing" not in PersonStepForm(organisation=None).fields  # a new organisation


def test_the_reply_form_for_one_organisation_names_it_instead_of_asking(world):
    from samverk.meetings.forms import RsvpForm

    one = RsvpForm(organisations=Organisation.objects.filter(pk=world.org_a.pk))
    assert one.fields["organisation"].widget.is_hidden
    assert one.fields["organisation"].initial == world.org_a.pk
    assert "Stadtwerke Eberswalde" in str(one.fields["answer"].label)
    two = RsvpForm(organisations=Organisation.objects.for_network(world.network))
    assert not two.fields["organisation"].widget.is_hidden
