"""Adding a member with its decision-authorised representative: one flow, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from samverk.core.models import AuditRecord
from samverk.networks import services
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from samverk.networks.tests.factories import PersonFactory
from samverk.networks.tests.helpers import World, db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def coordinator(world: World) -> Client:
    client = Client()
    client.force_login(world.coordinator)
    return client


def step(world: World, name: str) -> str:
    return f"{world.base()}members/add/{name}/"


def walk_new_member(client: Client, world: World, plenary: Arena) -> None:
    client.get(f"{world.base()}members/add/")
    r = client.post(step(world, "organisation"), {"name": "Neue Werkstatt", "kind": "company"})
    assert r.status_code == 302 and r["Location"].endswith("/membership/")
    r = client.post(
        step(world, "membership"),
        {"role": "partner", "since": "2025-03-01", "budget_amount": "5000", "currency": "EUR"},
    )
    assert r["Location"].endswith("/person/")
    r = client.post(step(world, "person"), {"name": "Nora Neu", "email": "nora@werkstatt.example"})
    assert r["Location"].endswith("/mandate/")
    r = client.post(
        step(world, "mandate"),
        {"decision_authorised": "on", "role": "principal", "valid_from": "2025-03-01"},
    )
    assert r["Location"].endswith("/arenas/")


def test_a_new_member_with_a_new_person_is_added_in_one_transaction(world):
    plenary = services.create_arena(
        actor=world.admin, network=world.network, name="Plenum", kind="plenary"
    )
    client = coordinator(world)
    walk_new_member(client, world, plenary)
    page = client.get(step(world, "arenas")).content.decode()
    # The plenary first, and ticked.
    assert page.index("Plenum") < page.index("Lenkungsgruppe")
    assert f'value="{plenary.pk}" id="id_arenas_0" checked' in page
    assert "Neue Werkstatt" in page and "Nora Neu" in page  # the review
    assert not Organisation.objects.filter(name="Neue Werkstatt").exists()  # nothing yet

    r = client.post(step(world, "arenas"), {"arenas": [plenary.pk]})
    assert r.status_code == 302 and r["Location"].endswith("/members/add/done/")
    organisation = Organisation.objects.get(name="Neue Werkstatt", network=world.network)
    membership = Membership.objects.get(organisation=organisation)
    assert membership.budget_amount == 5000 and membership.since == dt.date(2025, 3, 1)
    mandate = Mandate.objects.get(membership=membership)
    assert mandate.person.name == "Nora Neu" and mandate.person.organisation == organisation
    assert mandate.decision_authorised and mandate.role == "principal"
    assert list(organisation.arenas.all()) == [plenary]
    assert AuditRecord.objects.filter(object_id=str(plenary.pk), action="update").exists()

    done = client.get(r["Location"]).content.decode()
    assert "Neue Werkstatt is now a member" in done
    assert "Nora Neu" in done and "Plenum" in done


def test_back_and_forward_keep_what_was_entered(world):
    client = coordinator(world)
    client.get(f"{world.base()}members/add/")
    client.post(step(world, "organisation"), {"name": "Behalten GmbH", "kind": "company"})
    client.post(
        step(world, "membership"),
        {"role": "partner", "since": "2025-03-01", "budget_amount": "12", "currency": "EUR"},
    )
    # Back from the person step with a half-typed name: kept, too.
    r = client.post(step(world, "person"), {"name": "Halb", "back": "1"})
    assert r["Location"].endswith("/membership/")
    page = client.get(step(world, "membership")).content.decode()
    assert 'value="2025-03-01"' in page and 'value="12"' in page
    page = client.get(step(world, "organisation")).content.decode()
    assert 'value="Behalten GmbH"' in page
    page = client.get(step(world, "person")).content.decode()
    assert 'value="Halb"' in page


def test_a_later_step_is_not_reached_before_the_earlier_ones(world):
    client = coordinator(world)
    client.get(f"{world.base()}members/add/")
    r = client.get(step(world, "mandate"))
    assert r.status_code == 302 and r["Location"].endswith("/organisation/")


def test_errors_show_on_their_step_and_nothing_is_saved(world):
    client = coordinator(world)
    client.get(f"{world.base()}members/add/")
    r = client.post(step(world, "organisation"), {"name": "", "kind": ""})
    assert r.status_code == 200
    assert "Enter the new organisation&#x27;s name." in r.content.decode()
    # An existing name: refused by the service at the end, shown on the organisation step.
    client.post(step(world, "organisation"), {"name": "Kreishandwerkerschaft", "kind": "chamber"})
    client.post(
        step(world, "membership"), {"role": "partner", "since": "2025-03-01", "currency": "EUR"}
    )
    client.post(step(world, "person"), {"name": "Nora Neu"})
    client.post(
        step(world, "mandate"),
        {"decision_authorised": "on", "role": "principal", "valid_from": "2025-03-01"},
    )
    before = db_state()
    r = client.post(step(world, "arenas"), {})
    assert r.status_code == 200
    page = r.content.decode()
    assert "already exists in this network" in page
    assert 'aria-current="step"><strong>Organisation' in page
    assert db_state() == before
    assert not Person.objects.filter(name="Nora Neu").exists()


def test_the_organisation_step_offers_only_organisations_that_are_not_members(world):
    client = coordinator(world)
    client.get(f"{world.base()}members/add/")
    form = client.get(step(world, "organisation")).context["form"]
    assert list(form.fields["existing"].queryset) == [world.org_c]


def test_an_existing_organisation_and_one_of_its_people(world):
    person_c = PersonFactory.create(organisation=world.org_c, name="Carla Chamber")
    PersonFactory.create(organisation=world.org_a, name="Not Of C")
    client = coordinator(world)
    client.get(f"{world.base()}members/add/?organisation={world.org_c.pk}")
    page = client.get(step(world, "organisation")).content.decode()
    assert f'<option value="{world.org_c.pk}" selected>' in page
    client.post(step(world, "organisation"), {"existing": world.org_c.pk})
    client.post(
        step(world, "membership"), {"role": "partner", "since": "2025-03-01", "currency": "EUR"}
    )
    form = client.get(step(world, "person")).context["form"]
    # The mandate's person: only the member's own people (or a new one).
    assert list(form.fields["existing"].queryset) == [person_c]
    client.post(step(world, "person"), {"existing": person_c.pk})
    client.post(
        step(world, "mandate"),
        {"decision_authorised": "on", "role": "deputy", "valid_from": "2025-04-01"},
    )
    r = client.post(step(world, "arenas"), {})
    assert r.status_code == 302
    mandate = Mandate.objects.get(person=person_c)
    assert mandate.role == "deputy" and mandate.membership.organisation == world.org_c
    assert not world.org_c.arenas.exists()


def test_a_representative_for_an_existing_member(world):
    world.mandate_b.delete()
    client = coordinator(world)
    base = f"{world.base()}members/{world.membership_b.pk}/representative/"
    r = client.get(base)
    assert r["Location"].endswith("/representative/person/")
    form = client.get(f"{base}person/").context["form"]
    assert list(form.fields["existing"].queryset) == [world.person_b]
    client.post(f"{base}person/", {"name": "Britt Neu"})
    r = client.post(
        f"{base}mandate/",
        {"decision_authorised": "on", "role": "principal", "valid_from": "2025-05-01"},
    )
    assert r.status_code == 302
    mandate = Mandate.objects.get(person__name="Britt Neu")
    assert mandate.membership == world.membership_b
    assert mandate.person.organisation == world.org_b


def test_the_flow_is_for_coordinators_only(world):
    for role in ("partner_rep_own", "company_contact", "observer"):
        client = Client()
        client.force_login(world.users[role])
        assert client.get(step(world, "organisation")).status_code == 403
        assert client.post(step(world, "arenas"), {}).status_code == 403, role


def test_add_member_service_is_all_or_nothing(world):
    before = db_state()
    with pytest.raises(services.FlowStepError) as caught:
        services.add_member(
            actor=world.coordinator,
            network=world.network,
            new_organisation=services.NewOrganisation(name="Ganz Neu", kind="company"),
            since=dt.date(2025, 1, 1),
            new_person=services.NewPerson(name="Pia"),
            valid_from=dt.date(2024, 1, 1),  # before the membership: refused at the mandate
        )
    assert caught.value.step == "mandate"
    assert db_state() == before
