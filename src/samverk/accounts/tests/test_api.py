"""POST /api/v1/auth/token/ with {"email", "password"} → {"token", "expiry"}, and using that
token: several per user, each expiring, each revocable; a new password revokes them all."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from samverk.accounts.models import ApiToken
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, OutgoingMail
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pw-for-tests-1"  # what UserFactory sets
NEW_PASSWORD = "Fjord-og-fjell-2025"
WRONG = {"non_field_errors": ["Email or password is not correct."]}
ORGANISATIONS = "/api/v1/networks/organisations/"


def _get_token(email: str = "anna@example.org", password: str = PASSWORD, **extra: str) -> str:
    response = APIClient().post(
        TOKEN_URL, {"email": email, "password": password, **extra}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def _api(token: str, url: str = ORGANISATIONS):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(url)


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
    body = response.json()
    assert set(body) == {"token", "expiry"}
    assert re.fullmatch(r"[0-9a-f]{64}", body["token"])
    stored = ApiToken.objects.get(user=user)
    assert dt.datetime.fromisoformat(body["expiry"]) == stored.expiry
    assert stored.token_key == body["token"][:15]
    assert body["token"] not in (stored.digest, stored.token_key)  # only a hash is kept
    record = AuditRecord.objects.get(action=AuditAction.CREATE, object_id=str(stored.pk))
    assert record.actor == user
    assert set(record.changes) == {"user", "created", "expiry"}
    assert body["token"][:8] not in str(record.changes)

    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    listed = client.get(ORGANISATIONS)

    assert listed.status_code == 200
    assert [row["name"] for row in listed.json()["results"]] == ["Stadtwerke Eberswalde"]


def test_tokens_expire_after_thirty_days_by_default(settings: Any) -> None:
    UserFactory.create(email="anna@example.org")
    before = timezone.now()

    _get_token()

    token = ApiToken.objects.get()
    assert settings.REST_KNOX["TOKEN_TTL"] == dt.timedelta(days=30)
    assert before + dt.timedelta(days=30) <= token.expiry <= timezone.now() + dt.timedelta(days=30)


def test_the_lifetime_is_configurable(settings: Any) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": dt.timedelta(days=2)}
    UserFactory.create(email="anna@example.org")

    _get_token()

    token = ApiToken.objects.get()
    assert token.expiry - token.created == pytest.approx(
        dt.timedelta(days=2), abs=dt.timedelta(seconds=1)
    )


def test_an_expired_token_is_refused() -> None:
    UserFactory.create(email="anna@example.org")
    key = _get_token()
    ApiToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))

    response = _api(key)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert response["WWW-Authenticate"] == "Token"
    assert not ApiToken.objects.exists()  # removed when it was shown again


def test_asking_twice_gives_two_tokens_that_both_work() -> None:
    UserFactory.create(email="anna@example.org")

    first = _get_token()
    second = _get_token(name="CRM sync")

    assert first != second
    assert ApiToken.objects.count() == 2
    assert ApiToken.objects.get(name="CRM sync").token_key == second[:15]
    assert _api(first).status_code == 200
    assert _api(second).status_code == 200


def test_using_a_token_records_when_it_was_last_used() -> None:
    UserFactory.create(email="anna@example.org")
    key = _get_token()
    assert ApiToken.objects.get().last_used is None

    before = timezone.now()
    _api(key)

    last_used = ApiToken.objects.get().last_used
    assert last_used is not None
    assert before <= last_used <= timezone.now()


def test_a_token_of_an_inactive_user_is_refused() -> None:
    user = UserFactory.create(email="anna@example.org")
    key = _get_token()
    user.is_active = False
    user.save()

    response = _api(key)

    assert response.status_code == 401


def test_email_is_not_case_sensitive() -> None:
    UserFactory.create(email="anna@example.org")

    response = APIClient().post(
        TOKEN_URL, {"email": " Anna@Example.ORG", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}


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
    assert ApiToken.objects.count() == 0


def test_inactive_user_gets_no_token() -> None:
    UserFactory.create(email="anna@example.org", is_active=False)

    response = APIClient().post(
        TOKEN_URL, {"email": "anna@example.org", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == WRONG
    assert ApiToken.objects.count() == 0


def test_missing_and_malformed_fields() -> None:
    missing = APIClient().post(TOKEN_URL, {}, format="json")
    malformed = APIClient().post(
        TOKEN_URL, {"email": "not-an-email", "password": PASSWORD}, format="json"
    )
    long_name = APIClient().post(
        TOKEN_URL,
        {"email": "anna@example.org", "password": PASSWORD, "name": "x" * 101},
        format="json",
    )

    assert missing.status_code == 400
    assert set(missing.json()) == {"email", "password"}
    assert malformed.status_code == 400
    assert set(malformed.json()) == {"email"}
    assert long_name.status_code == 400
    assert long_name.json() == {"name": ["Ensure this field has no more than 100 characters."]}


def test_token_endpoint_only_accepts_post() -> None:
    response = APIClient().get(TOKEN_URL)

    assert response.status_code == 405


def test_without_a_token_the_api_answers_401_and_says_how_to_authenticate() -> None:
    response = APIClient().get(ORGANISATIONS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_wrong_token_answers_401() -> None:
    response = _api("not-a-real-token")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize(
    "header",
    ["Token " + "a" * 500, "Token \u00e9t\u00e9", "Token", "Token a b"],
    ids=["too-long", "not-ascii", "no-token", "two-parts"],
)
def test_a_malformed_token_answers_401_not_500(header: str) -> None:
    response = APIClient().get(ORGANISATIONS, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_nul_in_the_token_is_refused_at_the_edge_with_400() -> None:
    response = APIClient().get(ORGANISATIONS, HTTP_AUTHORIZATION="Token abc\x00def")

    assert response.status_code == 400  # core.middleware.InputGuardMiddleware, never a 500
    assert response["Content-Type"] == "application/json"


def test_a_signed_in_browser_still_uses_the_api_with_its_session() -> None:
    user = UserFactory.create(email="anna@example.org")
    client = APIClient()
    client.force_login(user)

    assert client.get(ORGANISATIONS).status_code == 200


# --- a new password revokes every token --------------------------------------------------------


def _reset_link(body: str) -> str:
    match = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_a_password_reset_revokes_every_token_of_the_user() -> None:
    anna = UserFactory.create(email="anna@example.org")
    UserFactory.create(email="ola@example.org")
    keys = [_get_token(), _get_token()]
    olas = _get_token("ola@example.org")
    client = Client()

    client.post("/accounts/password-reset/", {"email": anna.email})
    # The reset mail is queued for the worker; its link is in the queued message.
    queued = OutgoingMail.objects.get(to=[anna.email])
    form_page = client.get(_reset_link(queued.body), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password(NEW_PASSWORD)
    assert [_api(key).status_code for key in keys] == [401, 401]
    assert not ApiToken.objects.filter(user=anna).exists()
    assert _api(olas).status_code == 200  # other people's tokens stay


def test_a_password_change_revokes_every_token_of_the_user() -> None:
    anna = UserFactory.create(email="anna@example.org")
    key = _get_token()
    client = Client()
    client.force_login(anna)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.check_password(NEW_PASSWORD)
    assert _api(key).status_code == 401
    # The browser that changed the password stays signed in.
    assert client.get("/accounts/tokens/").status_code == 200


def test_a_failed_password_change_keeps_the_tokens() -> None:
    anna = UserFactory.create(email="anna@example.org")
    key = _get_token()
    client = Client()
    client.force_login(anna)

    response = client.post(
        "/accounts/password/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert _api(key).status_code == 200
