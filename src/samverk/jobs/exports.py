"""The export of a network's job offers as JSON and CSV, in one stable schema
(docs/architecture.md, "Jobs"): the column names below are part of the format — fixed, in
English, never translated — and new columns are only ever added at the end.

JSON: ``{"schema": "samverk.jobs.offers/1", "network": <slug>, "offers": [{column: value}]}``
with dates as ISO dates, ``null`` for no value and ``target_groups`` as a list of codes.
CSV: the same columns in the same order, UTF-8 with a BOM, the separator Excel expects in the
user's language (``core.exports``: ``;`` for de, nb, nn, sv, ``,`` in English),
``target_groups`` as codes separated by spaces, text that would start a formula neutralised."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from samverk.core import exports
from samverk.jobs.models import JobOffer, JobOfferTargetGroup

SCHEMA = "samverk.jobs.offers/1"

COLUMNS: tuple[str, ...] = (
    "id",
    "status",
    "title",
    "employer",
    "employer_id",
    "kind",
    "working_time",
    "duration",
    "openings",
    "isco_code",
    "isco_label",
    "esco_uri",
    "esco_label",
    "street_address",
    "postal_code",
    "locality",
    "municipality_code",
    "municipality",
    "country",
    "date_posted",
    "valid_through",
    "start_date",
    "apply_url",
    "apply_email",
    "salary",
    "target_groups",
    "description",
    "updated_at",
)


def rows(queryset: Any) -> list[dict[str, Any]]:
    """One dict per offer, keys ``COLUMNS`` (values in Python types), in a constant number of
    queries."""
    offers = queryset.select_related(
        "employer", "isco_group", "esco_occupation", "municipality"
    ).prefetch_related(Prefetch("groups", queryset=JobOfferTargetGroup.objects.order_by("group")))
    return [_row(offer) for offer in offers]


def _row(offer: JobOffer) -> dict[str, Any]:
    esco = offer.esco_occupation
    municipality = offer.municipality
    return {
        "id": offer.pk,
        "status": offer.status,
        "title": offer.title,
        "employer": offer.employer.name,
        "employer_id": offer.employer_id,
        "kind": offer.kind,
        "working_time": offer.working_time,
        "duration": offer.duration,
        "openings": offer.openings,
        "isco_code": offer.isco_group.code,
        "isco_label": offer.isco_group.label,
        "esco_uri": esco.uri if esco else None,
        "esco_label": esco.label if esco else None,
        "street_address": offer.street_address,
        "postal_code": offer.postal_code,
        "locality": offer.locality,
        "municipality_code": municipality.code if municipality else None,
        "municipality": municipality.name if municipality else None,
        "country": offer.country,
        "date_posted": offer.date_posted,
        "valid_through": offer.valid_through,
        "start_date": offer.start_date,
        "apply_url": offer.apply_url,
        "apply_email": offer.apply_email,
        "salary": offer.salary,
        "target_groups": [g.group for g in offer.groups.all()],
        "description": offer.description,
        "updated_at": offer.updated_at,
    }


def _json_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def as_json(network: Any, offers: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "network": network.slug,
        "offers": [{key: _json_value(row[key]) for key in COLUMNS} for row in offers],
    }


def as_csv(offers: Iterable[dict[str, Any]], language: str | None = None) -> bytes:
    def cell(key: str) -> Any:
        if key == "target_groups":
            return lambda row: " ".join(row[key])
        return lambda row: row[key]

    columns = [exports.Column(key, cell(key)) for key in COLUMNS]
    from django.utils import translation

    return exports.csv_bytes(offers, columns, language or translation.get_language())
