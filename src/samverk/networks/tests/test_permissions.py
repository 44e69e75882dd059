"""Permission matrix: every page and every form of a network, for every kind of user.

Anonymous users are sent to the login page; users of another network get 404 for everything of
ours (the network's existence is not revealed); each role gets exactly what permissions.py says.
Refused POSTs change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, NetworkRole
from samverk.networks.models import Person
from samverk.networks.tests.factories import PersonFactory, UserFactory
from samverk.networks.tests.helpers import ROLES, World, db_state
from samverk.networks.urls import urlpatterns as network_urlpatterns
from samverk.site.urls import site_patterns

pytestmark = pytest.mark.django_db

NETWORK_ROLES = [r for r in ROLES if r not in ("anonymous", "other_network")]
MANAGERS = {"coordinator", "admin"}
EDIT_ORG_A = MANAGERS | {"partner_rep_own", "company_contact"}
READERS_OF_PERSON_A = {r for r in NETWORK_ROLES if r != "company_contact_other"}
ADD_PEOPLE = {r for r in NETWORK_ROLES if r != "observer"}


def expect(allowed: set[str], hidden: frozenset[str] = frozenset()) -> dict[str, int]:
    """Status per network role: 200 when allowed, 404 when the object is hidden, else 403."""
    return {
        role: 200 if role in allowed else 404 if role in hidden else 403 for role in NETWORK_ROLES
    }


EVERYONE = expect(set(NETWORK_ROLES))
MANAGE = expect(MANAGERS)

# page name → (path below /n/<slug>/, expected status per network role)
PAGES: dict[str, tuple[Callable[[World], str], dict[str, int]]] = {
    "dashboard": (lambda w: "", EVERYONE),
    "network_edit": (lambda w: "settings/", MANAGE),
    "history": (lambda w: "history/", MANAGE),
    "organisation_list": (lambda w: "organisations/", EVERYONE),
    "organisation_xlsx": (lambda w: "organisations.xlsx", EVERYONE),
    "organisation_csv": (lambda w: "organisations.csv", EVERYONE),
    "organisation_create": (lambda w: "organisations/new/", MANAGE),
    "organisation_detail": (lambda w: f"organisations/{w.org_a.pk}/", EVERYONE),
    "organisation_edit": (lambda w: f"organisations/{w.org_a.pk}/edit/", expect(EDIT_ORG_A)),
    "member_list": (lambda w: "members/", EVERYONE),
    "member_xlsx": (lambda w: "members.xlsx", EVERYONE),
    "member_csv": (lambda w: "members.csv", EVERYONE),
    "member_create": (lambda w: "members/new/", MANAGE),
    "member_import": (lambda w: "members/import/", MANAGE),
    "member_edit": (lambda w: f"members/{w.membership_a.pk}/edit/", MANAGE),
    "member_end": (lambda w: f"members/{w.membership_a.pk}/end/", MANAGE),
    "mandate_create": (lambda w: f"members/{w.membership_a.pk}/mandates/new/", MANAGE),
    "mandate_end": (lambda w: f"mandates/{w.mandate_a.pk}/end/", MANAGE),
    "person_list": (lambda w: "people/", EVERYONE),
    "person_create": (lambda w: "people/new/", expect(ADD_PEOPLE)),
    "person_detail": (
        lambda w: f"people/{w.person_a.pk}/",
        expect(READERS_OF_PERSON_A, hidden=frozenset({"company_contact_other"})),
    ),
    "person_edit": (
        lambda w: f"people/{w.person_a.pk}/edit/",
        expect(EDIT_ORG_A, hidden=frozenset({"company_contact_other"})),
    ),
    "arena_list": (lambda w: "arenas/", EVERYONE),
    "arena_create": (lambda w: "arenas/new/", MANAGE),
    "arena_detail": (lambda w: f"arenas/{w.arena.pk}/", EVERYONE),
    "arena_edit": (lambda w: f"arenas/{w.arena.pk}/edit/", MANAGE),
    "search": (lambda w: "search/", EVERYONE),
    # Only for a network in a federation (test_dashboard.py); this one is in none.
    "charter": (lambda w: "charter/", expect(set(), hidden=frozenset(NETWORK_ROLES))),
    "member_add": (lambda w: "members/add/", {**MANAGE, "coordinator": 302, "admin": 302}),
    "member_add_step": (lambda w: "members/add/organisation/", MANAGE),
    "member_add_done": (
        lambda w: "members/add/done/",
        {**MANAGE, "coordinator": 302, "admin": 302},
    ),
    "representative_add": (
        lambda w: f"members/{w.membership_a.pk}/representative/",
        {**MANAGE, "coordinator": 302, "admin": 302},
    ),
    "representative_add_step": (
        lambda w: f"members/{w.membership_a.pk}/representative/person/",
        MANAGE,
    ),
}

# Things of our network that users of another network must never see.
SECRETS = [
    "Netzwerk Barnim",
    "Stadtwerke Eberswalde",
    "Hochschule Eberswalde",
    "Anna Berg",
    "anna.berg@stadtwerke.example",
    "Bo Lind",
    "bo.lind@hnee.example",
    "Lenkungsgruppe",
]


@pytest.fixture
def world() -> World:
    return World()


def client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


# Pages whose access is tested in their own module (a file, not an HTML page).
COVERED_ELSEWHERE = {
    "network_logo",  # test_network_pages.py
    "organisation_logo",  # test_organisation_logo.py
    "member_import_confirm",  # test_import.py (a POST with a signed token)
    "member_import_template",  # test_import.py (files)
}


def test_every_page_of_the_url_conf_is_in_the_matrix():
    # The network's pages: the networks app's and the site's (dashboard, organisation page,
    # search), all under /n/<slug>/.
    urlpatterns = [*network_urlpatterns, *site_patterns[0]]
    names = sorted(str(p.name) for p in urlpatterns if p.name not in COVERED_ELSEWHERE)
    assert names == sorted(PAGES)


# --- GET ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_get(world: World, role: str, page: str):
    path, expected = PAGES[page]
    url = world.base() + path(world)

    response = client_for(world, role).get(url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    elif role == "other_network":
        assert response.status_code == 404
        html = response.content.decode()
        assert [s for s in SECRETS if s in html] == []
    else:
        assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "other_network"])
def test_unknown_network_is_the_same_as_a_forbidden_one(world: World, role: str):
    world.network.language = "nb"
    world.network.time_zone = "Europe/Oslo"
    world.network.save()
    client = client_for(world, role)

    unknown = client.get("/n/no-such-network/organisations/")
    ours = client.get("/n/barnim/organisations/")

    if role == "anonymous":
        assert (unknown.status_code, ours.status_code) == (302, 302)
    elif role == "coordinator":
        assert (unknown.status_code, ours.status_code) == (404, 200)
    else:
        assert (unknown.status_code, ours.status_code) == (404, 404)
        # Same page, same language: nothing tells the two apart.
        assert '<html lang="en">' in ours.content.decode()
        assert _comparable(unknown, "/n/no-such-network/") == _comparable(ours, "/n/barnim/")


def _comparable(response: Any, prefix: str) -> str:
    """The page without its per-response CSRF token and with the requested path neutralised."""
    html = response.content.decode().replace(prefix, "/n/SLUG/")
    return re.sub(r"[A-Za-z0-9]{64}", "CSRF", html)


def test_other_network_user_cannot_reach_our_objects_through_their_own_network(world: World):
    """Their own slug with our primary keys: still 404, and POSTs change nothing."""
    client = client_for(world, "other_network")
    theirs = f"/n/{world.other_network.slug}/"
    paths = [
        f"organisations/{world.org_a.pk}/",
        f"organisations/{world.org_a.pk}/edit/",
        f"members/{world.membership_a.pk}/edit/",
        f"members/{world.membership_a.pk}/end/",
        f"members/{world.membership_a.pk}/mandates/new/",
        f"mandates/{world.mandate_a.pk}/end/",
        f"people/{world.person_a.pk}/",
        f"people/{world.person_a.pk}/edit/",
        f"arenas/{world.arena.pk}/",
        f"arenas/{world.arena.pk}/edit/",
    ]
    before = db_state()

    statuses = {p: client.get(theirs + p).status_code for p in paths}
    post_statuses = {
        p: client.post(
            theirs + p,
            {
                "name": "Hijacked",
                "kind": "company",
                "until": "2024-06-30",
                "valid_until": "2024-06-30",
            },
        ).status_code
        for p in paths
    }

    assert statuses == dict.fromkeys(paths, 404)
    assert post_statuses == dict.fromkeys(paths, 404)
    assert db_state() == before


def test_other_network_user_sees_only_their_own_network(world: World):
    client = client_for(world, "other_network")

    home = client.get("/")
    switched = client.get("/?network=barnim")
    own_list = client.get(f"/n/{world.other_network.slug}/organisations/")
    own_people = client.get(f"/n/{world.other_network.slug}/people/")

    assert home.status_code == 302
    assert home["Location"] == f"/n/{world.other_network.slug}/"
    assert switched.status_code == 404
    for response in (own_list, own_people):
        html = response.content.decode()
        assert response.status_code == 200
        assert [s for s in SECRETS if s in html] == []
    assert "Fjord Energi" in own_list.content.decode()


# --- what each role sees -----------------------------------------------------------------


def _people_listed(response: Any) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


@pytest.mark.parametrize("role", NETWORK_ROLES)
def test_people_list(world: World, role: str):
    response = client_for(world, role).get(world.base() + "people/")

    html = response.content.decode()
    if role == "company_contact":
        assert _people_listed(response) == ["Anna Berg", "Arne Dahl"]
        assert "bo.lind@hnee.example" not in html
    elif role == "company_contact_other":
        assert _people_listed(response) == ["Bo Lind"]
        assert "anna.berg@stadtwerke.example" not in html
    else:
        assert _people_listed(response) == ["Anna Berg", "Arne Dahl", "Bo Lind"]
        assert "anna.berg@stadtwerke.example" in html


@pytest.mark.parametrize("role", NETWORK_ROLES)
def test_people_on_the_organisation_page(world: World, role: str):
    response = client_for(world, role).get(world.base() + f"organisations/{world.org_a.pk}/")

    html = response.content.decode()
    people = [p.name for p in response.context["people"]]
    if role == "company_contact_other":
        assert people == []
        assert "anna.berg@stadtwerke.example" not in html
    else:
        assert people == ["Anna Berg", "Arne Dahl"]
        assert "anna.berg@stadtwerke.example" in html


HISTORY_PAGES = {
    "organisation_detail": lambda w: f"organisations/{w.org_a.pk}/",
    "person_detail": lambda w: f"people/{w.person_a.pk}/",
    "arena_detail": lambda w: f"arenas/{w.arena.pk}/",
}


@pytest.mark.parametrize("page", sorted(HISTORY_PAGES))
@pytest.mark.parametrize("role", [r for r in NETWORK_ROLES if r != "company_contact_other"])
def test_only_coordinators_see_the_history_section(world: World, role: str, page: str):
    response = client_for(world, role).get(world.base() + HISTORY_PAGES[page](world))

    html = response.content.decode()
    assert response.status_code == 200
    if role in MANAGERS:
        assert 'id="history-heading"' in html
        assert len(response.context["history"]) >= 1
    else:
        assert 'id="history-heading"' not in html
        assert response.context.get("history") is None


@pytest.mark.parametrize("role", NETWORK_ROLES)
def test_history_link_on_the_dashboard(world: World, role: str):
    response = client_for(world, role).get(world.base())

    assert (f'href="{world.base()}history/"' in response.content.decode()) == (role in MANAGERS)


def test_history_page_shows_the_network_records_only(world: World):
    AuditRecord.objects.create(
        network=world.other_network,
        content_type_id=AuditRecord.objects.first().content_type_id,  # type: ignore[union-attr]
        object_id="1",
        object_repr="Fjord Energi",
        action="create",
    )

    response = client_for(world, "coordinator").get(world.base() + "history/")

    reprs = {r.object_repr for r in response.context["page"].object_list}
    assert "Stadtwerke Eberswalde" in reprs
    assert "Fjord Energi" not in reprs


# --- POST --------------------------------------------------------------------------------


def _posts(w: World) -> dict[str, tuple[str, dict[str, Any], dict[str, int]]]:
    """form name → (path, valid data, expected status per network role)."""
    person_form = {
        "name": "Clara Holm",
        "organisation": w.org_a.pk,
        "email": "clara@stadtwerke.example",
    }
    # Roles that may add people but not to org A see the form again with an error (200).
    person_create = expect(EDIT_ORG_A) | {"partner_rep_other": 200, "company_contact_other": 200}
    return {
        "network_edit": (
            "settings/",
            {"name": "Netzwerk Barnim-Uckermark", "language": "de", "time_zone": "Europe/Berlin"},
            MANAGE,
        ),
        "organisation_create": (
            "organisations/new/",
            {"name": "Agentur für Arbeit", "kind": "employment_agency"},
            MANAGE,
        ),
        "organisation_edit": (
            f"organisations/{w.org_a.pk}/edit/",
            {"name": "Stadtwerke Eberswalde GmbH", "kind": "company"},
            expect(EDIT_ORG_A),
        ),
        "member_create": (
            "members/new/",
            {
                "organisation": w.org_c.pk,
                "role": "partner",
                "since": "2024-03-01",
                "currency": "EUR",
            },
            MANAGE,
        ),
        "member_edit": (
            f"members/{w.membership_a.pk}/edit/",
            {"role": "member", "since": "2024-01-01", "currency": "EUR"},
            MANAGE,
        ),
        "member_end": (f"members/{w.membership_a.pk}/end/", {"until": "2024-06-30"}, MANAGE),
        "mandate_create": (
            f"members/{w.membership_a.pk}/mandates/new/",
            {
                "person": w.person_a2.pk,
                "role": "deputy",
                "decision_authorised": "on",
                "valid_from": "2024-02-01",
            },
            MANAGE,
        ),
        "mandate_end": (f"mandates/{w.mandate_a.pk}/end/", {"valid_until": "2024-06-30"}, MANAGE),
        "person_create": ("people/new/", person_form, person_create),
        "person_edit": (
            f"people/{w.person_a.pk}/edit/",
            {**person_form, "name": "Anna Berg-Holm", "email": "anna.berg@stadtwerke.example"},
            expect(EDIT_ORG_A, hidden=frozenset({"company_contact_other"})),
        ),
        "arena_create": (
            "arenas/new/",
            {"name": "AG Pflege", "kind": "working_group", "level": "regional"},
            MANAGE,
        ),
        "arena_edit": (
            f"arenas/{w.arena.pk}/edit/",
            {
                "name": "Lenkungsgruppe",
                "kind": "steering_group",
                "level": "regional",
                "members": [w.org_a.pk, w.org_b.pk],
            },
            MANAGE,
        ),
    }


POST_FORMS = [
    "arena_create",
    "arena_edit",
    "mandate_create",
    "mandate_end",
    "member_create",
    "member_edit",
    "member_end",
    "network_edit",
    "organisation_create",
    "organisation_edit",
    "person_create",
    "person_edit",
]


def test_every_form_is_in_the_post_matrix(world: World):
    assert sorted(_posts(world)) == POST_FORMS


@pytest.mark.parametrize("form", POST_FORMS)
@pytest.mark.parametrize("role", ROLES)
def test_post(world: World, role: str, form: str):
    path, data, expected = _posts(world)[form]
    url = world.base() + path
    before = db_state()
    records_before = AuditRecord.objects.count()

    response = client_for(world, role).post(url, data)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
        assert db_state() == before
    elif role == "other_network":
        assert response.status_code == 404
        assert db_state() == before
    elif expected[role] == 200 and role in {"partner_rep_other", "company_contact_other"}:
        # person_create for an organisation they do not act for: the form says why.
        assert response.status_code == 200
        assert "Select a valid choice." in response.content.decode()
        assert db_state() == before
    elif expected[role] == 200:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert AuditRecord.objects.count() > records_before
        assert AuditRecord.objects.latest("id").actor == world.users[role]
    else:
        assert response.status_code == expected[role]
        assert db_state() == before


@pytest.mark.parametrize("role", ["observer", "company_contact", "partner_rep_own"])
def test_membership_dates_are_unchanged_after_a_refused_end(world: World, role: str):
    response = client_for(world, role).post(
        world.base() + f"members/{world.membership_a.pk}/end/", {"until": "2024-06-30"}
    )

    world.membership_a.refresh_from_db()
    world.mandate_a.refresh_from_db()
    assert response.status_code == 403
    assert (world.membership_a.until, world.mandate_a.valid_until) == (None, None)


def test_admin_sees_every_network_on_the_home_page(world: World):
    response = client_for(world, "admin").get("/")

    assert [n.slug for n in response.context["networks"]] == ["elsewhere", "barnim"]


def test_a_company_contact_role_with_a_foreign_organisation_shows_no_foreign_people(world: World):
    """A role set up by mistake with an organisation of another network reveals nothing."""
    PersonFactory.create(organisation=world.foreign_org, name="Nils Fjord")
    user = UserFactory.create()
    NetworkRole.objects.create(
        user=user,
        network=world.network,
        role=RoleKind.COMPANY_CONTACT,
        organisation=world.foreign_org,
    )

    assert list(Person.objects.visible_to(user).values_list("name", flat=True)) == []
