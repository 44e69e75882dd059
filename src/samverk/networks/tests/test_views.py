"""Pages of a network as a coordinator uses them: lists, filters, forms, errors, language."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, NetworkRole
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    user_with_role,
)
from samverk.networks.tests.helpers import db_state

pytestmark = pytest.mark.django_db

WARNING = "No authorised representative"


@pytest.fixture
def network():
    return NetworkFactory.create(name="Fachkräfteallianz Nordsachsen", slug="nordsachsen")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


@pytest.fixture
def client(coordinator) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def base(network) -> str:
    return f"/n/{network.slug}/"


def names(response: Any) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def html(response: Any) -> str:
    return response.content.decode()


# --- every page renders ------------------------------------------------------------------


def test_every_page_renders_for_a_coordinator(client, network, base):
    membership = MembershipFactory.create(organisation__network=network)
    mandate = MandateFactory.create(membership=membership)
    arena = ArenaFactory.create(network=network)
    arena.members.add(membership.organisation)
    pk = membership.organisation_id
    paths = [
        "",
        "settings/",
        "history/",
        "organisations/",
        "organisations/new/",
        f"organisations/{pk}/",
        f"organisations/{pk}/edit/",
        "members/",
        "members/new/",
        f"members/{membership.pk}/edit/",
        f"members/{membership.pk}/end/",
        f"members/{membership.pk}/mandates/new/",
        f"mandates/{mandate.pk}/end/",
        "people/",
        "people/new/",
        f"people/{mandate.person_id}/",
        f"people/{mandate.person_id}/edit/",
        "arenas/",
        "arenas/new/",
        f"arenas/{arena.pk}/",
        f"arenas/{arena.pk}/edit/",
    ]

    statuses = {path: client.get(base + path).status_code for path in paths}

    assert statuses == dict.fromkeys(paths, 200)


# --- organisations -----------------------------------------------------------------------


def test_create_an_organisation(client, network, base, coordinator):
    response = client.post(
        base + "organisations/new/",
        {"name": "Agentur für Arbeit Oschatz", "kind": "employment_agency", "sector": "N"},
    )

    organisation = Organisation.objects.get(network=network)
    assert response.status_code == 302
    assert response["Location"] == f"{base}organisations/{organisation.pk}/"
    assert (organisation.name, organisation.kind, organisation.sector) == (
        "Agentur für Arbeit Oschatz",
        "employment_agency",
        "N",
    )
    detail = client.get(response["Location"])
    assert "<h1>Agentur für Arbeit Oschatz" in html(detail)
    assert "Organisation “Agentur für Arbeit Oschatz” created." in html(detail)
    assert names(client.get(base + "organisations/")) == ["Agentur für Arbeit Oschatz"]
    assert AuditRecord.objects.for_object(organisation).get().actor == coordinator


def test_duplicate_organisation_name_shows_a_field_error(client, network, base):
    OrganisationFactory.create(network=network, name="IHK Leipzig")
    before = db_state()

    response = client.post(base + "organisations/new/", {"name": "ihk leipzig", "kind": "chamber"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["“ihk leipzig” already exists in this network."]
    }
    assert "“ihk leipzig” already exists in this network." in html(response)
    assert db_state() == before


def test_renaming_to_a_duplicate_shows_a_field_error(client, network, base):
    OrganisationFactory.create(network=network, name="IHK Leipzig")
    organisation = OrganisationFactory.create(network=network, name="HWK Leipzig")
    before = db_state()

    response = client.post(
        base + f"organisations/{organisation.pk}/edit/", {"name": "IHK LEIPZIG", "kind": "chamber"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["“IHK LEIPZIG” already exists in this network."]
    }
    assert "<title>Edit HWK Leipzig" in html(response)
    assert db_state() == before


def test_missing_required_fields(client, base):
    before = db_state()

    response = client.post(base + "organisations/new/", {"name": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "kind": ["This field is required."],
    }
    assert db_state() == before


@pytest.fixture
def register(network):
    """Three organisations of different kinds, sectors and regions, and one elsewhere."""
    barnim = RegionFactory.create(name="Barnim")
    leipzig = RegionFactory.create(name="Leipzig")
    for name, kind, sector, region, address in [
        ("Stadtwerke Torgau", "company", "D", barnim, "Torgau"),
        ("Berufsschule Delitzsch", "school", "P", leipzig, ""),
        ("Pflegedienst Eilenburg", "company", "Q", leipzig, ""),
    ]:
        OrganisationFactory.create(
            network=network, name=name, kind=kind, sector=sector, region=region, address=address
        )
    OrganisationFactory.create(name="Torgau GmbH elsewhere")
    return {"barnim": barnim, "leipzig": leipzig}


def test_filter_by_kind(client, base, register):
    response = client.get(base + "organisations/?kind=company")

    assert names(response) == ["Pflegedienst Eilenburg", "Stadtwerke Torgau"]
    assert "2 organisations" in html(response)


def test_filter_by_sector(client, base, register):
    assert names(client.get(base + "organisations/?sector=P")) == ["Berufsschule Delitzsch"]


def test_filter_by_region(client, base, register):
    response = client.get(base + f"organisations/?region={register['leipzig'].pk}")

    assert names(response) == ["Berufsschule Delitzsch", "Pflegedienst Eilenburg"]


def test_search_in_name_and_address(client, base, register):
    assert names(client.get(base + "organisations/?q=torgau")) == ["Stadtwerke Torgau"]
    assert names(client.get(base + "organisations/?q=DELITZSCH")) == ["Berufsschule Delitzsch"]
    response = client.get(base + "organisations/?q=nothing-like-this")
    assert names(response) == []
    assert "No organisations match." in html(response)


def test_sort(client, base, register):
    descending = client.get(base + "organisations/?sort=-name")
    by_region = client.get(base + "organisations/?sort=region")

    assert names(descending) == [
        "Stadtwerke Torgau",
        "Pflegedienst Eilenburg",
        "Berufsschule Delitzsch",
    ]
    assert 'aria-sort="descending"' in html(descending)
    assert names(by_region) == [
        "Stadtwerke Torgau",
        "Berufsschule Delitzsch",
        "Pflegedienst Eilenburg",
    ]


@pytest.mark.parametrize(
    "query", ["?sort=bogus", "?sort=-", "?sort=--name", "?page=abc", "?page=999", "?region=abc"]
)
def test_bad_query_parameters_do_not_break_the_list(client, base, register, query):
    response = client.get(base + "organisations/" + query)

    assert response.status_code == 200
    assert sorted(names(response)) == [
        "Berufsschule Delitzsch",
        "Pflegedienst Eilenburg",
        "Stadtwerke Torgau",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "members/?missing=1&sort=bogus&page=abc",
        "members/?sort=-budget&page=-1",
        "members/new/?organisation=abc",
        "people/?organisation=abc&sort=-organisation&page=0",
        "people/?q=&sort=",
        "people/new/?organisation=999999",
        "organisations/?q=%E2%80%8F&kind=bogus&sector=ZZ",
        "history/?page=abc",
    ],
)
def test_odd_query_strings_never_break_a_page(client, network, base, path):
    membership = MembershipFactory.create(organisation__network=network)
    MandateFactory.create(membership=membership)

    response = client.get(base + path)

    assert response.status_code == 200
    assert "<html" in html(response)


@pytest.mark.parametrize("path", ["people/?q=%00&sort=", "organisations/?q=%00&kind=bogus"])
def test_a_nul_in_the_query_is_refused_with_a_page_that_says_so(client, base, path):
    response = client.get(base + path)

    assert response.status_code == 400
    assert "contains a NUL character, which samverk cannot store." in html(response)


def test_pagination(client, network, base, monkeypatch):
    monkeypatch.setattr("samverk.core.views.PAGE_SIZE", 2)
    for name in ["Alfa", "Bravo", "Charlie", "Delta", "Echo"]:
        OrganisationFactory.create(network=network, name=name)

    first = client.get(base + "organisations/")
    second = client.get(base + "organisations/?page=2")
    last = client.get(base + "organisations/?page=3&sort=-name")

    assert names(first) == ["Alfa", "Bravo"]
    assert names(second) == ["Charlie", "Delta"]
    assert "Page 2 of 3" in html(second)
    assert 'href="?page=1" rel="prev"' in html(second)
    assert 'href="?page=3" rel="next"' in html(second)
    assert names(last) == ["Alfa"]


def test_htmx_request_gets_only_the_results(client, base, register):
    response = client.get(base + "organisations/?kind=school", headers={"HX-Request": "true"})

    body = html(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "Berufsschule Delitzsch" in body
    assert "Stadtwerke Torgau" not in body


@pytest.mark.parametrize("header", ["HX-Boosted", "HX-History-Restore-Request"])
def test_boosted_or_history_restoring_htmx_request_gets_the_whole_page(
    client, base, register, header
):
    response = client.get(base + "organisations/", headers={"HX-Request": "true", header: "true"})

    assert "<html" in html(response)


@pytest.mark.parametrize("path", ["organisations/", "members/", "people/"])
def test_lists_tell_caches_that_htmx_gets_another_answer(client, base, path):
    full = client.get(base + path)
    partial = client.get(base + path, headers={"HX-Request": "true"})

    assert "<html" in html(full)
    assert "<html" not in html(partial)
    assert "HX-Request" in full["Vary"]
    assert "HX-Request" in partial["Vary"]


# --- members and mandates ----------------------------------------------------------------


def test_add_a_member_then_a_mandate(client, network, base):
    organisation = OrganisationFactory.create(network=network, name="Landkreis Nordsachsen")
    person = PersonFactory.create(organisation=organisation, name="Anna Berg")

    added = client.post(
        base + "members/new/",
        {"organisation": organisation.pk, "role": "partner", "since": "2024-01-01",
         "budget_amount": "5000", "currency": "EUR"},
    )  # fmt: skip

    membership = Membership.objects.get(organisation=organisation)
    assert added.status_code == 302
    assert added["Location"] == base + "members/"
    members = client.get(base + "members/")
    assert "Landkreis Nordsachsen is now a member." in html(members)
    assert WARNING in html(members)
    assert "1 member has no authorised representative." in html(members)

    form_page = client.get(base + f"members/{membership.pk}/mandates/new/")
    assert f'<option value="{person.pk}">Anna Berg (Landkreis Nordsachsen)</option>' in html(
        form_page
    )

    mandated = client.post(
        base + f"members/{membership.pk}/mandates/new/",
        {"person": person.pk, "role": "principal", "decision_authorised": "on",
         "valid_from": "2024-01-01"},
    )  # fmt: skip

    assert mandated.status_code == 302
    assert list(Mandate.objects.values_list("person__name", "role", "decision_authorised")) == [
        ("Anna Berg", "principal", True)
    ]
    members = client.get(base + "members/")
    assert "Mandate of Anna Berg saved." in html(members)
    assert WARNING not in html(members)
    assert "no authorised representative" not in html(members)
    assert "Anna Berg · principal · <strong>decision-authorised</strong>" in html(members)


def test_warning_for_a_member_whose_only_mandate_is_not_decision_authorised(client, network, base):
    membership = MembershipFactory.create(organisation__network=network, since=dt.date(2024, 1, 1))
    MandateFactory.create(membership=membership, decision_authorised=False)
    ended = MembershipFactory.create(organisation__network=network, since=dt.date(2024, 1, 1))
    MandateFactory.create(
        membership=ended, valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2024, 2, 1)
    )

    response = client.get(base + "members/")

    rows = {m.organisation.name: m.has_authorised_representative for m in names_page(response)}
    assert rows == {membership.organisation.name: False, ended.organisation.name: False}
    assert html(response).count(WARNING) == 2
    assert names_page(client.get(base + "members/?missing=1")) != []


def names_page(response: Any) -> list[Any]:
    return list(response.context["page"].object_list)


def test_only_members_without_representative(client, network, base):
    with_rep = MembershipFactory.create(organisation__network=network, organisation__name="Alpha")
    MandateFactory.create(membership=with_rep)
    MembershipFactory.create(organisation__network=network, organisation__name="Beta")

    response = client.get(base + "members/?missing=1")

    assert [m.organisation.name for m in names_page(response)] == ["Beta"]


def test_mandate_for_a_person_of_another_organisation_shows_an_error(client, network, base):
    membership = MembershipFactory.create(
        organisation__network=network, organisation__name="Landkreis Nordsachsen"
    )
    outsider = PersonFactory.create(organisation__network=network, name="Ola Dahl")
    before = db_state()

    response = client.post(
        base + f"members/{membership.pk}/mandates/new/",
        {"person": outsider.pk, "role": "principal", "decision_authorised": "on",
         "valid_from": "2024-01-01"},
    )  # fmt: skip

    assert response.status_code == 200
    # Only the member's own people are offered; another organisation's is not a valid choice.
    assert response.context["form"].errors == {
        "person": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert "Ola Dahl" not in html(response)  # not offered
    assert db_state() == before


def test_mandate_ending_before_it_starts_shows_a_field_error(client, network, base):
    membership = MembershipFactory.create(organisation__network=network)
    person = PersonFactory.create(organisation=membership.organisation)
    before = db_state()

    response = client.post(
        base + f"members/{membership.pk}/mandates/new/",
        {"person": person.pk, "role": "principal", "decision_authorised": "on",
         "valid_from": "2024-06-01", "valid_until": "2024-05-31"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "valid_until": ["The end date cannot be before the start date."]
    }
    assert "The end date cannot be before the start date." in html(response)
    assert db_state() == before


def test_second_principal_shows_an_error(client, network, base):
    membership = MembershipFactory.create(organisation__network=network)
    MandateFactory.create(membership=membership, person__name="Anna Berg")
    successor = PersonFactory.create(organisation=membership.organisation)
    before = db_state()

    response = client.post(
        base + f"members/{membership.pk}/mandates/new/",
        {"person": successor.pk, "role": "principal", "decision_authorised": "on",
         "valid_from": "2024-03-01"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "valid_from": [
            "Anna Berg already holds the decision-authorised principal mandate in this period. "
            "End that mandate first or add this one as deputy."
        ]
    }
    assert db_state() == before


def test_overlapping_membership_shows_an_error(client, network, base):
    # A former member (only organisations that are not members today are offered) whose
    # earlier membership overlaps the new one.
    membership = MembershipFactory.create(
        organisation__network=network,
        organisation__name="IHK Leipzig",
        since=dt.date(2024, 1, 1),
        until=dt.date(2024, 12, 31),
    )
    before = db_state()

    response = client.post(
        base + "members/new/",
        {"organisation": membership.organisation_id, "role": "partner", "since": "2024-06-01",
         "currency": "EUR"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "since": ["IHK Leipzig is already a member in this period (since 01/01/2024)."]
    }
    assert db_state() == before


def test_member_of_another_network_cannot_be_chosen(client, network, base):
    foreign = OrganisationFactory.create(name="Fjord Energi")
    before = db_state()

    response = client.post(
        base + "members/new/",
        {"organisation": foreign.pk, "role": "partner", "since": "2024-01-01", "currency": "EUR"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organisation"]
    assert "Fjord Energi" not in html(response)
    assert db_state() == before


def test_end_membership_asks_first(client, network, base):
    membership = MembershipFactory.create(
        organisation__network=network, organisation__name="IHK Leipzig", since=dt.date(2024, 1, 1)
    )
    mandate = MandateFactory.create(membership=membership, person__name="Anna Berg")
    before = db_state()

    question = client.get(base + f"members/{membership.pk}/end/")

    assert question.status_code == 200
    assert "End the membership of IHK Leipzig?" in html(question)
    assert "These mandates will end:" in html(question)
    assert "Anna Berg (principal)" in html(question)
    assert "Yes, end the membership" in html(question)
    assert db_state() == before

    ended = client.post(base + f"members/{membership.pk}/end/", {"until": "2024-06-30"})

    membership.refresh_from_db()
    mandate.refresh_from_db()
    assert ended.status_code == 302
    assert ended["Location"] == f"{base}organisations/{membership.organisation_id}/"
    assert (membership.until, mandate.valid_until) == (dt.date(2024, 6, 30), dt.date(2024, 6, 30))
    assert "The membership of IHK Leipzig has ended." in html(client.get(ended["Location"]))
    members = client.get(base + "members/")
    assert names_page(members) == []
    assert [m.organisation.name for m in members.context["former"]] == ["IHK Leipzig"]


def test_end_membership_before_it_started_shows_a_field_error(client, network, base):
    membership = MembershipFactory.create(organisation__network=network, since=dt.date(2024, 1, 1))
    before = db_state()

    response = client.post(base + f"members/{membership.pk}/end/", {"until": "2023-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "until": ["The end date cannot be before the start date."]
    }
    assert "The end date cannot be before the start date." in html(response)
    assert db_state() == before


def test_end_mandate(client, network, base):
    mandate = MandateFactory.create(
        membership__organisation__network=network, valid_from=dt.date(2024, 1, 1)
    )

    question = client.get(base + f"mandates/{mandate.pk}/end/")
    ended = client.post(base + f"mandates/{mandate.pk}/end/", {"valid_until": "2024-03-31"})

    mandate.refresh_from_db()
    assert f"End the mandate of {mandate.person.name} for" in html(question)
    assert ended.status_code == 302
    assert mandate.valid_until == dt.date(2024, 3, 31)
    assert AuditRecord.objects.for_object(mandate).get().action == AuditAction.END


def test_edit_membership(client, network, base):
    membership = MembershipFactory.create(organisation__network=network, since=dt.date(2024, 1, 1))

    response = client.post(
        base + f"members/{membership.pk}/edit/",
        {"role": "member", "since": "2024-01-01", "budget_amount": "1200.50", "currency": "EUR"},
    )

    membership.refresh_from_db()
    assert response.status_code == 302
    assert (membership.role, str(membership.budget_amount)) == ("member", "1200.50")
    assert AuditRecord.objects.for_object(membership).get().changes == {
        "role": ["partner", "member"],
        "budget_amount": [None, "1200.50"],
    }


# --- people, arenas, settings ------------------------------------------------------------


def test_add_and_edit_a_person(client, network, base):
    organisation = OrganisationFactory.create(network=network, name="IHK Leipzig")

    created = client.post(
        base + "people/new/",
        {"name": "Kari Lund", "organisation": organisation.pk, "email": "kari@ihk.example"},
    )
    person = Person.objects.get()
    edited = client.post(
        base + f"people/{person.pk}/edit/",
        {"name": "Kari Lund", "organisation": organisation.pk, "email": "kari.lund@ihk.example"},
    )

    person.refresh_from_db()
    assert (created.status_code, edited.status_code) == (302, 302)
    assert created["Location"] == f"{base}people/{person.pk}/"
    assert person.email == "kari.lund@ihk.example"
    assert [(r.action, r.changes) for r in AuditRecord.objects.for_object(person).order_by("id")][
        -1
    ] == (AuditAction.UPDATE, {"email": ["kari@ihk.example", "kari.lund@ihk.example"]})
    assert "kari.lund@ihk.example" in html(client.get(f"{base}people/{person.pk}/"))


def test_create_and_edit_an_arena(client, network, base):
    organisation = OrganisationFactory.create(network=network, name="IHK Leipzig")
    MembershipFactory.create(organisation=organisation)  # arenas offer current members

    created = client.post(
        base + "arenas/new/",
        {"name": "AG Pflege", "kind": "working_group", "level": "regional",
         "members": [organisation.pk]},
    )  # fmt: skip
    arena = Arena.objects.get()
    duplicate = client.post(
        base + "arenas/new/", {"name": "ag pflege", "kind": "working_group", "level": "regional"}
    )

    assert created.status_code == 302
    assert list(arena.members.values_list("name", flat=True)) == ["IHK Leipzig"]
    assert duplicate.status_code == 200
    assert duplicate.context["form"].errors == {
        "name": ["“ag pflege” already exists in this network."]
    }
    assert Arena.objects.count() == 1


def test_network_settings_are_saved_and_audited(client, network, base, coordinator):
    response = client.post(
        base + "settings/",
        {"name": "Allianz Nordsachsen", "language": "de", "time_zone": "Europe/Berlin"},
    )

    network.refresh_from_db()
    assert response.status_code == 302
    assert (network.name, network.language) == ("Allianz Nordsachsen", "de")
    record = AuditRecord.objects.for_object(network).get()
    assert (record.actor, record.action, record.changes) == (
        coordinator,
        AuditAction.UPDATE,
        {
            "name": ["Fachkräfteallianz Nordsachsen", "Allianz Nordsachsen"],
            "language": ["en", "de"],
        },
    )
    history = client.get(base + "history/")
    assert "Allianz Nordsachsen" in html(history)


def test_rejected_network_settings_leave_the_page_as_it_was(client, network, base):
    before = db_state()

    response = client.post(
        base + "settings/",
        {"name": "Renamed", "language": "en", "time_zone": "Mars/Olympus_Mons"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["time_zone"]
    assert "<title>Network settings · Fachkräfteallianz Nordsachsen · samverk</title>" in html(
        response
    )
    assert db_state() == before


def test_network_logo_can_be_uploaded_and_cleared(client, network, base, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, "PNG")
    fields = {"name": network.name, "language": "en", "time_zone": "Europe/Berlin"}

    uploaded = client.post(
        base + "settings/",
        {**fields, "logo": SimpleUploadedFile("logo.png", image.getvalue(), "image/png")},
    )
    network.refresh_from_db()
    stored = network.logo.name
    cleared = client.post(base + "settings/", {**fields, "logo-clear": "on"})

    network.refresh_from_db()
    assert (uploaded.status_code, cleared.status_code) == (302, 302)
    assert stored == "logos/logo.png"
    assert network.logo.name == ""
    assert [r.changes for r in AuditRecord.objects.for_object(network).order_by("id")] == [
        {"logo": ["", "logos/logo.png"]},
        {"logo": ["logos/logo.png", ""]},
    ]


@pytest.mark.parametrize("kind", ["organisation", "person", "arena"])
def test_rejected_edit_keeps_the_stored_name_in_the_title(client, network, base, kind):
    OrganisationFactory.create(network=network, name="IHK Leipzig")
    ArenaFactory.create(network=network, name="Plenum")
    organisation = OrganisationFactory.create(network=network, name="HWK Leipzig")
    if kind == "organisation":
        path, data = f"organisations/{organisation.pk}/edit/", {"name": "IHK Leipzig", "kind": "x"}
        title = "Edit HWK Leipzig"
    elif kind == "person":
        person = PersonFactory.create(organisation=organisation, name="Anna Berg")
        path, data = f"people/{person.pk}/edit/", {"name": "Anna Holm", "email": "not-an-email"}
        title = "Edit Anna Berg"
    else:
        arena = ArenaFactory.create(network=network, name="AG Pflege")
        path, data = f"arenas/{arena.pk}/edit/", {"name": "Plenum", "kind": "bogus"}
        title = "Edit AG Pflege"
    before = db_state()

    response = client.post(base + path, data)

    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in html(response)
    assert db_state() == before


# --- navigation, errors ------------------------------------------------------------------


def test_unknown_network_slug_is_a_404_page(client):
    response = client.get("/n/no-such-network/")

    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert "This page does not exist, or it belongs to a network you have no access to." in html(
        response
    )


def test_unknown_object_is_a_404_page(client, base):
    response = client.get(base + "organisations/999999/")

    assert response.status_code == 404
    assert "Page not found" in html(response)


def test_network_switcher_redirects(coordinator, network):
    second = NetworkFactory.create(name="Hordaland", slug="hordaland")
    NetworkRole.objects.create(user=coordinator, network=second, role=RoleKind.OBSERVER)
    client = Client()
    client.force_login(coordinator)

    switched = client.get("/?network=hordaland")
    home = client.get("/")
    unknown = client.get("/?network=not-mine")

    assert switched.status_code == 302
    assert switched["Location"] == "/n/hordaland/"
    assert home.status_code == 200
    assert [n.slug for n in home.context["networks"]] == ["nordsachsen", "hordaland"]
    assert unknown.status_code == 404


def test_a_single_network_opens_directly(client, network):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/n/nordsachsen/"


# --- language ----------------------------------------------------------------------------


def test_network_language_is_the_default(client, network, base):
    network.language = "nb"
    network.save()

    response = client.get(base + "organisations/")

    assert '<html lang="nb">' in html(response)
    assert response["Content-Language"] == "nb"


def test_the_users_choice_wins(client, network, base):
    network.language = "nb"
    network.save()

    chosen = client.post("/i18n/setlang/", {"language": "de", "next": base})
    response = client.get(base + "organisations/")

    assert chosen.status_code == 302
    assert client.cookies["samverk_language"].value == "de"
    assert '<html lang="de">' in html(response)


def test_pages_outside_a_network_use_the_default_language(client, network):
    network.language = "nb"
    network.save()

    response = client.get("/accounts/password-reset/")

    assert '<html lang="en">' in html(response)


def test_people_search_matches_name_email_and_organisation(client, network, base):
    ihk = OrganisationFactory.create(network=network, name="IHK Leipzig")
    hwk = OrganisationFactory.create(network=network, name="Handwerkskammer")
    PersonFactory.create(organisation=ihk, name="Anna Berg", email="a.berg@ihk.example")
    PersonFactory.create(organisation=hwk, name="Bo Lind", email="bo@hwk.example")

    by_organisation = client.get(base + "people/?q=leipzig")
    by_email = client.get(base + "people/?q=hwk.example")

    assert names(by_organisation) == ["Anna Berg"]
    assert names(by_email) == ["Bo Lind"]


def test_organisation_page_warns_while_the_membership_lacks_an_authorised_representative(
    client, network, base, coordinator
):
    membership = MembershipFactory.create(organisation__network=network)
    person = PersonFactory.create(organisation=membership.organisation)
    page = base + f"organisations/{membership.organisation_id}/"

    before = client.get(page).content.decode()
    MandateFactory.create(membership=membership, person=person, decision_authorised=True)
    after = client.get(page).content.decode()

    assert 'data-warning="missing-representative"' in before
    assert "No authorised representative" in before
    assert 'data-warning="missing-representative"' not in after
