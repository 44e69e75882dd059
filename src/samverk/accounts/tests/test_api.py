"""POST /api/v1/auth/token/ with {"email", "password"} → {"token"}, and using that token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pw-for-tests-1"  # what UserFactory sets
WRONG = {"non_field_errors": ["Email or password is not correct."]}


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    """The login throttle counts in the cache; every test starts with a clean count."""
    from django.core.cache import cache

    cache.clear()


def test_good_credentials_give_a_token_that_opens_the_api() -> None:
    network = NetworkFactory.create(slug="barnim")
    OrganisationFactory.create(network=network, name="Stadtwerke Eberswalde")
    OrganisationFactory.create(name="Somewhere else")
    user = user_with_role(network, RoleKind.OBSERVER, email="beobachter@example.org")
    client = APIClient()

    response = client.post(
        TOKEN_URL, {"email": "beobachter@example.org", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}

    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    listed = client.get("/api/v1/networks/organisations/")

    assert listed.status_code == 200
    assert [row["name"] for row in listed.json()["results"]] == ["Stadtwerke Eberswalde"]


def test_email_is_not_case_sensitive() -> None:
    UserFactory.create(email="anna@example.org")

    response = APIClient().post(
        TOKEN_URL, {"email": " Anna@Example.ORG", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"token"}


def test_asking_twice_gives_the_same_token() -> None:
    UserFactory.create(email="anna@example.org")
    client = APIClient()
    credentials = {"email": "anna@example.org", "password": PASSWORD}

    first = client.post(TOKEN_URL, credentials, format="json")
    second = client.post(TOKEN_URL, credentials, format="json")

    assert first.json() == second.json()
    assert Token.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("anna@example.org", "wrong-password"),
        ("nobody@example.org", PASSWORD),
    ],
    ids=["wrong-password", "unknown-email"],
)
def test_bad_credentials(email: str, password: str) -> None:
    UserFactory.create(email="anna@example.org")

    response = APIClient().post(TOKEN_URL, {"email": email, "password": password}, format="json")

    assert response.status_code == 400
    assert response.json() == WRONG
    assert Token.objects.count() == 0


def test_inactive_user_gets_no_token() -> None:
    UserFactory.create(email="anna@example.org", is_active=False)

    response = APIClient().post(
        TOKEN_URL, {"email": "anna@example.org", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == WRONG
    assert Token.objects.count() == 0


def test_missing_and_malformed_fields() -> None:
    missing = APIClient().post(TOKEN_URL, {}, format="json")
    malformed = APIClient().post(
        TOKEN_URL, {"email": "not-an-email", "password": PASSWORD}, format="json"
    )

    assert missing.status_code == 400
    assert set(missing.json()) == {"email", "password"}
    assert malformed.status_code == 400
    assert set(malformed.json()) == {"email"}


def test_token_endpoint_only_accepts_post() -> None:
    response = APIClient().get(TOKEN_URL)

    assert response.status_code == 405


def test_without_or_with_a_wrong_token_the_api_is_closed() -> None:
    client = APIClient()

    anonymous = client.get("/api/v1/networks/organisations/")
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    wrong = client.get("/api/v1/networks/organisations/")

    # 403 rather than 401: SessionAuthentication comes first in DEFAULT_AUTHENTICATION_CLASSES
    # and sends no WWW-Authenticate header.
    assert anonymous.status_code == 403
    assert wrong.status_code == 403
    assert wrong.json() == {"detail": "Invalid token."}


def test_login_is_throttled() -> None:
    UserFactory.create(email="anna@example.org")
    client = APIClient()
    bad = {"email": "anna@example.org", "password": "guess"}

    statuses = [client.post(TOKEN_URL, bad, format="json").status_code for _ in range(21)]

    assert statuses == [400] * 20 + [429]
