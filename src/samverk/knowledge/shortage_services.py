"""Computing a shortage picture (coordinators): the chosen source's job ads, the panel and
the method's verdict (``knowledge.shortage``, Ibis over DuckDB), kept as a ``ShortageRun``
with its Parquet result, audited."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow.parquet as pq
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core.clock import network_today
from samverk.core.models import Network
from samverk.core.registry import registry
from samverk.core.services import record_delete, require, save_audited
from samverk.knowledge import permissions, shortage
from samverk.knowledge.models import ShortageRun

if TYPE_CHECKING:
    from samverk.accounts.models import User


def sources() -> dict[str, Any]:
    return {source.name: source for source in registry.job_ad_sources}


def compute(ads: Any, method: shortage.Method) -> Any:
    """The verdict of ``method`` over the ads (a pyarrow table) as a pyarrow table."""
    connection = ibis.duckdb.connect()
    try:
        expression = shortage.verdict(shortage.panel(ibis.memtable(ads)), method)
        return connection.to_pyarrow(expression)
    finally:
        connection.disconnect()


@transaction.atomic
def run(
    *, actor: User, network: Network, source: str, method: str, today: dt.date | None = None
) -> ShortageRun:
    require(permissions.can_manage_data_sets(actor, network))
    found = sources().get(source)
    if found is None:
        raise ValidationError({"source": _("Choose a source of job ads.")})
    chosen = shortage.METHODS.get(method)
    if chosen is None:
        raise ValidationError({"method": _("Choose a method.")})
    today = today or network_today(network)
    ads = found.table(network, today)
    if ads.num_rows == 0:
        raise ValidationError({"source": _("The source has no job ads yet.")})
    result = compute(ads, chosen)
    out = io.BytesIO()
    pq.write_table(result, out, compression="zstd")
    record = ShortageRun(
        network=network,
        source=source,
        method=chosen.name,
        method_version=chosen.version,
        parameters=chosen.parameters,
        computed_on=today,
        ads=ads.num_rows,
        cells=result.num_rows,
        computed_by=actor,
    )
    record.result.save(
        f"{chosen.name}-{today.isoformat()}.parquet", ContentFile(out.getvalue()), save=False
    )
    try:
        save_audited(actor=actor, obj=record, network=network)
    except BaseException:
        record.result.storage.delete(record.result.name)
        raise
    return record


@transaction.atomic
def delete_run(*, actor: User, run: ShortageRun) -> None:
    network = run.network
    require(permissions.can_manage_data_sets(actor, network))
    record_delete(actor=actor, obj=run, network=network)
    storage, name = run.result.storage, run.result.name
    run.delete()
    transaction.on_commit(lambda: storage.delete(name), robust=True)


def rows(run: ShortageRun, quarter: str = "") -> tuple[list[dict[str, Any]], list[str]]:
    """The result's cells of one quarter (the latest by default), most pressing first, and
    the quarters the result has."""
    table = pq.read_table(run.result.path)
    quarters = sorted(set(table.column("quarter").to_pylist()))
    if not quarters:
        return [], []
    chosen = quarter if quarter in quarters else quarters[-1]
    picked = [r for r in table.to_pylist() if r["quarter"] == chosen]
    picked.sort(key=lambda r: (-(r["score"] or 0), r["region"], r["occupation"]))
    return picked, quarters
