"""The studies library: a coordinator adds studies (a real PDF, whose text is searched, or a
link), a search finds them by words in the PDF in both databases and, on PostgreSQL, by the
word's other forms; a study shared with all networks appears in the others' libraries, an
internal one does not; bad files are refused and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from weasyprint import HTML

from samverk.core.choices import RoleKind
from samverk.knowledge import study_services
from samverk.knowledge.models import Study
from samverk.networks.tests.factories import NetworkFactory, user_with_role

pytestmark = pytest.mark.django_db


def pdf(text: str) -> SimpleUploadedFile:
    data = HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()
    return SimpleUploadedFile("plan.pdf", data, content_type="application/pdf")


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    norrbotten = NetworkFactory.create(slug="norrbotten", language="sv")
    ostfold = NetworkFactory.create(slug="ostfold", language="nb")
    return {
        "norrbotten": norrbotten,
        "ostfold": ostfold,
        "coordinator": user_with_role(norrbotten, RoleKind.COORDINATOR),
        "observer": user_with_role(norrbotten, RoleKind.OBSERVER),
        "other": user_with_role(ostfold, RoleKind.COORDINATOR),
    }


def _add(world, **kw) -> Study:
    values = {
        "actor": world["coordinator"],
        "network": world["norrbotten"],
        "title": "Kompetensförsörjningsplan Luleå kommun",
        "year": 2024,
        "language": "sv",
    }
    values.update(kw)
    return study_services.add_study(**values)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def _titles(response) -> list[str]:
    import re

    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def test_a_pdf_is_read_and_searched(world) -> None:
    _add(world, file=pdf("Behovet av undersköterskor ökar; rekrytering inom vården."))
    _add(world, title="Gymnasieutredning Kiruna", url="https://example.org/kiruna.pdf")
    client = _client(world["coordinator"])
    base = "/n/norrbotten/knowledge/studies/"
    assert _titles(client.get(base, {"q": "undersköterskor"})) == [
        "Kompetensförsörjningsplan Luleå kommun"
    ]
    assert _titles(client.get(base, {"q": "Kiruna"})) == ["Gymnasieutredning Kiruna"]
    assert _titles(client.get(base, {"q": "vården undersköterskor"})) == [
        "Kompetensförsörjningsplan Luleå kommun"
    ]
    assert _titles(client.get(base, {"q": "ingenting"})) == []
    study = Study.objects.get(title__startswith="Kompetens")
    download = client.get(f"/n/norrbotten/knowledge/studies/{study.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


@pytest.mark.postgres
def test_postgres_finds_other_forms_of_a_word(world) -> None:
    _add(world, title="Nurse shortage in the north", language="en", url="https://example.org/a")
    found = study_services.search(Study.objects.all(), "nurses")
    assert [s.title for s in found] == ["Nurse shortage in the north"]
    assert connection.vendor == "postgresql"


def test_bad_files_are_refused_and_nothing_is_saved(world) -> None:
    fake = SimpleUploadedFile("plan.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        _add(world, file=fake)
    with pytest.raises(ValidationError, match="Upload the PDF or give the address"):
        _add(world)
    assert not Study.objects.exists()
    client = _client(world["coordinator"])
    again = SimpleUploadedFile("plan.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = client.post(
        "/n/norrbotten/knowledge/studies/new/",
        {"title": "X", "year": "2024", "language": "sv", "visibility": "internal", "file": again},
    )
    assert refused.status_code == 200 and "The file is not a PDF." in refused.content.decode()
    assert not Study.objects.exists()


def test_shared_studies_reach_other_networks_internal_ones_do_not(world) -> None:
    _add(world, title="Intern analys", url="https://example.org/a")
    shared = _add(world, title="Delad plan", url="https://example.org/b", visibility="shared")
    other = _client(world["other"])
    listing = other.get("/n/ostfold/knowledge/studies/")
    assert _titles(listing) == ["Delad plan"]
    assert other.get(f"/n/ostfold/knowledge/studies/{shared.pk}/").status_code == 200
    internal = Study.objects.get(title="Intern analys")
    assert other.get(f"/n/ostfold/knowledge/studies/{internal.pk}/").status_code == 404
    # another network's coordinator reads a shared study but cannot change it
    assert other.get(f"/n/ostfold/knowledge/studies/{shared.pk}/edit/").status_code == 404
    observer = _client(world["observer"])
    assert observer.get("/n/norrbotten/knowledge/studies/").status_code == 200
    assert observer.get("/n/norrbotten/knowledge/studies/new/").status_code == 403
    assert observer.get(f"/n/norrbotten/knowledge/studies/{internal.pk}/").status_code == 200


@pytest.mark.sqlite
def test_on_sqlite_the_fts5_index_follows_every_change(world) -> None:
    study = _add(world, title="Plan", url="https://example.org/p", summary="rennäring")
    assert [s.pk for s in study_services.search(Study.objects.all(), "rennäring")] == [study.pk]
    study_services.update_study(actor=world["coordinator"], study=study, summary="gruvnäring")
    assert list(study_services.search(Study.objects.all(), "rennäring")) == []
    assert [s.pk for s in study_services.search(Study.objects.all(), "gruvnäring")] == [study.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["knowledge_study"],
        )
        assert cursor.fetchone()[0] == 3
