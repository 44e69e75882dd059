"""Importing the official ESCO CSV download (one language at a time) as shared reference data.

The download of the ESCO portal ("ESCO dataset", CSV) holds, per language, among others
``ISCOGroups_<lang>.csv`` (conceptType, conceptUri, code, preferredLabel, altLabels, inScheme,
description) and ``occupations_<lang>.csv`` (conceptType, conceptUri, iscoGroup,
preferredLabel, altLabels, hiddenLabels, status, modifiedDate, …). Both are read with the
``csv`` module (cells may hold quoted line breaks), UTF-8 with or without a byte order mark.

- **English** (``language="en"``) is the reference: it creates and updates the ISCO-08 groups
  (``label`` and ``labels["en"]``, description, ESCO address; level = number of digits of the
  code; parent = the group whose code is the code without its last digit) and the ESCO
  occupations (label, ``labels["en"]``, other labels, ISCO-08 group).
- **Another language** only adds ``labels[<lang>]`` to the groups and occupations that exist
  already (matched by code, resp. ESCO address): the models need the English label, so a
  non-English file never creates rows. Its rows unknown here are counted as ``skipped``; a
  database without any ISCO-08 group refuses it ("import the English files first").
- **Upsert**: a re-import updates what changed (a row whose fields are unchanged is neither
  written nor counted), creates what is new and deletes nothing — job offers refer to groups
  and occupations, and a row that left ESCO stays for them.
- **All or nothing**: both files are read and checked completely before anything is written,
  and the writes run in one transaction. A missing file or column, a code that is not 1 to 4
  digits, a duplicate, a group whose parent is missing, an occupation whose ISCO-08 group is
  unknown… raise ``EscoImportError`` naming the file, the row (as a spreadsheet shows it: the
  header is row 1; a cell with line breaks makes the file's line numbers differ) and the
  problem; nothing is saved.

Writes are bulk operations (a full English import of ~3,600 rows takes a few seconds), so no
model signals run: the page cache is told once (``page_cache.changed``), and no audit record
is written per row — this is platform reference data, not a network's.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from samverk.classifications.models import EscoOccupation, IscoGroup
from samverk.core import page_cache

__all__ = [
    "GROUP_COLUMNS",
    "OCCUPATION_COLUMNS",
    "EscoImportError",
    "ImportCounts",
    "import_esco",
]

GROUP_COLUMNS = ("conceptType", "conceptUri", "code", "preferredLabel", "description")
OCCUPATION_COLUMNS = ("conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels")
ENGLISH = "en"
BATCH = 500

_CODE = re.compile(r"[0-9]{1,4}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)?")
_LABEL_MAX = IscoGroup._meta.get_field("label").max_length or 300
_URI_MAX = IscoGroup._meta.get_field("uri").max_length or 200


class EscoImportError(Exception):
    """A file that cannot be imported: ``file``, ``row`` (None for the file as a whole) and
    ``problem``; ``str()`` names all three."""

    def __init__(self, file: Path | str, row: int | None, problem: str) -> None:
        self.file = Path(file).name
        self.row = row
        self.problem = problem
        where = self.file if row is None else f"{self.file}, row {row}"
        super().__init__(f"{where}: {problem}")


@dataclass
class ImportCounts:
    language: str
    groups_created: int = 0
    groups_updated: int = 0
    occupations_created: int = 0
    occupations_updated: int = 0
    # Rows of a non-English file whose group / occupation is not in the database.
    skipped: int = 0

    def lines(self) -> list[str]:
        lines = [
            f"ISCO-08 groups: {self.groups_created} created, {self.groups_updated} updated",
            f"ESCO occupations: {self.occupations_created} created, "
            f"{self.occupations_updated} updated",
        ]
        if self.skipped:
            lines.append(f"Skipped (not imported in English yet): {self.skipped}")
        return lines


@dataclass
class _Group:
    row: int
    code: str
    uri: str
    label: str
    description: str


@dataclass
class _Occupation:
    row: int
    uri: str
    code: str
    label: str
    alt_labels: str


@dataclass
class _Parsed:
    groups: list[_Group] = field(default_factory=list)
    occupations: list[_Occupation] = field(default_factory=list)


def import_esco(directory: Path | str, *, language: str = ENGLISH) -> ImportCounts:
    """Import ``ISCOGroups_<language>.csv`` and ``occupations_<language>.csv`` from
    ``directory``; see the module's text. Raises ``EscoImportError`` (nothing saved)."""
    directory = Path(directory)
    language = language.strip().lower()
    if not _LANGUAGE.fullmatch(language):
        raise EscoImportError(directory, None, f"“{language}” is not a language code.")
    groups_file = directory / f"ISCOGroups_{language}.csv"
    occupations_file = directory / f"occupations_{language}.csv"
    parsed = _Parsed(
        groups=_read_groups(groups_file),
        occupations=_read_occupations(occupations_file),
    )
    with transaction.atomic():
        counts = ImportCounts(language=language)
        if language == ENGLISH:
            _check_english(parsed, groups_file, occupations_file)
            _write_english_groups(parsed.groups, counts)
            _write_english_occupations(parsed.occupations, counts)
        else:
            if not IscoGroup.objects.exists():
                raise EscoImportError(
                    groups_file,
                    None,
                    "no ISCO-08 groups in the database: import the English files first.",
                )
            _check_translation(parsed, occupations_file)
            _write_translation(parsed, language, counts)
        if any(
            (
                counts.groups_created,
                counts.groups_updated,
                counts.occupations_created,
                counts.occupations_updated,
            )
        ):
            # Bulk writes send no signals: every network's pages may show these labels.
            page_cache.changed(None)
    return counts


# Reading and checking ------------------------------------------------------------------------


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's records with their row number (header = row 1)."""
    if not path.is_file():
        raise EscoImportError(path, None, "file not found.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [name for name in required if name not in header]
            if missing:
                raise EscoImportError(path, 1, f"missing column(s): {', '.join(missing)}.")
            for number, record in enumerate(reader, start=2):
                if None in record:
                    raise EscoImportError(path, number, "more cells than columns.")
                if any(record.get(name) is None for name in required):
                    raise EscoImportError(path, number, "fewer cells than columns.")
                yield number, record
    except UnicodeDecodeError as error:
        raise EscoImportError(path, None, f"not UTF-8 text ({error.reason}).") from error
    except csv.Error as error:
        raise EscoImportError(path, None, f"not a readable CSV file ({error}).") from error


def _text(path: Path, row: int, record: dict[str, str], column: str, *, required: bool) -> str:
    value = (record.get(column) or "").strip()
    if required and not value:
        raise EscoImportError(path, row, f"{column} is empty.")
    return value


def _label(path: Path, row: int, record: dict[str, str]) -> str:
    label = _text(path, row, record, "preferredLabel", required=True)
    if len(label) > _LABEL_MAX:
        raise EscoImportError(path, row, f"preferredLabel is longer than {_LABEL_MAX} characters.")
    return label


def _uri(path: Path, row: int, record: dict[str, str]) -> str:
    uri = _text(path, row, record, "conceptUri", required=True)
    if not uri.startswith(("http://", "https://")) or len(uri) > _URI_MAX:
        raise EscoImportError(path, row, f"conceptUri “{uri}” is not an address.")
    return uri


def _code(path: Path, row: int, value: str, column: str) -> str:
    if not _CODE.fullmatch(value):
        raise EscoImportError(
            path, row, f"{column} “{value}” is not an ISCO-08 code (1 to 4 digits)."
        )
    return value


def _concept_type(path: Path, row: int, record: dict[str, str], expected: str) -> None:
    found = (record.get("conceptType") or "").strip()
    if found != expected:
        raise EscoImportError(path, row, f"conceptType is “{found}”, expected “{expected}”.")


def _read_groups(path: Path) -> list[_Group]:
    groups: list[_Group] = []
    seen: dict[str, int] = {}
    for row, record in _rows(path, GROUP_COLUMNS):
        _concept_type(path, row, record, "ISCOGroup")
        code = _code(path, row, _text(path, row, record, "code", required=True), "code")
        if code in seen:
            raise EscoImportError(path, row, f"code “{code}” is already in row {seen[code]}.")
        seen[code] = row
        groups.append(
            _Group(
                row=row,
                code=code,
                uri=_uri(path, row, record),
                label=_label(path, row, record),
                description=_text(path, row, record, "description", required=False),
            )
        )
    return groups


def _read_occupations(path: Path) -> list[_Occupation]:
    occupations: list[_Occupation] = []
    seen: dict[str, int] = {}
    for row, record in _rows(path, OCCUPATION_COLUMNS):
        _concept_type(path, row, record, "Occupation")
        uri = _uri(path, row, record)
        if uri in seen:
            raise EscoImportError(path, row, f"conceptUri is already in row {seen[uri]}.")
        seen[uri] = row
        code = _text(path, row, record, "iscoGroup", required=True)
        occupations.append(
            _Occupation(
                row=row,
                uri=uri,
                code=_code(path, row, code, "iscoGroup"),
                label=_label(path, row, record),
                alt_labels=_text(path, row, record, "altLabels", required=False),
            )
        )
    return occupations


def _check_english(parsed: _Parsed, groups_file: Path, occupations_file: Path) -> None:
    known = set(IscoGroup.objects.values_list("code", flat=True))
    known.update(group.code for group in parsed.groups)
    for group in parsed.groups:
        parent = group.code[:-1]
        if parent and parent not in known:
            raise EscoImportError(
                groups_file, group.row, f"the parent group “{parent}” of “{group.code}” is missing."
            )
    for occupation in parsed.occupations:
        if occupation.code not in known:
            raise EscoImportError(
                occupations_file,
                occupation.row,
                f"iscoGroup “{occupation.code}” is not a known ISCO-08 group.",
            )


def _check_translation(parsed: _Parsed, occupations_file: Path) -> None:
    known = set(IscoGroup.objects.values_list("code", flat=True))
    known.update(group.code for group in parsed.groups)
    for occupation in parsed.occupations:
        if occupation.code not in known:
            raise EscoImportError(
                occupations_file,
                occupation.row,
                f"iscoGroup “{occupation.code}” is not a known ISCO-08 group.",
            )


# Writing ---------------------------------------------------------------------------------------


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _with_label(labels: dict[str, str] | None, language: str, label: str) -> dict[str, str]:
    return {**(labels or {}), language: label}


def _write_english_groups(rows: list[_Group], counts: ImportCounts) -> None:
    now = timezone.now()
    existing = {group.code: group for group in IscoGroup.objects.all()}
    new: list[IscoGroup] = []
    changed: list[IscoGroup] = []
    for row in rows:
        values = {
            "level": len(row.code),
            "label": row.label,
            "description": row.description,
            "uri": row.uri,
        }
        group = existing.get(row.code)
        if group is None:
            group = IscoGroup(code=row.code, labels={ENGLISH: row.label}, **values)
            new.append(group)
        else:
            values["labels"] = _with_label(group.labels, ENGLISH, row.label)
            if _assign(group, values):
                group.updated_at = now
                changed.append(group)
    IscoGroup.objects.bulk_create(new, batch_size=BATCH)
    by_code = {group.code: group for group in IscoGroup.objects.all()}
    # Parents, now that every group has a primary key.
    new_codes = {group.code for group in new}
    updated = {group.code for group in changed}
    reparented: list[IscoGroup] = []
    for row in rows:
        group = by_code[row.code]
        parent_id = by_code[row.code[:-1]].pk if len(row.code) > 1 else None
        if group.parent_id != parent_id:
            group.parent_id = parent_id
            group.updated_at = now
            reparented.append(group)
            if row.code not in new_codes:
                updated.add(row.code)
    if changed:
        IscoGroup.objects.bulk_update(
            changed,
            ["level", "label", "labels", "description", "uri", "updated_at"],
            batch_size=BATCH,
        )
    if reparented:
        IscoGroup.objects.bulk_update(reparented, ["parent", "updated_at"], batch_size=BATCH)
    counts.groups_created = len(new)
    counts.groups_updated = len(updated)


def _write_english_occupations(rows: list[_Occupation], counts: ImportCounts) -> None:
    now = timezone.now()
    group_ids = dict(IscoGroup.objects.values_list("code", "pk"))
    existing = {occupation.uri: occupation for occupation in EscoOccupation.objects.all()}
    new: list[EscoOccupation] = []
    changed: list[EscoOccupation] = []
    for row in rows:
        values = {
            "label": row.label,
            "alt_labels": row.alt_labels,
            "isco_group_id": group_ids[row.code],
        }
        occupation = existing.get(row.uri)
        if occupation is None:
            new.append(EscoOccupation(uri=row.uri, labels={ENGLISH: row.label}, **values))
        else:
            values["labels"] = _with_label(occupation.labels, ENGLISH, row.label)
            if _assign(occupation, values):
                occupation.updated_at = now
                changed.append(occupation)
    EscoOccupation.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        EscoOccupation.objects.bulk_update(
            changed, ["label", "alt_labels", "isco_group", "labels", "updated_at"], batch_size=BATCH
        )
    counts.occupations_created = len(new)
    counts.occupations_updated = len(changed)


def _write_translation(parsed: _Parsed, language: str, counts: ImportCounts) -> None:
    now = timezone.now()
    groups = {group.code: group for group in IscoGroup.objects.all()}
    changed_groups: list[IscoGroup] = []
    for group_row in parsed.groups:
        group = groups.get(group_row.code)
        if group is None:
            counts.skipped += 1
        elif _assign(group, {"labels": _with_label(group.labels, language, group_row.label)}):
            group.updated_at = now
            changed_groups.append(group)
    occupations = {occupation.uri: occupation for occupation in EscoOccupation.objects.all()}
    changed_occupations: list[EscoOccupation] = []
    for row in parsed.occupations:
        occupation = occupations.get(row.uri)
        if occupation is None:
            counts.skipped += 1
        elif _assign(occupation, {"labels": _with_label(occupation.labels, language, row.label)}):
            occupation.updated_at = now
            changed_occupations.append(occupation)
    IscoGroup.objects.bulk_update(changed_groups, ["labels", "updated_at"], batch_size=BATCH)
    EscoOccupation.objects.bulk_update(
        changed_occupations, ["labels", "updated_at"], batch_size=BATCH
    )
    counts.groups_updated = len(changed_groups)
    counts.occupations_updated = len(changed_occupations)
