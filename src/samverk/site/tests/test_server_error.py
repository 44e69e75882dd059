"""The 500 page: in the user's language, and rendered without touching the database (which may
be what failed); the API answers JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from samverk.site import urls as root_urls


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken on purpose")


urlpatterns = [path("broken/", broken), path("api/v1/broken/", broken), *root_urls.urlpatterns]
handler500 = root_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("de", "Etwas ist schiefgegangen"),
        ("nb", "Noe gikk galt"),
        ("nn", "Noko gjekk gale"),
        ("sv", "Något gick fel"),
        ("en", "Something went wrong"),
    ],
)
def test_the_500_page_speaks_the_users_language(
    language: str, heading: str, django_assert_num_queries: Any
) -> None:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)

    with django_assert_num_queries(0):
        response = client.get("/broken/")

    assert response.status_code == 500
    text = response.content.decode()
    assert f'<html lang="{language}">' in text
    assert f"<h1>{heading}</h1>" in text


def test_the_api_answers_a_server_error_as_json() -> None:
    response = Client(raise_request_exception=False).get("/api/v1/broken/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}
