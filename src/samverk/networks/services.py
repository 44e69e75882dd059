"""Every write to networks goes through these functions.

Each one takes the acting user, checks permission, validates, runs atomically and writes an
audit record. Views, the API, commands, the demo loader and tests all call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit, clock
from samverk.core import permissions as platform
from samverk.core.models import AuditAction, Federation, Network, Region
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    require,
    save_audited,
)
from samverk.networks import permissions
from samverk.networks.choices import QuorumRule
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person

_T = TypeVar("_T")

# --- federations, networks, regions (platform administration) ----------------------------


@transaction.atomic
def create_federation(
    *, actor: User, name: str, slug: str, charter: str | Unset = UNSET
) -> Federation:
    require(platform.can_create_network(actor))
    federation = Federation(name=name, slug=slug)
    assign(federation, {"charter": charter})
    save_audited(actor=actor, obj=federation, network=None)
    return federation


@transaction.atomic
def create_network(
    *,
    actor: User,
    name: str,
    slug: str,
    language: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    home_region: Region | Unset | None = UNSET,
    description: str | Unset = UNSET,
    logo: Any = UNSET,
    federation: Federation | Unset | None = UNSET,
    contact_email: str | Unset = UNSET,
) -> Network:
    require(platform.can_create_network(actor))
    network = Network(name=name, slug=slug)
    assign(
        network,
        {
            "language": language,
            "time_zone": time_zone,
            "home_region": home_region,
            "description": description,
            "logo": logo,
            "federation": federation,
            "contact_email": contact_email,
        },
    )
    # The record belongs to the new network, so its history starts with its creation.
    save_audited(actor=actor, obj=network, network=network)
    return network


@transaction.atomic
def update_network(
    *,
    actor: User,
    network: Network,
    name: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    language: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    home_region: Region | Unset | None = UNSET,
    description: str | Unset = UNSET,
    logo: Any = UNSET,
    federation: Federation | Unset | None = UNSET,
    contact_email: str | Unset = UNSET,
    share_member_budgets: bool | Unset = UNSET,
) -> Network:
    """Change a network's settings. ``share_member_budgets`` decides whether partner
    representatives, company contacts and observers see every member's budget and the
    commitment ranking (networks.permissions.can_see_budget)."""
    require(platform.can_manage_network(actor, network))
    if not platform.can_create_network(actor):
        slug = UNSET  # the address of a network is set by the platform admin
    if federation is not UNSET:
        # Joining a federation shows its charter: only the platform admin decides that.
        changed = (federation.pk if federation else None) != network.federation_id
        require(not changed or platform.can_change_federation(actor))
    before = audit.snapshot(network)
    assign(
        network,
        {
            "name": name,
            "slug": slug,
            "language": language,
            "time_zone": time_zone,
            "home_region": home_region,
            "description": description,
            "logo": logo,
            "federation": federation,
            "contact_email": contact_email,
            "share_member_budgets": share_member_budgets,
        },
    )
    save_audited(actor=actor, obj=network, network=network, before=before)
    return network


@transaction.atomic
def create_region(
    *,
    actor: User,
    code: str,
    name: str,
    level: str,
    parent: Region | Unset | None = UNSET,
    nuts_code: str | Unset = UNSET,
    national_code: str | Unset = UNSET,
) -> Region:
    require(platform.can_edit_regions(actor))
    region = Region(code=code, name=name, level=level)
    assign(region, {"parent": parent, "nuts_code": nuts_code, "national_code": national_code})
    save_audited(actor=actor, obj=region, network=None)
    return region


@transaction.atomic
def update_region(
    *,
    actor: User,
    region: Region,
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    level: str | Unset = UNSET,
    parent: Region | Unset | None = UNSET,
    nuts_code: str | Unset = UNSET,
    national_code: str | Unset = UNSET,
) -> Region:
    require(platform.can_edit_regions(actor))
    before = audit.snapshot(region)
    assign(
        region,
        {
            "code": code,
            "name": name,
            "level": level,
            "parent": parent,
            "nuts_code": nuts_code,
            "national_code": national_code,
        },
    )
    if region.parent_id and region.parent_id == region.pk:
        raise ValidationError({"parent": _("A region cannot be part of itself.")})
    save_audited(actor=actor, obj=region, network=None, before=before)
    return region


# --- organisations ----------------------------------------------------------------------


def _local_date(day: dt.date) -> str:
    """A date in a message, as the user writes dates (02.12.2026, 2.12.2026, 2026-12-02)."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


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
def create_organisation(
    *,
    actor: User,
    network: Network,
    name: str,
    kind: str,
    sector: str | Unset = UNSET,
    region: Region | Unset | None = UNSET,
    website: str | Unset = UNSET,
    address: str | Unset = UNSET,
    logo: Any = UNSET,
    is_example: bool | Unset = UNSET,
    org_number: str | Unset = UNSET,
) -> Organisation:
    require(platform.can_manage_network(actor, network))
    organisation = Organisation(network=network, name=(name or "").strip(), kind=kind)
    assign(
        organisation,
        {
            "sector": sector,
            "region": region,
            "website": website,
            "address": address,
            "logo": logo,
            "is_example": is_example,
            "org_number": org_number,
        },
    )
    _check_unique_name(Organisation, network, organisation.name, None)
    save_audited(actor=actor, obj=organisation, network=network)
    return organisation


@transaction.atomic
def update_organisation(
    *,
    actor: User,
    organisation: Organisation,
    name: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    sector: str | Unset = UNSET,
    region: Region | Unset | None = UNSET,
    website: str | Unset = UNSET,
    address: str | Unset = UNSET,
    logo: Any = UNSET,
    is_example: bool | Unset = UNSET,
    org_number: str | Unset = UNSET,
) -> Organisation:
    require(permissions.can_edit_organisation(actor, organisation))
    before = audit.snapshot(organisation)
    assign(
        organisation,
        {
            "name": name,
            "kind": kind,
            "sector": sector,
            "region": region,
            "website": website,
            "address": address,
            "logo": logo,
            "is_example": is_example,
            "org_number": org_number,
        },
    )
    organisation.name = (organisation.name or "").strip()
    _check_unique_name(Organisation, organisation.network, organisation.name, organisation.pk)
    save_audited(actor=actor, obj=organisation, network=organisation.network, before=before)
    return organisation


# --- memberships ------------------------------------------------------------------------


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
                    % {"organisation": membership.organisation, "since": _local_date(other.since)}
                }
            )
    if membership.pk:
        mandates = Mandate.objects.filter(membership_id=membership.pk)
        first = mandates.order_by("valid_from").values_list("valid_from", flat=True).first()
        if first and membership.since and membership.since > first:
            raise ValidationError(
                {
                    "since": _("A mandate of this membership starts earlier (%(date)s).")
                    % {"date": _local_date(first)}
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
                    % {"date": _local_date(last)}
                }
            )


@transaction.atomic
def add_membership(
    *,
    actor: User,
    organisation: Organisation,
    since: dt.date,
    until: dt.date | Unset | None = UNSET,
    role: str | Unset = UNSET,
    budget_amount: Decimal | Unset | None = UNSET,
    currency: str | Unset = UNSET,
) -> Membership:
    network = organisation.network
    require(platform.can_manage_network(actor, network))
    membership = Membership(network=network, organisation=organisation, since=since)
    assign(
        membership,
        {"until": until, "role": role, "budget_amount": budget_amount, "currency": currency},
    )
    _check_membership(membership)
    save_audited(actor=actor, obj=membership, network=network)
    return membership


@transaction.atomic
def update_membership(
    *,
    actor: User,
    membership: Membership,
    since: dt.date | Unset = UNSET,
    until: dt.date | Unset | None = UNSET,
    role: str | Unset = UNSET,
    budget_amount: Decimal | Unset | None = UNSET,
    currency: str | Unset = UNSET,
) -> Membership:
    """Change a membership; giving an ``until`` date ends it (see :func:`end_membership`)."""
    require(platform.can_manage_network(actor, membership.network))
    if until is not UNSET and until is not None:
        return end_membership(
            actor=actor,
            membership=membership,
            until=until,
            since=since,
            role=role,
            budget_amount=budget_amount,
            currency=currency,
        )
    before = audit.snapshot(membership)
    assign(
        membership,
        {
            "since": since,
            "until": until,
            "role": role,
            "budget_amount": budget_amount,
            "currency": currency,
        },
    )
    _check_membership(membership)
    save_audited(actor=actor, obj=membership, network=membership.network, before=before)
    return membership


@transaction.atomic
def end_membership(
    *,
    actor: User,
    membership: Membership,
    until: dt.date,
    since: dt.date | Unset = UNSET,
    role: str | Unset = UNSET,
    budget_amount: Decimal | Unset | None = UNSET,
    currency: str | Unset = UNSET,
) -> Membership:
    """End a membership; its mandates end on the same day at the latest (kept as history)."""
    require(platform.can_manage_network(actor, membership.network))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = audit.snapshot(membership)
    assign(
        membership,
        {
            "since": since,
            "until": until,
            "role": role,
            "budget_amount": budget_amount,
            "currency": currency,
        },
    )
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


@transaction.atomic
def create_person(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    user: User | Unset | None = UNSET,
) -> Person:
    require(permissions.can_add_person(actor, organisation))
    person = Person(organisation=organisation, name=name)
    assign(person, {"email": email, "phone": phone, "user": user})
    save_audited(actor=actor, obj=person, network=organisation.network)
    return person


@transaction.atomic
def update_person(
    *,
    actor: User,
    person: Person,
    name: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    organisation: Organisation | Unset = UNSET,
    user: User | Unset | None = UNSET,
) -> Person:
    """Change a person's details; giving another ``organisation`` (of the same network) moves
    them there, once their mandates have ended."""
    require(permissions.can_edit_person(actor, person))
    before = audit.snapshot(person)
    old_organisation = person.organisation
    if organisation is not UNSET and organisation.pk != old_organisation.pk:
        check_same_network(
            old_organisation.network,
            field="organisation",
            obj=organisation,
            message=_("Choose an organisation of this network."),
        )
        require(permissions.can_edit_organisation(actor, organisation))
        if person.mandates.active(clock.network_today(old_organisation.network)).exists():
            raise ValidationError(
                {"organisation": _("End this person's mandates before moving them.")}
            )
    assign(
        person,
        {"name": name, "email": email, "phone": phone, "organisation": organisation, "user": user},
    )
    save_audited(actor=actor, obj=person, network=old_organisation.network, before=before)
    return person


# --- mandates ---------------------------------------------------------------------------


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
                % {"since": _local_date(membership.since)}
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
    *,
    actor: User,
    membership: Membership,
    person: Person,
    valid_from: dt.date,
    valid_until: dt.date | Unset | None = UNSET,
    role: str | Unset = UNSET,
    decision_authorised: bool | Unset = UNSET,
) -> Mandate:
    require(platform.can_manage_network(actor, membership.network))
    check_same_network(membership.network, field="person", obj=person)
    # Lock the membership so two concurrent principal mandates cannot both pass the check.
    membership = (
        Membership.objects.select_for_update()
        .select_related("organisation", "network")
        .get(pk=membership.pk)
    )
    mandate = Mandate(membership=membership, person=person, valid_from=valid_from)
    assign(
        mandate,
        {"valid_until": valid_until, "role": role, "decision_authorised": decision_authorised},
    )
    _check_mandate(mandate)
    save_audited(actor=actor, obj=mandate, network=membership.network)
    return mandate


@transaction.atomic
def update_mandate(
    *,
    actor: User,
    mandate: Mandate,
    valid_from: dt.date | Unset = UNSET,
    valid_until: dt.date | Unset | None = UNSET,
    role: str | Unset = UNSET,
    decision_authorised: bool | Unset = UNSET,
) -> Mandate:
    require(platform.can_manage_network(actor, mandate.membership.network))
    Membership.objects.select_for_update().filter(pk=mandate.membership_id).first()
    before = audit.snapshot(mandate)
    assign(
        mandate,
        {
            "valid_from": valid_from,
            "valid_until": valid_until,
            "role": role,
            "decision_authorised": decision_authorised,
        },
    )
    _check_mandate(mandate)
    save_audited(actor=actor, obj=mandate, network=mandate.membership.network, before=before)
    return mandate


@transaction.atomic
def end_mandate(*, actor: User, mandate: Mandate, valid_until: dt.date) -> Mandate:
    require(platform.can_manage_network(actor, mandate.membership.network))
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
    check_all_same_network(
        arena.network,
        field="members",
        objs=members,
        message=_("Choose organisations of this network only."),
    )
    arena.members.set(members)
    return sorted(m.name for m in members)


@transaction.atomic
def create_arena(
    *,
    actor: User,
    network: Network,
    name: str,
    kind: str,
    level: str | Unset = UNSET,
    mandate: str | Unset = UNSET,
    quorum_rule: str | Unset = UNSET,
    quorum_percent: int | Unset | None = UNSET,
    votes_by: str | Unset = UNSET,
    members: Iterable[Organisation] | None = None,
) -> Arena:
    require(platform.can_manage_network(actor, network))
    arena = Arena(network=network, name=name, kind=kind)
    assign(
        arena,
        {
            "level": level,
            "mandate": mandate,
            "quorum_rule": quorum_rule,
            "quorum_percent": quorum_percent,
            "votes_by": votes_by,
        },
    )
    _check_quorum(arena)
    _check_unique_name(Arena, network, arena.name, None)
    save_audited(actor=actor, obj=arena, network=network)
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
    *,
    actor: User,
    arena: Arena,
    name: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    level: str | Unset = UNSET,
    mandate: str | Unset = UNSET,
    quorum_rule: str | Unset = UNSET,
    quorum_percent: int | Unset | None = UNSET,
    votes_by: str | Unset = UNSET,
    members: Iterable[Organisation] | None = None,
) -> Arena:
    """Change an arena; ``members`` (if given) replaces its member organisations."""
    require(platform.can_manage_network(actor, arena.network))
    before = audit.snapshot(arena)
    before_members = sorted(arena.members.values_list("name", flat=True))
    assign(
        arena,
        {
            "name": name,
            "kind": kind,
            "level": level,
            "mandate": mandate,
            "quorum_rule": quorum_rule,
            "quorum_percent": quorum_percent,
            "votes_by": votes_by,
        },
    )
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


@transaction.atomic
def add_to_arenas(
    *, actor: User, organisation: Organisation, arenas: Iterable[Arena]
) -> list[Arena]:
    """Add a member organisation to arenas of its network (those it is not in yet)."""
    network = organisation.network
    require(platform.can_manage_network(actor, network))
    arenas = list(arenas)
    check_all_same_network(
        network, field="arenas", objs=arenas, message=_("Choose arenas of this network only.")
    )
    added = []
    for arena in arenas:
        if arena.members.filter(pk=organisation.pk).exists():
            continue
        before = sorted(arena.members.values_list("name", flat=True))
        arena.members.add(organisation)
        audit.record(
            actor=actor,
            obj=arena,
            action=AuditAction.UPDATE,
            network=network,
            changes={"members": [before, sorted([*before, organisation.name])]},
        )
        added.append(arena)
    return added


class FlowStepError(ValidationError):
    """A validation error of one step of a multi-step flow (``step`` names it), so that the
    page can show it on that step."""

    def __init__(self, step: str, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.step = step


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    kind: str
    sector: str = ""
    region: Region | None = None
    website: str = ""


@dataclass(frozen=True)
class NewPerson:
    name: str
    email: str = ""
    phone: str = ""


def _step(step: str, run: Callable[[], _T]) -> _T:
    try:
        return run()
    except FlowStepError:
        raise
    except ValidationError as exc:
        raise FlowStepError(step, exc) from exc


@transaction.atomic
def add_representative(
    *,
    actor: User,
    membership: Membership,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    role: str | Unset = UNSET,
    decision_authorised: bool | Unset = UNSET,
) -> Mandate:
    """A member's representative in one go: the person (one of the organisation's people, or a
    new one) and the mandate. All or nothing; a FlowStepError names the step that failed."""
    require(platform.can_manage_network(actor, membership.network))
    if (person is None) == (new_person is None):
        raise FlowStepError(
            "person", ValidationError({"person": _("Choose a person or enter a new one.")})
        )
    if new_person is not None:
        person = _step(
            "person",
            lambda: create_person(
                actor=actor,
                organisation=membership.organisation,
                name=new_person.name,
                email=new_person.email,
                phone=new_person.phone,
            ),
        )
    assert person is not None
    if person.organisation_id != membership.organisation_id:
        raise FlowStepError(
            "person",
            ValidationError(
                {
                    "person": _("%(person)s does not belong to %(organisation)s.")
                    % {"person": person, "organisation": membership.organisation}
                }
            ),
        )
    chosen = person
    return _step(
        "mandate",
        lambda: add_mandate(
            actor=actor,
            membership=membership,
            person=chosen,
            valid_from=valid_from,
            valid_until=valid_until,
            role=role,
            decision_authorised=decision_authorised,
        ),
    )


@dataclass(frozen=True)
class NewMember:
    organisation: Organisation
    membership: Membership
    mandate: Mandate
    arenas: list[Arena]


@transaction.atomic
def add_member(
    *,
    actor: User,
    network: Network,
    organisation: Organisation | None = None,
    new_organisation: NewOrganisation | None = None,
    since: dt.date,
    role: str | Unset = UNSET,
    budget_amount: Decimal | None = None,
    currency: str | Unset = UNSET,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    mandate_role: str | Unset = UNSET,
    decision_authorised: bool | Unset = UNSET,
    arenas: Iterable[Arena] = (),
) -> NewMember:
    """Add a member with its decision-authorised representative in one transaction: the
    organisation (existing or new), the membership, the person (existing or new), the mandate,
    and the arenas it joins. Nothing is saved unless everything is; a FlowStepError names the
    step ("organisation", "membership", "person", "mandate", "arenas") that failed."""
    require(platform.can_manage_network(actor, network))
    if (organisation is None) == (new_organisation is None):
        raise FlowStepError(
            "organisation",
            ValidationError({"organisation": _("Choose an organisation or enter a new one.")}),
        )
    if organisation is not None:
        check_same_network(network, field="organisation", obj=organisation)
        org = organisation
    else:
        assert new_organisation is not None
        new = new_organisation
        org = _step(
            "organisation",
            lambda: create_organisation(
                actor=actor,
                network=network,
                name=new.name,
                kind=new.kind,
                sector=new.sector,
                region=new.region,
                website=new.website,
            ),
        )
    membership = _step(
        "membership",
        lambda: add_membership(
            actor=actor,
            organisation=org,
            since=since,
            role=role,
            budget_amount=budget_amount,
            currency=currency,
        ),
    )
    mandate = add_representative(
        actor=actor,
        membership=membership,
        person=person,
        new_person=new_person,
        valid_from=valid_from,
        valid_until=valid_until,
        role=mandate_role,
        decision_authorised=decision_authorised,
    )
    chosen = list(arenas)
    _step("arenas", lambda: add_to_arenas(actor=actor, organisation=org, arenas=chosen))
    return NewMember(organisation=org, membership=membership, mandate=mandate, arenas=chosen)
