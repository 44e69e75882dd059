"""Importing a network's existing project list from XLSX or CSV: the formats the partner list
import reads (German, Norwegian and Swedish Excel, ``;`` or ``,``, UTF-8 with a BOM or
Windows-1252), the preview that writes nothing, the confirmation that creates every row or
none, each error by row and column, the signed token, the template files and who may import."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.networks.imports import header_lookup, normalise, read_file
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)
from samverk.projects import import_services, services
from samverk.projects.imports import COLUMNS, parse_table
from samverk.projects.models import FocusArea, Project
from samverk.projects.tests.factories import FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db

BASE = "/n/nordsachsen/projects/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def network() -> Network:
    return NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")


@pytest.fixture
def world(network: Network) -> dict[str, Any]:
    """A member organisation, one that is not a member, a focus area and a project."""
    member = OrganisationFactory.create(network=network, name="WFG Nordsachsen")
    MembershipFactory.create(organisation=member, since=dt.date(2020, 1, 1))
    outsider = OrganisationFactory.create(network=network, name="Landratsamt Nordsachsen")
    area = FocusAreaFactory.create(network=network, name="Rückkehr")
    ProjectFactory.create(network=network, title="Bestehendes Projekt")
    return {
        "member": member,
        "outsider": outsider,
        "area": area,
        "coordinator": user_with_role(network, RoleKind.COORDINATOR),
    }


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["samverk_language"] = language
    return client


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    def cell(text: str) -> str:
        if delimiter in text or '"' in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    return "\r\n".join(delimiter.join(cell(c) for c in row) for row in rows).encode(encoding)


def _upload(client: Client, name: str, data: bytes) -> Any:
    return client.post(f"{BASE}import/", {"file": SimpleUploadedFile(name, data)})


def _token(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, _errors(response) or response.content.decode()[:3000]
    return match.group(1)


def _errors(response: Any) -> list[tuple[str, str]]:
    """(row, text) of each error in the report."""
    return [
        (row, html.unescape(re.sub(r"<[^>]+>", "", text)).strip())
        for row, text in re.findall(
            r'<li data-row="([^"]*)">(.*?)</li>', response.content.decode(), flags=re.S
        )
    ]


def _confirm(client: Client, preview: Any, **extra: str) -> Any:
    return client.post(f"{BASE}import/confirm/", {"token": _token(preview), **extra})


def _state() -> dict[str, Any]:
    """Every row the import could write (the data version of the networks included)."""
    return {
        "networks": list(Network.objects.order_by("pk").values()),
        "projects": list(Project.objects.order_by("pk").values()),
        "focus_areas": list(FocusArea.objects.order_by("pk").values()),
        "project_areas": list(
            Project.focus_areas.through.objects.order_by("pk").values_list(
                "project_id", "focusarea_id"
            )
        ),
        "audit": list(AuditRecord.objects.order_by("pk").values()),
    }


HEADERS_DE = [
    "Titel",
    "Kurzname",
    "Status",
    "Beginn",
    "Ende",
    "Region(en)",
    "Branche (NACE)",
    "Träger",
    "Schwerpunkte",
    "Vereinbarung oder Programm",
    "Link",
    "Kurzbeschreibung",
    "Problem",
    "Ziele",
    "Umsetzung",
    "Ergebnisse",
    "Öffentlich",
]


def _project_audits(project: Project) -> list[AuditRecord]:
    return list(AuditRecord.objects.for_object(project).filter(action=AuditAction.CREATE))


# --- the columns ------------------------------------------------------------------------------


def test_every_header_names_one_column() -> None:
    seen: dict[str, str] = {}
    for column in COLUMNS:
        for text in (column.key, *column.headers.values(), *column.aliases):
            key = normalise(text)
            assert seen.setdefault(key, column.key) == column.key, (text, column.key)
    assert set(header_lookup(COLUMNS).values()) == {c.key for c in COLUMNS}
    assert [c.key for c in COLUMNS if c.required] == ["title"]


# --- the formats ------------------------------------------------------------------------------


def test_german_xlsx_previews_nothing_and_creates_every_row(world: dict[str, Any]) -> None:
    data = _xlsx(
        [
            HEADERS_DE,
            [
                "Nordsächsischer Rückkehrertag",
                "RT",
                "laufend",
                dt.datetime(2025, 1, 1),
                "31.12.2025",
                "Landkreis Nordsachsen",
                "N",
                "wfg NORDSACHSEN",
                "rückkehr; MINT",
                "Fachkräftestrategie Sachsen",
                "www.fachkraefte.sachsen.example",
                "Ein Tag für Rückkehrende.",
                "Fachkräfte wandern ab.",
                "Rückkehr erleichtern.",
                "Messe in Torgau.",
                "300 Besuchende.",
                "ja",
            ],
            ["Schule trifft Wirtschaft", "", "geplant", "2025-09-01", None, None, "85.31"]
            + [None, "MINT;Berufsorientierung"]
            + [None] * 7
            + ["nein"],
        ]
    )
    client = client_for(world["coordinator"], "de")
    before = _state()
    preview = _upload(client, "Projektliste.xlsx", data)
    assert preview.status_code == 200
    assert "projects/project_import_preview.html" in [t.name for t in preview.templates], _errors(
        preview
    )
    assert _state() == before  # the preview rehearsed the import and rolled it back
    assert preview.context["new_focus_areas"] == ["MINT", "Berufsorientierung"]
    assert [p.row.row for p in preview.context["projects"]] == [2, 3]

    response = _confirm(client, preview)

    assert response.status_code == 302
    assert response["Location"] == BASE
    first = Project.objects.get(title="Nordsächsischer Rückkehrertag")
    assert first.network == world["member"].network
    assert first.short_name == "RT" and first.status == "running"
    assert (first.starts_on, first.ends_on) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert first.regions == "Landkreis Nordsachsen" and first.sector == "N"
    assert first.carrier == world["member"]
    assert first.basis == "Fachkräftestrategie Sachsen"
    assert first.basis_url == "https://www.fachkraefte.sachsen.example"
    assert first.summary == "Ein Tag für Rückkehrende."
    assert (first.problem, first.goals, first.implementation, first.results) == (
        "Fachkräfte wandern ab.",
        "Rückkehr erleichtern.",
        "Messe in Torgau.",
        "300 Besuchende.",
    )
    assert first.is_public is True
    assert sorted(a.name for a in first.focus_areas.all()) == ["MINT", "Rückkehr"]
    assert first.focus_areas.get(name="Rückkehr") == world["area"]  # matched, not created again
    second = Project.objects.get(title="Schule trifft Wirtschaft")
    assert second.status == "planned" and second.sector == "85.31"
    assert (second.starts_on, second.ends_on, second.carrier) == (dt.date(2025, 9, 1), None, None)
    assert sorted(a.name for a in second.focus_areas.all()) == ["Berufsorientierung", "MINT"]
    assert second.is_public is False
    assert FocusArea.objects.filter(name="MINT").count() == 1
    assert Project.objects.count() == 3
    # Every write went through the services: each project and new focus area has its record.
    coordinator = world["coordinator"]
    for project in (first, second):
        (record,) = _project_audits(project)
        assert record.actor == coordinator and record.network_id == project.network_id
    for name in ("MINT", "Berufsorientierung"):
        area = FocusArea.objects.get(name=name)
        assert AuditRecord.objects.for_object(area).get().actor == coordinator
    follow = client.get(response["Location"])
    assert "2 Projekte wurden importiert." in follow.content.decode() or (
        "2 projects were imported." in follow.content.decode()
    )


def test_csv_with_semicolons_in_utf8_with_bom(world: dict[str, Any]) -> None:
    data = _csv(
        [
            ["Title", "Status", "Starts", "Ends", "Carrier", "Focus areas", "Public"],
            [
                "Pflegeoffensive",
                "running",
                "01.03.2024",
                "28.02.2026",
                "WFG Nordsachsen",
                "",
                "yes",
            ],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )
    client = client_for(world["coordinator"])
    response = _confirm(client, _upload(client, "projects.csv", data))
    assert response.status_code == 302
    project = Project.objects.get(title="Pflegeoffensive")
    assert (project.starts_on, project.ends_on) == (dt.date(2024, 3, 1), dt.date(2026, 2, 28))
    assert project.is_public and project.carrier == world["member"]


def test_csv_with_commas_in_windows_1252_and_swedish_headers(world: dict[str, Any]) -> None:
    data = _csv(
        [
            ["Titel", "Status", "Start", "Slut", "Projektägare", "Fokusområden", "Offentlig"],
            ["Återvändardag för Ärzte", "pågående", "01/05/2024", "", "", "Rückkehr;Vård", "nej"],
        ],
        delimiter=",",
        encoding="cp1252",
    )
    client = client_for(world["coordinator"], "sv")
    response = _confirm(client, _upload(client, "projekt.csv", data))
    assert response.status_code == 302
    project = Project.objects.get(title="Återvändardag för Ärzte")
    assert project.status == "running" and project.starts_on == dt.date(2024, 5, 1)
    assert sorted(a.name for a in project.focus_areas.all()) == ["Rückkehr", "Vård"]


def test_a_focus_area_cell_with_semicolons_in_a_semicolon_csv(world: dict[str, Any]) -> None:
    rows, errors = parse_table(
        read_file("x.csv", _csv([["Title", "Focus areas"], ["A", "MINT; Pflege ;mint"]]))
    )
    assert errors == []
    assert rows[0].focus_areas == ["MINT", "Pflege", "mint"]
    client = client_for(world["coordinator"])
    preview = _upload(
        client, "x.csv", _csv([["Title", "Focus areas"], ["A", "MINT; Pflege ;mint"]])
    )
    # "mint" is the same focus area as "MINT": created once, with the first spelling.
    assert preview.context["new_focus_areas"] == ["MINT", "Pflege"]


# --- nothing written before the confirmation; all or nothing ----------------------------------


def test_preview_writes_nothing_and_cancel_deletes_the_file(
    world: dict[str, Any], settings: Any
) -> None:
    data = _csv([["Title", "Focus areas"], ["Neues Projekt", "Neu"]])
    client = client_for(world["coordinator"])
    before = _state()
    preview = _upload(client, "list.csv", data)
    assert _state() == before
    stored = list((settings.MEDIA_ROOT / "imports").glob("*.upload"))
    assert len(stored) == 1
    response = _confirm(client, preview, cancel="1")
    assert response.status_code == 302 and response["Location"] == f"{BASE}import/"
    assert _state() == before
    assert not stored[0].exists()


def test_a_failing_service_saves_nothing(world: dict[str, Any], monkeypatch: Any) -> None:
    data = _csv([["Title", "Focus areas"], ["Eins", "Neu"], ["Zwei", "Neu"]])
    client = client_for(world["coordinator"])
    preview = _upload(client, "list.csv", data)
    original = services.create_project

    def create_project(**kwargs: Any) -> Any:
        if kwargs["title"] == "Zwei":
            raise ValidationError({"goals": "refused for the test"})
        return original(**kwargs)

    monkeypatch.setattr(services, "create_project", create_project)
    before = _state()
    response = _confirm(client, preview)
    assert response.status_code == 200
    assert _errors(response) == [("3", "Row 3 (Goals): refused for the test")]
    assert _state() == before  # neither "Eins" nor the focus area "Neu"


def test_a_title_taken_since_the_preview_is_refused(world: dict[str, Any]) -> None:
    data = _csv([["Title"], ["Eins"], ["Zwei"]])
    client = client_for(world["coordinator"])
    preview = _upload(client, "list.csv", data)
    services.create_project(actor=world["coordinator"], network=world["area"].network, title="zwei")
    before = _state()
    response = _confirm(client, preview)
    assert _errors(response) == [("3", "Row 3 (Title): The network has a project “Zwei” already.")]
    assert _state() == before


def test_data_changed_since_the_preview_shows_a_new_preview(world: dict[str, Any]) -> None:
    data = _csv([["Title", "Focus areas"], ["Eins", "MINT"]])
    client = client_for(world["coordinator"])
    preview = _upload(client, "list.csv", data)
    assert preview.context["new_focus_areas"] == ["MINT"]
    mint = services.add_focus_area(
        actor=world["coordinator"], network=world["area"].network, name="MINT"
    )
    before = _state()
    response = _confirm(client, preview)
    assert response.status_code == 200
    assert response.context["changed"] is True
    assert response.context["new_focus_areas"] == []
    assert _state() == before
    _confirm(client, response)
    assert list(Project.objects.get(title="Eins").focus_areas.all()) == [mint]


def test_the_service_is_all_or_nothing_and_checks_permission(world: dict[str, Any]) -> None:
    network = world["area"].network
    rows, errors = parse_table(read_file("x.csv", _csv([["Title", "Focus areas"], ["A", "X"]])))
    assert errors == []
    readers = [
        user_with_role(network, role)
        for role in (RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER)
    ]
    before = _state()
    for reader in readers:
        with pytest.raises(PermissionDenied):
            import_services.import_projects(actor=reader, network=network, rows=rows)
        with pytest.raises(PermissionDenied):
            import_services.rehearse_import(actor=reader, network=network, rows=rows)
    assert _state() == before
    plan = import_services.import_projects(actor=world["coordinator"], network=network, rows=rows)
    assert [p.row.title for p in plan.projects] == ["A"]
    assert Project.objects.get(title="A").focus_areas.get().name == "X"


# --- the signed token -------------------------------------------------------------------------


@pytest.mark.parametrize("tamper", ["forged", "other_user", "other_network", "changed_file", "get"])
def test_a_forged_or_foreign_token_is_refused(
    world: dict[str, Any], settings: Any, tamper: str
) -> None:
    client = client_for(world["coordinator"])
    preview = _upload(client, "list.csv", _csv([["Title"], ["Neues Projekt"]]))
    token = _token(preview)
    elsewhere = user_with_role(NetworkFactory.create(slug="elsewhere"), RoleKind.COORDINATOR)
    second_coordinator = user_with_role(world["area"].network, RoleKind.COORDINATOR)
    before = _state()
    if tamper == "other_network":
        response = client_for(elsewhere).post(
            "/n/elsewhere/projects/import/confirm/", {"token": token}
        )
        assert response["Location"] == "/n/elsewhere/projects/import/"
    elif tamper == "get":
        response = client.get(f"{BASE}import/confirm/", {"token": token})
    elif tamper == "changed_file":
        (stored,) = (settings.MEDIA_ROOT / "imports").glob("*.upload")
        stored.write_bytes(_csv([["Title"], ["Anderes Projekt"]]))
        response = client.post(f"{BASE}import/confirm/", {"token": token})
        assert response["Location"] == f"{BASE}import/"
    else:
        if tamper == "forged":
            token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        else:
            client = client_for(second_coordinator)
        response = client.post(f"{BASE}import/confirm/", {"token": token})
        assert response["Location"] == f"{BASE}import/"
    assert response.status_code == 302
    assert _state() == before


# --- every error, by row ----------------------------------------------------------------------


def test_every_error_is_reported_with_its_row_and_nothing_is_saved(world: dict[str, Any]) -> None:
    data = _csv(
        [
            ["Title", "Status", "Starts", "Ends", "Carrier", "Public", "Focus areas"],
            ["Gutes Projekt", "running", "01.01.2025", "", "WFG Nordsachsen", "yes", "Neu"],
            ["Doppelt", "", "", "", "", "", ""],
            ["doppelt", "", "", "", "", "", ""],
            ["bestehendes projekt", "", "", "", "", "", ""],
            ["Fremder Träger", "", "", "", "Unbekannt GmbH", "", ""],
            ["Falscher Status", "läuft irgendwie", "", "", "", "", ""],
            ["Falsches Datum", "", "31.02.2025", "", "", "", ""],
            ["Rückwärts", "", "01.06.2025", "01.01.2025", "", "", ""],
            ["Öffentlich ohne Mitglied", "", "", "", "Landratsamt Nordsachsen", "ja", ""],
            ["", "planned", "", "", "", "", ""],
            ["Vielleicht öffentlich", "", "", "", "", "vielleicht", ""],
        ]
    )
    before = _state()
    response = _upload(client_for(world["coordinator"]), "fehler.csv", data)
    assert response.status_code == 200
    errors = _errors(response)
    assert [row for row, _text in errors] == ["4", "5", "6", "7", "8", "9", "10", "11", "12"], (
        errors
    )
    text = dict(errors)
    assert text["4"] == (
        "Row 4 (Title): The title “doppelt” already appears in row 3 (duplicate project)."
    )
    assert text["5"] == "Row 5 (Title): The network has a project “bestehendes projekt” already."
    assert text["6"].startswith("Row 6 (Carrier): “Unbekannt GmbH” is not an organisation")
    assert text["7"].startswith("Row 7 (Status): “läuft irgendwie” is not a status of a project")
    assert text["8"].startswith("Row 8 (Starts): “31.02.2025” is not a date")
    assert text["9"] == "Row 9 (Ends): The project cannot end before it starts."
    assert text["10"] == (
        "Row 10 (Carrier): A public project's carrier must be a member of the network: "
        "Landratsamt Nordsachsen is not a member today."
    )
    assert text["11"] == "Row 11 (Title): The title is missing."
    assert text["12"] == "Row 12 (Public): Write yes or no, not “vielleicht”."
    assert "The file was not imported: 9 problems." in response.content.decode()
    assert _state() == before
    assert not (response.context and "token" in response.context)


def test_a_missing_title_column_names_the_expected_columns(world: dict[str, Any]) -> None:
    data = _csv([["Name", "Status"], ["Projekt", "running"]])
    response = _upload(client_for(world["coordinator"]), "liste.csv", data)
    errors = _errors(response)
    assert [row for row, _t in errors] == ["1", "1", "1"]
    assert "Unknown column “Name” (column A)" in errors[0][1]
    assert "The column “Title” is missing" in errors[1][1]
    assert "only “Title” is required" in errors[2][1] and "“Focus areas”" in errors[2][1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.csv", b"", "The submitted file is empty."),
        ("liste.csv", b"\r\n;;\r\n", "The file is empty."),
        ("liste.pdf", b"%PDF-1.4 ...", "Upload an XLSX or CSV file."),
        ("liste.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "old Excel file"),
        ("liste.xlsx", b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
        ("liste.csv", b"Title\r\n", "header row but no data"),
        ("liste.csv", b"Title\r\n" + b"x" * (5 * 1024 * 1024), "too large"),
        (
            "liste.csv",
            ("Title\r\n" + "".join(f"Projekt {i}\r\n" for i in range(1001))).encode(),
            "more than 1000 rows",
        ),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_message(
    world: dict[str, Any], name: str, data: bytes, message: str
) -> None:
    before = _state()
    response = _upload(client_for(world["coordinator"]), name, data)
    assert response.status_code == 200
    text = " ".join(t for _r, t in _errors(response)) or response.content.decode()
    assert message in text
    assert _state() == before


# --- the template files -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "nb", "nn", "sv"])
def test_the_template_files_have_the_headers_and_import_as_they_are(
    world: dict[str, Any], language: str
) -> None:
    client = client_for(world["coordinator"], language)
    headers = [c.headers[language] for c in COLUMNS]
    for file_format in ("xlsx", "csv"):
        response = client.get(f"{BASE}import/template.{file_format}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert f".{file_format}" in response["Content-Disposition"]
        if file_format == "csv":
            assert response.content.startswith(b"\xef\xbb\xbf")
            lines = response.content.decode("utf-8-sig").splitlines()
            assert lines[0].split(";" if language != "en" else ",") == headers
            assert len(lines) == 2
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
            assert [c.value for c in sheet[1]] == headers
            assert sheet.max_row == 2
        preview = _upload(client, f"template.{file_format}", response.content)
        assert preview.context and preview.context.get("projects"), _errors(preview)
        (project,) = preview.context["projects"]
        assert project.carrier is not None  # an organisation of the network
        assert project.focus_areas == [world["area"]]
    assert client.get(f"{BASE}import/template.pdf").status_code == 404


# --- who may import ---------------------------------------------------------------------------

ROLES = [
    RoleKind.COORDINATOR,
    RoleKind.PARTNER_REPRESENTATIVE,
    RoleKind.COMPANY_CONTACT,
    RoleKind.OBSERVER,
    "admin",
    "other_network",
    "anonymous",
]


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_import(world: dict[str, Any], network: Network, role: str) -> None:
    if role == "anonymous":
        user = None
    elif role == "admin":
        user = UserFactory.create(is_superuser=True, is_staff=True)
    elif role == "other_network":
        user = user_with_role(NetworkFactory.create(slug="elsewhere"), RoleKind.COORDINATOR)
    else:
        user = user_with_role(network, role)
    allowed = role in (RoleKind.COORDINATOR, "admin")
    expected = {"anonymous": 302, "other_network": 404}.get(role, 200 if allowed else 403)
    client = client_for(user)
    before = _state()
    for url in ("import/", "import/template.xlsx", "import/template.csv"):
        assert client.get(BASE + url).status_code == expected, url
    upload = _upload(client, "x.csv", _csv([["Title"], ["Neues Projekt"]]))
    assert upload.status_code == expected
    confirm = client.post(f"{BASE}import/confirm/", {"token": "x"})
    assert confirm.status_code == (302 if allowed else expected)
    assert _state() == before
    page = client.get(BASE)
    if allowed:
        assert f"{BASE}import/" in page.content.decode()
    elif page.status_code == 200:
        assert f"{BASE}import/" not in page.content.decode()
