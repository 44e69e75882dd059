"""Logging in with an email address, logging out, resetting a forgotten password."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.test import Client

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import NetworkFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"  # the factories' password


@pytest.fixture
def user() -> User:
    network = NetworkFactory.create(slug="nordsachsen")
    return user_with_role(network, RoleKind.COORDINATOR, email="kari.lund@example.org")


def test_login_page(client: Client):
    response = client.get("/accounts/login/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="email" name="username"' in html
    assert '<input type="password" name="password"' in html
    assert 'href="/accounts/password-reset/"' in html


@pytest.mark.parametrize(
    "typed", ["kari.lund@example.org", "Kari.Lund@Example.ORG", " KARI.LUND@example.org "]
)
def test_login_with_email_in_any_case(client: Client, user: User, typed: str):
    response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert get_user(client) == user
    # The start page sends a user with one network straight to it.
    assert client.get("/")["Location"] == "/n/nordsachsen/"


def test_login_follows_next(client: Client, user: User):
    response = client.post(
        "/accounts/login/?next=/n/nordsachsen/people/",
        {"username": user.email, "password": PASSWORD, "next": "/n/nordsachsen/people/"},
    )

    assert response["Location"] == "/n/nordsachsen/people/"


def test_wrong_password_shows_an_error(client: Client, user: User):
    response = client.post("/accounts/login/", {"username": user.email, "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Please enter a correct email and password. Note that both fields may be case-sensitive."
        in html
    )
    assert not get_user(client).is_authenticated


def test_unknown_email_shows_the_same_error(client: Client, user: User):
    response = client.post(
        "/accounts/login/", {"username": "nobody@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "Please enter a correct email and password." in response.content.decode()
    assert not get_user(client).is_authenticated


def test_inactive_user_cannot_log_in(client: Client, user: User):
    user.is_active = False
    user.save()

    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert not get_user(client).is_authenticated


def test_logout_by_post(client: Client, user: User):
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not get_user(client).is_authenticated
    assert client.get("/n/nordsachsen/")["Location"] == "/accounts/login/?next=/n/nordsachsen/"


def test_logout_by_get_is_refused(client: Client, user: User):
    client.force_login(user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert get_user(client) == user


def test_every_page_has_a_logout_button(client: Client, user: User):
    client.force_login(user)

    html = client.get("/n/nordsachsen/").content.decode()

    assert '<form class="logout" method="post" action="/accounts/logout/">' in html


def _reset_link(body: str) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset(client: Client, user: User, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/accounts/password-reset/", {"email": "KARI.LUND@example.org"})
    assert mail.outbox == []  # queued for the worker
    run_tasks()

    assert sent.status_code == 302
    assert sent["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari.lund@example.org"]
    assert message.subject == "samverk: choose a new password"
    link = _reset_link(str(message.body))

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    assert 'name="new_password1"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]

    done = client.post(
        set_url, {"new_password1": "Fjord-og-fjell-2025", "new_password2": "Fjord-og-fjell-2025"}
    )

    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("Fjord-og-fjell-2025")
    assert not user.check_password(PASSWORD)
    fresh = Client()
    assert (
        fresh.post(
            "/accounts/login/",
            {"username": user.email, "password": "Fjord-og-fjell-2025"},
        ).status_code
        == 302
    )
    # The link works only once.
    reused = client.get(link, follow=True)
    assert "This link is no longer valid. Please ask for a new one." in reused.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing(
    client: Client, user: User, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    run_tasks()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_password_reset_refuses_a_weak_password(
    client: Client, user: User, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": user.email})
    run_tasks()
    form_page = client.get(_reset_link(str(mail.outbox[0].body)), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert "This password is too short." in response.content.decode()
    assert user.check_password(PASSWORD)


def test_users_are_created_with_a_lower_case_email():
    created = User.objects.create_user("Eva.Holm@Example.ORG", "x")
    factory_user = UserFactory.create(email="ola@example.org")

    assert created.email == "eva.holm@example.org"
    assert factory_user.check_password(PASSWORD)
