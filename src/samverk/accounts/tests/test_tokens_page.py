"""The "API tokens" page of a user's account: see one's tokens, revoke one or all of them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.test import APIClient

from samverk.accounts import services
from samverk.accounts.models import ApiToken, User
from samverk.core.models import AuditAction, AuditRecord
from samverk.networks.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/tokens/"
UTC = dt.UTC


@pytest.fixture
def anna() -> User:
    return UserFactory.create(email="anna@example.org", name="Anna Berg")


@pytest.fixture
def client(anna: User) -> Client:
    client = Client()
    client.force_login(anna)
    return client


def _token(user: User, name: str = "", **dates: dt.datetime) -> tuple[ApiToken, str]:
    token, key = services.create_api_token(user=user, name=name)
    if dates:
        ApiToken.objects.filter(pk=token.pk).update(**dates)
        token.refresh_from_db()
    return token, key


def _api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/networks/regions/").status_code


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body, html
    return [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]


def test_anonymous_visitors_are_sent_to_the_login_page() -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/tokens/"


def test_the_page_lists_the_users_own_tokens_newest_first(client: Client, anna: User) -> None:
    future = timezone.now() + dt.timedelta(days=10)
    _, old_key = _token(
        anna,
        "CRM sync",
        created=dt.datetime(2026, 3, 5, 13, 30, tzinfo=UTC),
        last_used=dt.datetime(2026, 3, 6, 8, 0, tzinfo=UTC),
        expiry=future,
    )
    _, new_key = _token(anna, created=dt.datetime(2026, 3, 7, 9, 15, tzinfo=UTC), expiry=future)
    _token(UserFactory.create(), "Someone else's")
    _token(anna, "Expired", expiry=timezone.now() - dt.timedelta(minutes=1))

    response = client.get(URL)

    html = response.content.decode()
    expires = date_format(timezone.localtime(future), "SHORT_DATETIME_FORMAT")
    assert response.status_code == 200
    assert "<h1>API tokens</h1>" in html
    assert _rows(html) == [
        f"(no name) {new_key[:8]}… 03/07/2026 10:15 a.m. never {expires} "
        f"Revoke (no name) {new_key[:8]}…",
        f"CRM sync {old_key[:8]}… 03/05/2026 2:30 p.m. 03/06/2026 9 a.m. {expires} "
        f"Revoke CRM sync {old_key[:8]}…",
    ]
    assert old_key not in html
    assert new_key not in html
    assert "Someone else" not in html
    assert "Expired" not in html
    assert "Tokens expire 30 days after they were created." in _text(html)
    assert 'href="/accounts/tokens/revoke-all/"' in html
    assert 'href="/accounts/password/"' in html


def test_without_tokens_the_page_says_so(client: Client) -> None:
    html = client.get(URL).content.decode()

    assert "You have no API tokens." in html
    assert "<tbody>" not in html
    assert "revoke-all" not in html


def test_every_page_links_to_the_account(client: Client) -> None:
    html = client.get("/").content.decode()

    assert f'<a class="who" href="{URL}">Anna Berg</a>' in html


def test_revoking_a_token_asks_first(client: Client, anna: User) -> None:
    token, key = _token(anna, "CRM sync")

    response = client.get(f"/accounts/tokens/{token.pk}/revoke/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>Revoke the token “CRM sync” ({key[:8]}…)?</h1>" in html
    assert "Programs that use this token can no longer use the API." in html
    assert _api_status(key) == 200


def test_revoking_a_token(client: Client, anna: User) -> None:
    token, key = _token(anna, "CRM sync")
    _, other_key = _token(anna, "Reports")

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == URL
    page = client.get(URL).content.decode()
    assert "The token “CRM sync” was revoked; programs can no longer use it." in page
    assert _api_status(key) == 401
    assert _api_status(other_key) == 200
    record = AuditRecord.objects.get(action=AuditAction.DELETE)
    assert record.actor == anna
    assert record.network is None
    assert record.object_repr == f"API token “CRM sync” ({key[:8]}…) of anna@example.org"
    assert key not in str(record.changes)


def test_nobody_revokes_someone_elses_token(client: Client) -> None:
    token, key = _token(UserFactory.create(), "Theirs")

    shown = client.get(f"/accounts/tokens/{token.pk}/revoke/")
    posted = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert shown.status_code == 404
    assert posted.status_code == 404
    assert _api_status(key) == 200


def test_revoking_an_unknown_token_is_a_404(client: Client) -> None:
    assert client.post("/accounts/tokens/999999/revoke/").status_code == 404


def test_revoking_needs_the_csrf_token(anna: User) -> None:
    token, key = _token(anna)
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 403
    assert _api_status(key) == 200


def test_revoking_all_tokens_asks_first_then_revokes_them(client: Client, anna: User) -> None:
    keys = [_token(anna)[1], _token(anna, "CRM sync")[1]]
    _, others = _token(UserFactory.create())

    asked = client.get("/accounts/tokens/revoke-all/")

    assert asked.status_code == 200
    assert "<h1>Revoke all your 2 API tokens?</h1>" in asked.content.decode()
    assert [_api_status(key) for key in keys] == [200, 200]  # asking revoked nothing

    response = client.post("/accounts/tokens/revoke-all/")

    assert response.status_code == 302
    assert response["Location"] == URL
    page = client.get(URL).content.decode()
    assert "2 tokens were revoked; programs can no longer use them." in page
    assert [_api_status(key) for key in keys] == [401, 401]
    assert _api_status(others) == 200
    assert AuditRecord.objects.filter(action=AuditAction.DELETE, actor=anna).count() == 2


def test_tokens_are_not_shown_in_the_admin_with_their_secret(anna: User) -> None:
    admin = User.objects.create_superuser("admin@example.org", "pw-for-tests-1")
    token, _key = _token(anna, "CRM sync")
    client = Client()
    client.force_login(admin)

    listing = client.get("/admin/accounts/apitoken/")

    assert listing.status_code == 200
    assert token.digest not in listing.content.decode()
