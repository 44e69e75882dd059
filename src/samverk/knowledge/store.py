"""A vintage's cells as Parquet, read with Ibis over the embedded DuckDB.

The file is long form: ``cell`` (the cell's position in the cube, for its order), one column
``d0``, ``d1`` … per dimension holding the category code (dictionary-encoded: a table of a
million cells stores each code once), ``value`` (float, null where missing) and ``status``
(the file's marker or status, "" when none). Column names are positional so that any
dimension id of any office (spaces, umlauts, ``value``) is safe; the vintage's ``dimensions``
say which is which.

Reads build Ibis expressions (``filtered``), so the same query runs on DuckDB here and on
the other Ibis backends the knowledge base names (PostgreSQL, Spark)."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from samverk.knowledge.formats import Table


def column(position: int) -> str:
    return f"d{position}"


def parquet_bytes(table: Table) -> bytes:
    """The table's cells in long form as a Parquet file (zstd)."""
    sizes = [d.size for d in table.dimensions]
    count = math.prod(sizes)
    arrays: dict[str, Any] = {"cell": pa.array(np.arange(count, dtype=np.int64))}
    for position, dimension in enumerate(table.dimensions):
        inner = math.prod(sizes[position + 1 :])
        outer = math.prod(sizes[:position])
        indices = np.tile(np.repeat(np.arange(dimension.size, dtype=np.int32), inner), outer)
        codes = pa.array([c.code for c in dimension.categories], type=pa.string())
        arrays[column(position)] = pa.DictionaryArray.from_arrays(pa.array(indices), codes)
    arrays["value"] = pa.array(table.values, type=pa.float64())
    arrays["status"] = pa.array(table.status, type=pa.string())
    out = io.BytesIO()
    pq.write_table(pa.table(arrays), out, compression="zstd")
    return out.getvalue()


def connect() -> Any:
    """An in-process DuckDB connection (one per request: DuckDB opens in milliseconds)."""
    return ibis.duckdb.connect()


def cells(connection: Any, path: str) -> Any:
    return connection.read_parquet(path)


def filtered(table: Any, filters: Mapping[int, Sequence[str]]) -> Any:
    """The cells whose category of dimension ``position`` is one of the codes given."""
    for position, codes in filters.items():
        if codes:
            table = table.filter(table[column(position)].isin(list(codes)))
    return table


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int


def page(path: str, filters: Mapping[int, Sequence[str]], offset: int, limit: int) -> Page:
    """Cells in the cube's order, ``limit`` from ``offset``, and how many match in all."""
    connection = connect()
    try:
        table = filtered(cells(connection, path), filters)
        total = int(connection.execute(table.count()))
        result = connection.to_pyarrow(table.order_by("cell").limit(limit, offset=offset))
        return Page(rows=result.to_pylist(), total=total)
    finally:
        connection.disconnect()


def all_rows(path: str, filters: Mapping[int, Sequence[str]]) -> list[dict[str, Any]]:
    connection = connect()
    try:
        table = filtered(cells(connection, path), filters).order_by("cell")
        return list(connection.to_pyarrow(table).to_pylist())
    finally:
        connection.disconnect()


def parquet_of(path: str, filters: Mapping[int, Sequence[str]], names: Sequence[str]) -> bytes:
    """The matching cells as a Parquet file whose columns carry the dimensions' ids."""
    connection = connect()
    try:
        table = filtered(cells(connection, path), filters).order_by("cell")
        arrow = connection.to_pyarrow(table.drop("cell"))
    finally:
        connection.disconnect()
    renamed = arrow.rename_columns([*names, "value", "status"])
    out = io.BytesIO()
    pq.write_table(renamed, out, compression="zstd")
    return out.getvalue()
