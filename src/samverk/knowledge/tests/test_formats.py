"""The readers against the real files of ``../shared/data/statistics/`` (SCB's JSON-stat 1.x,
IGE's JSON-stat 2.0, the OECD/Canada bundle, INE's and the FSO's PX files) and against broken
files: each refused with a located message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samverk.knowledge import formats
from tests.tools import shared_data

FILES = ("jsonstat/statswe.json", "jsonstat/galicia-2.0.json", "jsonstat/oecd-canada.json")


@pytest.fixture(scope="module")
def statistics() -> Path:
    return shared_data("statistics", *FILES, "px/1001.px", "px/px-x-0602000000_107.px")


def _read(statistics: Path, name: str, language: str = "") -> list[formats.Table]:
    return formats.read(name, (statistics / name).read_bytes(), language=language)


def test_scb_json_stat_1(statistics) -> None:
    [table] = _read(statistics, "jsonstat/statswe.json")
    assert [d.id for d in table.dimensions] == [
        "Region",
        "Dodsorsak",
        "Alder",
        "Kon",
        "ContentsCode",
        "Tid",
    ]
    assert [d.size for d in table.dimensions] == [1, 1, 20, 2, 1, 28]
    assert table.cells == len(table.values) == 1120
    assert table.dimensions[0].categories[0] == formats.Category("25", "25 Norrbottens län")
    assert (table.dimensions[5].role, table.dimensions[4].role) == ("time", "metric")
    assert table.source == "Socialstyrelsen (SoS)"
    first = next(table.rows())
    assert first == (("25", "23-28", "0", "1", "HS0301A1", "1969"), 0.0, "")


def test_json_stat_2_with_roles_and_missing_cells(statistics) -> None:
    [table] = _read(statistics, "jsonstat/galicia-2.0.json")
    assert [d.size for d in table.dimensions] == [6, 22, 3, 2, 5, 1]
    assert table.cells == 3960
    assert sum(v is None for v in table.values) == 4
    assert {d.id: d.role for d in table.dimensions if d.role} == {
        "birth": "geo",
        "residence": "geo",
        "time": "time",
        "concept": "metric",
    }
    assert table.values[0] == 2695880.0


def test_a_bundle_of_two_data_sets_with_statuses(statistics) -> None:
    oecd, canada = _read(statistics, "jsonstat/oecd-canada.json")
    assert (oecd.key, canada.key) == ("oecd", "canada")
    assert oecd.cells == 432 and canada.cells == 120
    assert oecd.status[10] == "e" and oecd.status[0] == ""
    assert canada.status[0] == "a"


def test_a_px_file_in_its_codepage(statistics) -> None:
    [table] = _read(statistics, "px/1001.px")
    assert [d.size for d in table.dimensions] == [7, 3, 24]
    assert table.cells == len(table.values) == 504
    assert table.unit == "Porcentaje"
    assert table.dimensions[2].categories[0] == formats.Category("2013T4", "2013T4")
    assert table.values[:3] == [0.86, 0.87, 0.93]


def test_a_multilingual_px_file_in_each_language(statistics) -> None:
    [german] = _read(statistics, "px/px-x-0602000000_107.px")
    [english] = _read(statistics, "px/px-x-0602000000_107.px", language="en")
    assert german.languages == ["de", "fr", "it", "en"]
    assert [d.size for d in german.dimensions] == [20, 4, 5, 2, 76]
    assert german.cells == len(german.values) == 60800
    # the codes (and so the cells) are the same in every language; the labels are not
    assert [d.id for d in english.dimensions] == [d.id for d in german.dimensions]
    assert english.values == german.values
    assert german.dimensions[1].categories[0] == formats.Category("1", "Hochschulabsolventen")
    assert english.dimensions[1].categories[0] == formats.Category("1", "University degree")
    assert (german.dimensions[1].label, english.dimensions[1].label) == (
        "Ausbildungsniveau",
        "Education level",
    )
    assert german.source == "BFS - Beschäftigungsstatistik - © BFS"
    assert german.dimensions[4].role == "time"
    assert german.title.startswith("Betriebe nach Schwierigkeiten")
    assert english.title.startswith("Businesses by difficulties")


def _problems(name: str, data: bytes) -> list[str]:
    with pytest.raises(formats.FormatError) as caught:
        formats.read(name, data)
    return caught.value.problems


JSONSTAT = {
    "version": "2.0",
    "class": "dataset",
    "id": ["sex", "year"],
    "size": [2, 2],
    "dimension": {
        "sex": {"category": {"index": ["m", "f"]}},
        "year": {"category": {"index": ["2024", "2025"]}},
    },
    "value": [1, 2, 3, 4],
}


def test_a_json_stat_whose_size_does_not_match_its_values() -> None:
    broken = {**JSONSTAT, "value": [1, 2, 3]}
    assert _problems("t.json", json.dumps(broken).encode()) == [
        "“size” 2 × 2 makes 4 cells, but “value” has 3."
    ]


def test_json_stat_errors_are_located() -> None:
    broken = {
        **JSONSTAT,
        "size": [2, 3],
        "value": [1, "zwei", 3, 4, 5, 6],
    }
    problems = _problems("t.json", json.dumps(broken).encode())
    assert "dimension “year”: the size says 3 categories, the dimension has 2." in problems
    assert "Cell 1: “zwei” is not a number." in problems
    assert _problems("t.json", b'{"version": "2.0", "class": "dataset", "id": [') == [
        "The file is no valid JSON (line 1, column 47): Expecting value"
    ]
    assert _problems("t.json", '{"a": "ü"}'.encode("latin-1")) == [
        "The JSON file is not UTF-8 encoded."
    ]


PX = """CHARSET="ANSI";
CODEPAGE="iso-8859-1";
TITLE="Beschäftigte nach Kreis";
STUB="Kreis";
HEADING="Jahr";
VALUES("Kreis")="Nordsachsen","Leipzig";
VALUES("Jahr")="2024","2025";
CODES("Kreis")="14730","14729";
UNITS="Personen";
"""


def test_a_small_px_file_with_missing_markers() -> None:
    data = (PX + 'DATA=\n1 200 ".."\n":" ;\n').encode("iso-8859-1")
    [table] = formats.read("t.px", data)
    assert table.title == "Beschäftigte nach Kreis"
    assert table.values == [1.0, 200.0, None, None]
    assert table.status == ["", "", "..", ":"]
    assert table.dimensions[0].categories == [
        formats.Category("14730", "Nordsachsen"),
        formats.Category("14729", "Leipzig"),
    ]


def test_px_files_that_are_broken() -> None:
    assert _problems("t.px", PX.encode("iso-8859-1")) == [
        "The PX file has no DATA: it ends before its values."
    ]
    assert _problems("t.px", (PX + "DATA=\n1 2 3;\n").encode("iso-8859-1")) == [
        "DATA (from line 10) has 3 values; the table 2 (Kreis) × 2 (Jahr) makes 4."
    ]
    assert _problems("t.px", (PX + "DATA=\n1 2 drei 4;\n").encode("iso-8859-1")) == [
        "DATA, value 3: “drei” is not a number."
    ]
    unknown = PX.replace("iso-8859-1", "klingon-7") + "DATA=\n1 2 3 4;\n"
    assert _problems("t.px", unknown.encode("ascii", "replace")) == [
        "CODEPAGE “klingon-7” is an encoding samverk does not know."
    ]
    assert _problems("t.dat", b"a b\n1 2\n") == [
        "The file is none of the formats samverk reads: JSON-stat, PC-Axis (.px), CSV or XLSX."
    ]


# --- CSV and XLSX with a mapping ---------------------------------------------------------------

WIDE_CSV = """Kreis;Geschlecht;2023;2024
Nordsachsen;männlich;1 400;1.450,5
Nordsachsen;weiblich;..;1.300
Leipzig;männlich;-;2 000
"""


def test_a_wide_german_csv_becomes_a_cube() -> None:
    raw = formats.read_delimited("t.csv", WIDE_CSV.encode("cp1252"))
    assert (raw.encoding, raw.separator) == ("windows-1252", ";")
    assert raw.headers == ["Kreis", "Geschlecht", "2023", "2024"]
    assert formats.guess_value_columns(raw) == [2, 3]
    table = formats.table_from_columns(
        raw, values=[2, 3], decimal_comma=True, title="Beschäftigte", wide_name="Jahr"
    )
    assert [(d.id, [c.code for c in d.categories]) for d in table.dimensions] == [
        ("Kreis", ["Nordsachsen", "Leipzig"]),
        ("Geschlecht", ["männlich", "weiblich"]),
        ("Jahr", ["2023", "2024"]),
    ]
    # Leipzig/weiblich does not occur: two missing cells without a marker
    assert table.values == [1400.0, 1450.5, None, 1300.0, None, 2000.0, None, None]
    assert table.status == ["", "", "..", "", "-", "", "", ""]


def test_a_long_xlsx_becomes_a_cube() -> None:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["kommun", "år", "antal"])
    sheet.append(["2580", "2024", 1200.5])
    sheet.append([])  # an empty row is skipped, numbering stays the sheet's
    sheet.append(["2584", "2024", 800])
    out = io.BytesIO()
    workbook.save(out)
    raw = formats.read_delimited("t.xlsx", out.getvalue())
    assert raw.numbers == [2, 4]
    assert formats.guess_value_columns(raw) == [2]
    table = formats.table_from_columns(raw, values=[2], decimal_comma=False, title="t")
    assert [d.size for d in table.dimensions] == [2, 1]
    assert table.values == [1200.5, 800.0]


def test_spreadsheet_errors_name_the_row_and_column() -> None:
    raw = formats.read_delimited(
        "t.csv",
        "Kreis;Jahr;Wert\nNordsachsen;2024;12\nNordsachsen;2024;13\n;2025;zwölf\n".encode(),
    )
    with pytest.raises(formats.FormatError) as caught:
        formats.table_from_columns(raw, values=[2], decimal_comma=True, title="t")
    assert caught.value.problems == [
        "Rows 2 and 3 have the same categories.",
        "Row 4, column “Kreis”: empty.",
        "Row 4, column “Wert”: “zwölf” is not a number.",
    ]
    with pytest.raises(formats.FormatError) as headings:
        formats.read_delimited("t.csv", b"a;a;\n1;2;3\n")
    assert headings.value.problems == [
        "Column 3 has no heading.",
        "Columns 1 and 2 have the same heading “a”.",
    ]
    with pytest.raises(formats.FormatError, match="no column separator"):
        formats.read_delimited("t.csv", b"just text\nmore\n")


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("1 400", True, 1400.0),
        ("1\u00a0400,25", True, 1400.25),
        ("1.400,5", True, 1400.5),
        ("1,400.5", False, 1400.5),
        ("-3,5", True, -3.5),
        ("..", True, None),
        (":", False, None),
    ],
)
def test_numbers_as_offices_write_them(text: str, comma: bool, expected: float | None) -> None:
    assert formats.parse_number(text, comma) == expected
