"""Writing audit records. Service functions call these explicitly (no signals)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile

from samverk.core.models import AuditAction, AuditRecord
from samverk.core.permissions import can_view_audit

HISTORY_LENGTH = 50


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):  # a File is iterable: record its name, not its lines
        return value.name or ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | dict):
        return [_plain(v) for v in value]
    return value


# Fields no one edits and no history needs (Network.data_version: core.page_cache).
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "data_version"})


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The auditable field values of ``obj`` (foreign keys as their text)."""
    names = fields or [f.name for f in obj._meta.concrete_fields if f.name not in _BOOKKEEPING]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    network: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditRecord:
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        network=network,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes=changes or {},
    )


def record_create(*, actor: Any, obj: models.Model, network: Any = None) -> AuditRecord:
    after = snapshot(obj)
    return record(
        actor=actor,
        obj=obj,
        action=AuditAction.CREATE,
        network=network,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "", [])},
    )


def history(user: Any, network: Any, *objects: models.Model) -> list[AuditRecord] | None:
    """The latest audit records of the given objects, for those who may read the history
    (None otherwise, so templates leave the section out); one query."""
    if not can_view_audit(user, network):
        return None
    if not objects:
        return []
    ids_by_model: dict[type, list[str]] = defaultdict(list)
    for obj in objects:
        ids_by_model[type(obj)].append(str(obj.pk))
    query = Q()
    for model, ids in ids_by_model.items():
        query |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return list(
        AuditRecord.objects.visible_to(user)
        .for_network(network)
        .filter(query)
        .select_related("actor", "content_type")[:HISTORY_LENGTH]
    )
