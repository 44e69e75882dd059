"""Reading a partner list from an XLSX or CSV file: the columns, the file formats coordinators
have (Excel in German, Norwegian or Swedish: decimal comma, ``;``, Windows-1252 or UTF-8 with
a BOM) and the values of each row, with every error reported by its row number.

Nothing here writes: :mod:`samverk.networks.import_plan` compares the rows with the network's
data and :mod:`samverk.networks.import_services` applies them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from samverk.core import date_range
from samverk.networks.choices import (
    Currency,
    MandateRole,
    MembershipRole,
    NaceSection,
    OrganisationKind,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
#: An XLSX file is a zip archive; refuse one that unpacks to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
#: Rows formatted but empty after the data: stop reading after this many in a row.
MAX_TRAILING_EMPTY_ROWS = 500
LANGUAGES = ("en", "de", "nb", "nn", "sv")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise  # for messages, in the user's language
    headers: dict[str, str]  # the header of the template file, per language
    aliases: tuple[str, ...] = ()
    required: bool = False


def _h(en: str, de: str, nb: str, nn: str, sv: str) -> dict[str, str]:
    return {"en": en, "de": de, "nb": nb, "nn": nn, "sv": sv}


# The column names are part of the file format and fixed here (not in the translation
# catalogues): a file made with one language's template imports in every language.
COLUMNS: tuple[Column, ...] = (
    Column(
        "organisation",
        gettext_lazy("Organisation"),
        _h("Organisation", "Organisation", "Organisasjon", "Organisasjon", "Organisation"),
        (
            "organization",
            "organisation name",
            "institution",
            "mitgliedsinstitution",
            "name der organisation",
            "organisasjonsnavn",
            "medlemsorganisasjon",
            "organisationsnamn",
            "medlemsorganisation",
        ),
        required=True,
    ),
    Column(
        "org_number",
        gettext_lazy("Organisation number"),
        _h(
            "Organisation number",
            "Organisationsnummer",
            "Organisasjonsnummer",
            "Organisasjonsnummer",
            "Organisationsnummer",
        ),
        ("organization number", "org number", "org. no.", "org.nr.", "org.nr", "orgnr", "org-nr"),
    ),
    Column("kind", gettext_lazy("Kind"), _h("Kind", "Art", "Type", "Type", "Typ"), ("type",)),
    Column(
        "sector",
        gettext_lazy("Sector (NACE)"),
        _h("Sector (NACE)", "Branche (NACE)", "Bransje (NACE)", "Bransje (NACE)", "Bransch (NACE)"),
        ("sector", "nace", "branche", "bransje", "bransch"),
    ),
    Column(
        "region",
        gettext_lazy("Region code"),
        _h("Region code", "Regionscode", "Regionkode", "Regionkode", "Regionkod"),
        ("region", "regionkod", "regionskode", "kommunenummer", "kommunkod", "ags"),
    ),
    Column(
        "website",
        gettext_lazy("Website"),
        _h("Website", "Website", "Nettside", "Nettside", "Webbplats"),
        ("webseite", "homepage", "internet", "nettsted", "heimeside", "hjemmeside", "webbsida"),
    ),
    Column(
        "member_since",
        gettext_lazy("Member since"),
        _h("Member since", "Mitglied seit", "Medlem siden", "Medlem sidan", "Medlem sedan"),
        ("since", "seit", "medlem fra", "medlem frå", "medlem från"),
    ),
    Column(
        "membership_role",
        gettext_lazy("Membership role"),
        _h("Membership role", "Mitgliedsrolle", "Medlemsrolle", "Medlemsrolle", "Medlemsroll"),
        ("role", "rolle", "roll"),
    ),
    Column(
        "budget",
        gettext_lazy("Annual budget"),
        _h("Annual budget", "Jahresbudget", "Årsbudsjett", "Årsbudsjett", "Årsbudget"),
        ("budget", "budsjett", "årlig budsjett", "årleg budsjett", "årlig budget", "beitrag"),
    ),
    Column(
        "currency",
        gettext_lazy("Currency"),
        _h("Currency", "Währung", "Valuta", "Valuta", "Valuta"),
    ),
    Column(
        "person",
        gettext_lazy("Person"),
        _h("Person", "Person", "Person", "Person", "Person"),
        (
            "contact person",
            "representative",
            "ansprechperson",
            "ansprechpartner",
            "ansprechpartnerin",
            "vertreter",
            "kontaktperson",
            "representant",
        ),
    ),
    Column(
        "email",
        gettext_lazy("Email"),
        _h("Email", "E-Mail", "E-post", "E-post", "E-post"),
        ("e-mail", "mail", "email address", "e-mail-adresse", "e-postadresse", "epost"),
    ),
    Column(
        "phone",
        gettext_lazy("Phone"),
        _h("Phone", "Telefon", "Telefon", "Telefon", "Telefon"),
        ("telephone", "tel.", "tel", "telefonnummer", "mobil", "mobile"),
    ),
    Column(
        "mandate",
        pgettext_lazy("of a representative", "Mandate"),
        _h("Mandate", "Mandat", "Fullmakt", "Fullmakt", "Mandat"),
        ("mandate role", "vertretung"),
    ),
    Column(
        "decision_authorised",
        gettext_lazy("Decision-authorised"),
        _h(
            "Decision-authorised",
            "Entscheidungsbefugt",
            "Med fullmakt",
            "Med fullmakt",
            "Med beslutanderätt",
        ),
        ("decision authorised", "decision-authorized", "decision authorized", "beslutanderätt"),
    ),
    Column(
        "mandate_from",
        gettext_lazy("Mandate from"),
        _h("Mandate from", "Mandat ab", "Fullmakt fra", "Fullmakt frå", "Mandat från"),
        ("mandate valid from", "mandat gültig ab", "fullmakt gyldig fra", "mandat giltigt från"),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

EXAMPLE_ROW: dict[str, Any] = {
    "organisation": "Stadtwerke Eberswalde",
    "org_number": "HRB 1234",
    "kind": "company",
    "sector": "D",
    "region": "",
    "website": "https://stadtwerke.example",
    "member_since": dt.date(2024, 1, 1),
    "membership_role": "partner",
    "budget": Decimal("1500.00"),
    "currency": "EUR",
    "person": "Anna Berg",
    "email": "anna.berg@stadtwerke.example",
    "phone": "+49 3334 000000",
    "mandate": "principal",
    "decision_authorised": "yes",
    "mandate_from": dt.date(2024, 1, 1),
}


def header_for(column: Column, language: str) -> str:
    return column.headers.get(language, column.headers["en"])


def normalise(text: str) -> str:
    """A header or choice as compared: case-folded, single spaces, no trailing ``*`` or ``:``."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    text = " ".join(text.split()).casefold()
    return text.rstrip("*: ").strip()


def header_lookup(columns: Iterable[Column] = COLUMNS) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in columns:
        for text in (column.key, *column.headers.values(), *column.aliases):
            lookup[normalise(text)] = column.key
    return lookup


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row number as a spreadsheet shows it; None: the whole file
    message: str
    column: str = ""  # the column's label


class FileRejected(Exception):
    """The file cannot be read at all (type, size, encoding, no header)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass
class Table:
    """The cells of the first sheet: the header row and the rows after it (blank rows left
    out), each with its row number."""

    header_row: int
    header: list[Any]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    file_format: str = "csv"


# --- reading files ------------------------------------------------------------------------


def _is_blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _collect(numbered_rows: Iterable[tuple[int, list[Any]]], file_format: str) -> Table:
    table: Table | None = None
    trailing_empty = 0
    for number, cells in numbered_rows:
        if _is_blank(cells):
            trailing_empty += 1
            if table is not None and trailing_empty > MAX_TRAILING_EMPTY_ROWS:
                break
            continue
        trailing_empty = 0
        if table is None:
            table = Table(header_row=number, header=list(cells), file_format=file_format)
            continue
        if len(table.rows) >= MAX_ROWS:
            raise FileRejected(
                [
                    RowError(
                        None,
                        _("The file has more than %(max)s rows. Split it into smaller files.")
                        % {"max": MAX_ROWS},
                    )
                ]
            )
        table.rows.append((number, list(cells)))
    if table is None:
        raise FileRejected([RowError(None, _("The file is empty."))])
    return table


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            [
                RowError(
                    None,
                    _(
                        "The file is in UTF-16, which cannot be read. Save it as “CSV UTF-8” or "
                        "as an Excel workbook (.xlsx)."
                    ),
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
    bad = {chr(c) for c in range(32) if chr(c) not in "\t\r\n"}
    if (not text and data) or any(ch in bad for ch in text):
        raise FileRejected(
            [
                RowError(
                    None,
                    _(
                        "The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” "
                        "or as an Excel workbook (.xlsx)."
                    ),
                )
            ]
        )
    return text


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, most = ";", 0
    for candidate in (";", ",", "\t"):
        count = len(next(csv.reader([first], delimiter=candidate), []))
        if count > most:
            best, most = candidate, count
    return best


def read_csv(data: bytes) -> Table:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise FileRejected(
            [
                RowError(
                    reader.line_num,
                    _("The CSV file cannot be read here (%(problem)s).") % {"problem": exc},
                )
            ]
        ) from exc
    return _collect(rows, "csv")


def read_xlsx(data: bytes) -> Table:
    import openpyxl  # imported here: only the import pages need it

    unreadable = FileRejected(
        [RowError(None, _("The file cannot be read as an Excel workbook (.xlsx)."))]
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected(
            [RowError(None, _("The workbook is too large. Split it into smaller files."))]
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise unreadable from exc
    try:
        sheet = workbook.worksheets[0]
        numbered = (
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _collect(numbered, "xlsx")
    except FileRejected:
        raise
    except Exception as exc:
        raise unreadable from exc
    finally:
        workbook.close()


def read_file(name: str, data: bytes) -> Table:
    """The table of an uploaded file, or :class:`FileRejected` with a clear message."""
    lower = (name or "").lower()
    if not data:
        raise FileRejected([RowError(None, _("The file is empty."))])
    if len(data) > MAX_BYTES:
        raise FileRejected(
            [
                RowError(
                    None,
                    _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_BYTES // 2**20},
                )
            ]
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise FileRejected(
            [
                RowError(
                    None,
                    _(
                        "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) "
                        "or as CSV."
                    ),
                )
            ]
        )
    if data.startswith(b"PK\x03\x04"):
        if lower.endswith((".ods", ".numbers", ".docx", ".pptx")):
            raise FileRejected([RowError(None, _("Upload an XLSX or CSV file."))])
        return read_xlsx(data)
    if lower.endswith((".xlsx", ".xlsm")):
        raise FileRejected(
            [RowError(None, _("The file cannot be read as an Excel workbook (.xlsx)."))]
        )
    if lower and not lower.endswith((".csv", ".txt", ".tsv")):
        raise FileRejected([RowError(None, _("Upload an XLSX or CSV file."))])
    return read_csv(data)


# --- values -------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # Control characters (a NUL cannot even be stored) become spaces.
    return " ".join(str(value).translate(_CONTROLS).replace("\u00a0", " ").split())


_CONTROLS = dict.fromkeys([*range(32), 127], " ")


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CURRENCY = re.compile(r"^(?:EUR|NOK|SEK|€|kr\.?|,-)\s*|\s*(?:EUR|NOK|SEK|€|kr\.?|,-)$", re.I)


def parse_amount(value: Any) -> Decimal:
    """A budget: a number cell, or text such as ``1.500,00``, ``1 500``, ``1 500,50`` (with
    a no-break space), ``12 000``, ``1,500.00`` or ``1500.5``. ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = str(value).strip()
        for _round in range(2):
            text = _CURRENCY.sub("", text).strip()
        text = _SPACES.sub("", text).replace("\u2212", "-")
        if "." in text and "," in text:
            decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        elif text.count(",") == 1 or text.count(".") == 1:
            decimal_mark = "," if "," in text else "."
            # A single mark before exactly three digits separates thousands ("1.500", "12,000");
            # an amount of money has at most two decimals.
            if re.fullmatch(r"-?\d{1,3}[.,]\d{3}", text):
                decimal_mark = ""
        else:
            decimal_mark = ""
        thousands = {",", "."} - {decimal_mark}
        for mark in thousands:
            if mark in text and not re.fullmatch(
                rf"-?\d{{1,3}}(?:{re.escape(mark)}\d{{3}})+(?:{re.escape(decimal_mark)}\d+)?"
                if decimal_mark
                else rf"-?\d{{1,3}}(?:{re.escape(mark)}\d{{3}})+",
                text,
            ):
                raise ValueError(value)
            text = text.replace(mark, "")
        if decimal_mark == ",":
            text = text.replace(",", ".")
        if not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
            raise ValueError(value)
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if not amount.is_finite():
        raise ValueError(value)
    return amount


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y")


def parse_date(value: Any) -> dt.date:
    """dd.mm.yyyy, yyyy-mm-dd, dd/mm/yyyy or a date cell of Excel. ValueError otherwise."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise ValueError(value)
        converted = from_excel(value)
        day = converted.date() if isinstance(converted, dt.datetime) else converted
    else:
        text = str(value).strip()
        text = re.sub(r"[ T]00:00(?::00)?$", "", text)
        for pattern in _DATE_FORMATS:
            try:
                day = dt.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError(value)
    if not date_range.EARLIEST_YEAR <= day.year <= date_range.LATEST_YEAR:
        raise ValueError(value)
    return day


_YES = {"yes", "y", "x", "1", "true", "ja", "j", "sant", "wahr"}
_NO = {"no", "n", "0", "false", "nein", "nei", "nej", "usant", "falsch"}


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(cell_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(value)


def choice_lookup(choices: Any) -> dict[str, str]:
    """Each choice by its value and by its label in every language."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[normalise(str(value))] = value
        for language in LANGUAGES:
            with translation.override(language):
                text = str(label)
            # "Agentur für Arbeit / Jobcenter": the whole label and each of its parts
            for variant in (text, *text.split(" / ")):
                lookup.setdefault(normalise(variant), value)
    return lookup


@dataclass
class ImportRow:
    """The values of one row, checked and converted (empty cells are "" or None)."""

    row: int
    organisation: str = ""
    org_number: str = ""
    kind: str | None = None
    sector: str | None = None
    region_code: str = ""
    website: str = ""
    member_since: dt.date | None = None
    membership_role: str | None = None
    budget: Decimal | None = None
    currency: str | None = None
    person: str = ""
    email: str = ""
    phone: str = ""
    mandate: str | None = None
    decision_authorised: bool | None = None
    mandate_from: dt.date | None = None

    def has_membership_data(self) -> bool:
        return any(
            v is not None for v in (self.member_since, self.membership_role, self.budget)
        ) or bool(self.currency)


_MAX_LENGTHS = {"organisation": 200, "org_number": 40, "person": 200, "phone": 40, "website": 200}


def _expected_columns(columns: tuple[Column, ...]) -> str:
    language = translation.get_language() or "en"
    return ", ".join(
        f"“{header_for(c, language)}”"
        + (f" (“{c.headers['en']}”)" if header_for(c, language) != c.headers["en"] else "")
        for c in columns
    )


def map_header(
    table: Table, columns: tuple[Column, ...] = COLUMNS
) -> tuple[dict[int, str], list[RowError]]:
    """Column index → field key, and the errors of the header row. ``columns``: the columns of
    the file (those of the partner list unless given; the projects app reads its own list)."""
    lookup = header_lookup(columns)
    mapping: dict[int, str] = {}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        text = cell_text(cell)
        if not text:
            continue
        key = lookup.get(normalise(text))
        if key is None:
            errors.append(
                RowError(
                    table.header_row,
                    _("Unknown column “%(header)s” (column %(column)s).")
                    % {"header": text, "column": _column_letter(index)},
                )
            )
            continue
        if key in seen:
            errors.append(
                RowError(
                    table.header_row,
                    _("The column “%(header)s” appears twice (columns %(first)s and %(second)s).")
                    % {
                        "header": text,
                        "first": _column_letter(seen[key]),
                        "second": _column_letter(index),
                    },
                )
            )
            continue
        seen[key] = index
        mapping[index] = key
    for column in columns:
        if column.required and column.key not in seen:
            errors.append(
                RowError(
                    table.header_row,
                    _("The column “%(header)s” is missing.")
                    % {"header": header_for(column, translation.get_language() or "en")},
                )
            )
    if errors:
        errors.append(
            RowError(
                table.header_row,
                _("Expected columns (in any order, only “%(required)s” is required): %(columns)s.")
                % {
                    "required": ", ".join(
                        header_for(c, translation.get_language() or "en")
                        for c in columns
                        if c.required
                    ),
                    "columns": _expected_columns(columns),
                },
            )
        )
    return mapping, errors


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _RowParser:
    def __init__(self) -> None:
        self.kinds = choice_lookup(OrganisationKind)
        self.roles = choice_lookup(MembershipRole)
        self.mandate_roles = choice_lookup(MandateRole)
        self.currencies = {normalise(c): c for c in Currency.values}
        self.sectors = set(NaceSection.values)

    def parse(self, number: int, values: dict[str, Any]) -> tuple[ImportRow, list[RowError]]:
        row = ImportRow(row=number)
        errors: list[RowError] = []

        def error(key: str, message: str) -> None:
            errors.append(RowError(number, message, str(COLUMNS_BY_KEY[key].label)))

        def text(key: str) -> str:
            value = cell_text(values.get(key))
            limit = _MAX_LENGTHS.get(key)
            if limit and len(value) > limit:
                error(key, _("At most %(max)s characters.") % {"max": limit})
                return value[:limit]
            return value

        def choice(key: str, lookup: dict[str, str], message: str) -> str | None:
            raw = text(key)
            if not raw:
                return None
            found = lookup.get(normalise(raw))
            if found is None:
                error(key, message % {"value": raw})
            return found

        row.organisation = text("organisation")
        row.org_number = text("org_number")
        row.kind = choice("kind", self.kinds, _("“%(value)s” is not a known kind of organisation."))
        sector = text("sector")
        if sector:
            letter = sector[:1].upper()
            if letter in self.sectors and (len(sector) == 1 or not sector[1:2].isalnum()):
                row.sector = letter
            else:
                error(
                    "sector",
                    _("“%(value)s” is not a NACE section (a letter from A to U).")
                    % {"value": sector},
                )
        row.region_code = text("region")
        row.website = text("website")
        if row.website:
            if "://" not in row.website:
                row.website = "https://" + row.website
            try:
                URLValidator()(row.website)
            except ValidationError:
                error("website", _("“%(value)s” is not a web address.") % {"value": row.website})
        row.membership_role = choice(
            "membership_role",
            self.roles,
            _("“%(value)s” is not a membership role (partner, member or observer)."),
        )
        row.currency = choice(
            "currency", self.currencies, _("“%(value)s” is not a currency (EUR, NOK or SEK).")
        )
        raw_budget = values.get("budget")
        if cell_text(raw_budget):
            try:
                amount = parse_amount(raw_budget)
            except ValueError:
                error(
                    "budget",
                    _("“%(value)s” is not an amount (for example 1500, 1.500,00 or 1 500).")
                    % {"value": cell_text(raw_budget)},
                )
            else:
                if amount < 0:
                    error("budget", _("The budget cannot be negative."))
                elif amount != amount.quantize(Decimal("0.01")):
                    error("budget", _("An amount has at most two decimals."))
                elif amount >= Decimal("10000000000"):
                    error("budget", _("The amount is too large."))
                else:
                    row.budget = amount.quantize(Decimal("0.01"))
        for key in ("member_since", "mandate_from"):
            raw = values.get(key)
            if cell_text(raw):
                try:
                    setattr(row, key, parse_date(raw))
                except ValueError:
                    error(
                        key,
                        _(
                            "“%(value)s” is not a date (write for example 31.01.2025, "
                            "2025-01-31 or 31/01/2025)."
                        )
                        % {"value": cell_text(raw)},
                    )
        row.person = text("person")
        row.email = text("email")
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                error(
                    "email", _("“%(value)s” is not a valid email address.") % {"value": row.email}
                )
        row.phone = text("phone")
        row.mandate = choice(
            "mandate",
            self.mandate_roles,
            _("“%(value)s” is not a kind of mandate (principal or deputy)."),
        )
        raw_authorised = values.get("decision_authorised")
        if cell_text(raw_authorised):
            try:
                row.decision_authorised = parse_yes_no(raw_authorised)
            except ValueError:
                error(
                    "decision_authorised",
                    _("Write yes or no, not “%(value)s”.") % {"value": cell_text(raw_authorised)},
                )

        # How the values of a row fit together.
        has_person = bool(row.person or row.email or row.phone)
        if not row.organisation:
            if has_person or row.mandate:
                error(
                    "organisation",
                    _("A person or mandate needs an organisation: the organisation is missing."),
                )
            else:
                error("organisation", _("The organisation is missing."))
        if (row.email or row.phone) and not row.person:
            error("person", _("The person's name is missing (an email or phone is given)."))
        if (row.mandate or row.decision_authorised is not None or row.mandate_from) and not (
            row.person
        ):
            error("mandate", _("A mandate needs a person: the person's name is missing."))
        if row.mandate_from and not row.mandate:
            error("mandate", _("Give the kind of mandate (principal or deputy)."))
        return row, errors


def parse_table(table: Table) -> tuple[list[ImportRow], list[RowError]]:
    """The rows of ``table`` as :class:`ImportRow`, and every error (by row) in them."""
    mapping, errors = map_header(table)
    if errors:
        return [], errors
    parser = _RowParser()
    rows: list[ImportRow] = []
    for number, cells in table.rows:
        values = {key: cells[index] for index, key in mapping.items() if index < len(cells)}
        if _is_blank(values.values()):
            continue
        row, row_errors = parser.parse(number, values)
        rows.append(row)
        errors += row_errors
    if not rows and not errors:
        errors.append(RowError(None, _("The file has a header row but no data.")))
    return rows, errors
