"""What the projects show in the charter's yearly self-check (registered in
``core.registry.self_check_measures``; strategy reads it and may not import projects)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.translation import ngettext

from samverk.projects.choices import ProjectStatus
from samverk.projects.models import Project, ProjectPartner


def projects_taken_part_in(network: Any, year: int, organisations: Sequence[Any]) -> dict[int, str]:
    """For each organisation, how many of the network's projects of ``year`` (running some
    time in it; ideas left out) it carried, took part in as a partner or was responsible for,
    each project counted once. One query for all the organisations."""
    ids = [organisation.pk for organisation in organisations]
    if not ids:
        return {}
    projects = Project.objects.for_network(network).in_year(year).exclude(status=ProjectStatus.IDEA)
    pairs = (
        projects.filter(carrier__in=ids)
        .order_by()
        .values_list("pk", "carrier_id")
        .union(
            ProjectPartner.objects.filter(project__in=projects.values("pk"), organisation__in=ids)
            .order_by()
            .values_list("project_id", "organisation_id"),
            Project.responsible_members.through.objects.filter(
                project__in=projects.values("pk"), organisation__in=ids
            )
            .order_by()
            .values_list("project_id", "organisation_id"),
        )
    )
    # UNION (not UNION ALL): each (project, organisation) pair once
    counts = Counter(organisation for _project, organisation in pairs)
    return {pk: _count(counts[pk]) for pk in ids}


def _count(count: int) -> str:
    return ngettext("%(count)s project", "%(count)s projects", count) % {"count": count}
