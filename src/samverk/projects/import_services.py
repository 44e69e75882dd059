"""Importing a project list: the new focus areas and every project created through the
services ``add_focus_area`` and ``create_project`` of :mod:`samverk.projects.services` (each
checks permission, applies the project's rules and writes its audit record), all in one
transaction — any error and nothing is saved.

The preview rehearses the same calls in a transaction that is always rolled back
(:func:`rehearse_import`), so that it reports the service's own refusals (a public project whose
carrier is not a member, a project that ends before it starts …) with their rows already.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from samverk.accounts.models import User
from samverk.core.models import Network
from samverk.core.services import require
from samverk.networks.import_services import ImportRejected, run_step
from samverk.networks.imports import RowError
from samverk.projects import permissions, services
from samverk.projects.imports import FIELD_COLUMNS, Plan, ProjectRow, column_label, plan_import
from samverk.projects.models import FocusArea

__all__ = ["ImportRejected", "PlanChanged", "import_projects", "rehearse_import"]


class PlanChanged(Exception):
    """The network's data changed since the preview: the import would do something else."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("the import plan changed since the preview")
        self.plan = plan


def _apply(actor: User, network: Network, plan: Plan, skip: Collection[int] = ()) -> list[RowError]:
    """Create the new focus areas and the projects of ``plan`` (not those of the rows in
    ``skip``); the errors of the services, by row and column."""
    errors: list[RowError] = []
    field_columns = {name: column_label(key) for name, key in FIELD_COLUMNS.items()}
    first_rows: dict[str, int] = {}  # each new focus area by the first row that is applied
    for project in plan.projects:
        if project.row.row not in skip:
            for name in project.new_focus_areas:
                first_rows.setdefault(name, project.row.row)
    created: dict[str, FocusArea | None] = {}
    for name, row in first_rows.items():
        created[name] = run_step(
            errors,
            row,
            services.add_focus_area,
            {"name": column_label("focus_areas")},
            actor=actor,
            network=network,
            name=name,
        )
    for project in plan.projects:
        values = project.row
        if values.row in skip:
            continue
        new_areas = [created.get(name) for name in project.new_focus_areas]
        if any(area is None for area in new_areas):
            continue  # the focus area was refused (reported with its first row)
        run_step(
            errors,
            values.row,
            services.create_project,
            field_columns,
            actor=actor,
            network=network,
            title=values.title,
            short_name=values.short_name,
            status=values.status,
            starts_on=values.starts_on,
            ends_on=values.ends_on,
            regions=values.regions,
            sector=values.sector,
            carrier=project.carrier,
            basis=values.basis,
            basis_url=values.basis_url,
            summary=values.summary,
            problem=values.problem,
            goals=values.goals,
            implementation=values.implementation,
            results=values.results,
            is_public=values.is_public,
            focus_areas=[*project.focus_areas, *new_areas],
        )
    return errors


@transaction.atomic
def import_projects(
    *,
    actor: User,
    network: Network,
    rows: list[ProjectRow],
    expected_digest: str | None = None,
) -> Plan:
    """Create the projects of ``rows`` in ``network`` (and the focus areas they name that the
    network does not have yet), as :func:`plan_import` previews them: all of them, or nothing
    (:class:`ImportRejected` with every error by row). With ``expected_digest`` (of the
    preview the user confirmed), a plan that differs raises :class:`PlanChanged`."""
    require(permissions.can_manage_projects(actor, network))
    plan = plan_import(network=network, rows=rows)
    if plan.errors:
        raise ImportRejected(plan.errors)
    if expected_digest is not None and plan.digest() != expected_digest:
        raise PlanChanged(plan)
    errors = _apply(actor, network, plan)
    if errors:
        raise ImportRejected(errors)
    return plan


def rehearse_import(
    *, actor: User, network: Network, rows: list[ProjectRow], skip: Collection[int] = ()
) -> tuple[Plan, list[RowError]]:
    """The plan of ``rows`` and every error importing it would meet, found by running the
    import in a transaction that is rolled back: nothing is kept. The rows in ``skip`` (refused
    already while reading the file) are left out."""
    require(permissions.can_manage_projects(actor, network))
    plan = plan_import(network=network, rows=rows)
    refused = {*skip, *(e.row for e in plan.errors if e.row is not None)}
    with transaction.atomic():
        errors = _apply(actor, network, plan, skip=refused)
        transaction.set_rollback(True)
    return plan, plan.errors + errors
