"""Reading statistical tables as the offices publish them: JSON-stat (2.0, and 1.x with its
``dataset`` wrapper or a bundle of several data sets) and PC-Axis ``.px`` (PxWeb downloads:
codepages, several languages, stub and heading, missing-value markers).

Each reader returns :class:`Table` objects — dimensions in the order of the cube (the last
varies fastest) and the values in that order — or raises :class:`FormatError` with every
problem found and where it is (a key, a dimension, a cell or a line). The importer
(``knowledge.imports``) turns a table into long rows; nothing here writes.

The readers are samverk's own: the packages on PyPI for these formats (pyjstat, pyaxis) read
into pandas without saying where a file is wrong, and an import must refuse a broken file with
a located message (a ``size`` that does not match the values, a PX file without ``DATA``)."""

from __future__ import annotations

import codecs
import io
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from samverk.knowledge.periods import period_end

# Markers of a missing, suppressed or not applicable value (PxWeb, Eurostat, SCB, SSB).
MISSING_MARKERS = frozenset({"..", "...", "....", ".....", "......", ":", "-", '"-"', "", "x", "X"})


@dataclass(frozen=True)
class Category:
    code: str
    label: str


@dataclass
class Dimension:
    id: str
    label: str
    categories: list[Category]
    # "time", "geo" or "metric" where the file says so (JSON-stat role, PX TIMEVAL)
    role: str = ""

    @property
    def size(self) -> int:
        return len(self.categories)


@dataclass
class Table:
    """One statistical table: the cube's dimensions and its cells, row-major (the last
    dimension varies fastest). ``values[i]`` is None where the cell is missing; ``status[i]``
    is the file's marker or status for the cell ("" when none)."""

    title: str
    dimensions: list[Dimension]
    values: list[float | None]
    status: list[str]
    source: str = ""
    updated: str = ""
    unit: str = ""
    note: str = ""
    key: str = ""  # the data set's key in a JSON-stat bundle
    languages: list[str] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return math.prod(d.size for d in self.dimensions)

    def rows(self) -> Any:
        """(codes of the cell's categories, value, status) of every cell, in order."""
        sizes = [d.size for d in self.dimensions]
        for index, (value, status) in enumerate(zip(self.values, self.status, strict=True)):
            codes = []
            rest = index
            for dimension, size in zip(reversed(self.dimensions), reversed(sizes), strict=True):
                rest, position = divmod(rest, size)
                codes.append(dimension.categories[position].code)
            yield tuple(reversed(codes)), value, status


class FormatError(Exception):
    """The file cannot be read as a table; ``problems``: every problem found, each naming where
    it is."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def sniff(name: str, data: bytes) -> str:
    """The format of an uploaded file: "jsonstat", "px", "csv" or "xlsx"; "" when none."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = name.lower()
    if lower.endswith(".px") or re.match(rb"[A-Z-]+(\[[a-z]{2}\])?\s*=", head):
        return "px"
    if lower.endswith(".json") or head.startswith(b"{"):
        return "jsonstat"
    if lower.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return "xlsx"
    if lower.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    return ""


def read(name: str, data: bytes, language: str = "") -> list[Table]:
    """The tables of an uploaded file (JSON-stat or PX, by its name or content)."""
    kind = sniff(name, data)
    if kind == "px":
        return [read_px(data, language=language)]
    if kind == "jsonstat":
        return read_jsonstat(data)
    raise FormatError(
        [_("The file is none of the formats samverk reads: JSON-stat, PC-Axis (.px), CSV or XLSX.")]
    )


# --- JSON-stat -----------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING_MARKERS:
            return None
        return float(text)
    raise ValueError(value)


def _cells(raw: Any, count: int, where: str, problems: list[str]) -> list[Any]:
    """A JSON-stat ``value`` or ``status`` as a list of ``count`` cells (a list as it is, an
    object of index → cell filled with None, a single status for all)."""
    if isinstance(raw, list):
        return raw
    if isinstance(raw, dict):
        cells: list[Any] = [None] * count
        for key, cell in raw.items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                problems.append(
                    _("%(where)s: “%(key)s” is no cell index.") % {"where": where, "key": key}
                )
                continue
            if not 0 <= position < count:
                problems.append(
                    _("%(where)s: cell %(index)s lies outside the %(count)s cells of the table.")
                    % {"where": where, "index": position, "count": count}
                )
                continue
            cells[position] = cell
        return cells
    if isinstance(raw, str | int | float) and where.endswith("status"):
        return [raw] * count
    problems.append(_("%(where)s is neither a list nor an object.") % {"where": where})
    return []


def _jsonstat_dimension(dim_id: str, raw: Any, size: int, problems: list[str]) -> Dimension:
    where = _("dimension “%(id)s”") % {"id": dim_id}
    if not isinstance(raw, dict) or not isinstance(raw.get("category"), dict):
        problems.append(_("%(where)s has no categories.") % {"where": where})
        return Dimension(dim_id, dim_id, [])
    category = raw["category"]
    labels = category.get("label") or {}
    index = category.get("index")
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = [str(code) for code, _position in sorted(index.items(), key=lambda item: item[1])]
    elif isinstance(labels, dict) and labels:
        codes = [str(code) for code in labels]
    else:
        codes = []
    if len(codes) != size:
        problems.append(
            _("%(where)s: the size says %(size)s categories, the dimension has %(count)s.")
            % {"where": where, "size": size, "count": len(codes)}
        )
    categories = [Category(code, str(labels.get(code, code))) for code in codes]
    return Dimension(dim_id, str(raw.get("label") or dim_id), categories)


def _jsonstat_table(raw: Any, key: str) -> Table:
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise FormatError([_("The data set “%(key)s” is not an object.") % {"key": key}])
    if raw.get("version") or raw.get("class") == "dataset":  # 2.0
        ids, sizes, dims, roles = (
            raw.get("id"),
            raw.get("size"),
            raw.get("dimension"),
            raw.get("role"),
        )
    else:  # 1.x: id, size and role inside "dimension"
        dims = raw.get("dimension")
        ids = dims.get("id") if isinstance(dims, dict) else None
        sizes = dims.get("size") if isinstance(dims, dict) else None
        roles = dims.get("role") if isinstance(dims, dict) else None
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims, dict):
        raise FormatError(
            [_("The data set has no “id”, “size” and “dimension”: it is not JSON-stat.")]
        )
    if len(ids) != len(sizes):
        raise FormatError(
            [
                _("“id” names %(ids)s dimensions but “size” gives %(sizes)s sizes.")
                % {"ids": len(ids), "sizes": len(sizes)}
            ]
        )
    try:
        sizes = [int(size) for size in sizes]
    except (TypeError, ValueError):
        raise FormatError([_("“size” must be whole numbers.")]) from None
    dimensions = [
        _jsonstat_dimension(str(i), dims.get(i), size, problems)
        for i, size in zip(ids, sizes, strict=True)
    ]
    for role, members in (roles or {}).items():
        for member in members if isinstance(members, list) else []:
            for dimension in dimensions:
                if dimension.id == member:
                    dimension.role = str(role)
    count = math.prod(sizes)
    raw_values = raw.get("value")
    if raw_values is None:
        problems.append(_("The data set has no “value”."))
        raw_values = []
    values_list = _cells(raw_values, count, "value", problems)
    if isinstance(raw_values, list) and len(values_list) != count:
        shape = " × ".join(str(size) for size in sizes)
        problems.append(
            _("“size” %(shape)s makes %(count)s cells, but “value” has %(values)s.")
            % {"shape": shape, "count": count, "values": len(values_list)}
        )
    values: list[float | None] = []
    for position, cell in enumerate(values_list):
        try:
            values.append(_number(cell))
        except ValueError:
            problems.append(
                _("Cell %(index)s: “%(value)s” is not a number.")
                % {"index": position, "value": cell}
            )
            values.append(None)
    raw_status = raw.get("status")
    status_cells = (
        _cells(raw_status, count, "status", problems) if raw_status is not None else [None] * count
    )
    if len(status_cells) == 1 and count != 1:
        status_cells = status_cells * count
    if problems:
        raise FormatError(problems)
    status = [str(s) if s not in (None, "") else "" for s in status_cells]
    if len(status) != len(values):
        status = (status + [""] * len(values))[: len(values)]
    source = raw.get("source") or ""
    return Table(
        title=str(raw.get("label") or key),
        dimensions=dimensions,
        values=values,
        status=status,
        source=str(source if isinstance(source, str) else ", ".join(map(str, source))),
        updated=str(raw.get("updated") or ""),
        note=" ".join(map(str, raw.get("note") or []))
        if isinstance(raw.get("note"), list)
        else str(raw.get("note") or ""),
        key=key,
    )


def read_jsonstat(data: bytes) -> list[Table]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FormatError([_("The JSON file is not UTF-8 encoded.")]) from None
    except json.JSONDecodeError as exc:
        raise FormatError(
            [
                _("The file is no valid JSON (line %(line)s, column %(column)s): %(error)s")
                % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
            ]
        ) from None
    if not isinstance(document, dict):
        raise FormatError([_("The file is no JSON-stat: its top level is not an object.")])
    if document.get("class") == "collection":
        raise FormatError(
            [_("A JSON-stat collection links data sets: import each data set's file.")]
        )
    if document.get("version") or document.get("class") == "dataset":
        return [_jsonstat_table(document, "")]
    # 1.x: {"dataset": {...}} or a bundle {"key": {...}, ...}
    tables, problems = [], []
    for key, raw in document.items():
        if key in ("version", "class", "href", "label", "error", "extension"):
            continue
        try:
            tables.append(_jsonstat_table(raw, key))
        except FormatError as exc:
            problems += [f"{key}: {problem}" for problem in exc.problems]
    if problems:
        raise FormatError(problems)
    if not tables:
        raise FormatError([_("The file holds no JSON-stat data set.")])
    return tables


# --- PC-Axis -------------------------------------------------------------------------------

_KEYWORD = re.compile(
    r'([A-Za-z][A-Za-z0-9_-]*)(?:\[([A-Za-z_-]+)\])?(?:\(((?:"[^"]*"\s*,?\s*)+)\))?\s*='
)
_CODEPAGE = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"')


def _decode_px(data: bytes) -> str:
    found = _CODEPAGE.search(data[:65536])
    name = found.group(1).decode("ascii", "replace").strip() if found else "iso-8859-1"
    if data.startswith(codecs.BOM_UTF8):
        name, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    try:
        codecs.lookup(name)
    except LookupError:
        raise FormatError(
            [_("CODEPAGE “%(name)s” is an encoding samverk does not know.") % {"name": name}]
        ) from None
    if codecs.lookup(name).name != "utf-8" and not data.isascii():
        # A file that says a single-byte codepage but is valid UTF-8 with non-ASCII text is
        # UTF-8 (PxWeb exports mislabelled so exist; real Latin text is almost never valid
        # UTF-8).
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(
            [
                _("Line %(line)s is not %(codepage)s as CODEPAGE says.")
                % {"line": line, "codepage": name}
            ]
        ) from None


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _px_value(text: str, pos: int) -> tuple[list[str], int]:
    """The items of a keyword's value from ``pos``, and where the statement ends. Adjacent
    quoted strings are one item (long texts are split over lines); a statement ends at its
    ``;`` — or, for files that forget it, where a quoted string is followed by a new keyword."""
    items: list[str] = []
    current: str | None = None
    length = len(text)
    while pos < length:
        char = text[pos]
        if char in " \t\r\n":
            pos += 1
        elif char == '"':
            end = text.find('"', pos + 1)
            if end < 0:
                raise FormatError(
                    [_("Line %(line)s: a quote is never closed.") % {"line": _line(text, pos)}]
                )
            current = (current or "") + text[pos + 1 : end]
            pos = end + 1
            following = re.compile(r"\s*").match(text, pos)
            after = following.end() if following else pos
            if after < length and text[after] not in ',;"' and _KEYWORD.match(text, after):
                items.append(current)
                return items, after
        elif char == ";":
            if current is not None:
                items.append(current)
            return items, pos + 1
        elif char == ",":
            items.append(current or "")
            current = None
            pos += 1
        else:
            match = re.compile(r"[A-Za-z]+\([^)]*\)|[^,;\s\"]+").match(text, pos)
            token = match.group(0) if match else char
            current = (current or "") + token
            pos += len(token)
    if current is not None:
        items.append(current)
    return items, pos


@dataclass
class _PxFile:
    entries: dict[tuple[str, str, str], list[str]]
    data: str | None
    data_line: int

    def get(self, keyword: str, language: str = "", sub: str = "") -> list[str] | None:
        return self.entries.get((keyword, language, sub)) or (
            self.entries.get((keyword, "", sub)) if language else None
        )

    def one(self, keyword: str, language: str = "") -> str:
        items = self.get(keyword, language)
        return items[0].strip() if items else ""


def _parse_px(text: str) -> _PxFile:
    entries: dict[tuple[str, str, str], list[str]] = {}
    pos, length = 0, len(text)
    while pos < length:
        while pos < length and text[pos] in " \t\r\n;":
            pos += 1
        if pos >= length:
            break
        match = _KEYWORD.match(text, pos)
        if not match:
            snippet = text[pos : pos + 30].split("\n")[0]
            raise FormatError(
                [
                    _("Line %(line)s: “%(text)s” is no PX keyword.")
                    % {"line": _line(text, pos), "text": snippet}
                ]
            )
        keyword, language, sub = match.group(1).upper(), match.group(2) or "", match.group(3) or ""
        sub = ",".join(re.findall(r'"([^"]*)"', sub))
        if keyword == "DATA":
            end = text.find(";", match.end())
            data = text[match.end() : end if end >= 0 else length]
            return _PxFile(entries, data, _line(text, match.end()))
        items, pos = _px_value(text, match.end())
        entries[(keyword, language, sub)] = items
    return _PxFile(entries, None, 0)


def _px_data(raw: str) -> tuple[list[float | None], list[str], list[str]]:
    values: list[float | None] = []
    status: list[str] = []
    problems: list[str] = []
    for token in re.findall(r'"[^"]*"|[^\s,"]+', raw):
        bare = token.strip('"')
        if bare in MISSING_MARKERS or token.startswith('"'):
            values.append(None)
            status.append(bare)
            continue
        try:
            values.append(float(bare))
        except ValueError:
            problems.append(
                _("DATA, value %(index)s: “%(value)s” is not a number.")
                % {"index": len(values) + 1, "value": bare}
            )
            values.append(None)
        status.append("")
    return values, status, problems


def read_px(data: bytes, language: str = "") -> Table:
    """A PC-Axis file as a table, in ``language`` where the file has it (else its own)."""
    px = _parse_px(_decode_px(data))
    problems: list[str] = []
    own = px.one("LANGUAGE")
    languages = px.get("LANGUAGES") or ([own] if own else [])
    if language not in languages or language == own:
        language = ""
    if px.get("KEYS") or any(key[0] == "KEYS" for key in px.entries):
        raise FormatError(
            [_("PX files with KEYS (sparse data) are not supported: export the full table.")]
        )
    stub, heading = px.get("STUB") or [], px.get("HEADING") or []
    names = stub + heading
    if not names:
        problems.append(_("The PX file has neither STUB nor HEADING: it names no dimensions."))
    shown = (px.get("STUB", language) or stub) + (px.get("HEADING", language) or heading)
    if len(shown) != len(names):
        shown = names
    dimensions = []
    for name, label in zip(names, shown, strict=True):
        values = px.get("VALUES", "", name)
        if values is None:
            problems.append(_("VALUES(“%(name)s”) is missing.") % {"name": name})
            continue
        codes = px.get("CODES", "", name) or values
        labels = (px.get("VALUES", language, label) if language else None) or values
        if len(codes) != len(values) or len(labels) != len(values):
            problems.append(
                _("“%(name)s” has %(values)s values but %(codes)s codes.")
                % {"name": name, "values": len(values), "codes": len(codes)}
            )
            continue
        role = "time" if any(key[0] == "TIMEVAL" and key[2] == name for key in px.entries) else ""
        dimensions.append(
            Dimension(
                id=name,
                label=label,
                categories=[
                    Category(c.strip(), v.strip()) for c, v in zip(codes, labels, strict=True)
                ],
                role=role,
            )
        )
    if px.data is None:
        problems.append(_("The PX file has no DATA: it ends before its values."))
        raise FormatError(problems)
    cells, status, value_problems = _px_data(px.data)
    problems += value_problems
    if not problems:
        count = math.prod(d.size for d in dimensions)
        if len(cells) != count:
            shape = " × ".join(f"{d.size} ({d.id})" for d in dimensions)
            problems.append(
                _(
                    "DATA (from line %(line)s) has %(values)s values; "
                    "the table %(shape)s makes %(count)s."
                )
                % {"line": px.data_line, "values": len(cells), "shape": shape, "count": count}
            )
    if problems:
        raise FormatError(problems)
    return Table(
        title=px.one("TITLE", language) or px.one("CONTENTS", language) or px.one("MATRIX"),
        dimensions=dimensions,
        values=cells,
        status=status,
        source=px.one("SOURCE", language),
        updated=px.one("LAST-UPDATED") or px.one("CREATION-DATE"),
        unit=px.one("UNITS", language),
        note=px.one("NOTE", language),
        key=px.one("MATRIX"),
        languages=[str(lang) for lang in languages],
    )


# --- CSV and XLSX with a mapping step ---------------------------------------------------------


@dataclass
class RawTable:
    """A spreadsheet as read: the header row and the data rows (text), and how it was read."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    separator: str = ""
    numbers: list[int] = field(default_factory=list)  # each row's number in the file

    def number(self, index: int) -> int:
        return self.numbers[index] if index < len(self.numbers) else index + 2


MAX_RAW_ROWS = 500_000


def _decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), UTF-16 with a
    BOM, else Windows-1252 (which Excel writes in Western Europe)."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(
            [
                _("Line %(line)s is neither UTF-8 nor Windows-1252: save the file as UTF-8.")
                % {"line": line}
            ]
        ) from None


def read_delimited(name: str, data: bytes) -> RawTable:
    """A CSV (``;``, ``,`` or tab, found from the header) or the first sheet of an XLSX."""
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    import csv

    text, encoding = _decode_text(data)
    first = text.split("\n", 1)[0]
    separator = max((";", ",", "\t"), key=first.count)
    if not first.count(separator):
        raise FormatError([_("The first line has no column separator (; , or tab).")])
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    rows, numbers = [], []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                numbers.append(reader.line_num)
    except csv.Error as exc:
        raise FormatError(
            [_("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}]
        ) from None
    return _raw(rows, encoding, separator, numbers)


def _read_xlsx(data: bytes) -> RawTable:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise FormatError([_("The file is no readable XLSX workbook.")]) from None
    sheet = workbook.worksheets[0]
    rows, numbers = [], []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in values]
        if any(cell.strip() for cell in cells):
            rows.append(cells)
            numbers.append(number)
        if len(rows) > MAX_RAW_ROWS + 1:
            break
    workbook.close()
    return _raw(rows, "xlsx", "", numbers)


def _raw(rows: list[list[str]], encoding: str, separator: str, numbers: list[int]) -> RawTable:
    if len(rows) < 2:
        raise FormatError([_("The file needs a header row and at least one row of data.")])
    if len(rows) > MAX_RAW_ROWS + 1:
        raise FormatError([_("The file has more than 500,000 rows: split it.")])
    headers = [cell.strip() for cell in rows[0]]
    width = len(headers)
    problems = [
        _("Column %(column)s has no heading.") % {"column": i + 1}
        for i, header in enumerate(headers)
        if not header
    ]
    seen: dict[str, int] = {}
    for i, header in enumerate(headers):
        if header and header in seen:
            problems.append(
                _("Columns %(first)s and %(second)s have the same heading “%(heading)s”.")
                % {"first": seen[header] + 1, "second": i + 1, "heading": header}
            )
        seen.setdefault(header, i)
    if problems:
        raise FormatError(problems)
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    return RawTable(headers, body, encoding, separator, numbers[1:])


def parse_number(text: str, decimal_comma: bool) -> float | None:
    """A number as offices write it: "1 400", "1.400,5" or "1,400.5" (by ``decimal_comma``);
    None for a missing or suppressed marker. ValueError for anything else."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned in MISSING_MARKERS:
        return None
    if decimal_comma:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def guess_value_columns(raw: RawTable) -> list[int]:
    """Columns that look like values (the first 200 rows): numbers or markers, and either
    headed by a period ("2024": a wide table by year), or the last column, or not plain
    whole numbers (codes like a kommunkod or a year are whole numbers and stay dimensions)."""
    last = len(raw.headers) - 1
    found = []
    for index, heading in enumerate(raw.headers):
        cells = [row[index].strip() for row in raw.rows[:200]]
        numbers = None
        for comma in (True, False):
            try:
                numbers = [parse_number(c, decimal_comma=comma) for c in cells]
                break
            except ValueError:
                continue
        if numbers is None or all(n is None for n in numbers):
            continue
        plain = all(re.fullmatch(r"\d+", c) for c in cells if c not in MISSING_MARKERS)
        if period_end(heading) is not None or index == last or not plain:
            found.append(index)
    return found


def table_from_columns(
    raw: RawTable,
    *,
    values: list[int],
    decimal_comma: bool,
    title: str,
    wide_name: str = "",
) -> Table:
    """The raw table as a cube: the other columns are dimensions (categories in order of first
    appearance); one value column is long form; several are a wide table whose headings become
    the categories of one more dimension named ``wide_name``. Combinations that do not occur
    are missing cells; every problem is reported by row (as the spreadsheet numbers it) and
    column."""
    problems: list[str] = []
    if not values:
        raise FormatError([_("Choose at least one column of values.")])
    dimension_columns = [i for i in range(len(raw.headers)) if i not in values]
    if not dimension_columns and len(values) == 1:
        raise FormatError([_("Choose at least one column that is a dimension.")])
    wide = len(values) > 1
    names = [raw.headers[i] for i in dimension_columns]
    if wide:
        names.append(wide_name.strip() or _("column"))
    categories: list[dict[str, int]] = [{} for _name in names]
    cells: dict[tuple[int, ...], tuple[float | None, str, int]] = {}
    for index, row in enumerate(raw.rows):
        number = raw.number(index)
        key = []
        for position, column in enumerate(dimension_columns):
            code = row[column].strip()
            if not code:
                problems.append(
                    _("Row %(row)s, column “%(column)s”: empty.")
                    % {"row": number, "column": raw.headers[column]}
                )
            key.append(categories[position].setdefault(code, len(categories[position])))
        for column in values:
            full = tuple(
                key
                + (
                    [categories[-1].setdefault(raw.headers[column], len(categories[-1]))]
                    if wide
                    else []
                )
            )
            text = row[column]
            try:
                value = parse_number(text, decimal_comma)
            except ValueError:
                problems.append(
                    _("Row %(row)s, column “%(column)s”: “%(value)s” is not a number.")
                    % {"row": number, "column": raw.headers[column], "value": text}
                )
                continue
            if full in cells:
                problems.append(
                    _("Rows %(first)s and %(second)s have the same categories.")
                    % {"first": cells[full][2], "second": number}
                )
                continue
            marker = text.strip() if value is None else ""
            cells[full] = (value, marker, number)
        if len(problems) > 50:
            break
    if problems:
        raise FormatError(problems[:50])
    dimensions = [
        Dimension(
            id=name,
            label=name,
            categories=[Category(code, code) for code in found],
        )
        for name, found in zip(names, categories, strict=True)
    ]
    sizes = [d.size for d in dimensions]
    count = math.prod(sizes)
    if count > MAX_RAW_ROWS * 4:
        raise FormatError(
            [_("The categories make %(count)s cells: too many for one table.") % {"count": count}]
        )
    table_values: list[float | None] = [None] * count
    status = [""] * count
    for coordinates, (value, marker, _row) in cells.items():
        index = 0
        for position, size in zip(coordinates, sizes, strict=True):
            index = index * size + position
        table_values[index] = value
        status[index] = marker
    return Table(title=title, dimensions=dimensions, values=table_values, status=status)
