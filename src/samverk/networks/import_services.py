"""Importing a partner list: every row applied through the services of
:mod:`samverk.networks.services` (each checks permission and writes its audit record), all in
one transaction — any error and nothing is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samverk.accounts.models import User
from samverk.core.models import Network
from samverk.core.services import require
from samverk.networks import permissions, services
from samverk.networks.import_plan import Plan, plan_import
from samverk.networks.imports import ImportRow, RowError


class ImportRejected(Exception):
    """The import was not applied; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def row_errors(
    exc: ValidationError, row: int, field_columns: Mapping[str, str] | None = None
) -> list[RowError]:
    """The messages of a service's ValidationError as errors of ``row``; ``field_columns``
    names the column (its label) of a field of the service, where the file has one."""
    columns = field_columns or {}
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, str(message), columns.get(name, ""))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row, str(message)) for message in exc.messages]


def run_step(
    errors: list[RowError],
    row: int,
    action: Any,
    field_columns: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Any:
    """Run one service call in a savepoint: its errors are collected (with the row) so that
    every problem is reported, and the whole import is rolled back at the end."""
    try:
        with transaction.atomic():
            return action(**kwargs)
    except ValidationError as exc:
        errors += row_errors(exc, row, field_columns)
        return None


def _apply(actor: User, network: Network, plan: Plan) -> list[RowError]:
    errors: list[RowError] = []
    for org in plan.orgs:
        if org.existing is None:
            org.organisation = run_step(
                errors,
                org.row.row,
                services.create_organisation,
                actor=actor,
                network=network,
                **org.values,
            )
        elif org.changes:
            org.organisation = run_step(
                errors,
                org.row.row,
                services.update_organisation,
                actor=actor,
                organisation=org.existing,
                **{name: new for name, (_old, new) in org.changes.items()},
            )
        else:
            org.organisation = org.existing
        if org.organisation is None:
            continue
        if org.membership_action == "create":
            org.membership = run_step(
                errors,
                org.row.row,
                services.add_membership,
                actor=actor,
                organisation=org.organisation,
                **org.membership_values,
            )
        elif org.membership_action == "update" and org.membership is not None:
            run_step(
                errors,
                org.row.row,
                services.update_membership,
                actor=actor,
                membership=org.membership,
                **{name: new for name, (_old, new) in org.membership_changes.items()},
            )
    for person in plan.people:
        organisation = person.org.organisation
        if organisation is None:
            continue
        if person.existing is None:
            person.person = run_step(
                errors,
                person.row.row,
                services.create_person,
                actor=actor,
                organisation=organisation,
                **person.values,
            )
        elif person.changes:
            person.person = run_step(
                errors,
                person.row.row,
                services.update_person,
                actor=actor,
                person=person.existing,
                **{name: new for name, (_old, new) in person.changes.items()},
            )
        else:
            person.person = person.existing
    for mandate in plan.mandates:
        membership = mandate.org.membership
        if membership is None or mandate.person.person is None:
            continue
        if mandate.existing is None:
            run_step(
                errors,
                mandate.row.row,
                services.add_mandate,
                actor=actor,
                membership=membership,
                person=mandate.person.person,
                valid_from=mandate.valid_from,
                role=mandate.role,
                decision_authorised=mandate.decision_authorised,
            )
        elif mandate.changes:
            run_step(
                errors,
                mandate.row.row,
                services.update_mandate,
                actor=actor,
                mandate=mandate.existing,
                **{name: new for name, (_old, new) in mandate.changes.items()},
            )
    return errors


@transaction.atomic
def import_partner_list(
    *,
    actor: User,
    network: Network,
    rows: list[ImportRow],
    today: dt.date,
    expected_digest: str | None = None,
) -> Plan:
    """Create and change the organisations, memberships, people and mandates of ``rows`` in
    ``network``, as :func:`plan_import` previews them: all of it, or nothing
    (:class:`ImportRejected` with every error by row). With ``expected_digest`` (of the
    preview the user confirmed), a plan that differs raises :class:`PlanChanged`."""
    require(permissions.can_import_members(actor, network))
    plan = plan_import(network=network, rows=rows, today=today)
    if plan.errors:
        raise ImportRejected(plan.errors)
    if expected_digest is not None and plan.digest() != expected_digest:
        raise PlanChanged(plan)
    errors = _apply(actor, network, plan)
    if errors:
        raise ImportRejected(errors)
    return plan


class PlanChanged(Exception):
    """The network's data changed since the preview: the import would do something else."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("the import plan changed since the preview")
        self.plan = plan
