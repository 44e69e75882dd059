"""Input the database cannot store is refused at the edge (issue 7, §7).

PostgreSQL refuses NUL characters in text: before the guard a NUL byte in an address, a query
or a form answered 500 there (SQLite stored it). Now every page answers 400 with a page that
says what is wrong, and the API answers 400 in JSON — on both databases."""

from __future__ import annotations

import pytest
from django.test import Client

from samverk.accounts.services import create_api_token
from samverk.core.choices import RoleKind
from samverk.meetings.tests.factories import MeetingFactory, in_progress
from samverk.networks.tests.factories import (
    ArenaFactory,
    NetworkFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

PAGE_TEXT = (
    "The address or the form contains a NUL character, which samverk cannot store. "
    "Please remove it and try again."
)
API_ERROR = {
    "detail": "The address or the request contains a NUL character, which samverk cannot store."
}


@pytest.fixture
def coordinator_client() -> tuple[Client, str]:
    network = NetworkFactory.create(slug="barnim", name="Netzwerk Barnim")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    meeting = in_progress(MeetingFactory.create(arena=ArenaFactory.create(network=network)))
    PersonFactory.create(organisation__network=network, name="Anna Berg")
    client = Client()
    client.force_login(coordinator)
    return client, f"/n/barnim/meetings/{meeting.pk}/"


def assert_refused_page(response) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert PAGE_TEXT in response.content.decode()


def test_calendar_feed_with_nul_in_the_address_without_login() -> None:
    assert_refused_page(Client().get("/calendar/%00.ics"))


def test_network_switcher_with_nul(coordinator_client: tuple[Client, str]) -> None:
    client, _meeting = coordinator_client

    assert_refused_page(client.get("/?network=%00"))


def test_check_in_search_with_nul(coordinator_client: tuple[Client, str]) -> None:
    client, meeting = coordinator_client

    assert client.get(meeting, {"q": "Anna"}).status_code == 200
    assert_refused_page(client.get(meeting + "?q=%00"))
    assert_refused_page(client.get(meeting + "?q=An%00na", headers={"HX-Request": "true"}))


def test_nul_in_a_query_parameters_name(coordinator_client: tuple[Client, str]) -> None:
    client, meeting = coordinator_client

    assert_refused_page(client.get(meeting + "?q%00=Anna"))


def test_api_detail_with_nul_answers_json() -> None:
    network = NetworkFactory.create(slug="barnim")
    _, key = create_api_token(user=user_with_role(network, RoleKind.COORDINATOR))
    client = Client(headers={"Authorization": f"Token {key}"})

    detail = client.get("/api/v1/networks/networks/%00/")
    listed = client.get("/api/v1/meetings/meetings/", {"network": "\x00"})
    fine = client.get("/api/v1/networks/networks/barnim/")

    for response in (detail, listed):
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == API_ERROR
    assert fine.status_code == 200


def test_api_token_with_nul_answers_json() -> None:
    client = Client(headers={"Authorization": "Token abc\x00def"})

    response = client.get("/api/v1/networks/networks/")

    assert response.status_code == 400
    assert response.json() == API_ERROR


def test_form_post_with_nul_changes_nothing(coordinator_client: tuple[Client, str]) -> None:
    client, meeting = coordinator_client

    checked_in = client.post(meeting + "check-in/", {"checkin-guest_name": "Prof.\x00 Visitor"})
    person = client.post(meeting + "check-in/", {"checkin-person": "\x00"})
    sign_in = Client().post("/accounts/login/", {"username": "a\x00@example.org", "password": "x"})

    for response in (checked_in, person, sign_in):
        assert_refused_page(response)
    from samverk.meetings.models import Attendance

    assert not Attendance.objects.exists()


def test_api_form_post_with_nul_answers_json() -> None:
    response = Client().post(
        "/api/v1/auth/token/", {"email": "a\x00@example.org", "password": "secret"}
    )

    assert response.status_code == 400
    assert response.json() == API_ERROR


def test_urlencoded_post_with_nul(coordinator_client: tuple[Client, str]) -> None:
    client, meeting = coordinator_client

    response = client.post(
        meeting + "check-in/",
        "checkin-guest_name=Prof.%00+Visitor",
        content_type="application/x-www-form-urlencoded",
    )

    assert_refused_page(response)


def test_api_patch_form_with_nul_answers_json() -> None:
    network = NetworkFactory.create(slug="barnim", name="Netzwerk Barnim")
    _, key = create_api_token(user=user_with_role(network, RoleKind.COORDINATOR))
    client = Client(headers={"Authorization": f"Token {key}"})

    response = client.patch(
        "/api/v1/networks/networks/barnim/",
        "name=Bar%00nim",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert response.json() == API_ERROR
    network.refresh_from_db()
    assert network.name == "Netzwerk Barnim"

    # The guard read the body; the API still reads it too.
    renamed = client.patch(
        "/api/v1/networks/networks/barnim/",
        "name=Barnim+%C3%96ko",
        content_type="application/x-www-form-urlencoded",
    )
    assert renamed.status_code == 200
    network.refresh_from_db()
    assert network.name == "Barnim Öko"


def test_ordinary_requests_pass(coordinator_client: tuple[Client, str]) -> None:
    client, meeting = coordinator_client

    assert client.get(meeting, {"q": "Ärztin Ø ß 🙂"}).status_code == 200
    assert client.get("/calendar/unknown-key.ics").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/\x00.ics",
        "/calendar/ab\x00cd.ics",
        "/api/v1/networks/networks/\x00/",
        "/api/v1/networks/networks/bar\x00nim/",
        "/api/v1/meetings/meetings/1\x00/",
        "/api/v1/networks/people/\x00/",
        "/n/bar\x00nim/",
    ],
)
def test_no_route_passes_a_nul_to_a_view(path: str) -> None:
    """Behind the guard, the routes themselves accept only what their keys can be."""
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(path)


def test_an_unknown_api_address_answers_json() -> None:
    network = NetworkFactory.create(slug="barnim")
    _, key = create_api_token(user=user_with_role(network, RoleKind.COORDINATOR))
    client = Client(headers={"Authorization": f"Token {key}"})

    not_an_id = client.get("/api/v1/meetings/meetings/abc/")
    unknown = client.get("/api/v1/meetings/meetings/12345/")

    assert (not_an_id.status_code, unknown.status_code) == (404, 404)
    assert not_an_id.json() == {"detail": "Not found."}
    assert unknown.json() == {"detail": "No Meeting matches the given query."}


# --- request bodies over the limit ----------------------------------------------------------


@pytest.fixture
def api_client() -> Client:
    network = NetworkFactory.create(slug="barnim", name="Netzwerk Barnim")
    _, key = create_api_token(user=user_with_role(network, RoleKind.COORDINATOR))
    return Client(headers={"Authorization": f"Token {key}"})


def test_an_api_body_over_the_limit_answers_a_field_error(api_client: Client) -> None:
    from samverk.networks.models import Organisation

    payload = {"network": "barnim", "name": "Stadtwerke", "kind": "company"}
    big = {**payload, "address": "x" * (2_621_440 + 1)}

    response = api_client.post(
        "/api/v1/networks/organisations/", big, content_type="application/json"
    )
    fine = api_client.post(
        "/api/v1/networks/organisations/", payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Request body too large (max 2560 KB)."]}
    assert fine.status_code == 201
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Stadtwerke"]


def test_the_limit_is_the_setting(api_client: Client, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024

    response = api_client.patch(
        "/api/v1/networks/networks/barnim/",
        {"description": "x" * 11 * 1024},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Request body too large (max 10 KB)."]}


def test_an_api_form_with_too_many_fields_answers_a_field_error(
    api_client: Client, settings
) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{i}=1" for i in range(11))

    response = api_client.post(
        "/api/v1/networks/organisations/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Too many fields in the request (max 10)."]}


def test_a_page_body_over_the_limit_answers_400(
    coordinator_client: tuple[Client, str], settings
) -> None:
    client, meeting = coordinator_client
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = client.post(
        meeting + "check-in/",
        "checkin-guest_name=" + "x" * 2048,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_an_api_patch_form_with_too_many_fields_answers_a_field_error(
    api_client: Client, settings, encoding: str
) -> None:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"f{i}": "1" for i in range(11)}
    if encoding == "multipart":
        body, content_type = encode_multipart(BOUNDARY, fields), MULTIPART_CONTENT
    else:
        body = "&".join(f"{k}={v}" for k, v in fields.items())
        content_type = "application/x-www-form-urlencoded"

    response = api_client.patch(
        "/api/v1/networks/networks/barnim/", body, content_type=content_type
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Too many fields in the request (max 10)."]}


# --- dates: every form and serializer field takes the range from one place ------------------

DATE_MODULES = ["networks", "meetings", "accounts", "strategy", "projects", "jobs", "events"]


def _classes(module_name: str, base: type) -> list[type]:
    import importlib
    import inspect

    module = importlib.import_module(module_name)
    return [
        cls
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, base) and cls.__module__ == module_name
    ]


def test_every_date_field_of_a_form_checks_the_range() -> None:
    from django import forms

    from samverk.core.date_range import DATE_FORM_FIELDS, validate_year_in_range

    checked, unguarded = [], []
    for app in DATE_MODULES:
        for form in _classes(f"samverk.{app}.forms", forms.BaseForm):
            for name, field in form.base_fields.items():
                if isinstance(field, DATE_FORM_FIELDS):
                    checked.append(f"{form.__name__}.{name}")
                    if validate_year_in_range not in field.validators:
                        unguarded.append(f"{form.__name__}.{name}")

    assert unguarded == []
    assert sorted(checked) == [
        "ActionForm.due_date",
        "EndMandateForm.valid_until",
        "EndMembershipForm.until",
        "IndicatorForm.baseline_date",
        "IndicatorForm.target_date",
        "KeyFigureForm.on",
        "MandateForm.valid_from",
        "MandateForm.valid_until",
        "MandateStepForm.valid_from",
        "MandateStepForm.valid_until",
        "MeasurementForm.period_end",
        "MeetingForm.ends_at",
        "MeetingForm.starts_at",
        "MembershipForm.since",
        "MembershipStepForm.since",
        "MilestoneForm.planned_on",
        "MilestoneForm.reached_on",
        "OfferForm.start_date",
        "OfferForm.valid_through",
        "ProjectForm.ends_on",
        "ProjectForm.starts_on",
        "SeriesForm.first_start",
        "SessionForm.ends_at",
        "SessionForm.starts_at",
        "SiteForm.ends_at",
        "SiteForm.starts_at",
        "UpdateForm.on",
    ]


def test_every_writable_date_field_of_the_api_checks_the_range() -> None:
    import importlib.util

    from rest_framework import serializers

    from samverk.core.date_range import DATE_SERIALIZER_FIELDS, validate_year_in_range

    checked, unguarded = set(), []
    for app in DATE_MODULES:
        if importlib.util.find_spec(f"samverk.{app}.api") is None:
            continue  # an app without an API (yet)
        for serializer in _classes(f"samverk.{app}.api", serializers.Serializer):
            for name, field in serializer().fields.items():
                if isinstance(field, DATE_SERIALIZER_FIELDS) and not field.read_only:
                    checked.add(name)
                    if validate_year_in_range not in field.validators:
                        unguarded.append(f"{serializer.__name__}.{name}")

    assert unguarded == []
    assert checked == {
        "since",
        "until",
        "valid_from",
        "valid_until",
        "starts_at",
        "ends_at",
        "due_date",
        "baseline_date",
        "target_date",
        "period_end",
        "starts_on",
        "ends_on",
        "on",
        "planned_on",
        "reached_on",
        "valid_through",
        "start_date",
    }
