"""Every write to networks goes through these functions.

Each one takes the acting user, checks permission, validates, runs atomically and writes an
audit record. Views, the API, commands, the demo loader and tests all call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import AuditAction
from samverk.networks import permissions
from samverk.networks.choices import QuorumRule
from samverk.networks.models import (
    Arena,
    Federation,
    Mandate,
    Membership,
    Network,
    Organisation,
    Person,
    Region,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def _apply(obj: Any, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({k: _("This field cannot be changed here.") for k in unknown})
    for name, value in fields.items():
        setattr(obj, name, value)


def _save_audited(*, actor: Any, obj: Any, network: Any, before: dict[str, Any] | None) -> None:
    obj.full_clean()
    obj.save()
    if before is None:
        audit.record_create(actor=actor, obj=obj, network=network)
    else:
        changes = audit.diff(before, audit.snapshot(obj))
        if changes:
            audit.record(
                actor=actor, obj=obj, action=AuditAction.UPDATE, network=network, changes=changes
            )


# --- federations, networks, regions (platform administration) ----------------------------

FEDERATION_FIELDS = ("name", "slug", "charter")
NETWORK_FIELDS = (
    "name", "slug", "language", "time_zone", "home_region", "description", "logo", "federation",
)  # fmt: skip
REGION_FIELDS = ("code", "name", "level", "parent", "nuts_code", "national_code")


@transaction.atomic
def create_federation(*, actor: Any, **fields: Any) -> Federation:
    _require(permissions.can_create_network(actor))
    federation = Federation()
    _apply(federation, fields, FEDERATION_FIELDS)
    _save_audited(actor=actor, obj=federation, network=None, before=None)
    return federation


@transaction.atomic
def create_network(*, actor: Any, **fields: Any) -> Network:
    _require(permissions.can_create_network(actor))
    network = Network()
    _apply(network, fields, NETWORK_FIELDS)
    # The record belongs to the new network, so its history starts with its creation.
    _save_audited(actor=actor, obj=network, network=network, before=None)
    return network


@transaction.atomic
def update_network(*, actor: Any, network: Network, **fields: Any) -> Network:
    _require(permissions.can_manage_network(actor, network))
    if "slug" in fields and not permissions.can_create_network(actor):
        fields.pop("slug")  # the address of a network is set by the platform admin
    if "federation" in fields:
        # Joining a federation shows its charter: only the platform admin decides that.
        federation = fields["federation"]
        changed = (federation.pk if federation else None) != network.federation_id
        _require(not changed or permissions.can_change_federation(actor))
    before = audit.snapshot(network)
    _apply(network, fields, NETWORK_FIELDS)
    _save_audited(actor=actor, obj=network, network=network, before=before)
    return network


@transaction.atomic
def create_region(*, actor: Any, **fields: Any) -> Region:
    _require(permissions.can_edit_regions(actor))
    region = Region()
    _apply(region, fields, REGION_FIELDS)
    _save_audited(actor=actor, obj=region, network=None, before=None)
    return region


@transaction.atomic
def update_region(*, actor: Any, region: Region, **fields: Any) -> Region:
    _require(permissions.can_edit_regions(actor))
    before = audit.snapshot(region)
    _apply(region, fields, REGION_FIELDS)
    if region.parent_id and region.parent_id == region.pk:
        raise ValidationError({"parent": _("A region cannot be part of itself.")})
    _save_audited(actor=actor, obj=region, network=None, before=before)
    return region


# --- organisations ----------------------------------------------------------------------

ORGANISATION_FIELDS = ("name", "kind", "sector", "region", "website", "address", "is_example")


def _check_unique_name(model: Any, network: Network, name: str, exclude_pk: Any) -> None:
    """Names are unique per network regardless of case, for every alphabet (Ø/ø, ß/ẞ): the
    comparison is done with Unicode case folding, which neither SQLite's nor PostgreSQL's
    case-insensitive lookups guarantee."""
    wanted = (name or "").strip().casefold()
    names = (
        model.objects.filter(network=network).exclude(pk=exclude_pk).values_list("name", flat=True)
    )
    if any(existing.strip().casefold() == wanted for existing in names):
        raise ValidationError(
            {"name": _("“%(name)s” already exists in this network.") % {"name": name}}
        )


@transaction.atomic
def create_organisation(*, actor: Any, network: Network, **fields: Any) -> Organisation:
    _require(permissions.can_manage_network(actor, network))
    organisation = Organisation(network=network)
    _apply(organisation, fields, ORGANISATION_FIELDS)
    organisation.name = (organisation.name or "").strip()
    _check_unique_name(Organisation, network, organisation.name, None)
    _save_audited(actor=actor, obj=organisation, network=network, before=None)
    return organisation


@transaction.atomic
def update_organisation(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    _require(permissions.can_edit_organisation(actor, organisation))
    before = audit.snapshot(organisation)
    _apply(organisation, fields, ORGANISATION_FIELDS)
    organisation.name = (organisation.name or "").strip()
    _check_unique_name(Organisation, organisation.network, organisation.name, organisation.pk)
    _save_audited(actor=actor, obj=organisation, network=organisation.network, before=before)
    return organisation


# --- memberships ------------------------------------------------------------------------

MEMBERSHIP_FIELDS = ("since", "until", "role", "budget_amount", "currency")


def _check_dates(start: dt.date | None, end: dt.date | None, end_field: str) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


def _overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    return (a_end is None or a_end >= b_start) and (b_end is None or b_end >= a_start)


def _check_membership(membership: Membership) -> None:
    _check_dates(membership.since, membership.until, "until")
    if membership.budget_amount is not None and membership.budget_amount < Decimal(0):
        raise ValidationError({"budget_amount": _("The budget cannot be negative.")})
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, network_id=membership.network_id
    ).exclude(pk=membership.pk)
    for other in others:
        if membership.since and _overlaps(
            membership.since, membership.until, other.since, other.until
        ):
            raise ValidationError(
                {
                    "since": _(
                        "%(organisation)s is already a member in this period (since %(since)s)."
                    )
                    % {"organisation": membership.organisation, "since": other.since.isoformat()}
                }
            )
    if membership.pk:
        mandates = Mandate.objects.filter(membership_id=membership.pk)
        first = mandates.order_by("valid_from").values_list("valid_from", flat=True).first()
        if first and membership.since and membership.since > first:
            raise ValidationError(
                {
                    "since": _("A mandate of this membership starts earlier (%(date)s).")
                    % {"date": first.isoformat()}
                }
            )
        last = mandates.order_by("-valid_from").values_list("valid_from", flat=True).first()
        if last and membership.until and membership.until < last:
            raise ValidationError(
                {
                    "until": _(
                        "A mandate of this membership starts later (%(date)s). End or change "
                        "that mandate first."
                    )
                    % {"date": last.isoformat()}
                }
            )


@transaction.atomic
def add_membership(
    *, actor: Any, organisation: Organisation, since: dt.date, **fields: Any
) -> Membership:
    network = organisation.network
    _require(permissions.can_manage_network(actor, network))
    membership = Membership(network=network, organisation=organisation, since=since)
    _apply(membership, fields, MEMBERSHIP_FIELDS)
    _check_membership(membership)
    _save_audited(actor=actor, obj=membership, network=network, before=None)
    return membership


@transaction.atomic
def update_membership(*, actor: Any, membership: Membership, **fields: Any) -> Membership:
    _require(permissions.can_manage_network(actor, membership.network))
    if fields.get("until"):
        return end_membership(
            actor=actor, membership=membership, until=fields.pop("until"), **fields
        )
    before = audit.snapshot(membership)
    _apply(membership, fields, MEMBERSHIP_FIELDS)
    _check_membership(membership)
    _save_audited(actor=actor, obj=membership, network=membership.network, before=before)
    return membership


@transaction.atomic
def end_membership(
    *, actor: Any, membership: Membership, until: dt.date, **fields: Any
) -> Membership:
    """End a membership; its mandates end on the same day at the latest (kept as history)."""
    _require(permissions.can_manage_network(actor, membership.network))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = audit.snapshot(membership)
    _apply(membership, {**fields, "until": until}, MEMBERSHIP_FIELDS)
    _check_membership(membership)
    membership.full_clean()
    membership.save()
    audit.record(
        actor=actor,
        obj=membership,
        action=AuditAction.END,
        network=membership.network,
        changes=audit.diff(before, audit.snapshot(membership)),
    )
    for mandate in membership.mandates.select_related("person"):
        if mandate.valid_until is None or mandate.valid_until > until:
            mandate_before = audit.snapshot(mandate)
            mandate.valid_until = until
            mandate.save(update_fields=["valid_until", "updated_at"])
            audit.record(
                actor=actor,
                obj=mandate,
                action=AuditAction.END,
                network=membership.network,
                changes=audit.diff(mandate_before, audit.snapshot(mandate)),
            )
    return membership


# --- people -----------------------------------------------------------------------------

PERSON_FIELDS = ("name", "email", "phone", "organisation", "user")


@transaction.atomic
def create_person(*, actor: Any, organisation: Organisation, **fields: Any) -> Person:
    _require(permissions.can_add_person(actor, organisation))
    person = Person(organisation=organisation)
    _apply(person, fields, PERSON_FIELDS)
    _save_audited(actor=actor, obj=person, network=organisation.network, before=None)
    return person


@transaction.atomic
def update_person(*, actor: Any, person: Person, **fields: Any) -> Person:
    _require(permissions.can_edit_person(actor, person))
    before = audit.snapshot(person)
    old_organisation = person.organisation
    _apply(person, fields, PERSON_FIELDS)
    if person.organisation_id != old_organisation.pk:
        if person.organisation.network_id != old_organisation.network_id:
            raise ValidationError({"organisation": _("Choose an organisation of this network.")})
        _require(permissions.can_edit_organisation(actor, person.organisation))
        if person.mandates.active().exists():
            raise ValidationError(
                {"organisation": _("End this person's mandates before moving them.")}
            )
    _save_audited(actor=actor, obj=person, network=old_organisation.network, before=before)
    return person


# --- mandates ---------------------------------------------------------------------------

MANDATE_FIELDS = ("decision_authorised", "role", "valid_from", "valid_until")


def _check_mandate(mandate: Mandate) -> None:
    membership = mandate.membership
    if mandate.person.organisation_id != membership.organisation_id:
        raise ValidationError(
            {
                "person": _("%(person)s does not belong to %(organisation)s.")
                % {"person": mandate.person, "organisation": membership.organisation}
            }
        )
    _check_dates(mandate.valid_from, mandate.valid_until, "valid_until")
    if mandate.valid_from and mandate.valid_from < membership.since:
        raise ValidationError(
            {
                "valid_from": _("The mandate cannot start before the membership (%(since)s).")
                % {"since": membership.since.isoformat()}
            }
        )
    if membership.until and mandate.valid_from and mandate.valid_from > membership.until:
        raise ValidationError(
            {"valid_from": _("The membership has ended; a mandate cannot start after it.")}
        )
    if mandate.role == "principal" and mandate.decision_authorised:
        clashes = (
            Mandate.objects.filter(
                membership=membership, role="principal", decision_authorised=True
            )
            .exclude(pk=mandate.pk)
            .select_related("person")
        )
        for other in clashes:
            if _overlaps(
                mandate.valid_from, mandate.valid_until, other.valid_from, other.valid_until
            ):
                raise ValidationError(
                    {
                        "valid_from": _(
                            "%(person)s already holds the decision-authorised principal mandate "
                            "in this period. End that mandate first or add this one as deputy."
                        )
                        % {"person": other.person}
                    }
                )


@transaction.atomic
def add_mandate(
    *, actor: Any, membership: Membership, person: Person, valid_from: dt.date, **fields: Any
) -> Mandate:
    _require(permissions.can_manage_network(actor, membership.network))
    # Lock the membership so two concurrent principal mandates cannot both pass the check.
    membership = (
        Membership.objects.select_for_update()
        .select_related("organisation", "network")
        .get(pk=membership.pk)
    )
    mandate = Mandate(membership=membership, person=person, valid_from=valid_from)
    _apply(mandate, fields, MANDATE_FIELDS)
    _check_mandate(mandate)
    _save_audited(actor=actor, obj=mandate, network=membership.network, before=None)
    return mandate


@transaction.atomic
def update_mandate(*, actor: Any, mandate: Mandate, **fields: Any) -> Mandate:
    _require(permissions.can_manage_network(actor, mandate.membership.network))
    Membership.objects.select_for_update().filter(pk=mandate.membership_id).first()
    before = audit.snapshot(mandate)
    _apply(mandate, fields, MANDATE_FIELDS)
    _check_mandate(mandate)
    _save_audited(actor=actor, obj=mandate, network=mandate.membership.network, before=before)
    return mandate


@transaction.atomic
def end_mandate(*, actor: Any, mandate: Mandate, valid_until: dt.date) -> Mandate:
    _require(permissions.can_manage_network(actor, mandate.membership.network))
    before = audit.snapshot(mandate)
    mandate.valid_until = valid_until
    _check_dates(mandate.valid_from, valid_until, "valid_until")
    mandate.full_clean()
    mandate.save()
    audit.record(
        actor=actor,
        obj=mandate,
        action=AuditAction.END,
        network=mandate.membership.network,
        changes=audit.diff(before, audit.snapshot(mandate)),
    )
    return mandate


# --- arenas -----------------------------------------------------------------------------

ARENA_FIELDS = ("name", "kind", "level", "mandate", "quorum_rule", "quorum_percent")


def _check_quorum(arena: Arena) -> None:
    if arena.quorum_rule == QuorumRule.PERCENT and not arena.quorum_percent:
        raise ValidationError(
            {"quorum_percent": _("Give the share of member organisations (1–100 %).")}
        )
    if arena.quorum_rule != QuorumRule.PERCENT:
        arena.quorum_percent = None


def _set_arena_members(arena: Arena, members: Iterable[Organisation] | None) -> list[str]:
    if members is None:
        return []
    members = list(members)
    foreign = [m for m in members if m.network_id != arena.network_id]
    if foreign:
        raise ValidationError({"members": _("Choose organisations of this network only.")})
    arena.members.set(members)
    return sorted(m.name for m in members)


@transaction.atomic
def create_arena(
    *, actor: Any, network: Network, members: Iterable[Organisation] | None = None, **fields: Any
) -> Arena:
    _require(permissions.can_manage_network(actor, network))
    arena = Arena(network=network)
    _apply(arena, fields, ARENA_FIELDS)
    _check_quorum(arena)
    _check_unique_name(Arena, network, arena.name, None)
    _save_audited(actor=actor, obj=arena, network=network, before=None)
    names = _set_arena_members(arena, members)
    if names:
        audit.record(
            actor=actor,
            obj=arena,
            action=AuditAction.UPDATE,
            network=network,
            changes={"members": [[], names]},
        )
    return arena


@transaction.atomic
def update_arena(
    *, actor: Any, arena: Arena, members: Iterable[Organisation] | None = None, **fields: Any
) -> Arena:
    _require(permissions.can_manage_network(actor, arena.network))
    before = audit.snapshot(arena)
    before_members = sorted(arena.members.values_list("name", flat=True))
    _apply(arena, fields, ARENA_FIELDS)
    _check_quorum(arena)
    _check_unique_name(Arena, arena.network, arena.name, arena.pk)
    arena.full_clean()
    arena.save()
    changes = audit.diff(before, audit.snapshot(arena))
    if members is not None:
        after_members = _set_arena_members(arena, members)
        if after_members != before_members:
            changes["members"] = [before_members, after_members]
    if changes:
        audit.record(
            actor=actor,
            obj=arena,
            action=AuditAction.UPDATE,
            network=arena.network,
            changes=changes,
        )
    return arena
