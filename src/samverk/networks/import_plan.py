"""What an imported partner list would change in a network: which organisations, memberships,
people and mandates it creates or changes, row by row, and every error. Reads only.

Organisations are matched by their organisation number (when the file has one) or by name
(case-folded) within the network; people by email within the network, else by name within
their organisation. A row may repeat an organisation only to add a further person (its
organisation and membership cells empty or the same as before).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverk.core.models import Network, Region
from samverk.networks.choices import Currency, MandateRole, OrganisationKind
from samverk.networks.imports import ImportRow, RowError
from samverk.networks.models import Mandate, Membership, Organisation, Person

CURRENCY_BY_LANGUAGE = {
    "de": Currency.EUR,
    "nb": Currency.NOK,
    "nn": Currency.NOK,
    "sv": Currency.SEK,
}

ORG_FIELDS = ("kind", "sector", "region", "website", "org_number")
MEMBERSHIP_FIELDS = ("since", "role", "budget_amount", "currency")


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _amount(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


@dataclass
class OrgPlan:
    row: ImportRow
    existing: Organisation | None
    matched_by: str = ""  # "name" / "number"
    values: dict[str, Any] = field(default_factory=dict)  # for a new organisation
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    membership: Membership | None = None  # the active membership
    membership_action: str = ""  # "create" / "update" / "" (none or unchanged)
    membership_values: dict[str, Any] = field(default_factory=dict)
    membership_changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    principal_row: int | None = None
    organisation: Organisation | None = None  # set when applied

    @property
    def name(self) -> str:
        return str(self.values.get("name") or (self.existing.name if self.existing else ""))

    def membership_since(self, today: dt.date) -> dt.date:
        if self.membership_action == "create":
            return self.membership_values["since"]
        return self.membership.since if self.membership else today


@dataclass
class PersonPlan:
    row: ImportRow
    org: OrgPlan
    existing: Person | None
    matched_by: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    person: Person | None = None  # set when applied


@dataclass
class MandatePlan:
    row: ImportRow
    org: OrgPlan
    person: PersonPlan
    role: str
    decision_authorised: bool
    valid_from: dt.date
    existing: Mandate | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class PreviewLine:
    row: int
    organisation: str
    membership: str
    person: str
    mandate: str
    status: str = "change"  # "new", "change", "same"


@dataclass
class Plan:
    orgs: list[OrgPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    mandates: list[MandatePlan] = field(default_factory=list)
    lines: list[PreviewLine] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "organisations_created": sum(1 for o in self.orgs if o.existing is None),
            "organisations_changed": sum(1 for o in self.orgs if o.existing and o.changes),
            "memberships_created": sum(1 for o in self.orgs if o.membership_action == "create"),
            "memberships_changed": sum(1 for o in self.orgs if o.membership_action == "update"),
            "people_created": sum(1 for p in self.people if p.existing is None),
            "people_changed": sum(1 for p in self.people if p.existing and p.changes),
            "mandates_created": sum(1 for m in self.mandates if m.existing is None),
            "mandates_changed": sum(1 for m in self.mandates if m.existing and m.changes),
        }

    @property
    def has_changes(self) -> bool:
        return any(self.counts().values())

    def digest(self) -> str:
        """A fingerprint of what would be done, to tell whether the data changed between the
        preview and the confirmation."""

        def plain(value: Any) -> Any:
            if isinstance(value, Region):
                return value.pk
            if isinstance(value, dt.date | Decimal):
                return str(value)
            return value

        def dump(changes: dict[str, Any]) -> list[Any]:
            return sorted((k, plain(v)) for k, v in changes.items())

        parts: list[Any] = []
        for o in self.orgs:
            parts.append(
                [
                    "org",
                    o.row.row,
                    o.existing.pk if o.existing else None,
                    dump(o.values),
                    dump({k: v[1] for k, v in o.changes.items()}),
                    o.membership.pk if o.membership else None,
                    o.membership_action,
                    dump(o.membership_values),
                    dump({k: v[1] for k, v in o.membership_changes.items()}),
                ]
            )
        for p in self.people:
            parts.append(
                [
                    "person",
                    p.row.row,
                    p.existing.pk if p.existing else None,
                    dump(p.values),
                    dump({k: v[1] for k, v in p.changes.items()}),
                ]
            )
        for m in self.mandates:
            parts.append(
                [
                    "mandate",
                    m.row.row,
                    m.existing.pk if m.existing else None,
                    m.role,
                    m.decision_authorised,
                    str(m.valid_from),
                    dump({k: v[1] for k, v in m.changes.items()}),
                ]
            )
        return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _number_key(number: str) -> str:
    return "".join(ch for ch in number.casefold() if ch.isalnum())


def _region_map(codes: set[str]) -> dict[str, Region]:
    if not codes:
        return {}
    variants = codes | {c.upper() for c in codes}
    regions = Region.objects.filter(
        Q(code__in=variants) | Q(national_code__in=variants) | Q(nuts_code__in=variants)
    ).select_related("parent__parent__parent__parent")
    found: dict[str, Region] = {}
    for region in regions:  # the code first, then the national and the NUTS code
        for value in (region.nuts_code, region.national_code, region.code):
            if value:
                found[value.casefold()] = region
    return found


def _within(region: Region, home: Region | None) -> bool:
    if home is None:
        return True
    current: Region | None = region
    for _depth in range(10):
        if current is None:
            return False
        if current.pk == home.pk:
            return True
        current = current.parent
    return False


class _Planner:
    def __init__(self, network: Network, rows: list[ImportRow], today: dt.date) -> None:
        self.network = network
        self.rows = rows
        self.today = today
        self.plan = Plan()
        organisations = list(Organisation.objects.for_network(network))
        self.orgs_by_name = {o.name.strip().casefold(): o for o in organisations}
        self.orgs_by_number = {
            _number_key(o.org_number): o for o in organisations if _number_key(o.org_number)
        }
        memberships = list(Membership.objects.for_network(network).order_by("since"))
        self.memberships: dict[int, list[Membership]] = {}
        for membership in memberships:
            self.memberships.setdefault(membership.organisation_id, []).append(membership)
        people = list(Person.objects.for_network(network).select_related("organisation"))
        self.people_by_email: dict[str, Person] = {}
        self.people_by_name: dict[tuple[int, str], Person] = {}
        for person in people:
            if person.email:
                self.people_by_email.setdefault(person.email.casefold(), person)
            self.people_by_name.setdefault(
                (person.organisation_id, person.name.strip().casefold()), person
            )
        self.mandates: dict[int, list[Mandate]] = {}
        for mandate in (
            Mandate.objects.for_network(network).select_related("person").order_by("valid_from")
        ):
            self.mandates.setdefault(mandate.membership_id, []).append(mandate)
        self.regions = _region_map({r.region_code for r in rows if r.region_code})
        self.home_region = network.home_region
        self.currency = CURRENCY_BY_LANGUAGE.get(network.language, Currency.EUR)
        self.file_orgs_by_name: dict[str, OrgPlan] = {}
        self.file_orgs_by_number: dict[str, OrgPlan] = {}
        self.file_people_by_email: dict[str, PersonPlan] = {}
        self.file_people_by_name: dict[tuple[int, str], PersonPlan] = {}
        self.blocked_rows: set[int] = set()

    def error(self, row: ImportRow, message: str, column: str = "") -> None:
        self.plan.errors.append(RowError(row.row, message, column))
        self.blocked_rows.add(row.row)

    # --- organisations and memberships ----------------------------------------------------

    def region(self, row: ImportRow) -> Region | None:
        if not row.region_code:
            return None
        region = self.regions.get(row.region_code.casefold())
        if region is None:
            self.error(
                row,
                _("Unknown region code “%(code)s”.") % {"code": row.region_code},
                str(_("Region code")),
            )
            return None
        if not _within(region, self.home_region):
            self.error(
                row,
                _("The region “%(region)s” is not part of the network's region (%(home)s).")
                % {"region": region, "home": self.home_region},
                str(_("Region code")),
            )
            return None
        return region

    def org_values(self, row: ImportRow) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if row.kind:
            values["kind"] = row.kind
        if row.sector:
            values["sector"] = row.sector
        region = self.region(row)
        if region is not None:
            values["region"] = region
        if row.website:
            values["website"] = row.website
        if row.org_number:
            values["org_number"] = row.org_number
        return values

    def repeated(self, row: ImportRow, org: OrgPlan) -> None:
        """A further row of an organisation already in the file."""
        first = org.row
        if not row.person:
            self.error(
                row,
                _(
                    "“%(name)s” already appears in row %(row)s (duplicate organisation). A "
                    "further row of an organisation may only add a person."
                )
                % {"name": row.organisation, "row": first.row},
                str(_("Organisation")),
            )
            return
        for attribute in (
            "org_number",
            "kind",
            "sector",
            "region_code",
            "website",
            "member_since",
            "membership_role",
            "budget",
            "currency",
        ):
            value = getattr(row, attribute)
            if value not in (None, "") and value != getattr(first, attribute):
                self.error(
                    row,
                    _(
                        "“%(name)s” already appears in row %(row)s with other data (duplicate "
                        "organisation). Leave its organisation and membership cells empty in "
                        "further rows."
                    )
                    % {"name": row.organisation, "row": first.row},
                    str(_("Organisation")),
                )
                return

    def organisation(self, row: ImportRow) -> OrgPlan | None:
        name_key = row.organisation.strip().casefold()
        number_key = _number_key(row.org_number)
        by_number = self.file_orgs_by_number.get(number_key) if number_key else None
        by_name = self.file_orgs_by_name.get(name_key)
        if by_number and by_name and by_number is not by_name:
            self.error(
                row,
                _(
                    "The organisation number is that of row %(first)s, the name that of row "
                    "%(second)s (duplicate organisation)."
                )
                % {"first": by_number.row.row, "second": by_name.row.row},
                str(_("Organisation")),
            )
            return None
        in_file = by_number or by_name
        if in_file is not None:
            if number_key and _number_key(in_file.row.org_number) not in ("", number_key):
                self.error(
                    row,
                    _("“%(name)s” already appears in row %(row)s with another organisation number.")
                    % {"name": row.organisation, "row": in_file.row.row},
                    str(_("Organisation number")),
                )
                return None
            self.repeated(row, in_file)
            return in_file

        existing = self.orgs_by_number.get(number_key) if number_key else None
        matched_by = "number" if existing else ""
        if existing is None:
            existing = self.orgs_by_name.get(name_key)
            matched_by = "name" if existing else ""
            if existing and number_key and _number_key(existing.org_number) not in ("", number_key):
                self.error(
                    row,
                    _(
                        "“%(name)s” is registered with the organisation number %(registered)s, "
                        "not %(given)s."
                    )
                    % {
                        "name": existing.name,
                        "registered": existing.org_number,
                        "given": row.org_number,
                    },
                    str(_("Organisation number")),
                )
                return None
        org = OrgPlan(row=row, existing=existing, matched_by=matched_by)
        values = self.org_values(row)
        if existing is None:
            org.values = {"name": row.organisation, "kind": OrganisationKind.OTHER, **values}
        else:
            # Matched by its number, the organisation takes the file's name; matched by name,
            # a difference of case or spacing changes nothing.
            if matched_by == "number" and existing.name.casefold() != name_key:
                other = self.orgs_by_name.get(name_key)
                if other is not None and other.pk != existing.pk:
                    self.error(
                        row,
                        _("“%(name)s” is the name of another organisation of the network.")
                        % {"name": row.organisation},
                        str(_("Organisation")),
                    )
                else:
                    org.changes["name"] = (existing.name, row.organisation)
            for name, value in values.items():
                old = getattr(existing, name)
                if old != value:
                    org.changes[name] = (old, value)
        self.file_orgs_by_name[name_key] = org
        if number_key:
            self.file_orgs_by_number[number_key] = org
        self.plan.orgs.append(org)
        self.membership(org, row)
        return org

    def membership(self, org: OrgPlan, row: ImportRow) -> None:
        memberships = self.memberships.get(org.existing.pk, []) if org.existing else []
        active = next((m for m in memberships if m.is_active(self.today)), None)
        org.membership = active
        if active is not None:
            wanted = {
                "since": row.member_since,
                "role": row.membership_role,
                "budget_amount": row.budget,
                "currency": row.currency,
            }
            for name, value in wanted.items():
                if value is not None and value != "" and getattr(active, name) != value:
                    org.membership_changes[name] = (getattr(active, name), value)
            if org.membership_changes:
                org.membership_action = "update"
            return
        if row.has_membership_data() or row.mandate:
            self.create_membership(org, row, row.member_since or row.mandate_from or self.today)

    def create_membership(self, org: OrgPlan, row: ImportRow, since: dt.date) -> None:
        memberships = self.memberships.get(org.existing.pk, []) if org.existing else []
        for other in memberships:
            if other.until is None or other.until >= since:
                self.error(
                    row,
                    _("%(organisation)s already has a membership from %(since)s.")
                    % {"organisation": org.name, "since": _day(other.since)},
                    str(_("Member since")),
                )
                return
        org.membership_action = "create"
        org.membership_values = {
            "since": since,
            "role": org.row.membership_role or row.membership_role or "partner",
            "budget_amount": org.row.budget,
            "currency": org.row.currency or self.currency,
        }

    # --- people and mandates --------------------------------------------------------------

    def person(self, row: ImportRow, org: OrgPlan) -> PersonPlan | None:
        email_key = row.email.casefold()
        org_id = org.existing.pk if org.existing else None
        if email_key and email_key in self.file_people_by_email:
            self.error(
                row,
                _("The email %(email)s already appears in row %(row)s.")
                % {"email": row.email, "row": self.file_people_by_email[email_key].row.row},
                str(_("Email")),
            )
            return None
        name_key = (id(org), row.person.strip().casefold())
        if name_key in self.file_people_by_name:
            self.error(
                row,
                _("%(person)s of %(organisation)s already appears in row %(row)s.")
                % {
                    "person": row.person,
                    "organisation": org.name,
                    "row": self.file_people_by_name[name_key].row.row,
                },
                str(_("Person")),
            )
            return None
        existing = self.people_by_email.get(email_key) if email_key else None
        matched_by = "email" if existing else ""
        if existing is not None and existing.organisation_id != org_id:
            self.error(
                row,
                _("%(email)s is the email of %(person)s of %(organisation)s.")
                % {
                    "email": row.email,
                    "person": existing.name,
                    "organisation": existing.organisation.name,
                },
                str(_("Email")),
            )
            return None
        if existing is None and org_id is not None:
            existing = self.people_by_name.get((org_id, row.person.strip().casefold()))
            matched_by = "name" if existing else ""
        plan = PersonPlan(row=row, org=org, existing=existing, matched_by=matched_by)
        if existing is None:
            plan.values = {"name": row.person, "email": row.email, "phone": row.phone}
        else:
            for name, value in (("name", row.person), ("email", row.email), ("phone", row.phone)):
                if value and getattr(existing, name) != value:
                    plan.changes[name] = (getattr(existing, name), value)
        if email_key:
            self.file_people_by_email[email_key] = plan
        self.file_people_by_name[name_key] = plan
        self.plan.people.append(plan)
        return plan

    def mandate(self, row: ImportRow, org: OrgPlan, person: PersonPlan) -> None:
        if not row.mandate:
            return
        if not org.membership and org.membership_action != "create":
            self.create_membership(org, row, row.member_since or row.mandate_from or self.today)
            if org.membership_action != "create":
                return
        since = org.membership_since(self.today)
        valid_from = row.mandate_from or (
            since if org.membership_action == "create" else max(since, self.today)
        )
        if valid_from < since:
            self.error(
                row,
                _("The mandate cannot start before the membership (%(since)s).")
                % {"since": _day(since)},
                str(_("Mandate from")),
            )
            return
        authorised = True if row.decision_authorised is None else row.decision_authorised
        plan = MandatePlan(
            row=row,
            org=org,
            person=person,
            role=row.mandate,
            decision_authorised=authorised,
            valid_from=valid_from,
        )
        existing_mandates = self.mandates.get(org.membership.pk, []) if org.membership else []
        if person.existing is not None:
            plan.existing = next(
                (
                    m
                    for m in existing_mandates
                    if m.person_id == person.existing.pk and m.is_active(self.today)
                ),
                None,
            )
        if plan.existing is not None:
            for name, value in (("role", plan.role), ("decision_authorised", authorised)):
                if getattr(plan.existing, name) != value:
                    plan.changes[name] = (getattr(plan.existing, name), value)
        if plan.role == MandateRole.PRINCIPAL and authorised:
            if org.principal_row is not None:
                self.error(
                    row,
                    _(
                        "Row %(row)s already gives %(organisation)s a decision-authorised "
                        "principal. Import this person as deputy."
                    )
                    % {"row": org.principal_row, "organisation": org.name},
                    pgettext("of a representative", "Mandate"),
                )
                return
            for other in existing_mandates:
                if (
                    other is not plan.existing
                    and other.role == MandateRole.PRINCIPAL
                    and other.decision_authorised
                    and (other.valid_until is None or other.valid_until >= valid_from)
                ):
                    self.error(
                        row,
                        _(
                            "%(person)s already holds the decision-authorised principal mandate "
                            "of %(organisation)s. End that mandate first or import this person "
                            "as deputy."
                        )
                        % {"person": other.person.name, "organisation": org.name},
                        pgettext("of a representative", "Mandate"),
                    )
                    return
            org.principal_row = row.row
        self.plan.mandates.append(plan)

    def run(self) -> Plan:
        for row in self.rows:
            if not row.organisation:
                continue
            org = self.organisation(row)
            if org is None or (row.row in self.blocked_rows and org.row is not row):
                continue
            person = self.person(row, org) if row.person else None
            if person is not None:
                self.mandate(row, org, person)
        self.describe()
        return self.plan

    # --- the preview ----------------------------------------------------------------------

    def describe_changes(self, changes: dict[str, tuple[Any, Any]], model: Any) -> str:
        parts = []
        for name, (old, new) in changes.items():
            label = model._meta.get_field(name).verbose_name
            parts.append(f"{label}: {self.show(model, name, old)} → {self.show(model, name, new)}")
        return "; ".join(parts)

    def show(self, model: Any, name: str, value: Any) -> str:
        if value in (None, ""):
            return "–"
        if isinstance(value, Decimal):
            return _amount(value)
        if isinstance(value, dt.date):
            return _day(value)
        model_field = model._meta.get_field(name)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        return str(value)

    def describe(self) -> None:
        orgs_seen: set[int] = set()
        people = {p.row.row: p for p in self.plan.people}
        mandates = {m.row.row: m for m in self.plan.mandates}
        org_by_row: dict[int, OrgPlan] = {}
        for p in self.plan.people:
            org_by_row[p.row.row] = p.org
        for o in self.plan.orgs:
            org_by_row[o.row.row] = o
        for row in self.rows:
            org = org_by_row.get(row.row)
            if org is None or row.row in self.blocked_rows:
                continue
            line = PreviewLine(row.row, "", "", "", "", status="same")
            first = id(org) not in orgs_seen
            orgs_seen.add(id(org))
            if not first:
                line.organisation = _("%(name)s (as in row %(row)s)") % {
                    "name": org.name,
                    "row": org.row.row,
                }
                line.membership = "–"
            else:
                if org.existing is None:
                    line.organisation = _("New organisation “%(name)s” (%(kind)s)") % {
                        "name": org.name,
                        "kind": OrganisationKind(org.values["kind"]).label,
                    }
                    line.status = "new"
                else:
                    how = (
                        _("matched by organisation number")
                        if org.matched_by == "number"
                        else _("matched by name")
                    )
                    line.organisation = _("Existing organisation “%(name)s” (%(how)s)") % {
                        "name": org.existing.name,
                        "how": how,
                    }
                    if org.changes:
                        line.organisation += ". " + _("Changes: %(changes)s") % {
                            "changes": self.describe_changes(org.changes, Organisation)
                        }
                        line.status = "change"
                if org.membership_action == "create":
                    values = org.membership_values
                    line.membership = _("New membership since %(since)s") % {
                        "since": _day(values["since"])
                    }
                    if values["budget_amount"] is not None:
                        line.membership += ", " + _("budget %(amount)s %(currency)s") % {
                            "amount": _amount(values["budget_amount"]),
                            "currency": values["currency"],
                        }
                    line.status = "new" if line.status != "change" else "change"
                elif org.membership_action == "update":
                    line.membership = _("Membership changed: %(changes)s") % {
                        "changes": self.describe_changes(org.membership_changes, Membership)
                    }
                    line.status = "change"
                elif org.membership is not None:
                    line.membership = _("Membership unchanged")
                else:
                    line.membership = _("Not a member")
            person = people.get(row.row)
            if person is None:
                line.person = "–"
            elif person.existing is None:
                line.person = _("New person %(name)s") % {"name": person.values["name"]}
                line.status = "new" if line.status == "same" else line.status
            else:
                how = (
                    _("matched by email") if person.matched_by == "email" else _("matched by name")
                )
                line.person = _("Existing person %(name)s (%(how)s)") % {
                    "name": person.existing.name,
                    "how": how,
                }
                if person.changes:
                    line.person += ". " + _("Changes: %(changes)s") % {
                        "changes": self.describe_changes(person.changes, Person)
                    }
                    line.status = "change"
            mandate = mandates.get(row.row)
            if mandate is None:
                line.mandate = "–"
            else:
                kind = MandateRole(mandate.role).label
                authority = (
                    _("decision-authorised")
                    if mandate.decision_authorised
                    else _("without authority")
                )
                if mandate.existing is None:
                    line.mandate = _("New mandate: %(kind)s, %(authority)s, from %(from)s") % {
                        "kind": kind,
                        "authority": authority,
                        "from": _day(mandate.valid_from),
                    }
                    line.status = "new" if line.status == "same" else line.status
                elif mandate.changes:
                    line.mandate = _("Mandate changed: %(changes)s") % {
                        "changes": self.describe_changes(mandate.changes, Mandate)
                    }
                    line.status = "change"
                else:
                    line.mandate = _("Mandate unchanged")
            self.plan.lines.append(line)


def plan_import(*, network: Network, rows: list[ImportRow], today: dt.date) -> Plan:
    """What importing ``rows`` into ``network`` would do (nothing is written)."""
    return _Planner(network, rows, today).run()
