"""The portal's one read side: what the public may see of a network, and nothing else.

Pages, the public API, the sitemap and the JSON-LD all read through these functions; they
copy only the parts marked public into plain records (``PublicProject`` …), so a template or
serializer of the portal never holds a model instance with internal fields. What counts as
public is decided where the data lives:

- the network's name, description, logo and contact address, and the portal settings' texts;
- member organisations (name, kind, website) while ``show_members`` is on;
- a project with ``is_public``, and of it only the parts in ``public_fields``; its updates and
  files marked public (an image only with consent recorded); never its contact person,
  responsible persons, tasks or links to the strategy;
- indicators marked public, with their approved values;
- the charter when it is marked public;
- meetings marked public (as in the public calendar feed): title, purpose, time, venue, host.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from samverk.core.clock import network_today
from samverk.core.models import Network
from samverk.meetings.models import Meeting
from samverk.networks.models import Organisation
from samverk.portal.models import PortalSettings
from samverk.projects import annual_report
from samverk.projects.annual_report import AnnualReportData
from samverk.projects.choices import PartnerRole, PublicField
from samverk.projects.models import (
    AnnualReport,
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)
from samverk.strategy import charts
from samverk.strategy.models import Charter, Indicator, Measurement
from samverk.strategy.status import status

MEETINGS_SHOWN = 10
NEWS_SHOWN = 20


@dataclass(frozen=True)
class Portal:
    network: Network
    settings: PortalSettings

    @property
    def about(self) -> str:
        return self.settings.about or self.network.description


def portal_for(
    slug: str | None = None, *, host: str | None = None, known: Network | None = None
) -> Portal:
    """The published portal of the network ``slug`` (or served at ``host``); 404 otherwise.
    ``known``: the network the request already looked up (``NetworkMiddleware``)."""
    if host is not None:
        settings = (
            PortalSettings.objects.select_related("network")
            .filter(host__iexact=host, is_published=True)
            .first()
        )
        if settings is None:
            raise Http404
        return Portal(settings.network, settings)
    network = known if known is not None and known.slug == slug else None
    if network is None:
        network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    settings = PortalSettings.objects.filter(network=network).first()
    if settings is None:
        settings = PortalSettings(network=network)
    if not settings.is_published:
        raise Http404
    return Portal(network, settings)


def published_portals() -> list[Portal]:
    unpublished = PortalSettings.objects.filter(is_published=False).values("network_id")
    settings = {s.network_id: s for s in PortalSettings.objects.all()}
    return [
        Portal(network, settings.get(network.pk) or PortalSettings(network=network))
        for network in Network.objects.exclude(pk__in=unpublished).order_by("name")
    ]


# --- projects ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFigure:
    label: str
    value: Decimal
    unit: str
    on: dt.date


@dataclass(frozen=True)
class PublicMilestone:
    title: str
    planned_on: dt.date
    reached_on: dt.date | None


@dataclass(frozen=True)
class PublicUpdate:
    pk: int
    project_pk: int
    project_title: str
    on: dt.date
    title: str
    text: str


@dataclass(frozen=True)
class PublicFile:
    pk: int
    title: str
    is_image: bool
    alt_text: str
    credit: str
    content_type: str
    size: int
    original_name: str


@dataclass(frozen=True)
class PublicPartner:
    name: str
    role: str
    role_label: str


@dataclass
class PublicProject:
    """A published project with only its public parts (empty where a part is internal)."""

    pk: int
    title: str
    short_name: str
    status: str
    status_label: str
    modified: dt.datetime
    summary: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    regions: str = ""
    sector: str = ""
    carrier: str = ""
    partners: list[PublicPartner] = field(default_factory=list)
    focus_areas: list[str] = field(default_factory=list)
    basis: str = ""
    basis_url: str = ""
    problem: str = ""
    goals: str = ""
    implementation: str = ""
    results: str = ""
    key_figures: list[PublicFigure] = field(default_factory=list)
    milestones: list[PublicMilestone] = field(default_factory=list)
    updates: list[PublicUpdate] = field(default_factory=list)
    images: list[PublicFile] = field(default_factory=list)
    documents: list[PublicFile] = field(default_factory=list)

    @property
    def supporters(self) -> list[str]:
        shown = (PartnerRole.SUPPORTER, PartnerRole.FUNDER)
        return [p.name for p in self.partners if p.role in shown]

    @property
    def has_card(self) -> bool:
        return bool(self.problem or self.goals or self.implementation or self.results)


def _public_file(item: ProjectFile) -> PublicFile:
    return PublicFile(
        pk=item.pk,
        title=item.title,
        is_image=item.is_image,
        alt_text=item.alt_text,
        credit=item.credit,
        content_type=item.content_type,
        size=item.size,
        original_name=item.original_name,
    )


def _public_update(update: ProjectUpdate, project: Project) -> PublicUpdate:
    return PublicUpdate(
        pk=update.pk,
        project_pk=project.pk,
        project_title=project.title,
        on=update.on,
        title=update.title,
        text=update.text,
    )


def to_public(project: Project) -> PublicProject:
    """Copy the public parts of a published project (with the prefetches of ``_projects``)."""
    assert project.is_public
    shown = project.shows
    record = PublicProject(
        pk=project.pk,
        title=project.title,
        short_name=project.short_name,
        status=project.status,
        status_label=str(project.get_status_display()),
        modified=project.updated_at,
    )
    for part in ("summary", "regions", "sector", "problem", "goals", "implementation", "results"):
        if shown(part):
            setattr(record, part, getattr(project, part))
    if shown(PublicField.DURATION):
        record.starts_on, record.ends_on = project.starts_on, project.ends_on
    if shown(PublicField.BASIS):
        record.basis, record.basis_url = project.basis, project.basis_url
    if shown(PublicField.CARRIER) and project.carrier is not None:
        record.carrier = project.carrier.name
    if shown(PublicField.PARTNERS):
        record.partners = [
            PublicPartner(p.organisation.name, p.role, str(p.get_role_display()))
            for p in project.partners.all()
        ]
    if shown(PublicField.FOCUS_AREAS):
        record.focus_areas = [area.name for area in project.focus_areas.all()]
    if shown(PublicField.KEY_FIGURES):
        record.key_figures = [
            PublicFigure(f.label, f.value, f.unit, f.on) for f in project.key_figures.all()
        ]
    if shown(PublicField.MILESTONES):
        record.milestones = [
            PublicMilestone(m.title, m.planned_on, m.reached_on) for m in project.milestones.all()
        ]
    record.updates = [_public_update(u, project) for u in getattr(project, "public_updates", ())]
    files = [_public_file(f) for f in getattr(project, "public_files", ())]
    record.images = [f for f in files if f.is_image]
    record.documents = [f for f in files if not f.is_image]
    return record


def projects_queryset(network: Network) -> Any:
    """The published projects of the network with what ``to_public`` reads, prefetched (page
    it before converting: ``[to_public(p) for p in page]``)."""
    return _projects(network)


def project_dates(network: Network) -> list[tuple[int, dt.datetime]]:
    """(pk, last change) of every published project, for the sitemap (one light query)."""
    found = Project.objects.for_network(network).public().order_by("title", "pk")
    return list(found.values_list("pk", "updated_at"))


def _projects(network: Network) -> Any:
    return (
        Project.objects.for_network(network)
        .public()
        .select_related("carrier")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "role", "organisation__name", "pk"
                ),
            ),
            "focus_areas",
            Prefetch("key_figures", queryset=KeyFigure.objects.order_by("-on", "label", "pk")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("planned_on", "pk")),
            Prefetch(
                "updates",
                queryset=ProjectUpdate.objects.public().order_by("-on", "-pk"),
                to_attr="public_updates",
            ),
            Prefetch(
                "files",
                queryset=ProjectFile.objects.public().order_by("-is_image", "created_at", "pk"),
                to_attr="public_files",
            ),
        )
        .order_by("title", "pk")
    )


def projects(network: Network) -> list[PublicProject]:
    return [to_public(project) for project in _projects(network)]


def project(network: Network, pk: int) -> PublicProject:
    found = _projects(network).filter(pk=pk).first()
    if found is None:
        raise Http404
    return to_public(found)


def project_file(network: Network, pk: int) -> ProjectFile:
    """A public file of a published project of the network (404 otherwise)."""
    found = ProjectFile.objects.for_network(network).public().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found  # type: ignore[no-any-return]


def news_queryset(network: Network) -> Any:
    """Public updates of published projects, latest first (convert with ``to_public_update``)."""
    return (
        ProjectUpdate.objects.for_network(network)
        .public()
        .select_related("project")
        .only("pk", "on", "title", "text", "project__id", "project__title")
        .order_by("-on", "-pk")
    )


def to_public_update(update: ProjectUpdate) -> PublicUpdate:
    return _public_update(update, update.project)


def news(network: Network, limit: int = NEWS_SHOWN) -> list[PublicUpdate]:
    return [to_public_update(u) for u in news_queryset(network)[:limit]]


# --- members, charter, meetings, indicators ----------------------------------------------------


@dataclass(frozen=True)
class PublicMember:
    pk: int
    name: str
    kind: str
    kind_label: str
    website: str
    has_logo: bool = False


def _members(portal: Portal, today: dt.date | None) -> Any:
    on = today or network_today(portal.network)
    return (
        Organisation.objects.for_network(portal.network)
        .with_active_membership(on)
        .filter(is_member=True)
    )


def members(portal: Portal, today: dt.date | None = None) -> list[PublicMember]:
    if not portal.settings.show_members:
        return []
    found = _members(portal, today).only("name", "kind", "website", "logo").order_by("name", "pk")
    return [
        PublicMember(o.pk, o.name, o.kind, str(o.get_kind_display()), o.website, bool(o.logo))
        for o in found
    ]


def member_logo(portal: Portal, pk: int, today: dt.date | None = None) -> Any:
    """The logo of a member organisation the portal lists (404 otherwise)."""
    if not portal.settings.show_members:
        raise Http404
    found = _members(portal, today).filter(pk=pk).exclude(logo="").first()
    if found is None:
        raise Http404
    return found.logo


@dataclass(frozen=True)
class PublicCharter:
    title: str
    who_we_are: str
    what_we_want: str
    how_we_work: str
    shared_by: str  # the network whose charter it is, when another network shares it


def charter(network: Network) -> PublicCharter | None:
    found: Charter | None = Charter.objects.select_related("network").own_or_shared(network)
    if found is None or not found.is_public:
        return None
    return PublicCharter(
        title=found.title,
        who_we_are=found.who_we_are,
        what_we_want=found.what_we_want,
        how_we_work=found.how_we_work,
        shared_by=found.network.name if found.network_id != network.pk else "",
    )


@dataclass(frozen=True)
class PublicMeeting:
    title: str
    purpose: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    host: str
    cancelled: bool


def meetings(network: Network, now: dt.datetime) -> tuple[list[PublicMeeting], list[PublicMeeting]]:
    """The network's public meetings: the next ones and the last ones (at most ten each)."""
    base = (
        Meeting.objects.for_network(network)
        .public()
        .filter(network=network)
        .select_related("host")
        .only("title", "purpose", "starts_at", "ends_at", "venue", "status", "host__name")
    )

    def record(m: Meeting) -> PublicMeeting:
        return PublicMeeting(
            title=m.title,
            purpose=m.purpose,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            venue=m.venue,
            host=m.host.name if m.host else "",
            cancelled=m.status == "cancelled",
        )

    upcoming = base.filter(ends_at__gte=now).order_by("starts_at", "pk")[:MEETINGS_SHOWN]
    past = base.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:MEETINGS_SHOWN]
    return [record(m) for m in upcoming], [record(m) for m in past]


@dataclass(frozen=True)
class PublicValue:
    period_end: dt.date
    part: str
    value: Decimal
    source: str


@dataclass
class PublicIndicator:
    pk: int
    name: str
    unit_label: str
    desired_label: str
    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    target_date: dt.date
    scope: str
    goal: str
    status_label: str
    values: list[PublicValue]
    chart: str | None = None
    chart_text: str = ""


def indicators(network: Network, *, with_charts: bool = True) -> list[PublicIndicator]:
    found = (
        Indicator.objects.for_network(network)
        .public()
        .select_related("goal")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.public().order_by("period_end", "part", "pk"),
                to_attr="public_values",
            )
        )
        .order_by("goal__position", "pk")
    )
    shown = []
    for indicator in found:
        values: list[Measurement] = indicator.public_values
        totals = [m for m in values if not m.part]
        latest = (totals[-1].period_end, totals[-1].value) if totals else None
        record = PublicIndicator(
            pk=indicator.pk,
            name=indicator.name,
            unit_label=str(indicator.get_unit_display()),
            desired_label=str(indicator.get_desired_display()),
            baseline_value=indicator.baseline_value,
            baseline_date=indicator.baseline_date,
            target_value=indicator.target_value,
            target_date=indicator.target_date,
            scope=indicator.scope,
            goal=indicator.goal.title,
            status_label=str(status(indicator.path, latest).label),
            values=[
                PublicValue(m.period_end, m.part, m.value, str(m.get_source_display()))
                for m in values
            ],
        )
        if with_charts:
            record.chart = charts.svg_data_uri(indicator, values)
            record.chart_text = charts.description(indicator, values)
        shown.append(record)
    return shown


# --- the annual report -------------------------------------------------------------------------


def report_years(network: Network) -> list[int]:
    """The years of the network's published annual reports, latest first."""
    found = AnnualReport.objects.for_network(network).public().order_by("-year")
    return list(found.values_list("year", flat=True))


def report(network: Network, year: int) -> AnnualReportData:
    """A published annual report as the public may read it (404 if the year's is not)."""
    if not AnnualReport.objects.for_network(network).public().filter(year=year).exists():
        raise Http404
    return annual_report.build_annual_report(network, year, public=True)
