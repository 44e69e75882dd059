"""Writes of the knowledge base: importing a data set's vintage (all or nothing), deleting.

Each write checks permission, runs atomically and is audited. An import writes the vintage's
Parquet file just before its row and removes it again when the row is refused, so a refused
import leaves neither a row nor a file behind; deleted vintages' files go once the deletion
has committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverk.classifications.models import IscoGroup
from samverk.core.models import Network, Region
from samverk.core.services import record_delete, require, save_audited
from samverk.knowledge import permissions, store
from samverk.knowledge.choices import DimensionRole
from samverk.knowledge.formats import Table
from samverk.knowledge.models import DataSet, Vintage

if TYPE_CHECKING:
    from samverk.accounts.models import User

# The classification a dimension of each role is matched against: role → known codes.
MATCHED_ROLES = (DimensionRole.REGION, DimensionRole.OCCUPATION)


def guess_role(dimension_id: str, label: str, file_role: str) -> str:
    """A dimension's role from what the file says (JSON-stat role, PX TIMEVAL) or its name."""
    if file_role == "time":
        return DimensionRole.TIME
    if file_role == "geo":
        return DimensionRole.REGION
    if file_role == "metric":
        return DimensionRole.MEASURE
    words = f"{dimension_id} {label}".casefold()
    for role, names in (
        (DimensionRole.TIME, ("tid", "time", "year", "jahr", "år", "periode", "period", "quart")),
        (
            DimensionRole.REGION,
            ("region", "kommun", "county", "fylke", "län", "kreis", "geo", "area"),
        ),
        (
            DimensionRole.OCCUPATION,
            ("isco", "yrke", "beruf", "occupation", "styrk", "ssyk", "kldb"),
        ),
        (DimensionRole.SECTOR, ("nace", "sni", "wirtschaft", "næring", "sector", "bransch")),
        (DimensionRole.SEX, ("kön", "kjønn", "geschlecht", "sex", "gender", "kon")),
        (DimensionRole.AGE, ("ålder", "alder", "alter", "age")),
        (DimensionRole.MEASURE, ("contents", "statistikkvariabel", "concept", "indicator")),
    ):
        if any(name in words for name in names):
            return role
    return DimensionRole.OTHER


def unmatched_codes(role: str, codes: list[str]) -> list[str]:
    """The codes of a region or occupation dimension that match no region or ISCO-08 group
    (the review of the import lists them); none for other roles."""
    if role == DimensionRole.REGION:
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    elif role == DimensionRole.OCCUPATION:
        known = set(IscoGroup.objects.filter(code__in=codes).values_list("code", flat=True))
    else:
        return []
    return [code for code in codes if code not in known]


def _check_roles(table: Table, roles: Mapping[str, str]) -> None:
    valid = set(DimensionRole.values)
    for dimension in table.dimensions:
        if roles.get(dimension.id, DimensionRole.OTHER) not in valid:
            raise ValidationError(
                _("Choose what the dimension “%(dimension)s” is.") % {"dimension": dimension.label}
            )
    for role in (DimensionRole.TIME, DimensionRole.REGION, DimensionRole.OCCUPATION):
        chosen = [d.label for d in table.dimensions if roles.get(d.id) == role]
        if len(chosen) > 1:
            raise ValidationError(
                _("Only one dimension can be the %(role)s: %(dimensions)s.")
                % {"role": DimensionRole(role).label, "dimensions": ", ".join(chosen)}
            )


@transaction.atomic
def import_vintage(
    *,
    actor: User,
    network: Network,
    table: Table,
    source_format: str,
    original_name: str,
    label: str,
    roles: Mapping[str, str],
    data_set: DataSet | None = None,
    title: str = "",
    publisher: str = "",
    licence: str = "",
    table_code: str = "",
    source_url: str = "",
    reference_period: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> Vintage:
    """Import ``table`` as a new vintage of ``data_set`` (or of a new data set with the
    title, publisher and licence given): its cells as Parquet, its dimensions with their roles
    and, for regions and occupations, the codes that match no classification."""
    require(permissions.can_manage_data_sets(actor, network))
    _check_roles(table, roles)
    if data_set is None:
        data_set = DataSet(
            network=network,
            title=title.strip(),
            publisher=publisher.strip(),
            licence=licence.strip(),
            table_code=table_code.strip(),
            source_url=source_url.strip(),
        )
        save_audited(actor=actor, obj=data_set, network=network)
    elif data_set.network_id != network.pk:
        raise ValidationError({"data_set": _("Choose a data set of this network.")})
    dimensions: list[dict[str, Any]] = []
    for dimension in table.dimensions:
        role = roles.get(dimension.id, DimensionRole.OTHER)
        codes = [c.code for c in dimension.categories]
        dimensions.append(
            {
                "id": dimension.id,
                "label": dimension.label,
                "role": role,
                "categories": [[c.code, c.label] for c in dimension.categories],
                "unmatched": unmatched_codes(role, codes),
            }
        )
    vintage = Vintage(
        data_set=data_set,
        label=label.strip(),
        published=table.updated[:100],
        reference_period=reference_period.strip(),
        retrieved_at=now or timezone.now(),
        source_format=source_format,
        original_name=original_name[:255],
        language=language,
        unit=table.unit[:100],
        dimensions=dimensions,
        cells=table.cells,
        missing=sum(1 for value in table.values if value is None),
        imported_by=actor,
    )
    vintage.full_clean(exclude=["parquet"])
    name = f"{slugify(label)[:60] or 'vintage'}.parquet"
    vintage.parquet.save(name, ContentFile(store.parquet_bytes(table)), save=False)
    try:
        save_audited(actor=actor, obj=vintage, network=network)
    except BaseException:
        vintage.parquet.storage.delete(vintage.parquet.name)
        raise
    return vintage


@transaction.atomic
def delete_vintage(*, actor: User, vintage: Vintage) -> None:
    network = vintage.data_set.network
    require(permissions.can_manage_data_sets(actor, network))
    record_delete(actor=actor, obj=vintage, network=network)
    storage, name = vintage.parquet.storage, vintage.parquet.name
    vintage.delete()
    transaction.on_commit(lambda: storage.delete(name), robust=True)


@transaction.atomic
def delete_data_set(*, actor: User, data_set: DataSet) -> None:
    network = data_set.network
    require(permissions.can_manage_data_sets(actor, network))
    files = [(v.parquet.storage, v.parquet.name) for v in data_set.vintages.all()]
    for vintage in data_set.vintages.all():
        record_delete(actor=actor, obj=vintage, network=network)
    record_delete(actor=actor, obj=data_set, network=network)
    data_set.delete()
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name), robust=True)
