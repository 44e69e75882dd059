"""The network's job offers as job ads for the knowledge base's shortage picture
(``registry.job_ad_sources``): every offer that was published (date posted), one row each.

``days_open``: from posting to the day it ended — the valid-through date of an expired
offer, the day it was marked filled or withdrawn (its last change), or ``today`` for an
offer still on the board; ``filled``: marked filled. Region: the municipality's code ("?"
when none); occupation: the ISCO-08 code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from samverk.core.models import Network
from samverk.jobs.choices import OfferStatus
from samverk.jobs.models import JobOffer


def _quarter(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def table(network: Network, today: dt.date) -> Any:
    rows = (
        JobOffer.objects.for_network(network)
        .filter(date_posted__isnull=False)
        .exclude(status__in=[OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.RETURNED])
        .values_list(
            "municipality__code",
            "isco_group__code",
            "date_posted",
            "valid_through",
            "updated_at",
            "status",
            "openings",
        )
    )
    columns: dict[str, list[Any]] = {name: [] for name in ("region", "occupation", "quarter")}
    columns.update(days_open=[], vacancies=[], filled=[])
    for region, occupation, posted, valid, changed, status, openings in rows:
        if status == OfferStatus.EXPIRED:
            end = valid
        elif status in (OfferStatus.FILLED, OfferStatus.WITHDRAWN):
            end = changed.date()
        else:
            end = today
        columns["region"].append(region or "?")
        columns["occupation"].append(occupation or "?")
        columns["quarter"].append(_quarter(posted))
        columns["days_open"].append(max((end - posted).days, 0))
        columns["vacancies"].append(openings or 1)
        columns["filled"].append(status == OfferStatus.FILLED)
    return pa.table(
        {
            "region": pa.array(columns["region"], pa.string()),
            "occupation": pa.array(columns["occupation"], pa.string()),
            "quarter": pa.array(columns["quarter"], pa.string()),
            "days_open": pa.array(columns["days_open"], pa.int64()),
            "vacancies": pa.array(columns["vacancies"], pa.int64()),
            "filled": pa.array(columns["filled"], pa.bool_()),
        }
    )
