"""The shared table export: XLSX with typed cells, CSV in the language's format with a BOM."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook

from samverk.core import exports

COLUMNS = [
    exports.Column("Name", lambda r: r["name"]),
    exports.Column("Since", lambda r: r["since"]),
    exports.Column("Budget", lambda r: r["budget"]),
    exports.Column("Count", lambda r: r["count"]),
    exports.Column("Sent", lambda r: r["sent"]),
]
ROWS = [
    {
        "name": "Bergen kommune; Vest",
        "since": dt.date(2024, 1, 31),
        "budget": Decimal("50000.50"),
        "count": 3,
        "sent": dt.datetime(2030, 3, 4, 8, 30, tzinfo=dt.UTC),
    },
    {"name": "=cmd()", "since": None, "budget": None, "count": 0, "sent": None},
]


@pytest.mark.parametrize(
    ("language", "separator"),
    [("de", ";"), ("nb", ";"), ("nn", ";"), ("sv", ";"), ("en", ","), (None, ",")],
)
def test_csv_separator_follows_the_language(language, separator):
    assert exports.csv_separator(language) == separator


@override_settings(TIME_ZONE="Europe/Berlin")
def test_csv_in_german():
    content = exports.csv_bytes(ROWS, COLUMNS, "de")

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").split("\r\n") == [
        "Name;Since;Budget;Count;Sent",
        '"Bergen kommune; Vest";2024-01-31;50000,50;3;2030-03-04 09:30',
        "'=cmd();;;0;",
        "",
    ]


def test_csv_in_english_keeps_the_decimal_point():
    lines = exports.csv_bytes(ROWS, COLUMNS, "en").decode("utf-8-sig").split("\r\n")

    assert lines[0] == "Name,Since,Budget,Count,Sent"
    assert lines[1].startswith("Bergen kommune; Vest,2024-01-31,50000.50,3,")


@override_settings(TIME_ZONE="Europe/Oslo")
def test_xlsx_has_typed_cells():
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(ROWS, COLUMNS, "members"))).active

    assert sheet.title == "members"
    assert [c.value for c in sheet[1]] == ["Name", "Since", "Budget", "Count", "Sent"]
    assert sheet[1][0].font.bold
    name, since, budget, count, sent = (c.value for c in sheet[2])
    assert name == "Bergen kommune; Vest"
    assert since == dt.datetime(2024, 1, 31)  # Excel stores dates as date-times
    assert sheet[2][1].is_date
    assert budget == pytest.approx(50000.5)
    assert count == 3 and isinstance(count, int)
    assert sent == dt.datetime(2030, 3, 4, 9, 30)  # local time in Oslo (CET)
    assert sheet[3][0].value == "=cmd()"
    assert sheet[3][0].data_type == "s"


def test_table_response_csv_uses_the_current_language():
    with translation.override("sv"):
        response = exports.table_response(ROWS, COLUMNS, "csv", "people")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response.content.decode("utf-8-sig").startswith("Name;Since;")


def test_table_response_xlsx():
    response = exports.table_response(ROWS, COLUMNS, "xlsx", "people")

    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 3


def test_unknown_format_is_not_found():
    with pytest.raises(Http404):
        exports.export_format("pdf")
