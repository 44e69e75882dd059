"""People with access: coordinators give and take away roles in their network.

Service functions (grant_role, revoke_role) with their audit records and emails; the three
pages (list, create, remove) with their permission matrix and exactly what they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Network, NetworkRole
from samverk.networks import access_services as services
from samverk.networks.access_urls import urlpatterns as access_urlpatterns
from samverk.networks.models import Organisation
from samverk.networks.permissions import can_manage_access
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)
from samverk.networks.tests.helpers import db_state

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver/"
NEW_PASSWORD = "Fjellvegen-2025-lang"

ONLY_COORDINATOR_SELF = (
    "You are the only coordinator of this network. Give someone else the coordinator role "
    "first, so that the network is not left without one."
)
ORGANISATION_REQUIRED = (
    "Choose the organisation this person acts for: partner representatives and company "
    "contacts act for one organisation."
)
NO_ORGANISATION = (
    "Coordinators and observers act for the whole network: leave the organisation empty."
)


@dataclass
class Access:
    """Our network with one user per role (and a second partner representative and an
    invited observer without a name or password), the platform admin, and another network
    with its own coordinator and organisation."""

    network: Network
    other_network: Network
    org_a: Organisation
    org_b: Organisation
    foreign_org: Organisation
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/n/{self.network.slug}/access/"

    def role_of(self, key: str) -> NetworkRole:
        return NetworkRole.objects.get(user=self.users[key], network=self.network)


@pytest.fixture
def access() -> Access:
    network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim", language="en")
    other = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
    org_a = OrganisationFactory.create(network=network, name="Stadtwerke Eberswalde")
    org_b = OrganisationFactory.create(network=network, name="Hochschule Eberswalde")
    foreign = OrganisationFactory.create(network=other, name="Fjord Energi")
    a = Access(network, other, org_a, org_b, foreign)
    a.users = {
        "anonymous": None,
        "other_network": user_with_role(
            other, RoleKind.COORDINATOR, name="Ola Nordmann", email="ola@elsewhere.example"
        ),
        "coordinator": user_with_role(
            network, RoleKind.COORDINATOR, name="Kari Lund", email="kari.lund@example.org"
        ),
        "partner_representative": user_with_role(
            network,
            RoleKind.PARTNER_REPRESENTATIVE,
            organisation=org_a,
            name="Per Olsen",
            email="per.olsen@stadtwerke.example",
        ),
        "company_contact": user_with_role(
            network,
            RoleKind.COMPANY_CONTACT,
            organisation=org_b,
            name="Cora Berg",
            email="cora.berg@hnee.example",
        ),
        "observer": user_with_role(
            network, RoleKind.OBSERVER, name="Otto Weiss", email="otto@example.org"
        ),
        "admin": UserFactory.create(
            is_superuser=True, is_staff=True, name="Ada Admin", email="admin@example.org"
        ),
    }
    # A second partner representative (sorted before Per by name) and an invited observer
    # without a name or a password (sorted by email).
    user_with_role(
        network,
        RoleKind.PARTNER_REPRESENTATIVE,
        organisation=org_b,
        name="anna Aas",
        email="anna.aas@hnee.example",
    )
    invited = user_with_role(network, RoleKind.OBSERVER, name="", email="bjorn@example.org")
    invited.set_unusable_password()
    invited.save()
    return a


def client_for(access: Access, key: str) -> Client:
    client = Client()
    user = access.users[key]
    if user is not None:
        client.force_login(user)
    return client


def grant(access: Access, **kwargs: Any) -> NetworkRole:
    values: dict[str, Any] = {
        "actor": access.users["coordinator"],
        "network": access.network,
        "email": "nina.holm@example.org",
        "name": "Nina Holm",
        "role": RoleKind.PARTNER_REPRESENTATIVE,
        "organisation": access.org_a,
        "base_url": BASE_URL,
    }
    values.update(kwargs)
    return services.grant_role(**values)


class _Table(HTMLParser):
    """The text of every cell of a page's table body, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(response: Any) -> list[tuple[str, ...]]:
    parser = _Table()
    parser.feed(response.content.decode())
    return [tuple(row) for row in parser.rows]


def h1(response: Any) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert match
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def link_in(body: Any) -> str:
    match = re.search(r"^http://testserver(/accounts/reset/\S+)$", str(body), re.M)
    assert match, body
    return match.group(1)


# --- grant_role ---------------------------------------------------------------------------


def test_grant_role_to_a_new_person(access: Access, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        role = grant(access, email="  Nina.Holm@Example.ORG ")
    run_tasks()

    user = User.objects.get(email="nina.holm@example.org")
    assert (role.user, role.network, role.role, role.organisation) == (
        user,
        access.network,
        RoleKind.PARTNER_REPRESENTATIVE,
        access.org_a,
    )
    assert user.name == "Nina Holm"
    assert user.is_active
    assert not user.has_usable_password()
    records = list(AuditRecord.objects.for_object(role).values("actor", "network", "action"))
    assert records == [
        {
            "actor": access.users["coordinator"].pk,
            "network": access.network.pk,
            "action": AuditAction.CREATE,
        }
    ]
    assert AuditRecord.objects.for_object(role).get().changes == {
        "user": [None, "Nina Holm"],
        "network": [None, "Netzwerk Barnim"],
        "role": [None, "partner_representative"],
        "organisation": [None, "Stadtwerke Eberswalde"],
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina.holm@example.org"]
    assert message.subject == "samverk: you are invited to Netzwerk Barnim"
    path = link_in(message.body)
    assert message.body == (
        "Kari Lund has given you the role “partner representative” for Stadtwerke Eberswalde "
        "in Netzwerk Barnim on samverk.\n"
        "\n"
        "Choose your password here to sign in:\n"
        f"http://testserver{path}\n"
        "\n"
        "You sign in with your email address, nina.holm@example.org.\n"
        "The link works for 3 days. After that, use “Forgotten your password?” on the sign-in "
        "page:\n"
        "http://testserver/accounts/login/\n"
    )


def test_the_invitation_link_sets_a_password_and_the_person_can_sign_in(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant(access, role=RoleKind.OBSERVER, organisation=None)
    run_tasks()
    path = link_in(mail.outbox[0].body)
    client = Client()

    opened = client.get(path)
    form_page = client.get(opened["Location"])
    chosen = client.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    login = client.post(
        "/accounts/login/", {"username": "nina.holm@example.org", "password": NEW_PASSWORD}
    )
    dashboard = client.get("/n/barnim/")
    reused = Client().get(path)

    assert opened.status_code == 302
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    assert chosen.status_code == 302
    assert chosen["Location"] == "/accounts/reset/done/"
    assert login.status_code == 302
    assert get_user(client) == User.objects.get(email="nina.holm@example.org")
    assert dashboard.status_code == 200
    # The link works once: the password it set has changed the token.
    assert reused.status_code == 200
    assert reused.context["validlink"] is False


def test_grant_role_to_an_existing_account_notifies_it(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    per = access.users["partner_representative"]
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        role = grant(
            access,
            email="PER.OLSEN@stadtwerke.example",
            name="Someone Else",
            role=RoleKind.OBSERVER,
            organisation=None,
        )
    run_tasks()

    per.refresh_from_db()
    assert role.user == per
    assert per.name == "Per Olsen"  # an existing account keeps its name
    assert per.has_usable_password()
    assert User.objects.count() == users_before
    assert set(NetworkRole.objects.filter(user=per).values_list("role", flat=True)) == {
        RoleKind.PARTNER_REPRESENTATIVE,
        RoleKind.OBSERVER,
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["per.olsen@stadtwerke.example"]
    assert mail.outbox[0].subject == "samverk: you now have access to Netzwerk Barnim"
    assert mail.outbox[0].body == (
        "Kari Lund has given you the role “observer” in Netzwerk Barnim on samverk.\n"
        "\n"
        "Sign in as usual to open the network:\n"
        "http://testserver/n/barnim/\n"
    )


def test_an_invited_person_without_a_password_is_invited_again(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant(
            access, email="bjorn@example.org", name="", role=RoleKind.COORDINATOR, organisation=None
        )
    run_tasks()

    assert mail.outbox[0].subject == "samverk: you are invited to Netzwerk Barnim"
    assert Client().get(link_in(mail.outbox[0].body)).status_code == 302


def test_the_email_speaks_the_network_language(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    access.network.language = "de"
    access.network.save()

    with django_capture_on_commit_callbacks(execute=True):
        grant(access)
    run_tasks()

    assert "Vertreter*in eines Netzwerkpartners" in mail.outbox[0].body


def test_no_email_before_the_transaction_commits(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grant(access)

    assert len(callbacks) == 1  # the task is enqueued once committed
    assert run_tasks() == 0
    assert mail.outbox == []


def _refused(access: Access, **kwargs: Any) -> dict[str, list[str]]:
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        grant(access, **kwargs)
    assert db_state() == before
    assert User.objects.filter(email="nina.holm@example.org").exists() is False
    assert mail.outbox == []
    return caught.value.message_dict


def test_a_duplicate_role_is_refused_and_nothing_changes(access: Access):
    errors = _refused(
        access, email="Kari.Lund@example.org", role=RoleKind.COORDINATOR, organisation=None
    )

    assert errors == {"email": ["Kari Lund already has the role “coordinator” in this network."]}


@pytest.mark.parametrize("role", [RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT])
def test_partner_roles_need_an_organisation(access: Access, role: str):
    assert _refused(access, role=role, organisation=None) == {
        "organisation": [ORGANISATION_REQUIRED]
    }


@pytest.mark.parametrize("role", [RoleKind.COORDINATOR, RoleKind.OBSERVER])
def test_network_roles_take_no_organisation(access: Access, role: str):
    assert _refused(access, role=role) == {"organisation": [NO_ORGANISATION]}


def test_an_organisation_of_another_network_is_refused(access: Access):
    assert _refused(access, organisation=access.foreign_org) == {
        "organisation": ["This organisation does not belong to this network."]
    }


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"name": "  "},
            {"name": ["Enter the person's name: there is no account for this email yet."]},
        ),
        ({"email": ""}, {"email": ["Enter the person's email address."]}),
        ({"email": "nina.holm"}, {"email": ["Enter a valid email address."]}),
        ({"role": "boss"}, {"role": ["Choose one of the roles."]}),
    ],
)
def test_bad_input_is_refused(access: Access, kwargs: dict[str, Any], expected: Any):
    assert _refused(access, **kwargs) == expected


@pytest.mark.parametrize(
    "key", ["other_network", "partner_representative", "company_contact", "observer"]
)
def test_only_coordinators_grant_roles(access: Access, key: str):
    before = db_state()

    with pytest.raises(PermissionDenied):
        grant(access, actor=access.users[key])

    assert db_state() == before
    assert mail.outbox == []


def test_the_platform_admin_grants_roles(access: Access):
    role = grant(access, actor=access.users["admin"], role=RoleKind.COORDINATOR, organisation=None)

    assert AuditRecord.objects.for_object(role).get().actor == access.users["admin"]


# --- revoke_role --------------------------------------------------------------------------


def test_revoke_role_deletes_it_and_records_what_was_removed(access: Access):
    role = access.role_of("partner_representative")
    pk = role.pk

    services.revoke_role(actor=access.users["coordinator"], role=role)

    assert not NetworkRole.objects.filter(pk=pk).exists()
    assert User.objects.filter(email="per.olsen@stadtwerke.example").exists()  # account stays
    record = AuditRecord.objects.get(object_id=str(pk), action=AuditAction.DELETE)
    assert (record.actor, record.network, record.object_repr) == (
        access.users["coordinator"],
        access.network,
        "Per Olsen – partner representative – Netzwerk Barnim",
    )
    assert record.changes == {
        "user": ["Per Olsen", None],
        "network": ["Netzwerk Barnim", None],
        "role": ["partner_representative", None],
        "organisation": ["Stadtwerke Eberswalde", None],
    }


def test_the_only_coordinator_cannot_remove_their_own_role(access: Access):
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        services.revoke_role(actor=access.users["coordinator"], role=access.role_of("coordinator"))

    assert caught.value.messages == [ONLY_COORDINATOR_SELF]
    assert db_state() == before


def test_the_admin_cannot_remove_the_only_coordinator_either(access: Access):
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        services.revoke_role(actor=access.users["admin"], role=access.role_of("coordinator"))

    assert caught.value.messages == [
        "Kari Lund is the only coordinator of this network. Give someone else the coordinator "
        "role first, so that the network is not left without one."
    ]
    assert db_state() == before


def test_with_a_second_coordinator_a_coordinator_may_step_down(access: Access):
    kari = access.users["coordinator"]
    grant(access, role=RoleKind.COORDINATOR, organisation=None)
    assert can_manage_access(kari, access.network)

    services.revoke_role(actor=kari, role=access.role_of("coordinator"))

    assert not can_manage_access(kari, access.network)  # the cached roles were forgotten
    assert list(
        NetworkRole.objects.filter(network=access.network, role=RoleKind.COORDINATOR).values_list(
            "user__email", flat=True
        )
    ) == ["nina.holm@example.org"]


@pytest.mark.parametrize(
    "key", ["other_network", "partner_representative", "company_contact", "observer"]
)
def test_only_coordinators_remove_roles(access: Access, key: str):
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=access.users[key], role=access.role_of("observer"))

    assert db_state() == before


# --- permissions --------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "other_network",
    "coordinator",
    "partner_representative",
    "company_contact",
    "observer",
    "admin",
]
MANAGERS = {"coordinator", "admin"}
PAGES = {
    "list": lambda a: a.base,
    "create": lambda a: a.base + "new/",
    "remove": lambda a: a.base + f"{a.role_of('observer').pk}/remove/",
}


def test_every_page_is_in_the_matrix():
    assert sorted(str(p.name) for p in access_urlpatterns) == sorted(PAGES)


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("key", ROLES)
def test_get(access: Access, key: str, page: str):
    url = PAGES[page](access)

    response = client_for(access, key).get(url)

    if key == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    elif key == "other_network":
        assert response.status_code == 404
        html = response.content.decode()
        assert [s for s in ("Netzwerk Barnim", "Otto Weiss", "otto@example.org") if s in html] == []
    else:
        assert response.status_code == (200 if key in MANAGERS else 403)


def _valid_post(access: Access, page: str) -> dict[str, Any]:
    if page == "create":
        return {
            "email": "nina.holm@example.org",
            "name": "Nina Holm",
            "role": RoleKind.COMPANY_CONTACT,
            "organisation": access.org_a.pk,
        }
    return {}


@pytest.mark.parametrize("page", ["create", "remove"])
@pytest.mark.parametrize("key", ROLES)
def test_post(access: Access, key: str, page: str, django_capture_on_commit_callbacks, run_tasks):
    url = PAGES[page](access)
    observer_role = access.role_of("observer").pk
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(access, key).post(url, _valid_post(access, page))
    run_tasks()

    if key in MANAGERS:
        assert response.status_code == 302
        assert response["Location"] == access.base
        if page == "create":
            assert NetworkRole.objects.filter(
                user__email="nina.holm@example.org",
                network=access.network,
                role=RoleKind.COMPANY_CONTACT,
                organisation=access.org_a,
            ).exists()
            assert [m.to for m in mail.outbox] == [["nina.holm@example.org"]]
        else:
            assert not NetworkRole.objects.filter(pk=observer_role).exists()
        return
    expected = {"anonymous": 302, "other_network": 404}.get(key, 403)
    assert response.status_code == expected
    assert db_state() == before
    assert mail.outbox == []


def test_another_network_cannot_reach_our_roles_through_its_own_address(access: Access):
    client = client_for(access, "other_network")
    url = f"/n/{access.other_network.slug}/access/{access.role_of('observer').pk}/remove/"
    before = db_state()

    get = client.get(url)
    post = client.post(url)

    assert (get.status_code, post.status_code) == (404, 404)
    assert db_state() == before


# --- what the pages show -------------------------------------------------------------------


def test_the_list_shows_every_role_sorted_by_role_then_name(access: Access):
    response = client_for(access, "coordinator").get(access.base)

    assert response.status_code == 200
    assert h1(response) == "People with access"
    assert table_rows(response) == [
        (
            "Kari Lund",
            "kari.lund@example.org",
            "coordinator",
            "–",
            "active",
            "Remove the role coordinator of Kari Lund",
        ),
        (
            "anna Aas",
            "anna.aas@hnee.example",
            "partner representative",
            "Hochschule Eberswalde",
            "active",
            "Remove the role partner representative of anna Aas",
        ),
        (
            "Per Olsen",
            "per.olsen@stadtwerke.example",
            "partner representative",
            "Stadtwerke Eberswalde",
            "active",
            "Remove the role partner representative of Per Olsen",
        ),
        (
            "Cora Berg",
            "cora.berg@hnee.example",
            "company contact",
            "Hochschule Eberswalde",
            "active",
            "Remove the role company contact of Cora Berg",
        ),
        (
            "–",
            "bjorn@example.org",
            "observer",
            "–",
            "invited, no password yet",
            "Remove the role observer of bjorn@example.org",
        ),
        (
            "Otto Weiss",
            "otto@example.org",
            "observer",
            "–",
            "active",
            "Remove the role observer of Otto Weiss",
        ),
    ]
    html = response.content.decode()
    assert f'href="{access.base}new/"' in html
    per_role = access.role_of("partner_representative")
    assert f'href="{access.base}{per_role.pk}/remove/"' in html
    assert "Ola Nordmann" not in html  # the other network's coordinator
    assert '<th scope="col">Email</th>' in html


def test_the_list_of_a_network_without_roles(access: Access):
    empty = NetworkFactory.create(name="New Alliance", slug="new-alliance")

    response = client_for(access, "admin").get("/n/new-alliance/access/")

    assert response.status_code == 200
    assert table_rows(response) == []
    assert '<p class="empty">Nobody has access to this network yet.</p>' in (
        response.content.decode()
    )
    assert empty.roles.count() == 0


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_a_constant_number_of_queries(access: Access):
    client = client_for(access, "coordinator")
    small = _queries(client, access.base)
    for i in range(30):
        user_with_role(
            access.network,
            RoleKind.COMPANY_CONTACT,
            organisation=OrganisationFactory.create(network=access.network),
            email=f"contact{i}@example.org",
        )

    assert _queries(client, access.base) == small


def test_the_form_offers_the_network_organisations_only(access: Access):
    response = client_for(access, "coordinator").get(access.base + "new/")

    html = response.content.decode()
    assert h1(response) == "Give someone access"
    assert list(response.context["form"].fields) == ["email", "name", "role", "organisation"]
    assert [str(o) for o in response.context["form"].fields["organisation"].queryset] == [
        "Hochschule Eberswalde",
        "Stadtwerke Eberswalde",
    ]
    assert "Fjord Energi" not in html
    assert [c[0] for c in response.context["form"].fields["role"].choices] == RoleKind.values


def test_creating_shows_the_result_on_the_list(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    client = client_for(access, "coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access.base + "new/",
            {"email": "Nina.Holm@example.org", "name": "Nina Holm", "role": RoleKind.OBSERVER},
            follow=True,
        )
    run_tasks()

    assert response.redirect_chain == [(access.base, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Nina Holm now has the role “observer”. An invitation to choose a password is queued "
        "for nina.holm@example.org."
    ]
    assert (
        "Nina Holm",
        "nina.holm@example.org",
        "observer",
        "–",
        "invited, no password yet",
        "Remove the role observer of Nina Holm",
    ) in table_rows(response)


def test_giving_an_existing_account_a_role_says_so(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    client = client_for(access, "coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access.base + "new/",
            {"email": "otto@example.org", "role": RoleKind.COORDINATOR},
            follow=True,
        )
    run_tasks()

    assert [str(m) for m in response.context["messages"]] == [
        "Otto Weiss now has the role “coordinator”. An email telling them is queued for "
        "otto@example.org."
    ]


def _form_errors(response: Any) -> dict[str, list[str]]:
    return {k: list(v) for k, v in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"email": "nina@example.org", "name": "Nina", "role": RoleKind.PARTNER_REPRESENTATIVE},
            {"organisation": [ORGANISATION_REQUIRED]},
        ),
        (
            {
                "email": "nina@example.org",
                "name": "Nina",
                "role": RoleKind.OBSERVER,
                "organisation": "ORG_A",
            },
            {"organisation": [NO_ORGANISATION]},
        ),
        (
            {
                "email": "nina@example.org",
                "name": "Nina",
                "role": RoleKind.COMPANY_CONTACT,
                "organisation": "FOREIGN",
            },
            {
                "organisation": [
                    "Select a valid choice. That choice is not one of the available choices."
                ]
            },
        ),
        (
            {"email": "otto@EXAMPLE.org", "role": RoleKind.OBSERVER},
            {"email": ["Otto Weiss already has the role “observer” in this network."]},
        ),
        (
            {"email": "nina@example.org", "role": RoleKind.OBSERVER},
            {"name": ["Enter the person's name: there is no account for this email yet."]},
        ),
        (
            {"email": "nina", "role": "boss"},
            {
                "email": ["Enter a valid email address."],
                "role": ["Select a valid choice. boss is not one of the available choices."],
            },
        ),
    ],
)
def test_bad_input_shows_field_errors_and_changes_nothing(
    access: Access, data: dict[str, Any], expected: dict[str, list[str]]
):
    data = dict(data)
    if data.get("organisation") == "ORG_A":
        data["organisation"] = access.org_a.pk
    elif data.get("organisation") == "FOREIGN":
        data["organisation"] = access.foreign_org.pk
    before = db_state()

    response = client_for(access, "coordinator").post(access.base + "new/", data)

    assert response.status_code == 200
    assert _form_errors(response) == expected
    html = response.content.decode().replace("&#x27;", "'")
    assert "Please correct the errors below." in html
    assert [m for ms in expected.values() for m in ms if m not in html] == []
    assert db_state() == before
    assert mail.outbox == []


def test_the_remove_page_asks_first(access: Access):
    role = access.role_of("partner_representative")

    response = client_for(access, "coordinator").get(access.base + f"{role.pk}/remove/")

    html = response.content.decode()
    assert h1(response) == "Remove the role “partner representative” of Per Olsen?"
    assert "They act for Stadtwerke Eberswalde in this role." in html
    assert '<button type="submit" class="danger">Yes, remove the role</button>' in html
    assert f'<a href="{access.base}">Cancel</a>' in html
    assert NetworkRole.objects.filter(pk=role.pk).exists()


def test_removing_shows_the_result_on_the_list(access: Access):
    role = access.role_of("partner_representative")

    response = client_for(access, "coordinator").post(
        access.base + f"{role.pk}/remove/", follow=True
    )

    assert response.redirect_chain == [(access.base, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Per Olsen no longer has the role “partner representative”."
    ]
    assert "per.olsen@stadtwerke.example" not in response.content.decode()


def test_the_page_refuses_to_remove_the_only_coordinator(access: Access):
    role = access.role_of("coordinator")
    before = db_state()

    response = client_for(access, "coordinator").post(access.base + f"{role.pk}/remove/")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [ONLY_COORDINATOR_SELF]
    assert ONLY_COORDINATOR_SELF in response.content.decode()
    assert db_state() == before


def test_a_coordinator_who_steps_down_leaves_the_page(access: Access):
    grant(access, role=RoleKind.COORDINATOR, organisation=None)
    role = access.role_of("coordinator")

    response = client_for(access, "coordinator").post(access.base + f"{role.pk}/remove/")

    # Kari has no other role in the network, so she goes to the start page.
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not NetworkRole.objects.filter(pk=role.pk).exists()


def test_a_coordinator_who_steps_down_but_observes_goes_to_the_network(access: Access):
    grant(access, role=RoleKind.COORDINATOR, organisation=None)
    grant(access, email="kari.lund@example.org", role=RoleKind.OBSERVER, organisation=None)
    role = NetworkRole.objects.get(user=access.users["coordinator"], role=RoleKind.COORDINATOR)

    response = client_for(access, "coordinator").post(access.base + f"{role.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == "/n/barnim/"
