"""Plumbing every app's service functions share: refuse what the actor may not do, save with
validation and an audit record, make sure related objects belong to the same network.

A service function is the only way data is written (views, the API, commands, the demo loader
and tests all call it). It names its arguments (keyword-only, typed; the actor is the user
model), checks permission with :func:`require`, runs in ``transaction.atomic``, checks every
related object it is given with :func:`check_same_network` and saves with
:func:`save_audited`. Update services default their optional arguments to :data:`UNSET`
("leave unchanged") and hand them to :func:`assign`.
"""

from __future__ import annotations

import enum
from typing import Any, Final, Literal

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import AuditAction


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


#: The default of an update service's arguments: "leave this field as it is".
UNSET: Final = _Unset.UNSET
#: The type of :data:`UNSET`, for annotations (``name: str | Unset = UNSET``).
Unset = Literal[_Unset.UNSET]


def require(allowed: bool) -> None:
    """Refuse (403) what the actor may not do."""
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def assign(obj: models.Model, values: dict[str, Any]) -> None:
    """Set the fields of ``obj`` whose value is given (not :data:`UNSET`)."""
    for name, value in values.items():
        if value is not UNSET:
            setattr(obj, name, value)


def save_audited(
    *,
    actor: Any,
    obj: models.Model,
    network: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Validate (``full_clean``) and save ``obj``, and record it in the audit log of
    ``network``: its creation if ``before`` is None, otherwise what changed since the
    snapshot ``before`` (nothing is recorded when nothing changed)."""
    obj.full_clean()
    obj.save()
    if before is None:
        audit.record_create(actor=actor, obj=obj, network=network)
        return
    changes = audit.diff(before, audit.snapshot(obj))
    if changes:
        audit.record(
            actor=actor, obj=obj, action=AuditAction.UPDATE, network=network, changes=changes
        )


class _ByQuery(Exception):
    """The network path is not a chain of foreign keys (e.g. a federation's networks)."""


def network_id_of(obj: models.Model) -> Any:
    """The id of the network ``obj`` belongs to, following its model's ``network_path`` on
    the loaded objects (None while a foreign key on the way is not set)."""
    path = getattr(type(obj), "network_path", None)
    if path is None:
        raise ImproperlyConfigured(f"{type(obj).__name__} does not belong to a network.")
    if path == "":
        return obj.pk
    *steps, last = path.split("__")
    current: Any = obj
    for step in [*steps, last]:
        field = current._meta.get_field(step)
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            raise _ByQuery(path)
        value = getattr(current, field.attname)
        if value is None or step == last:
            return value
        current = getattr(current, step)
    return None  # pragma: no cover (the loop returns at the last step)


def belongs_to(network: Any, obj: models.Model) -> bool:
    """Whether ``obj`` belongs to ``network``: on the loaded objects where the model's
    ``network_path`` is a chain of foreign keys, otherwise with one query through the
    model's ``for_network``."""
    network_id = getattr(network, "pk", network)
    try:
        return bool(network_id_of(obj) == network_id)
    except _ByQuery:
        manager: Any = type(obj)._default_manager
        return bool(manager.for_network(network_id).filter(pk=obj.pk).exists())


def check_same_network(
    network: Any, *, field: str, obj: models.Model | None, message: str | None = None
) -> None:
    """Refuse a related object (``obj``, given for ``field``) that belongs to another network
    than ``network``: ``ValidationError({field: message})``. None passes (nothing chosen)."""
    if obj is None:
        return
    if not belongs_to(network, obj):
        raise ValidationError({field: message or _("Choose one of this network's own entries.")})


def check_all_same_network(
    network: Any, *, field: str, objs: Any, message: str | None = None
) -> None:
    """:func:`check_same_network` for each of ``objs``."""
    for obj in objs:
        check_same_network(network, field=field, obj=obj, message=message)


def record_delete(*, actor: Any, obj: models.Model, network: Any) -> None:
    """Record that ``obj`` is about to be deleted, with the values it had."""
    audit.record(
        actor=actor,
        obj=obj,
        action=AuditAction.DELETE,
        network=network,
        changes={k: [v, None] for k, v in audit.snapshot(obj).items() if v not in (None, "", [])},
    )


def set_relations_audited(
    *, actor: Any, obj: models.Model, network: Any, relations: dict[str, Any]
) -> None:
    """Set ``obj``'s many-to-many relations (name → the objects) and record the ones that
    changed in the audit log, by the related objects' names (``save_audited``'s snapshot
    holds only the object's own fields)."""
    changes = {}
    for name, objs in relations.items():
        chosen = list(objs)
        manager = getattr(obj, name)
        before = sorted(str(related).strip()[:80] for related in manager.all())
        manager.set(chosen)
        after = sorted(str(related).strip()[:80] for related in chosen)
        if before != after:
            changes[name] = [before, after]
    if changes:
        audit.record(
            actor=actor, obj=obj, action=AuditAction.UPDATE, network=network, changes=changes
        )
