"""People with access: coordinators invite people to roles in their network and take roles
away; the invited person accepts or declines.

Service functions (invite_to_role, send_invitation_again, withdraw_invitation,
accept_invitation, accept_invitation_with_new_account, decline_invitation, revoke_role) with
their audit records and emails; the pages (list, invite, withdraw, send again, remove, and
the invited person's answer page) with their permission matrix and exactly what they show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Network, NetworkRole, OutgoingMail
from samverk.networks import access_services as services
from samverk.networks.access_urls import urlpatterns as access_urlpatterns
from samverk.networks.models import Organisation, RoleInvitation
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
FRED_TOKEN = "fred-token-for-tests"
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

    def open_invitation(self) -> RoleInvitation:
        """An open invitation of fred@example.org (no account) to be an observer."""
        invitation, _created = RoleInvitation.objects.get_or_create(
            network=self.network,
            email="fred@example.org",
            role=RoleKind.OBSERVER,
            defaults={
                "token_hash": services.hash_token(FRED_TOKEN),
                "expires_at": timezone.now() + dt.timedelta(days=14),
                "invited_by": self.users["coordinator"],
            },
        )
        return invitation


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


def invite(access: Access, **kwargs: Any) -> RoleInvitation:
    values: dict[str, Any] = {
        "actor": access.users["coordinator"],
        "network": access.network,
        "email": "nina.holm@example.org",
        "role": RoleKind.PARTNER_REPRESENTATIVE,
        "organisation": access.org_a,
        "base_url": BASE_URL,
    }
    values.update(kwargs)
    return services.invite_to_role(**values)


def invite_per_to_observe(access: Access) -> RoleInvitation:
    """Per Olsen (a partner representative with an account) invited to observe."""
    return invite(
        access, email="per.olsen@stadtwerke.example", role=RoleKind.OBSERVER, organisation=None
    )


def invite_and_mail(
    access: Access, capture: Any, run_tasks: Any, **kwargs: Any
) -> tuple[RoleInvitation, str]:
    """Invite, let the worker send the mail, and return the invitation and its link's path."""
    with capture(execute=True):
        invitation = invite(access, **kwargs)
    run_tasks()
    return invitation, link_in(mail.outbox[-1].body)


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
    match = re.search(r"^http://testserver(/accounts/invitations/[^/\s]+/)\r?$", str(body), re.M)
    assert match, body
    return match.group(1)


# --- invite_to_role -----------------------------------------------------------------------


def test_inviting_creates_an_invitation_and_no_role(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    users_before = User.objects.count()
    roles_before = NetworkRole.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(access, email="  Nina.Holm@Example.ORG ")
    run_tasks()

    invitation.refresh_from_db()
    assert (
        invitation.network,
        invitation.email,
        invitation.role,
        invitation.organisation,
        invitation.invited_by,
    ) == (
        access.network,
        "nina.holm@example.org",
        RoleKind.PARTNER_REPRESENTATIVE,
        access.org_a,
        access.users["coordinator"],
    )
    expires_in = invitation.expires_at - invitation.created_at
    assert abs(expires_in - dt.timedelta(days=14)) < dt.timedelta(seconds=5)
    assert (invitation.accepted_at, invitation.declined_at, invitation.withdrawn_at) == (
        None,
        None,
        None,
    )
    # Nothing happens to accounts or roles before the person accepts.
    assert User.objects.count() == users_before
    assert NetworkRole.objects.count() == roles_before
    record = AuditRecord.objects.for_object(invitation).get()
    assert (record.actor, record.network, record.action) == (
        access.users["coordinator"],
        access.network,
        AuditAction.CREATE,
    )
    assert {k: v for k, v in record.changes.items() if k != "token_hash" and k != "expires_at"} == {
        "network": [None, "Netzwerk Barnim"],
        "email": [None, "nina.holm@example.org"],
        "role": [None, "partner_representative"],
        "organisation": [None, "Stadtwerke Eberswalde"],
        "invited_by": [None, "Kari Lund"],
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina.holm@example.org"]
    assert message.subject == "samverk: you are invited to Netzwerk Barnim"
    path = link_in(message.body)
    assert message.body == (
        "Kari Lund invites you to take the role “partner representative” for Stadtwerke "
        "Eberswalde in Netzwerk Barnim on samverk.\n"
        "\n"
        "Open this link to accept or decline the invitation:\n"
        f"http://testserver{path}\n"
        "\n"
        "The link works for 14 days.\n"
        "The invitation is for nina.holm@example.org. If you did not expect it, you can ignore "
        "this email.\n"
    )
    # Only the token's hash is stored.
    token = path.removeprefix("/accounts/invitations/").rstrip("/")
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(RoleInvitation.objects.values()))
    # The mail carries a key: erased from the queue once sent.
    assert list(OutgoingMail.objects.values_list("body", flat=True)) == [""]


def test_the_invitation_arrives_at_the_smtp_server_with_the_link(
    access: Access, django_capture_on_commit_callbacks, run_tasks, smtp_inbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            access, email="per.olsen@stadtwerke.example", role=RoleKind.OBSERVER, organisation=None
        )
    run_tasks()

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "per.olsen@stadtwerke.example"
    assert message["Subject"] == "samverk: you are invited to Netzwerk Barnim"
    body = message.get_content()
    path = link_in(body)
    assert body.replace("\r\n", "\n").startswith(
        "Kari Lund invites you to take the role “observer” in Netzwerk Barnim on samverk.\n"
    )
    # The link opens the answer page (after signing in as the existing account).
    client = client_for(access, "partner_representative")
    assert client.get(path).status_code == 200


def test_the_email_speaks_the_network_language(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    access.network.language = "de"
    access.network.save()

    invite_and_mail(access, django_capture_on_commit_callbacks, run_tasks)

    assert "Vertreter*in eines Netzwerkpartners" in mail.outbox[0].body


def test_no_email_before_the_transaction_commits(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(access)

    assert len(callbacks) == 1  # the task is enqueued once committed
    assert run_tasks() == 0
    assert mail.outbox == []


def _refused(access: Access, **kwargs: Any) -> dict[str, list[str]]:
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        invite(access, **kwargs)
    assert db_state() == before
    assert mail.outbox == []
    return caught.value.message_dict


def test_inviting_someone_who_has_the_role_is_refused(access: Access):
    errors = _refused(
        access, email="Kari.Lund@example.org", role=RoleKind.COORDINATOR, organisation=None
    )

    # The coordinator sees this person on the list anyway; the name is not repeated.
    assert errors == {
        "email": ["kari.lund@example.org already has the role “coordinator” in this network."]
    }


def test_a_duplicate_open_invitation_is_refused(access: Access):
    invite(access)

    errors = _refused(access, email="NINA.holm@example.org")

    assert errors == {
        "email": [
            "nina.holm@example.org is already invited to the role “partner representative”: "
            "send that invitation again from the list instead."
        ]
    }


def test_the_same_email_may_be_invited_to_another_role_or_after_expiry(access: Access):
    first = invite(access)
    invite(access, role=RoleKind.OBSERVER, organisation=None)
    RoleInvitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())

    again = invite(access)

    assert again.pk != first.pk


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
def test_only_coordinators_invite(access: Access, key: str):
    before = db_state()

    with pytest.raises(PermissionDenied):
        invite(access, actor=access.users[key])

    assert db_state() == before
    assert mail.outbox == []


def test_the_platform_admin_invites(access: Access):
    invitation = invite(
        access, actor=access.users["admin"], role=RoleKind.COORDINATOR, organisation=None
    )

    assert AuditRecord.objects.for_object(invitation).get().actor == access.users["admin"]


# --- withdraw and send again ------------------------------------------------------------


def test_withdrawing_closes_the_link(access: Access, django_capture_on_commit_callbacks, run_tasks):
    invitation, path = invite_and_mail(access, django_capture_on_commit_callbacks, run_tasks)

    services.withdraw_invitation(actor=access.users["coordinator"], invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    record = AuditRecord.objects.for_object(invitation).filter(action=AuditAction.UPDATE).get()
    assert record.actor == access.users["coordinator"]
    assert list(record.changes) == ["withdrawn_at"]
    response = Client().get(path)
    assert response.status_code == 410
    assert h1(response) == "This invitation has been withdrawn"
    with pytest.raises(ValidationError) as caught:
        services.withdraw_invitation(actor=access.users["coordinator"], invitation=invitation)
    assert caught.value.messages == [
        "This invitation has already been accepted, declined or withdrawn."
    ]


def test_sending_again_replaces_the_link_and_renews_the_period(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    invitation, old_path = invite_and_mail(access, django_capture_on_commit_callbacks, run_tasks)
    RoleInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    invitation.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitation_again(
            actor=access.users["coordinator"], invitation=invitation, base_url=BASE_URL
        )
    run_tasks()

    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)
    new_path = link_in(mail.outbox[-1].body)
    assert new_path != old_path
    assert len(mail.outbox) == 2
    assert Client().get(old_path).status_code == 404
    assert Client().get(new_path).status_code == 200
    record = AuditRecord.objects.for_object(invitation).filter(action=AuditAction.UPDATE).get()
    assert sorted(record.changes) == ["expires_at", "token_hash"]


@pytest.mark.parametrize(
    "key", ["other_network", "partner_representative", "company_contact", "observer"]
)
def test_only_coordinators_withdraw_or_send_again(access: Access, key: str):
    invitation = invite(access)
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.withdraw_invitation(actor=access.users[key], invitation=invitation)
    with pytest.raises(PermissionDenied):
        services.send_invitation_again(
            actor=access.users[key], invitation=invitation, base_url=BASE_URL
        )

    assert db_state() == before


# --- accepting and declining --------------------------------------------------------------


def test_the_invited_account_accepts_and_gets_the_role(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    per = access.users["partner_representative"]
    invitation, _path = invite_and_mail(
        access,
        django_capture_on_commit_callbacks,
        run_tasks,
        email="per.olsen@stadtwerke.example",
        role=RoleKind.OBSERVER,
        organisation=None,
    )

    role = services.accept_invitation(actor=per, invitation=invitation)

    assert (role.user, role.network, role.role, role.organisation) == (
        per,
        access.network,
        RoleKind.OBSERVER,
        None,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == per
    assert invitation.accepted_at is not None
    record = AuditRecord.objects.for_object(role).get()
    assert (record.actor, record.action) == (per, AuditAction.CREATE)
    assert set(NetworkRole.objects.filter(user=per).values_list("role", flat=True)) == {
        RoleKind.PARTNER_REPRESENTATIVE,
        RoleKind.OBSERVER,
    }
    with pytest.raises(ValidationError):
        services.accept_invitation(actor=per, invitation=invitation)  # used


def test_another_account_cannot_accept(access: Access):
    invitation = invite_per_to_observe(access)
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.accept_invitation(actor=access.users["observer"], invitation=invitation)

    assert db_state() == before


def test_an_expired_invitation_cannot_be_accepted(access: Access):
    invitation = invite_per_to_observe(access)
    RoleInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    before = db_state()

    with pytest.raises(ValidationError) as caught:
        services.accept_invitation(
            actor=access.users["partner_representative"], invitation=invitation
        )

    assert caught.value.messages == ["This invitation can no longer be answered."]
    assert db_state() == before


def test_a_new_person_accepts_by_creating_the_account(access: Access):
    invitation = invite(access)

    role = services.accept_invitation_with_new_account(
        invitation=invitation, name=" Nina Holm ", password=NEW_PASSWORD
    )

    user = User.objects.get(email="nina.holm@example.org")
    assert role.user == user
    assert (role.role, role.organisation) == (RoleKind.PARTNER_REPRESENTATIVE, access.org_a)
    assert user.name == "Nina Holm"
    assert user.check_password(NEW_PASSWORD)
    account_record = AuditRecord.objects.for_object(user).get()
    assert account_record.changes == {
        "email": [None, "nina.holm@example.org"],
        "name": [None, "Nina Holm"],
    }


def test_a_new_account_needs_a_name_and_a_good_password(access: Access):
    invitation = invite(access)
    before = db_state()

    with pytest.raises(ValidationError) as no_name:
        services.accept_invitation_with_new_account(
            invitation=invitation, name=" ", password=NEW_PASSWORD
        )
    with pytest.raises(ValidationError) as weak:
        services.accept_invitation_with_new_account(
            invitation=invitation, name="Nina", password="123"
        )

    assert no_name.value.message_dict == {"name": ["Enter your name."]}
    assert list(weak.value.message_dict) == ["new_password1"]
    assert db_state() == before
    assert not User.objects.filter(email="nina.holm@example.org").exists()


def test_declining_records_it_and_gives_no_role(access: Access):
    invitation = invite_per_to_observe(access)
    roles_before = list(NetworkRole.objects.values())

    services.decline_invitation(actor=access.users["partner_representative"], invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert list(NetworkRole.objects.values()) == roles_before
    record = AuditRecord.objects.for_object(invitation).filter(action=AuditAction.UPDATE).get()
    assert (record.actor, list(record.changes)) == (
        access.users["partner_representative"],
        ["declined_at"],
    )


def test_only_the_invited_account_declines_for_it(access: Access):
    invitation = invite_per_to_observe(access)
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.decline_invitation(actor=AnonymousUser(), invitation=invitation)
    with pytest.raises(PermissionDenied):
        services.decline_invitation(actor=access.users["observer"], invitation=invitation)

    assert db_state() == before


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
    user_with_role(access.network, RoleKind.COORDINATOR, email="nina.holm@example.org")
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
    "invitation_withdraw": lambda a: a.base + f"invitations/{a.open_invitation().pk}/withdraw/",
    "invitation_resend": lambda a: a.base + f"invitations/{a.open_invitation().pk}/send-again/",
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
        leaks = ("Netzwerk Barnim", "Otto Weiss", "otto@example.org", "fred@example.org")
        assert [s for s in leaks if s in html] == []
    else:
        assert response.status_code == (200 if key in MANAGERS else 403)


def _valid_post(access: Access, page: str) -> dict[str, Any]:
    if page == "create":
        return {
            "email": "nina.holm@example.org",
            "role": RoleKind.COMPANY_CONTACT,
            "organisation": access.org_a.pk,
        }
    return {}


@pytest.mark.parametrize("page", ["create", "remove", "invitation_withdraw", "invitation_resend"])
@pytest.mark.parametrize("key", ROLES)
def test_post(access: Access, key: str, page: str, django_capture_on_commit_callbacks, run_tasks):
    url = PAGES[page](access)
    observer_role = access.role_of("observer").pk
    invitation = access.open_invitation()
    before = db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(access, key).post(url, _valid_post(access, page))
    run_tasks()

    if key in MANAGERS:
        assert response.status_code == 302
        assert response["Location"] == access.base
        invitation.refresh_from_db()
        if page == "create":
            assert RoleInvitation.objects.filter(
                email="nina.holm@example.org",
                network=access.network,
                role=RoleKind.COMPANY_CONTACT,
                organisation=access.org_a,
            ).exists()
            assert not NetworkRole.objects.filter(user__email="nina.holm@example.org").exists()
            assert [m.to for m in mail.outbox] == [["nina.holm@example.org"]]
        elif page == "remove":
            assert not NetworkRole.objects.filter(pk=observer_role).exists()
        elif page == "invitation_withdraw":
            assert invitation.withdrawn_at is not None
            assert mail.outbox == []
        else:
            assert [m.to for m in mail.outbox] == [["fred@example.org"]]
        return
    expected = {"anonymous": 302, "other_network": 404}.get(key, 403)
    assert response.status_code == expected
    assert db_state() == before
    assert mail.outbox == []


def test_another_network_cannot_reach_our_roles_through_its_own_address(access: Access):
    client = client_for(access, "other_network")
    other = f"/n/{access.other_network.slug}/access/"
    pk = access.open_invitation().pk
    urls = [
        f"{other}{access.role_of('observer').pk}/remove/",
        f"{other}invitations/{pk}/withdraw/",
        f"{other}invitations/{pk}/send-again/",
    ]
    before = db_state()

    answers = [(client.get(url).status_code, client.post(url).status_code) for url in urls]

    assert answers == [(404, 404)] * 3
    assert db_state() == before
    assert mail.outbox == []


def test_a_used_or_withdrawn_invitation_has_no_pages(access: Access):
    invitation = access.open_invitation()
    services.withdraw_invitation(actor=access.users["coordinator"], invitation=invitation)
    client = client_for(access, "coordinator")

    withdraw = client.post(access.base + f"invitations/{invitation.pk}/withdraw/")
    resend = client.post(access.base + f"invitations/{invitation.pk}/send-again/")

    assert (withdraw.status_code, resend.status_code) == (404, 404)
    assert mail.outbox == []


# --- what the pages show -------------------------------------------------------------------

ROLE_ROWS = [
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


def test_the_list_shows_every_role_sorted_by_role_then_name(access: Access):
    response = client_for(access, "coordinator").get(access.base)

    assert response.status_code == 200
    assert h1(response) == "People with access"
    assert table_rows(response) == ROLE_ROWS
    html = response.content.decode()
    assert f'href="{access.base}new/"' in html
    per_role = access.role_of("partner_representative")
    assert f'href="{access.base}{per_role.pk}/remove/"' in html
    assert "Ola Nordmann" not in html  # the other network's coordinator
    assert '<th scope="col">Email</th>' in html
    assert '<p class="empty">No open invitations.</p>' in html


def test_the_list_shows_the_open_invitations(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    invite(access)
    RoleInvitation.objects.update(created_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    RoleInvitation.objects.update(expires_at=dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC))
    observer = invite(access, email="ulla@example.org", role=RoleKind.OBSERVER, organisation=None)
    RoleInvitation.objects.filter(pk=observer.pk).update(
        created_at=dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC),
        expires_at=dt.datetime(2099, 3, 19, 9, tzinfo=dt.UTC),
    )
    done = invite(access, email="done@example.org", role=RoleKind.OBSERVER, organisation=None)
    services.withdraw_invitation(actor=access.users["coordinator"], invitation=done)

    response = client_for(access, "coordinator").get(access.base)

    nina = RoleInvitation.objects.get(email="nina.holm@example.org")
    assert table_rows(response)[len(ROLE_ROWS) :] == [
        (
            "ulla@example.org",
            "observer",
            "–",
            "03/05/2026",
            "03/19/2099",
            "Send again the invitation for ulla@example.org "
            "Withdraw the invitation for ulla@example.org",
        ),
        (
            "nina.holm@example.org",
            "partner representative",
            "Stadtwerke Eberswalde",
            "03/02/2026",
            "expired on 03/16/2026",
            "Send again the invitation for nina.holm@example.org "
            "Withdraw the invitation for nina.holm@example.org",
        ),
    ]
    html = response.content.decode()
    assert f'href="{access.base}invitations/{nina.pk}/send-again/"' in html
    assert f'href="{access.base}invitations/{nina.pk}/withdraw/"' in html
    assert "done@example.org" not in html


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
    invite(access, email="first@example.org")
    small = _queries(client, access.base)
    for i in range(30):
        user_with_role(
            access.network,
            RoleKind.COMPANY_CONTACT,
            organisation=OrganisationFactory.create(network=access.network),
            email=f"contact{i}@example.org",
        )
        invite(access, email=f"invited{i}@example.org")

    assert _queries(client, access.base) == small


def test_the_form_offers_the_network_organisations_only(access: Access):
    response = client_for(access, "coordinator").get(access.base + "new/")

    html = response.content.decode()
    assert h1(response) == "Give someone access"
    assert list(response.context["form"].fields) == ["email", "role", "organisation"]
    assert [str(o) for o in response.context["form"].fields["organisation"].queryset] == [
        "Hochschule Eberswalde",
        "Stadtwerke Eberswalde",
    ]
    assert "Fjord Energi" not in html
    assert [c[0] for c in response.context["form"].fields["role"].choices] == RoleKind.values


@pytest.mark.parametrize(
    "email", ["nina.holm@example.org", "Per.Olsen@stadtwerke.example", "admin@example.org"]
)
def test_inviting_shows_only_the_email_typed(
    access: Access, email: str, django_capture_on_commit_callbacks, run_tasks
):
    """Whether the address has an account (and whose) is not revealed before acceptance."""
    client = client_for(access, "coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access.base + "new/", {"email": email, "role": RoleKind.OBSERVER}, follow=True
        )
    run_tasks()

    assert response.redirect_chain == [(access.base, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"An invitation is queued for {email.lower()}."
    ]
    html = response.content.decode()
    assert "Ada Admin" not in html
    # Per Olsen has another role, shown in the roles table as before; the invitation row
    # shows the address only.
    assert table_rows(response)[: len(ROLE_ROWS)] == ROLE_ROWS
    # (email, role, organisation, [invited, expires: dates shown above], actions)
    rows = table_rows(response)[len(ROLE_ROWS) :]
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (
            email.lower(),
            "observer",
            "–",
            f"Send again the invitation for {email.lower()} "
            f"Withdraw the invitation for {email.lower()}",
        )
    ]
    assert not NetworkRole.objects.filter(user__email=email.lower(), role=RoleKind.OBSERVER)


def test_an_existing_accounts_name_never_appears_before_acceptance(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    """Someone with an account, but no role in this network: their name appears on no page
    of the coordinator until they accept."""
    UserFactory.create(name="Hemmelig Hansen", email="hansen@example.org")
    client = client_for(access, "coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            access.base + "new/",
            {"email": "hansen@example.org", "role": RoleKind.OBSERVER},
            follow=True,
        )
    run_tasks()
    invitation = RoleInvitation.objects.get(email="hansen@example.org")
    pages = [
        posted,
        client.get(access.base),
        client.get(access.base + f"invitations/{invitation.pk}/withdraw/"),
        client.get(access.base + f"invitations/{invitation.pk}/send-again/"),
        client.post(
            access.base + "new/",
            {"email": "hansen@example.org", "role": RoleKind.OBSERVER},
        ),
    ]

    assert [p.status_code for p in pages] == [200, 200, 200, 200, 200]
    assert [i for i, p in enumerate(pages) if "Hansen" in p.content.decode()] == []
    assert [i for i, p in enumerate(pages) if "hansen@example.org" not in p.content.decode()] == []
    assert "Hemmelig" not in mail.outbox[0].body


def test_sending_again_and_withdrawing_from_the_pages(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    invitation = invite(access)
    client = client_for(access, "coordinator")
    resend_url = access.base + f"invitations/{invitation.pk}/send-again/"
    withdraw_url = access.base + f"invitations/{invitation.pk}/withdraw/"

    resend_page = client.get(resend_url)
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(resend_url, follow=True)
    run_tasks()
    withdraw_page = client.get(withdraw_url)
    withdrawn = client.post(withdraw_url, follow=True)

    assert h1(resend_page) == "Send the invitation for nina.holm@example.org again?"
    assert (
        "The invitation is to the role “partner representative” for Stadtwerke Eberswalde."
        in resend_page.content.decode()
    )
    assert [str(m) for m in resent.context["messages"]] == [
        "An invitation is queued for nina.holm@example.org."
    ]
    assert [m.to for m in mail.outbox] == [["nina.holm@example.org"]]
    assert h1(withdraw_page) == "Withdraw the invitation for nina.holm@example.org?"
    assert (
        '<button type="submit" class="danger">Yes, withdraw the invitation</button>'
        in withdraw_page.content.decode()
    )
    assert [str(m) for m in withdrawn.context["messages"]] == [
        "The invitation for nina.holm@example.org is withdrawn."
    ]
    assert withdrawn.redirect_chain == [(access.base, 302)]
    assert "nina.holm@example.org" not in [r[0] for r in table_rows(withdrawn)]


def _form_errors(response: Any) -> dict[str, list[str]]:
    return {k: list(v) for k, v in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"email": "nina@example.org", "role": RoleKind.PARTNER_REPRESENTATIVE},
            {"organisation": [ORGANISATION_REQUIRED]},
        ),
        (
            {"email": "nina@example.org", "role": RoleKind.OBSERVER, "organisation": "ORG_A"},
            {"organisation": [NO_ORGANISATION]},
        ),
        (
            {
                "email": "nina@example.org",
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
            {"email": ["otto@example.org already has the role “observer” in this network."]},
        ),
        (
            {"email": "Fred@example.org", "role": RoleKind.OBSERVER},
            {
                "email": [
                    "fred@example.org is already invited to the role “observer”: send that "
                    "invitation again from the list instead."
                ]
            },
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
    access.open_invitation()
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
    user_with_role(access.network, RoleKind.COORDINATOR, email="nina.holm@example.org")
    role = access.role_of("coordinator")

    response = client_for(access, "coordinator").post(access.base + f"{role.pk}/remove/")

    # Kari has no other role in the network, so she goes to the start page.
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not NetworkRole.objects.filter(pk=role.pk).exists()


def test_a_coordinator_who_steps_down_but_observes_goes_to_the_network(access: Access):
    user_with_role(access.network, RoleKind.COORDINATOR, email="nina.holm@example.org")
    NetworkRole.objects.create(
        user=access.users["coordinator"], network=access.network, role=RoleKind.OBSERVER
    )
    role = NetworkRole.objects.get(user=access.users["coordinator"], role=RoleKind.COORDINATOR)

    response = client_for(access, "coordinator").post(access.base + f"{role.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == "/n/barnim/"


# --- the invited person's answer page --------------------------------------------------------


def _fred_path() -> str:
    return f"/accounts/invitations/{FRED_TOKEN}/"


def _per_invitation(access: Access, capture: Any, run_tasks: Any) -> tuple[RoleInvitation, str]:
    return invite_and_mail(
        access,
        capture,
        run_tasks,
        email="per.olsen@stadtwerke.example",
        role=RoleKind.COMPANY_CONTACT,
        organisation=access.org_b,
    )


def test_an_existing_account_signs_in_first_then_accepts(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    invitation, path = _per_invitation(access, django_capture_on_commit_callbacks, run_tasks)
    client = Client()

    anonymous = client.get(path)
    client.force_login(access.users["partner_representative"])
    page = client.get(path)
    accepted = client.post(path, {"action": "accept"}, follow=True)
    again = client.get(path)

    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/accounts/login/?next={path}"
    assert page.status_code == 200
    assert h1(page) == "Invitation to Netzwerk Barnim"
    html = page.content.decode()
    assert (
        "You are invited to take the role “company contact” for Hochschule Eberswalde in "
        "Netzwerk Barnim." in html
    )
    assert "The invitation is for per.olsen@stadtwerke.example." in html
    assert '<button type="submit" name="action" value="accept">Accept</button>' in html
    assert 'name="action" value="decline" class="danger">Decline</button>' in html
    assert 'name="new_password1"' not in html
    assert accepted.redirect_chain == [("/n/barnim/", 302)]
    assert [str(m) for m in accepted.context["messages"]] == [
        "You now have the role “company contact” in Netzwerk Barnim."
    ]
    assert NetworkRole.objects.filter(
        user=access.users["partner_representative"],
        network=access.network,
        role=RoleKind.COMPANY_CONTACT,
        organisation=access.org_b,
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == access.users["partner_representative"]
    assert again.status_code == 410
    assert h1(again) == "This invitation has already been accepted"


def test_the_wrong_account_cannot_accept_or_decline(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    _invitation, path = _per_invitation(access, django_capture_on_commit_callbacks, run_tasks)
    client = client_for(access, "observer")
    before = db_state()

    page = client.get(path)
    accept = client.post(path, {"action": "accept"})
    decline = client.post(path, {"action": "decline"})

    assert (page.status_code, accept.status_code, decline.status_code) == (403, 403, 403)
    assert h1(page) == "This invitation is for another account"
    assert "Per Olsen" not in page.content.decode()
    assert db_state() == before


def test_a_link_for_an_address_without_account_creates_that_account(access: Access):
    """Fred has no account: a signed-in account with another address accepting creates
    Fred's account (with the name and password given), not a role for itself."""
    access.open_invitation()
    client = client_for(access, "observer")

    response = client.post(
        _fred_path(),
        {
            "action": "accept",
            "name": "Fred Fjord",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    fred = User.objects.get(email="fred@example.org")
    assert response.status_code == 302
    assert get_user(client) == fred
    assert list(
        NetworkRole.objects.filter(network=access.network, role=RoleKind.OBSERVER)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    ) == ["bjorn@example.org", "fred@example.org", "otto@example.org"]


def test_a_new_person_chooses_a_name_and_password_and_is_signed_in(access: Access):
    access.open_invitation()
    client = Client()

    page = client.get(_fred_path())
    mismatch = client.post(
        _fred_path(),
        {
            "action": "accept",
            "name": "Fred Fjord",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD + "x",
        },
    )
    weak = client.post(
        _fred_path(),
        {"action": "accept", "name": "Fred Fjord", "new_password1": "1", "new_password2": "1"},
    )
    accepted = client.post(
        _fred_path(),
        {
            "action": "accept",
            "name": "Fred Fjord",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    fresh = Client()
    login = fresh.post(
        "/accounts/login/", {"username": "fred@example.org", "password": NEW_PASSWORD}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "You are invited to take the role “observer” in Netzwerk Barnim." in html
    assert "There is no account for this address yet" in html
    assert list(page.context["form"].fields) == ["name", "new_password1", "new_password2"]
    assert mismatch.status_code == 200
    assert _form_errors(mismatch) == {"new_password2": ["The two passwords differ."]}
    assert weak.status_code == 200
    assert list(_form_errors(weak)) == ["new_password1"]
    assert accepted.redirect_chain == [("/n/barnim/", 302)]
    fred = User.objects.get(email="fred@example.org")
    assert fred.name == "Fred Fjord"
    assert get_user(client) == fred
    assert NetworkRole.objects.filter(user=fred, role=RoleKind.OBSERVER, network=access.network)
    assert login.status_code == 302
    assert get_user(fresh) == fred


def test_declining_from_the_page(access: Access, django_capture_on_commit_callbacks, run_tasks):
    invitation = access.open_invitation()
    client = Client()
    roles_before = list(NetworkRole.objects.values())

    declined = client.post(_fred_path(), {"action": "decline"})
    again = client.get(_fred_path())
    coordinator_list = client_for(access, "coordinator").get(access.base)

    assert declined.status_code == 200
    assert h1(declined) == "Invitation declined"
    assert "You have declined the invitation to Netzwerk Barnim." in declined.content.decode()
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert list(NetworkRole.objects.values()) == roles_before
    assert not User.objects.filter(email="fred@example.org").exists()
    assert again.status_code == 410
    assert h1(again) == "This invitation has been declined"
    assert "fred@example.org" not in coordinator_list.content.decode()


def test_an_existing_account_declines_signed_in(
    access: Access, django_capture_on_commit_callbacks, run_tasks
):
    invitation, path = _per_invitation(access, django_capture_on_commit_callbacks, run_tasks)

    declined = client_for(access, "partner_representative").post(path, {"action": "decline"})

    assert h1(declined) == "Invitation declined"
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert not NetworkRole.objects.filter(role=RoleKind.COMPANY_CONTACT, user__name="Per Olsen")


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_is_refused_clearly(access: Access, method: str):
    invitation = access.open_invitation()
    RoleInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    before = db_state()

    response = getattr(Client(), method)(
        _fred_path(),
        {
            "action": "accept",
            "name": "Fred",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 410
    assert h1(response) == "This invitation has expired"
    assert (
        "If you still need access, ask the network's coordinator to invite you again."
        in response.content.decode().replace("&#x27;", "'")
    )
    assert db_state() == before


@pytest.mark.parametrize("token", ["no-such-token", "x" * 300])
def test_an_unknown_link_answers_404_with_help(access: Access, token: str):
    access.open_invitation()

    response = Client().get(f"/accounts/invitations/{token}/")

    assert response.status_code == 404
    assert h1(response) == "This invitation link does not work"


@pytest.mark.parametrize("token", ["%00", "fred-token-for-tests%00"])
def test_a_link_with_a_nul_byte_is_refused_at_the_edge(access: Access, token: str):
    access.open_invitation()
    before = db_state()

    response = Client().get(f"/accounts/invitations/{token}/")

    assert response.status_code == 400  # core.middleware.InputGuardMiddleware, never a 500
    assert db_state() == before


def test_a_withdrawn_link_answers_410(access: Access):
    invitation = access.open_invitation()
    services.withdraw_invitation(actor=access.users["coordinator"], invitation=invitation)

    response = Client().post(_fred_path(), {"action": "decline"})

    assert response.status_code == 410
    assert h1(response) == "This invitation has been withdrawn"
