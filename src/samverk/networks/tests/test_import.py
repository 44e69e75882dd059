"""Importing a partner list from XLSX or CSV: the formats coordinators' Excel writes in German,
Norwegian and Swedish, the preview that writes nothing, the confirmation that applies all or
nothing, every error by row, the template files and who may import."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord
from samverk.networks import import_services, services
from samverk.networks.import_plan import plan_import
from samverk.networks.imports import (
    COLUMNS,
    FileRejected,
    header_lookup,
    parse_amount,
    parse_date,
    parse_table,
    read_file,
)
from samverk.networks.models import Mandate, Membership, Organisation, Person
from samverk.networks.tests.factories import RegionFactory, user_with_role
from samverk.networks.tests.helpers import ROLES, World, db_state

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world() -> World:
    return World()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _xlsx(rows: list[list[Any]], number_formats: dict[str, str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (number_formats or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)


def _upload(client: Client, world: World, name: str, data: bytes) -> Any:
    return client.post(f"{world.base()}members/import/", {"file": SimpleUploadedFile(name, data)})


def _token(response: Any) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1)


def _errors(response: Any) -> list[tuple[str, str]]:
    """(row, text) of each error in the report."""
    return [
        (row, re.sub(r"<[^>]+>", "", text).strip())
        for row, text in re.findall(
            r'<li data-row="([^"]*)">(.*?)</li>', response.content.decode(), flags=re.S
        )
    ]


def _import(client: Client, world: World, name: str, data: bytes) -> Any:
    preview = _upload(client, world, name, data)
    assert preview.status_code == 200
    assert "networks/member_import_preview.html" in [t.name for t in preview.templates], _errors(
        preview
    )
    return client.post(f"{world.base()}members/import/confirm/", {"token": _token(preview)})


# --- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.500,00", "1500.00"),
        ("1 500", "1500"),
        (f"1{NBSP}500,50", "1500.50"),
        (f"12{NBSP}000", "12000"),
        ("12 000", "12000"),
        ("1500", "1500"),
        ("1500,5", "1500.5"),
        ("1,500.00", "1500.00"),
        ("1.500", "1500"),
        ("12,5", "12.5"),
        ("1.234.567,89", "1234567.89"),
        ("2 500 €", "2500"),
        ("NOK 3 000,00", "3000.00"),
        (1500.5, "1500.5"),
        (12000, "12000"),
    ],
)
def test_amounts_in_every_notation(text: Any, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["abc", "1.5.0", "1,50,0", "12 Euro 50", "1..5", "", "--5"])
def test_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("31.01.2025", dt.date(2025, 1, 31)),
        ("1.2.2025", dt.date(2025, 2, 1)),
        ("2025-01-31", dt.date(2025, 1, 31)),
        ("31/01/2025", dt.date(2025, 1, 31)),
        ("2025-01-31 00:00:00", dt.date(2025, 1, 31)),
        (dt.datetime(2025, 1, 31), dt.date(2025, 1, 31)),
        (dt.date(2025, 1, 31), dt.date(2025, 1, 31)),
        (45658, dt.date(2025, 1, 1)),  # an Excel day number
    ],
)
def test_dates(value: Any, day: dt.date) -> None:
    assert parse_date(value) == day


@pytest.mark.parametrize(
    "value", ["31.02.2025", "2025/31/01", "morgen", "01.01.1800", "13/13/2025"]
)
def test_not_a_date(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


def test_every_header_names_one_column() -> None:
    keys: dict[str, str] = {}
    from samverk.networks.imports import normalise

    for column in COLUMNS:
        for text in (column.key, *column.headers.values(), *column.aliases):
            assert keys.setdefault(normalise(text), column.key) == column.key, text
    assert header_lookup()["e-mail"] == "email"
    assert header_lookup()["årsbudsjett"] == "budget"


# --- the formats of German, Norwegian and Swedish Excel -------------------------------------


def test_german_xlsx_creates_and_changes(world: World) -> None:
    world.network.language = "de"
    world.network.save()
    region = RegionFactory.create(code="DE40E", name="Barnim")
    data = _xlsx(
        [
            [
                "Organisation",
                "Art",
                "Regionscode",
                "Mitglied seit",
                "Jahresbudget",
                "Währung",
                "Person",
                "E-Mail",
                "Telefon",
                "Mandat",
                "Entscheidungsbefugt",
                "Mandat ab",
            ],
            [
                "Agentur für Arbeit Eberswalde",
                "Agentur für Arbeit",
                "DE40E",
                dt.datetime(2024, 3, 1),
                2500.5,
                "EUR",
                "Jörg Müller",
                "joerg.mueller@arbeitsagentur.example",
                "03334 1234",
                "ordentliche Vertretung",
                "ja",
                "01.03.2024",
            ],
            [
                "Agentur für Arbeit Eberswalde",
                None,
                None,
                None,
                None,
                None,
                "Sabine Groß",
                "sabine.gross@arbeitsagentur.example",
                None,
                "Stellvertretung",
                "nein",
                None,
            ],
            # an existing member: its budget changes, its representative is matched by email
            [
                "stadtwerke eberswalde",
                None,
                None,
                None,
                "1.500,00",
                None,
                "Anna Berg",
                "ANNA.BERG@stadtwerke.example",
                None,
                None,
                None,
                None,
            ],
        ],
        number_formats={"D2": "DD.MM.YYYY", "E2": "#,##0.00"},
    )
    client = _client(world.coordinator)
    preview = _upload(client, world, "Partnerliste.xlsx", data)
    assert preview.status_code == 200, _errors(preview)
    assert not Organisation.objects.filter(name="Agentur für Arbeit Eberswalde").exists()
    assert preview.context.get("counts"), _errors(preview)
    counts = preview.context["counts"]
    assert counts["organisations_created"] == 1
    assert counts["memberships_created"] == 1
    assert counts["memberships_changed"] == 1
    assert counts["people_created"] == 2
    assert counts["mandates_created"] == 2
    rows = [line.row for line in preview.context["lines"]]
    assert rows == [2, 3, 4]

    response = client.post(f"{world.base()}members/import/confirm/", {"token": _token(preview)})
    assert response.status_code == 302
    agentur = Organisation.objects.get(name="Agentur für Arbeit Eberswalde")
    assert agentur.kind == "employment_agency"
    assert agentur.region == region
    membership = Membership.objects.get(organisation=agentur)
    assert membership.since == dt.date(2024, 3, 1)
    assert membership.budget_amount == Decimal("2500.50")
    assert membership.currency == "EUR"
    joerg = Person.objects.get(email="joerg.mueller@arbeitsagentur.example")
    assert joerg.organisation == agentur and joerg.phone == "03334 1234"
    principal = Mandate.objects.get(person=joerg)
    assert (principal.role, principal.decision_authorised) == ("principal", True)
    assert principal.valid_from == dt.date(2024, 3, 1)
    deputy = Mandate.objects.get(person__name="Sabine Groß")
    assert (deputy.role, deputy.decision_authorised) == ("deputy", False)
    world.membership_a.refresh_from_db()
    assert world.membership_a.budget_amount == Decimal("1500.00")
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Stadtwerke Eberswalde"  # matched by name: the case is kept
    assert Person.objects.filter(name="Anna Berg").count() == 1
    # every created or changed object has its audit record
    created = AuditRecord.objects.filter(network=world.network, action=AuditAction.CREATE)
    assert created.filter(object_id=str(agentur.pk), content_type__model="organisation").exists()
    assert created.filter(object_id=str(membership.pk), content_type__model="membership").exists()
    assert created.filter(content_type__model="person").count() >= 2
    assert created.filter(object_id=str(principal.pk), content_type__model="mandate").exists()
    change = AuditRecord.objects.get(
        action=AuditAction.UPDATE,
        content_type__model="membership",
        object_id=str(world.membership_a.pk),
    )
    assert change.changes["budget_amount"] == [None, "1500.00"]


def test_norwegian_csv_in_windows_1252(world: World) -> None:
    data = _csv(
        [
            [
                "Organisasjon",
                "Organisasjonsnummer",
                "Type",
                "Medlem siden",
                "Årsbudsjett",
                "Valuta",
                "Person",
                "E-post",
                "Fullmakt",
                "Fullmakt fra",
            ],
            [
                "Bømlo kommune",
                "939 858 055",
                "kommune",
                "01.01.2024",
                f"1{NBSP}500,50",
                "NOK",
                "Kåre Ødegård",
                "kare.odegard@bomlo.example",
                "fast representant",
                "15.01.2024",
            ],
            [
                "Høgskulen på Vestlandet",
                "917 641 404",
                "universitet / høgskole",
                "2024-02-01",
                "12 000",
                "NOK",
                "",
                "",
                "",
                "",
            ],
        ],
        encoding="cp1252",
    )
    response = _import(_client(world.coordinator), world, "partnerliste.csv", data)
    assert response.status_code == 302
    bomlo = Organisation.objects.get(name="Bømlo kommune")
    assert (bomlo.kind, bomlo.org_number) == ("municipality", "939 858 055")
    membership = Membership.objects.get(organisation=bomlo)
    assert (membership.budget_amount, membership.currency) == (Decimal("1500.50"), "NOK")
    kare = Person.objects.get(name="Kåre Ødegård")
    mandate = Mandate.objects.get(person=kare)
    assert (mandate.membership, mandate.valid_from) == (membership, dt.date(2024, 1, 15))
    hvl = Organisation.objects.get(name="Høgskulen på Vestlandet")
    assert hvl.kind == "university"
    assert Membership.objects.get(organisation=hvl).budget_amount == Decimal("12000")


def test_swedish_csv_in_utf8_with_bom(world: World) -> None:
    world.network.language = "sv"
    world.network.save()
    data = _csv(
        [
            [
                "Organisation",
                "Organisationsnummer",
                "Typ",
                "Medlem sedan",
                "Årsbudget",
                "Person",
                "E-post",
                "Mandat",
                "Med beslutanderätt",
            ],
            [
                "Luleå kommun",
                "212000-2627",
                "kommun",
                "2024-01-01",
                f"12{NBSP}000",
                "Åsa Öberg",
                "asa.oberg@lulea.example",
                "ordinarie",
                "ja",
            ],
            [
                "Luleå tekniska universitet",
                "202100-2841",
                "universitet / högskola",
                "2024-01-01",
                "7 500,00",
                "Per Nilsson",
                "per.nilsson@ltu.example",
                "ersättare",
                "nej",
            ],
        ],
    )
    response = _import(_client(world.coordinator), world, "partnerlista.csv", data)
    assert response.status_code == 302
    lulea = Organisation.objects.get(name="Luleå kommun")
    membership = Membership.objects.get(organisation=lulea)
    assert (membership.budget_amount, membership.currency) == (Decimal("12000"), "SEK")
    assert Mandate.objects.get(person__name="Åsa Öberg").decision_authorised
    deputy = Mandate.objects.get(person__name="Per Nilsson")
    assert (deputy.role, deputy.decision_authorised) == ("deputy", False)
    assert Membership.objects.get(
        organisation__name="Luleå tekniska universitet"
    ).budget_amount == (Decimal("7500.00"))


def test_english_csv_with_commas_matches_by_org_number(world: World) -> None:
    services.update_organisation(actor=world.admin, organisation=world.org_b, org_number="HRB 99")
    data = _csv(
        [
            ["Organisation", "Organisation number", "Annual budget", "Person", "Email"],
            ["HNE Eberswalde", "hrb99", '"1,250.00"', "Bo Lind", "bo.lind@hnee.example"],
        ],
        delimiter=",",
        encoding="utf-8",
    )
    client = _client(world.coordinator)
    preview = _upload(client, world, "list.csv", data)
    line = preview.context["lines"][0]
    assert "matched by organisation number" in line.organisation
    assert "HNE Eberswalde" in line.organisation
    assert "matched by email" in line.person
    client.post(f"{world.base()}members/import/confirm/", {"token": _token(preview)})
    world.org_b.refresh_from_db()
    assert world.org_b.name == "HNE Eberswalde"
    world.membership_b.refresh_from_db()
    assert world.membership_b.budget_amount == Decimal("1250.00")
    assert Person.objects.filter(email="bo.lind@hnee.example").count() == 1


def test_the_template_files_import_as_they_are(world: World) -> None:
    client = _client(world.coordinator)
    for language in ("en", "de", "nb", "nn", "sv"):
        client.cookies["samverk_language"] = language
        for file_format in ("xlsx", "csv"):
            response = client.get(f"{world.base()}members/import/template.{file_format}")
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
            data = response.content
            if file_format == "csv":
                assert data.startswith(b"\xef\xbb\xbf")
                header = data.decode("utf-8-sig").splitlines()[0]
                assert header.count(";" if language != "en" else ",") == len(COLUMNS) - 1
            else:
                sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
                headers = [c.value for c in sheet[1]]
                assert headers == [c.headers[language] for c in COLUMNS]
            preview = _upload(client, world, f"template.{file_format}", data)
            assert preview.context and preview.context.get("lines"), (
                language,
                file_format,
                _errors(preview),
            )
            line = preview.context["lines"][0]
            assert "Stadtwerke Eberswalde" in line.organisation
    assert client.get(f"{world.base()}members/import/template.pdf").status_code == 404


# --- nothing written before the confirmation; all or nothing -----------------------------------


def test_preview_writes_nothing_and_cancel_deletes_the_file(world: World, settings: Any) -> None:
    data = _csv([["Organisation", "Annual budget"], ["Neue GmbH", "100"]])
    before = db_state()
    client = _client(world.coordinator)
    preview = _upload(client, world, "list.csv", data)
    assert db_state() == before
    stored = list((settings.MEDIA_ROOT / "imports").glob("*.upload"))
    assert len(stored) == 1
    response = client.post(
        f"{world.base()}members/import/confirm/", {"token": _token(preview), "cancel": "1"}
    )
    assert response.status_code == 302
    assert db_state() == before
    assert not stored[0].exists()


def test_a_failing_service_rolls_back_everything(world: World, monkeypatch: Any) -> None:
    data = _csv(
        [
            ["Organisation", "Annual budget", "Person"],
            ["Neue GmbH", "100", "Eva Frisch"],
            ["Zweite AG", "200", "Fritz Bock"],
        ]
    )
    original = services.create_person

    def create_person(**kwargs: Any) -> Any:
        if kwargs["name"] == "Fritz Bock":
            raise ValidationError({"name": "refused for the test"})
        return original(**kwargs)

    monkeypatch.setattr(services, "create_person", create_person)
    before = db_state()
    client = _client(world.coordinator)
    preview = _upload(client, world, "list.csv", data)
    response = client.post(f"{world.base()}members/import/confirm/", {"token": _token(preview)})
    assert response.status_code == 200
    assert _errors(response) == [("3", "Row 3: refused for the test")]
    assert db_state() == before


def test_data_changed_since_the_preview_shows_a_new_preview(world: World) -> None:
    data = _csv([["Organisation", "Annual budget"], ["Stadtwerke Eberswalde", "900"]])
    client = _client(world.coordinator)
    preview = _upload(client, world, "list.csv", data)
    services.update_membership(
        actor=world.admin, membership=world.membership_a, budget_amount=Decimal("900")
    )
    before = db_state()
    response = client.post(f"{world.base()}members/import/confirm/", {"token": _token(preview)})
    assert response.status_code == 200
    assert response.context["changed"] is True
    assert db_state() == before


@pytest.mark.parametrize("tamper", ["forged", "other_user", "other_network_token"])
def test_a_forged_or_foreign_token_is_refused(world: World, tamper: str) -> None:
    data = _csv([["Organisation"], ["Neue GmbH"]])
    client = _client(world.coordinator)
    preview = _upload(client, world, "list.csv", data)
    token = _token(preview)
    second_coordinator = _client(user_with_role(world.network, RoleKind.COORDINATOR))
    before = db_state()
    if tamper == "other_network_token":
        other = _client(world.users["other_network"])
        response = other.post(
            f"/n/{world.other_network.slug}/members/import/confirm/", {"token": token}
        )
    else:
        if tamper == "forged":
            token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        else:
            client = second_coordinator
        response = client.post(f"{world.base()}members/import/confirm/", {"token": token})
    assert response.status_code == 302
    assert response["Location"].endswith("/members/import/")
    assert db_state() == before


# --- every error, by row ---------------------------------------------------------------------


def test_every_error_is_reported_with_its_row_and_nothing_is_saved(world: World) -> None:
    RegionFactory.create(code="DE40E")
    data = _csv(
        [
            [
                "Organisation",
                "Regionscode",
                "Mitglied seit",
                "Jahresbudget",
                "Person",
                "E-Mail",
                "Mandat",
            ],
            [
                "Gute GmbH",
                "DE40E",
                "01.01.2024",
                "1.000,00",
                "Ida Gut",
                "ida@gut.example",
                "principal",
            ],
            ["Doppelt e.V.", "", "", "100", "", "", ""],
            ["doppelt e.v.", "", "", "200", "", "", ""],
            ["Irgendwo AG", "XX99", "", "", "", "", ""],
            ["Teuer AG", "", "", "viel Geld", "", "", ""],
            ["Spät AG", "", "31.02.2024", "", "", "", ""],
            ["Mail AG", "", "", "", "Max Mail", "max(at)mail.example", ""],
            ["", "", "", "", "Ohne Organisation", "", "deputy"],
            ["Ohne Person AG", "", "", "", "", "", "principal"],
        ],
    )
    before = db_state()
    response = _upload(_client(world.coordinator), world, "fehler.csv", data)
    assert response.status_code == 200
    errors = _errors(response)
    rows = [row for row, _text in errors]
    assert rows == ["4", "5", "6", "7", "8", "9", "10"], errors
    text = dict(errors)
    assert "already appears in row 3 (duplicate organisation)" in text["4"]
    assert "Unknown region code “XX99”" in text["5"]
    assert "“viel Geld” is not an amount" in text["6"]
    assert "“31.02.2024” is not a date" in text["7"]
    assert "“max(at)mail.example” is not a valid email address" in text["8"]
    assert "needs an organisation" in text["9"]
    assert "A mandate needs a person" in text["10"]
    assert "The file was not imported: 7 problems." in response.content.decode()
    assert db_state() == before


def test_a_wrong_column_names_the_expected_columns(world: World) -> None:
    data = _csv([["Firma", "Jahresbudget", "Bemerkung"], ["Gute GmbH", "100", "x"]])
    response = _upload(_client(world.coordinator), world, "liste.csv", data)
    errors = _errors(response)
    assert [row for row, _t in errors] == ["1", "1", "1", "1"]
    assert "Unknown column “Firma” (column A)" in errors[0][1]
    assert "Unknown column “Bemerkung” (column C)" in errors[1][1]
    assert "The column “Organisation” is missing" in errors[2][1]
    assert "“Annual budget”" in errors[3][1] and "“Email”" in errors[3][1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.csv", b"", "The submitted file is empty."),
        ("liste.csv", b"\r\n;;\r\n", "The file is empty."),
        ("liste.csv", "Organisation\r\n".encode("utf-16"), "UTF-16"),
        ("liste.csv", b"Organisation\r\nM\x81ller \x00GmbH\r\n", "neither UTF-8 nor Windows-1252"),
        ("liste.pdf", b"%PDF-1.4 ...", "Upload an XLSX or CSV file."),
        ("liste.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "old Excel file"),
        ("liste.xlsx", b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
        ("liste.xlsx", b"Organisation\r\n", "cannot be read as an Excel workbook"),
        ("liste.csv", b"Organisation\r\n", "header row but no data"),
        ("liste.csv", b"Organisation\r\n" + b"x" * (5 * 1024 * 1024), "too large"),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_message(
    world: World, name: str, data: bytes, message: str
) -> None:
    before = db_state()
    response = _upload(_client(world.coordinator), world, name, data)
    assert response.status_code == 200
    text = " ".join(t for _r, t in _errors(response))
    if not text:  # Django's own check of an empty upload
        text = response.content.decode()
    assert message in text
    assert db_state() == before


def test_too_many_rows() -> None:
    data = ("Organisation\r\n" + "".join(f"Org {i}\r\n" for i in range(1001))).encode()
    with pytest.raises(FileRejected) as rejected:
        read_file("big.csv", data)
    assert "more than 1000 rows" in rejected.value.errors[0].message


def test_a_duplicate_principal_and_a_foreign_email(world: World) -> None:
    data = _csv(
        [
            ["Organisation", "Person", "Email", "Mandate", "Mandate from"],
            [
                "Stadtwerke Eberswalde",
                "Arne Dahl",
                "arne@stadtwerke.example",
                "principal",
                "01.06.2024",
            ],
            ["Neue GmbH", "Bo Lind", "bo.lind@hnee.example", "", ""],
            ["Zwei GmbH", "Eins", "", "principal", "01.01.2024"],
            ["Zwei GmbH", "Zwei", "", "principal", "01.01.2024"],
        ]
    )
    table = read_file("x.csv", data)
    rows, errors = parse_table(table)
    assert errors == []
    plan = plan_import(network=world.network, rows=rows, today=dt.date(2025, 1, 1))
    messages = {e.row: e.message for e in plan.errors}
    assert "Anna Berg already holds the decision-authorised principal mandate" in messages[2]
    assert "is the email of Bo Lind of Hochschule Eberswalde" in messages[3]
    assert "Row 4 already gives Zwei GmbH a decision-authorised principal" in messages[5]
    with pytest.raises(import_services.ImportRejected):
        import_services.import_partner_list(
            actor=world.coordinator, network=world.network, rows=rows, today=dt.date(2025, 1, 1)
        )


def test_the_service_checks_permission(world: World) -> None:
    rows = parse_table(read_file("x.csv", _csv([["Organisation"], ["Neue GmbH"]])))[0]
    from django.core.exceptions import PermissionDenied

    before = db_state()
    for who in ("partner_rep_own", "company_contact", "observer", "other_network"):
        with pytest.raises(PermissionDenied):
            import_services.import_partner_list(
                actor=world.users[who], network=world.network, rows=rows, today=dt.date(2025, 1, 1)
            )
    assert db_state() == before
    plan = import_services.import_partner_list(
        actor=world.coordinator, network=world.network, rows=rows, today=dt.date(2025, 1, 1)
    )
    assert plan.counts()["organisations_created"] == 1


# --- who may import --------------------------------------------------------------------------

EXPECTED = {
    "anonymous": 302,
    "other_network": 404,
    "coordinator": 200,
    "partner_rep_own": 403,
    "partner_rep_other": 403,
    "company_contact": 403,
    "company_contact_other": 403,
    "observer": 403,
    "admin": 200,
}


@pytest.mark.parametrize("who", ROLES)
def test_only_coordinators_import(world: World, who: str) -> None:
    user = world.users[who]
    client = _client(user) if user else Client()
    data = _csv([["Organisation"], ["Neue GmbH"]])
    before = db_state()
    for url, method in (
        ("members/import/", "get"),
        ("members/import/template.xlsx", "get"),
        ("members/import/template.csv", "get"),
    ):
        response = getattr(client, method)(world.base() + url)
        assert response.status_code == EXPECTED[who], (url, response.status_code)
    response = _upload(client, world, "x.csv", data)
    assert response.status_code == EXPECTED[who]
    confirm = client.post(world.base() + "members/import/confirm/", {"token": "x"})
    assert confirm.status_code == (302 if who in ("coordinator", "admin") else EXPECTED[who])
    assert db_state() == before
    members = client.get(world.base() + "members/")
    if who in ("coordinator", "admin"):
        assert "/members/import/" in members.content.decode()
    elif members.status_code == 200:
        assert "/members/import/" not in members.content.decode()


def test_rows_are_numbered_as_the_spreadsheet_shows_them(world: World) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "Organisation"
    sheet["C3"] = "Jahresbudget"
    sheet["B4"] = "Gute GmbH"
    sheet["C4"] = 100
    sheet["B7"] = "Schlechte GmbH"
    sheet["C7"] = "hundert"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(_client(world.coordinator), world, "liste.xlsx", buffer.getvalue())
    errors = _errors(response)
    assert [row for row, _text in errors] == ["7"]
    assert errors[0][1].startswith("Row 7 (Annual budget): “hundert” is not an amount")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world: World) -> None:
    data = _csv(
        [
            ["Organisation", "Member since", "Annual budget", "Person", "Email", "Mandate"],
            ["Neue GmbH", "01.01.2024", "1.000,00", "Eva Frisch", "eva@neu.example", "principal"],
            ["Neue GmbH", "", "", "Otto Vize", "", "deputy"],
        ]
    )
    client = _client(world.coordinator)
    assert _import(client, world, "list.csv", data).status_code == 302
    before = db_state()
    preview = _upload(client, world, "list.csv", data)
    assert preview.context["counts"] == dict.fromkeys(preview.context["counts"], 0)
    html = preview.content.decode()
    assert "The file changes nothing" in html
    assert 'name="confirm"' not in html
    lines = preview.context["lines"]
    assert "matched by name" in lines[0].organisation
    assert lines[0].membership == "Membership unchanged"
    assert "matched by email" in lines[0].person and lines[0].mandate == "Mandate unchanged"
    assert "matched by name" in lines[1].person and lines[1].mandate == "Mandate unchanged"
    assert db_state() == before


def test_control_characters_in_cells_become_spaces() -> None:
    from samverk.networks.imports import cell_text

    assert cell_text("Neue\x00GmbH\x07 ") == "Neue GmbH"
    assert cell_text(f"Eva\tFrisch{NBSP}") == "Eva Frisch"


def test_regions_by_code_or_national_code_within_the_network_region(world: World) -> None:
    brandenburg = RegionFactory.create(code="DE4", name="Brandenburg", level="state")
    barnim = RegionFactory.create(
        code="DE40E", name="Barnim", parent=brandenburg, national_code="12060"
    )
    RegionFactory.create(code="NO46", name="Vestland", level="county")
    world.network.home_region = brandenburg
    world.network.save()
    data = _csv(
        [
            ["Organisation", "Region code"],
            ["Neue GmbH", "12060"],
            ["Fjord AS", "NO46"],
        ]
    )
    rows, errors = parse_table(read_file("x.csv", data))
    assert errors == []
    plan = plan_import(network=world.network, rows=rows, today=dt.date(2025, 1, 1))
    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "The region “Vestland” is not part of the network's region (Brandenburg).")
    ]
    assert plan.orgs[0].values["region"] == barnim


def test_an_organisation_number_that_contradicts_the_register(world: World) -> None:
    services.update_organisation(actor=world.admin, organisation=world.org_a, org_number="HRB 1")
    data = _csv([["Organisation", "Organisation number"], ["Stadtwerke Eberswalde", "HRB 2"]])
    rows, errors = parse_table(read_file("x.csv", data))
    assert errors == []
    plan = plan_import(network=world.network, rows=rows, today=dt.date(2025, 1, 1))
    assert [e.message for e in plan.errors] == [
        "“Stadtwerke Eberswalde” is registered with the organisation number HRB 1, not HRB 2."
    ]


SAMPLES = {
    # language: (organisation, budget as typed in that country's Excel, person, kind label)
    "de": ("Kreishandwerkerschaft Barnim", "1.500,50", "Jürgen Weiß", "Kammer"),
    "nb": ("Bømlo kommune", f"1{NBSP}500,50", "Kåre Ødegård", "kommune"),
    "sv": ("Luleå kommun", "1 500,50", "Åsa Öberg", "kommun"),
}


@pytest.mark.parametrize("file_format", ["xlsx", "cp1252", "utf-8-sig"])
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_language_in_each_format(world: World, language: str, file_format: str) -> None:
    organisation, budget, person, kind = SAMPLES[language]
    keys = ["organisation", "kind", "member_since", "budget", "person", "email", "mandate"]
    headers = [next(c for c in COLUMNS if c.key == key).headers[language] for key in keys]
    mandate = {"de": "ordentliche Vertretung", "nb": "fast representant", "sv": "ordinarie"}
    row = [organisation, kind, "01.02.2024", budget, person, "rep@example.org", mandate[language]]
    if file_format == "xlsx":
        data = _xlsx([headers, [*row[:2], dt.datetime(2024, 2, 1), 1500.5, *row[4:]]])
        name = "liste.xlsx"
    else:
        data = _csv([headers, row], encoding=file_format)
        name = "liste.csv"
    response = _import(_client(world.coordinator), world, name, data)
    assert response.status_code == 302
    created = Organisation.objects.get(name=organisation)
    assert created.kind == ("chamber" if language == "de" else "municipality")
    membership = Membership.objects.get(organisation=created)
    assert (membership.since, membership.budget_amount) == (dt.date(2024, 2, 1), Decimal("1500.50"))
    mandate_made = Mandate.objects.get(membership=membership)
    assert (mandate_made.person.name, mandate_made.role) == (person, "principal")
    assert mandate_made.person.email == "rep@example.org"
