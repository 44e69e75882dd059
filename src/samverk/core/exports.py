"""Table exports that open correctly in the user's spreadsheet program.

Every table export of the site goes through :func:`table_response`, in two formats:

* ``xlsx``: typed cells (numbers as numbers, dates as dates, text as text, never a formula),
  a bold, frozen header row and column widths that fit the content;
* ``csv``: UTF-8 with a byte-order mark (so that Excel reads it as UTF-8), the separator Excel
  expects in the user's language (``;`` where the comma is the decimal sign: de, nb, nn, sv;
  ``,`` in English), decimals with the locale's decimal sign, dates as ISO dates (which every
  Excel reads as dates), and text that would start a formula neutralised.

The caller passes the rows from the same scoped querysets as the page shows, and the columns
(a label and a function that takes a row and gives its cell's value).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.http import content_disposition_header

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Languages whose decimal sign is the comma: Excel there splits CSV columns at ";".
_COMMA_DECIMAL_LANGUAGES = ("de", "nb", "nn", "sv", "no", "da", "fi", "fr", "nl")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """One column of an export: its header and how to get a row's value."""

    label: Any  # a str or a lazy translation
    value: Callable[[Any], Any]


def export_format(value: str | None) -> Format:
    """The format asked for in a URL (``.csv`` / ``.xlsx`` or ``?format=``), else 404."""
    if value in FORMATS:
        return value  # type: ignore[return-value]
    raise Http404


def csv_separator(language: str | None) -> str:
    code = (language or "en").split("-")[0].lower()
    return ";" if code in _COMMA_DECIMAL_LANGUAGES else ","


def neutralise(text: str) -> str:
    """Keep spreadsheet programs from running text as a formula (CSV injection)."""
    return "'" + text if text[:1] in _FORMULA_START else text


def _plain(value: Any) -> Any:
    """A cell's value as a spreadsheet type: None, bool, int, Decimal/float, date, datetime
    (naive, in the current time zone) or str."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    return force_str(value)


def _csv_cell(value: Any, decimal_comma: bool) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (float, Decimal)):
        text = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def csv_bytes(rows: Iterable[Any], columns: list[Column], language: str | None) -> bytes:
    separator = csv_separator(language)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow([neutralise(force_str(c.label)) for c in columns])
    decimal_comma = separator == ";"
    for row in rows:
        writer.writerow([_csv_cell(c.value(row), decimal_comma) for c in columns])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Iterable[Any], columns: list[Column], title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    # A sheet title may hold at most 31 characters and none of []:*?/\
    sheet_title = "".join(ch for ch in force_str(title) if ch not in "[]:*?/\\")[:31] or "Sheet"
    sheet = workbook.create_sheet(sheet_title)
    sheet.freeze_panes = "A2"
    widths = [len(force_str(c.label)) for c in columns]
    body: list[list[Any]] = []
    for row in rows:
        values = [_plain(c.value(row)) for c in columns]
        for i, value in enumerate(values):
            if isinstance(value, dt.datetime):
                shown = 16
            elif isinstance(value, dt.date):
                shown = 10
            else:
                shown = len(str(value)) if value is not None else 0
            widths[i] = max(widths[i], shown)
        body.append(values)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, _MAX_WIDTH)
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=force_str(column.label))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in body:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_response(
    rows: Iterable[Any],
    columns: list[Column],
    format: Format,
    filename: str,
    language: str | None = None,
) -> HttpResponse:
    """The rows as a download in ``format``; ``filename`` without its extension. The CSV's
    separator follows ``language`` (the current language when not given)."""
    language = language or translation.get_language()
    if format == "xlsx":
        content = xlsx_bytes(rows, columns, title=filename)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    elif format == "csv":
        response = HttpResponse(csv_bytes(rows, columns, language), content_type=CSV_CONTENT_TYPE)
    else:  # pragma: no cover - guarded by export_format
        raise Http404
    disposition = content_disposition_header(as_attachment=True, filename=f"{filename}.{format}")
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
