"""The API keeps the promises of its OpenAPI schema (issue 7, §7): schemathesis generates
requests for every operation from the schema — valid ones and invalid ones — and sends them as
a coordinator (with an API token) to the app, on demo-like data. No answer is a server error,
and every status code is one the schema documents for the operation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samverk.accounts.services import create_api_token
from samverk.core.models import Federation
from samverk.meetings import services as meeting_services
from samverk.meetings.tests.factories import at, in_progress
from samverk.networks.tests.helpers import World

MAX_EXAMPLES = 10  # per operation and phase: the whole run stays well under a minute or two


class Setting(World):
    """The networks test world (two networks, organisations, members, people, mandates, an
    arena, a user for every role) plus a federation, a meeting with an agenda item,
    attendance, a decision and an action."""

    def __init__(self) -> None:
        super().__init__()
        federation = Federation.objects.create(name="Barnim-Uckermark", slug="barnim-uckermark")
        self.network.federation = federation
        self.network.save()
        day = dt.date(2030, 9, 10)
        meeting = meeting_services.schedule_meeting(
            actor=self.admin,
            arena=self.arena,
            title="Lenkungsgruppe Q3",
            purpose="Decide the annual theme.",
            starts_at=at(day),
            ends_at=at(day, 12),
        )
        meeting_services.add_agenda_item(actor=self.admin, meeting=meeting, title="Theme")
        in_progress(meeting)
        meeting_services.check_in(actor=self.admin, meeting=meeting, person=self.person_a)
        meeting_services.check_in(actor=self.admin, meeting=meeting, guest_name="Dr. Expert")
        meeting_services.record_decision(
            actor=self.admin, meeting=meeting, text="The theme is care.", binding=False
        )
        meeting_services.create_action(
            actor=self.admin,
            meeting=meeting,
            title="Draft the theme paper",
            due_date=dt.date(2030, 10, 1),
            owner_organisation=self.org_a,
        )


@pytest.fixture
def token(db: None) -> str:
    world = Setting()
    return create_api_token(user=world.coordinator)[1]


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """The requests go to the WSGI application itself, whose end-of-request signal would
    close the database connection that holds the test's transaction (Django's test client
    disconnects it in the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _schema() -> schemathesis.BaseSchema:
    """The app's own schema, read through its WSGI application (the schema view reads no
    database, so it can be loaded when the tests are collected)."""
    from samverk.wsgi import application

    config = schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": "all",  # valid requests and invalid ones
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            # The coverage phase sends some 160 boundary cases to every write operation,
            # unbounded by max-examples: minutes instead of seconds.
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=config)


schema = _schema()


@schema.parametrize()
@pytest.mark.django_db
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schemas_promises(case: schemathesis.Case, token: str) -> None:
    response = case.call(headers={"Authorization": f"Token {token}"})

    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


@pytest.mark.django_db
def test_every_operation_documents_its_errors() -> None:
    from django.test import Client

    document = Client().get("/api/schema/?format=json").json()
    documented = {
        f"{method.upper()} {path}": sorted(operation["responses"])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }

    for operation, codes in documented.items():
        method, path = operation.split(" ")
        expected = {"400"}
        # The token endpoint and the read-only public API (portal) need no login.
        public = path.startswith(("/api/v1/public/", "/api/v1/public-"))
        if path != "/api/v1/auth/token/" and not public:
            expected |= {"401", "403"}
        if "{" in path or method == "GET":
            expected.add("404")
        assert expected <= set(codes), operation
    assert documented["POST /api/v1/auth/token/"] == ["200", "400", "429"]
    assert documented["GET /api/v1/networks/networks/{slug}/"] == [
        "200",
        "400",
        "401",
        "403",
        "404",
    ]
    assert documented["POST /api/v1/meetings/meetings/"] == ["201", "400", "401", "403"]
    assert documented["GET /api/v1/public/portals/{slug}/projects/"] == ["200", "400", "404"]
    not_found = document["paths"]["/api/v1/meetings/meetings/{id}/"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]
