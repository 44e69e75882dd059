"""The project list sorted by status follows the status labels the user reads, in the
current language (not the stored codes), with the database's pagination intact."""

from __future__ import annotations

import pytest
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.projects.choices import ProjectStatus
from samverk.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    network = NetworkFactory.create(slug="barnim", language="de")
    # Titles in the order of the codes, so that sorting by title or code would give this.
    for title, status in (
        ("A", ProjectStatus.CANCELLED),  # de abgesagt, sv inställt
        ("B", ProjectStatus.COMPLETED),  # de abgeschlossen, sv slutfört
        ("C", ProjectStatus.IDEA),  # de Idee, sv idé
        ("D", ProjectStatus.PLANNED),  # de geplant, sv planerat
        ("E", ProjectStatus.RUNNING),  # de laufend, sv pågående
    ):
        ProjectFactory.create(network=network, title=title, status=status)
    client = Client()
    client.force_login(user_with_role(network, RoleKind.COORDINATOR))
    return client


def titles(response) -> list[str]:
    return [p.title for p in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["A", "B", "C", "D", "E"]),  # cancelled, completed, idea, planned, running
        ("de", ["A", "B", "D", "C", "E"]),  # abgesagt, abgeschlossen, geplant, Idee, laufend
        ("sv", ["C", "A", "D", "E", "B"]),  # idé, inställt, planerat, pågående (å), slutfört
    ],
)
def test_sorting_by_status_follows_the_labels_of_the_language(client, language, expected):
    client.cookies["samverk_language"] = language

    response = client.get("/n/barnim/projects/?sort=status")

    assert response.context["sort"] == "status"
    assert titles(response) == expected
    descending = client.get("/n/barnim/projects/?sort=-status")
    assert titles(descending) == list(reversed(expected))


def test_the_export_is_sorted_by_the_same_labels(client):
    client.cookies["samverk_language"] = "sv"

    response = client.get("/n/barnim/projects/projects.csv?sort=status")

    lines = response.content.decode("utf-8-sig").splitlines()[1:]
    assert [line.split(";")[1] for line in lines] == ["C", "A", "D", "E", "B"]
