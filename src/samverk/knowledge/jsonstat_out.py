"""A vintage's cells (all or a filtered sub-cube) as a JSON-stat 2.0 data set, so that other
tools (json-stat.org's, PxWeb clients, pyjstat) can reuse what a network imported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from samverk.knowledge import store
from samverk.knowledge.choices import DimensionRole
from samverk.knowledge.models import Vintage

_ROLES = {DimensionRole.TIME: "time", DimensionRole.REGION: "geo", DimensionRole.MEASURE: "metric"}


def dataset(vintage: Vintage, filters: Mapping[int, Sequence[str]]) -> dict[str, Any]:
    rows = store.all_rows(vintage.parquet.path, filters)
    ids, sizes, dimensions = [], [], {}
    roles: dict[str, list[str]] = {}
    for position, dimension in enumerate(vintage.dimensions):
        chosen = set(filters.get(position) or [])
        categories = [
            (c, label) for c, label in dimension["categories"] if not chosen or c in chosen
        ]
        ids.append(dimension["id"])
        sizes.append(len(categories))
        dimensions[dimension["id"]] = {
            "label": dimension["label"],
            "category": {
                "index": [code for code, _label in categories],
                "label": dict(categories),
            },
        }
        role = _ROLES.get(dimension["role"])
        if role:
            roles.setdefault(role, []).append(dimension["id"])
    data_set = vintage.data_set
    result: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": data_set.title,
        "source": data_set.publisher,
        "updated": vintage.retrieved_at.date().isoformat(),
        "id": ids,
        "size": sizes,
        "dimension": dimensions,
        "value": [row["value"] for row in rows],
        "extension": {
            "vintage": vintage.label,
            "published": vintage.published,
            "licence": data_set.licence,
            "table_code": data_set.table_code,
        },
    }
    if roles:
        result["role"] = roles
    status = {str(i): row["status"] for i, row in enumerate(rows) if row["status"]}
    if status:
        result["status"] = status
    if vintage.unit:
        result["note"] = [vintage.unit]
    return result
