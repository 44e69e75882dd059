"""Guessing passwords: the login page and the token endpoint lock out an account and a client
address after a few failures, in a store that every worker process shares (the database), and
the client address comes from ``X-Forwarded-For`` only when a configured proxy sent it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user
from django.test import Client, RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core.client_ip import client_ip
from samverk.networks.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"  # the factories' password
LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/v1/auth/token/"
LIMIT = 5  # the default of SAMVERK_LOGIN_FAILURE_LIMIT
LOCKED_TEXT = "Too many failed attempts to log in"


@pytest.fixture
def anna() -> User:
    return UserFactory.create(email="anna@example.org")


@pytest.fixture
def ola() -> User:
    return UserFactory.create(email="ola@example.org")


def _login(client: Client, email: str, password: str, ip: str = "192.0.2.10", **extra: Any):
    return client.post(
        LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _token(email: str, password: str, ip: str = "192.0.2.10", **extra: Any):
    return APIClient().post(
        TOKEN_URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=ip, **extra
    )


def test_the_defaults(settings: Any) -> None:
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert dt.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.SAMVERK_TRUSTED_PROXIES == []


# --- the login page --------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_is_refused(anna: User) -> None:
    client = Client()

    statuses = [_login(client, anna.email, f"guess-{i}").status_code for i in range(30)]
    right = _login(client, anna.email, PASSWORD)

    # Four failures show the form again; the fifth locks the account out.
    assert statuses == [200] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    assert right.status_code == 429
    assert not get_user(client).is_authenticated


def test_the_lockout_page_says_what_happened_and_what_to_do(anna: User) -> None:
    client = Client()
    for i in range(LIMIT):
        response = _login(client, anna.email, f"guess-{i}")

    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Too many failed attempts to log in</h1>" in html
    assert (
        "For your security, logging in is blocked for this account and from your network "
        "for 15 minutes." in html
    )
    assert 'href="/accounts/password-reset/"' in html
    assert '<input type="password"' not in html


def test_the_lockout_page_speaks_the_users_language(anna: User) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    for i in range(LIMIT):
        response = _login(client, anna.email, f"guess-{i}")

    assert response.status_code == 429
    assert '<html lang="de">' in response.content.decode()


def test_the_account_is_locked_from_every_address(anna: User) -> None:
    for i in range(LIMIT):
        _login(Client(), anna.email, f"guess-{i}", ip=f"198.51.100.{i + 1}")

    response = _login(Client(), anna.email, PASSWORD, ip="203.0.113.77")

    assert response.status_code == 429


def test_another_account_from_the_same_address_is_locked_too(anna: User, ola: User) -> None:
    client = Client()
    for i in range(LIMIT):
        _login(client, anna.email, f"guess-{i}")

    response = _login(Client(), ola.email, PASSWORD)

    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()


def test_guessing_many_accounts_from_one_address_is_locked(anna: User, ola: User) -> None:
    client = Client()
    statuses = [_login(client, f"person{i}@example.org", "guess").status_code for i in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [429]
    assert _login(Client(), ola.email, PASSWORD).status_code == 429


def test_other_accounts_from_other_addresses_still_log_in(anna: User, ola: User) -> None:
    for i in range(LIMIT):
        _login(Client(), anna.email, f"guess-{i}")
    client = Client()

    response = _login(client, ola.email, PASSWORD, ip="203.0.113.77")

    assert response.status_code == 302
    assert get_user(client) == ola


def test_a_few_mistakes_do_not_lock_out(anna: User) -> None:
    client = Client()
    for i in range(LIMIT - 1):
        _login(client, anna.email, f"guess-{i}")

    response = _login(client, anna.email, PASSWORD)

    assert response.status_code == 302
    assert get_user(client) == anna


def test_after_the_cool_off_time_the_account_opens_again(anna: User) -> None:
    for i in range(LIMIT):
        _login(Client(), anna.email, f"guess-{i}")
    assert _login(Client(), anna.email, PASSWORD).status_code == 429

    # Sixteen minutes later (the failures are dated back instead of waiting).
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    client = Client()
    response = _login(client, anna.email, PASSWORD)

    assert response.status_code == 302
    assert get_user(client) == anna


def test_trying_during_the_lockout_does_not_extend_it(anna: User) -> None:
    for i in range(LIMIT):
        _login(Client(), anna.email, f"guess-{i}")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    assert _login(Client(), anna.email, "another-guess").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))

    assert _login(Client(), anna.email, PASSWORD).status_code == 302


def test_failures_are_counted_in_the_database_shared_by_all_workers(anna: User) -> None:
    for i in range(3):
        _login(Client(), anna.email, f"guess-{i}")

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "anna@example.org",
        "192.0.2.10",
        3,
    )


def test_the_email_is_counted_in_any_case(anna: User) -> None:
    for i, typed in enumerate(["ANNA@example.org", " anna@EXAMPLE.org", "Anna@Example.Org"] * 2):
        _login(Client(), typed, f"guess-{i}", ip=f"198.51.100.{i + 1}")

    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"anna@example.org"}
    assert _login(Client(), anna.email, PASSWORD, ip="203.0.113.77").status_code == 429


def test_rotating_x_forwarded_for_does_not_bypass_the_login_page(anna: User) -> None:
    statuses = [
        _login(
            Client(), anna.email, "guess", ip="192.0.2.10", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        ).status_code
        for i in range(LIMIT)
    ]

    assert statuses[-1] == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}


# --- the token endpoint ----------------------------------------------------------------------


def test_token_endpoint_thirty_wrong_passwords_then_the_right_one_is_refused(anna: User) -> None:
    statuses = [_token(anna.email, f"guess-{i}").status_code for i in range(30)]
    right = _token(anna.email, PASSWORD)

    assert statuses == [400] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    assert right.status_code == 429
    assert right.json() == {
        "detail": "Too many failed attempts to log in. Try again in 15 minutes.",
    }
    assert right["Retry-After"] == "900"
    assert right["Content-Type"] == "application/json"


def test_rotating_x_forwarded_for_does_not_bypass_the_token_endpoint(anna: User) -> None:
    statuses = [
        _token(f"person{i}@example.org", "guess", HTTP_X_FORWARDED_FOR=f"10.1.{i}.{i}").status_code
        for i in range(30)
    ]
    right = _token(anna.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.200.200.200")

    assert statuses == [400] * (LIMIT - 1) + [429] * (30 - LIMIT + 1)
    assert right.status_code == 429


def test_token_endpoint_locks_the_account_from_every_address(anna: User) -> None:
    for i in range(LIMIT):
        _token(anna.email, f"guess-{i}", ip=f"198.51.100.{i + 1}")

    assert _token(anna.email, PASSWORD, ip="203.0.113.77").status_code == 429


def test_token_endpoint_locks_another_account_from_the_same_address(anna: User, ola: User) -> None:
    for i in range(LIMIT):
        _token(anna.email, f"guess-{i}")

    assert _token(ola.email, PASSWORD).status_code == 429
    assert _token(ola.email, PASSWORD, ip="203.0.113.77").status_code == 200


def test_login_page_and_token_endpoint_share_the_count(anna: User) -> None:
    for i in range(LIMIT - 1):
        _login(Client(), anna.email, f"guess-{i}")

    assert _token(anna.email, "one-more").status_code == 429
    assert _login(Client(), anna.email, PASSWORD).status_code == 429


# --- the client address ----------------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored() -> None:
    assert client_ip(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_a_trusted_proxy_passes_on_the_clients_address(settings) -> None:
    settings.SAMVERK_TRUSTED_PROXIES = ["10.0.0.1"]

    assert client_ip(_request("10.0.0.1", "203.0.113.5")) == "203.0.113.5"
    # Addresses that the client itself wrote before the proxy's are not believed.
    assert client_ip(_request("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    # Someone who is not the proxy cannot choose their address.
    assert client_ip(_request("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_a_chain_of_trusted_proxies_given_as_networks(settings) -> None:
    settings.SAMVERK_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]

    assert client_ip(_request("10.0.0.2", "198.51.100.7, 10.9.9.9")) == "198.51.100.7"
    assert client_ip(_request("2001:db8::1", "198.51.100.7")) == "198.51.100.7"
    # Only proxies forwarded: the left-most one is all that is known.
    assert client_ip(_request("10.0.0.2", "10.1.1.1, 10.9.9.9")) == "10.1.1.1"
    # No header, an empty or a garbled one: the proxy's own address.
    assert client_ip(_request("10.0.0.2")) == "10.0.0.2"
    assert client_ip(_request("10.0.0.2", "")) == "10.0.0.2"
    assert client_ip(_request("10.0.0.2", "not-an-address, \x00")) == "10.0.0.2"


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(settings, anna: User) -> None:
    settings.SAMVERK_TRUSTED_PROXIES = ["10.0.0.1"]
    for i in range(LIMIT):
        _login(
            Client(), f"person{i}@example.org", "guess", ip="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )  # fmt: skip

    locked = _login(
        Client(), anna.email, PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    other = _login(
        Client(), anna.email, PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )

    assert locked.status_code == 429
    assert other.status_code == 302
