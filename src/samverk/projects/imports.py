"""Reading a network's existing project list from an XLSX or CSV file: the columns (headers in
English, German, Norwegian Bokmål and Nynorsk, Swedish), the values of each row with every error
by its row number, and what importing the rows would do in a network (:class:`Plan`): the
carrier each row names, its focus areas (existing ones, and new ones to be created), and the
titles that are taken already. Reads only; :mod:`samverk.projects.import_services` applies a plan.

The file itself is read as the partner list (:mod:`samverk.networks.imports`): the same formats,
limits, header matching, dates and yes/no.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.core.models import Network
from samverk.networks.imports import (
    Column,
    RowError,
    Table,
    cell_text,
    choice_lookup,
    map_header,
    normalise,
    parse_date,
    parse_yes_no,
)
from samverk.networks.models import Organisation
from samverk.projects.choices import ProjectStatus
from samverk.projects.models import FocusArea, Project


def _h(en: str, de: str, nb: str, nn: str, sv: str) -> dict[str, str]:
    return {"en": en, "de": de, "nb": nb, "nn": nn, "sv": sv}


# As for the partner list, the column names are part of the file format and fixed here (not in
# the translation catalogues): a file made with one language's template imports in every language.
COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        gettext_lazy("Title"),
        _h("Title", "Titel", "Tittel", "Tittel", "Titel"),
        (
            "project",
            "project title",
            "projekt",
            "projekttitel",
            "projektname",
            "prosjekt",
            "prosjekttittel",
            "prosjektnavn",
            "projektnamn",
        ),
        required=True,
    ),
    Column(
        "short_name",
        gettext_lazy("Short name"),
        _h("Short name", "Kurzname", "Kortnavn", "Kortnamn", "Kortnamn"),
        ("abbreviation", "acronym", "kürzel", "akronym", "forkortelse", "förkortning"),
    ),
    Column("status", gettext_lazy("Status"), _h("Status", "Status", "Status", "Status", "Status")),
    Column(
        "starts",
        gettext_lazy("Starts"),
        _h("Starts", "Beginn", "Start", "Start", "Start"),
        ("start", "start date", "begin", "from", "startdatum", "von", "startdato"),
    ),
    Column(
        "ends",
        gettext_lazy("Ends"),
        _h("Ends", "Ende", "Slutt", "Slutt", "Slut"),
        ("end", "end date", "until", "enddatum", "bis", "sluttdato", "slutdatum"),
    ),
    Column(
        "regions",
        gettext_lazy("Region(s)"),
        _h("Region(s)", "Region(en)", "Region(er)", "Region(ar)", "Region(er)"),
        ("region", "regions", "regionen", "regioner", "regionar"),
    ),
    Column(
        "sector",
        gettext_lazy("Sector (NACE)"),
        _h("Sector (NACE)", "Branche (NACE)", "Bransje (NACE)", "Bransje (NACE)", "Bransch (NACE)"),
        ("sector", "nace", "branche", "bransje", "bransch"),
    ),
    Column(
        "carrier",
        gettext_lazy("Carrier"),
        _h("Carrier", "Träger", "Prosjekteier", "Prosjekteigar", "Projektägare"),
        (
            "project carrier",
            "organisation",
            "organization",
            "projektträger",
            "trägerorganisation",
            "prosjektansvarleg",
            "ansvarlig organisasjon",
            "huvudman",
        ),
    ),
    Column(
        "focus_areas",
        gettext_lazy("Focus areas"),
        _h("Focus areas", "Schwerpunkte", "Fokusområder", "Fokusområde", "Fokusområden"),
        ("focus area", "topics", "schwerpunkt", "themen", "fokusområde", "fokusområden"),
    ),
    Column(
        "basis",
        gettext_lazy("Agreement or programme"),
        _h(
            "Agreement or programme",
            "Vereinbarung oder Programm",
            "Avtale eller program",
            "Avtale eller program",
            "Avtal eller program",
        ),
        ("agreement", "programme", "program", "vereinbarung", "programm", "avtale", "avtal"),
    ),
    Column(
        "basis_url",
        gettext_lazy("Link"),
        _h("Link", "Link", "Lenke", "Lenkje", "Länk"),
        ("url", "web address", "link to the agreement or programme", "webadresse", "nettadresse"),
    ),
    Column(
        "summary",
        gettext_lazy("Short description"),
        _h(
            "Short description",
            "Kurzbeschreibung",
            "Kort beskrivelse",
            "Kort skildring",
            "Kort beskrivning",
        ),
        ("description", "summary", "beschreibung", "beskrivelse", "skildring", "beskrivning"),
    ),
    Column(
        "problem",
        gettext_lazy("Problem"),
        _h("Problem", "Problem", "Problem", "Problem", "Problem"),
        ("problemstellung", "ausgangslage", "utfordring", "utmaning"),
    ),
    Column(
        "goals",
        gettext_lazy("Goals"),
        _h("Goals", "Ziele", "Mål", "Mål", "Mål"),
        ("goal", "objectives", "ziel"),
    ),
    Column(
        "implementation",
        gettext_lazy("Implementation"),
        _h("Implementation", "Umsetzung", "Gjennomføring", "Gjennomføring", "Genomförande"),
        ("durchführung", "gjennomforing"),
    ),
    Column(
        "results",
        gettext_lazy("Results"),
        _h("Results", "Ergebnisse", "Resultater", "Resultat", "Resultat"),
        ("result", "ergebnis"),
    ),
    Column(
        "public",
        gettext_lazy("Public"),
        _h("Public", "Öffentlich", "Offentlig", "Offentleg", "Offentlig"),
        ("is public", "published", "veröffentlicht", "publisert", "publicerad"),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

#: The field of :func:`samverk.projects.services.create_project` → the column of the file
#: (for the service's own errors).
FIELD_COLUMNS = {
    "title": "title",
    "short_name": "short_name",
    "status": "status",
    "starts_on": "starts",
    "ends_on": "ends",
    "regions": "regions",
    "sector": "sector",
    "carrier": "carrier",
    "focus_areas": "focus_areas",
    "basis": "basis",
    "basis_url": "basis_url",
    "summary": "summary",
    "problem": "problem",
    "goals": "goals",
    "implementation": "implementation",
    "results": "results",
    "is_public": "public",
}

_MAX_LENGTHS = {
    "title": 300,
    "short_name": 30,
    "regions": 300,
    "basis": 300,
    "basis_url": 200,
}
FOCUS_AREA_MAX_LENGTH = 100
# A NACE section letter (optionally followed by its name: "Q - Gesundheitswesen") or a code
# ("84", "84.1", "84.11").
_NACE_SECTION = re.compile(r"^([A-Ua-u])(?:$|[^0-9A-Za-z])")
_NACE_CODE = re.compile(r"^\d{2}(?:\.\d{1,2})?$")


def column_label(key: str) -> str:
    return str(COLUMNS_BY_KEY[key].label)


@dataclass
class ProjectRow:
    """The values of one row, checked and converted (empty cells are "" or None)."""

    row: int
    title: str = ""
    short_name: str = ""
    status: str = ProjectStatus.IDEA
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    regions: str = ""
    sector: str = ""
    carrier: str = ""  # the name as written
    focus_areas: list[str] = field(default_factory=list)  # the names as written
    basis: str = ""
    basis_url: str = ""
    summary: str = ""
    problem: str = ""
    goals: str = ""
    implementation: str = ""
    results: str = ""
    is_public: bool = False


def _long_text(value: Any) -> str:
    """A text cell that may hold paragraphs (problem, goals …): its line breaks stay."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return cell_text(value)
    lines = [
        cell_text(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return "\n".join(lines).strip()


def _focus_area_names(value: Any) -> list[str]:
    if value is None:
        return []
    names = [cell_text(part) for part in re.split(r"[;\n]", str(value))]
    return list(dict.fromkeys(name for name in names if name))


class _RowParser:
    def __init__(self) -> None:
        self.statuses = choice_lookup(ProjectStatus)

    def parse(self, number: int, values: dict[str, Any]) -> tuple[ProjectRow, list[RowError]]:
        row = ProjectRow(row=number)
        errors: list[RowError] = []

        def error(key: str, message: str) -> None:
            errors.append(RowError(number, message, column_label(key)))

        def text(key: str) -> str:
            value = cell_text(values.get(key))
            limit = _MAX_LENGTHS.get(key)
            if limit and len(value) > limit:
                error(key, _("At most %(max)s characters.") % {"max": limit})
                return value[:limit]
            return value

        row.title = text("title")
        if not row.title:
            error("title", _("The title is missing."))
        row.short_name = text("short_name")
        status = text("status")
        if status:
            found = self.statuses.get(normalise(status))
            if found is None:
                error(
                    "status",
                    _("“%(value)s” is not a status of a project (%(statuses)s).")
                    % {
                        "value": status,
                        "statuses": ", ".join(str(label) for label in ProjectStatus.labels),
                    },
                )
            else:
                row.status = found
        for key, attribute in (("starts", "starts_on"), ("ends", "ends_on")):
            raw = values.get(key)
            if cell_text(raw):
                try:
                    setattr(row, attribute, parse_date(raw))
                except ValueError:
                    error(
                        key,
                        _(
                            "“%(value)s” is not a date (write for example 31.01.2025, "
                            "2025-01-31 or 31/01/2025)."
                        )
                        % {"value": cell_text(raw)},
                    )
        row.regions = text("regions")
        sector = text("sector")
        if sector:
            section = _NACE_SECTION.match(sector)
            if section:
                row.sector = section.group(1).upper()
            elif _NACE_CODE.match(sector):
                row.sector = sector
            else:
                error(
                    "sector",
                    _(
                        "“%(value)s” is not a NACE section (a letter from A to U) or code "
                        "(e.g. 84.11)."
                    )
                    % {"value": sector},
                )
        row.carrier = text("carrier")
        row.focus_areas = _focus_area_names(values.get("focus_areas"))
        for name in row.focus_areas:
            if len(name) > FOCUS_AREA_MAX_LENGTH:
                error(
                    "focus_areas",
                    _("A focus area's name has at most %(max)s characters: “%(value)s”.")
                    % {"max": FOCUS_AREA_MAX_LENGTH, "value": name},
                )
        row.basis = text("basis")
        row.basis_url = text("basis_url")
        if row.basis_url:
            if "://" not in row.basis_url:
                row.basis_url = "https://" + row.basis_url
            try:
                URLValidator()(row.basis_url)
            except ValidationError:
                error(
                    "basis_url", _("“%(value)s” is not a web address.") % {"value": row.basis_url}
                )
        for key in ("summary", "problem", "goals", "implementation", "results"):
            setattr(row, key, _long_text(values.get(key)))
        raw_public = values.get("public")
        if cell_text(raw_public):
            try:
                row.is_public = parse_yes_no(raw_public)
            except ValueError:
                error(
                    "public",
                    _("Write yes or no, not “%(value)s”.") % {"value": cell_text(raw_public)},
                )
        return row, errors


def parse_table(table: Table) -> tuple[list[ProjectRow], list[RowError]]:
    """The rows of ``table`` as :class:`ProjectRow`, and every error (by row) in them."""
    mapping, errors = map_header(table, COLUMNS)
    if errors:
        return [], errors
    parser = _RowParser()
    rows: list[ProjectRow] = []
    for number, cells in table.rows:
        values = {key: cells[index] for index, key in mapping.items() if index < len(cells)}
        if not any(cell_text(value) for value in values.values()):
            continue
        row, row_errors = parser.parse(number, values)
        rows.append(row)
        errors += row_errors
    if not rows and not errors:
        errors.append(RowError(None, _("The file has a header row but no data.")))
    return rows, errors


# --- what the rows would do in a network -------------------------------------------------------


@dataclass
class ProjectPlan:
    """One project to be created."""

    row: ProjectRow
    carrier: Organisation | None = None
    focus_areas: list[FocusArea] = field(default_factory=list)  # existing ones
    new_focus_areas: list[str] = field(default_factory=list)  # to be created (their names)


@dataclass
class Plan:
    projects: list[ProjectPlan] = field(default_factory=list)
    #: The focus areas to be created: name → the first row that names it.
    new_focus_areas: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def digest(self) -> str:
        """A fingerprint of what would be done, to tell whether the network's data changed
        between the preview and the confirmation."""

        def plain(value: Any) -> Any:
            return str(value) if isinstance(value, dt.date) else value

        parts: list[Any] = [
            [
                {name: plain(value) for name, value in vars(p.row).items()},
                p.carrier.pk if p.carrier else None,
                sorted(area.pk for area in p.focus_areas),
                p.new_focus_areas,
            ]
            for p in self.projects
        ]
        parts.append(sorted(self.new_focus_areas.items()))
        text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_import(*, network: Network, rows: list[ProjectRow]) -> Plan:
    """What importing ``rows`` into ``network`` would create, and the errors that refuse rows:
    a title twice in the file or already in the network, a carrier that is not an organisation
    of the network (matched by name, case-insensitive). A focus area is matched by name
    (case-insensitive) among the network's; a name it does not have yet becomes a new focus
    area. The service's own rules are checked when the plan is applied."""
    plan = Plan()
    existing_titles = {
        normalise(title)
        for title in Project.objects.filter(network=network).values_list("title", flat=True)
    }
    organisations: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(network=network).order_by("name", "pk"):
        organisations.setdefault(normalise(organisation.name), []).append(organisation)
    areas = {normalise(area.name): area for area in FocusArea.objects.filter(network=network)}
    new_areas: dict[str, str] = {}  # normalised name → the name as first written
    seen_titles: dict[str, int] = {}
    for row in rows:
        project = ProjectPlan(row=row)
        errors: list[RowError] = []

        def error(
            key: str, message: str, row: ProjectRow = row, errors: list[RowError] = errors
        ) -> None:
            errors.append(RowError(row.row, message, column_label(key)))

        title = normalise(row.title)
        if title:
            if title in seen_titles:
                error(
                    "title",
                    _("The title “%(title)s” already appears in row %(row)s (duplicate project).")
                    % {"title": row.title, "row": seen_titles[title]},
                )
            else:
                seen_titles[title] = row.row
            if title in existing_titles:
                error(
                    "title",
                    _("The network has a project “%(title)s” already.") % {"title": row.title},
                )
        if row.carrier:
            found = organisations.get(normalise(row.carrier), [])
            if not found:
                error(
                    "carrier",
                    _(
                        "“%(name)s” is not an organisation of the network. Record it first "
                        "(for example with the partner list import)."
                    )
                    % {"name": row.carrier},
                )
            elif len(found) > 1:
                error(
                    "carrier",
                    _("Several organisations of the network are called “%(name)s”.")
                    % {"name": row.carrier},
                )
            else:
                project.carrier = found[0]
        for name in row.focus_areas:
            key = normalise(name)
            if key in areas:
                if areas[key] not in project.focus_areas:
                    project.focus_areas.append(areas[key])
                continue
            canonical = new_areas.setdefault(key, name)
            if canonical not in project.new_focus_areas:
                project.new_focus_areas.append(canonical)
        plan.errors += errors
        plan.projects.append(project)
    for project in plan.projects:
        for name in project.new_focus_areas:
            plan.new_focus_areas.setdefault(name, project.row.row)
    return plan
