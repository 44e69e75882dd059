"""The network's annual report of a year, assembled from the data: the annual theme, the
activities and budget planned and done and the indicators against their targets (the
strategy's follow-up of the year's plan, ``strategy.followup``), the projects of the year with
their key figures, the meetings held with the attendance with authority, the decisions, the
members' contributions as the network chooses to show them, and the coordinator's texts
(``AnnualReport``).

One builder, ``build_annual_report``, feeds the internal page, the PDF and the public portal.
Internally it reads what the user may see (scoped querysets). With ``public=True`` it keeps
only what the network publishes: public projects and only their public parts, public
indicators with approved values, the plan's activities and budget (with a published report),
counts of meetings and decisions (the
public meetings and their decisions by name), contributions as the report's setting says —
never a person. Its number of queries does not grow with the number of projects, meetings,
decisions or members."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from samverk.core.models import Network
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Attendance, Decision, Meeting, MeetingParticipation
from samverk.networks import permissions as network_permissions
from samverk.networks.models import Arena
from samverk.projects.choices import ContributionDisplay, ProjectStatus
from samverk.projects.models import AnnualReport, KeyFigure, Project
from samverk.strategy.choices import ContributionKind, ContributionStatus, PlanStatus
from samverk.strategy.followup import FollowUp, IndicatorLine, follow_up
from samverk.strategy.models import AnnualPlan, Contribution, Measurement

ZERO = Decimal("0.00")
HELD = (MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED)


@dataclass
class ProjectLine:
    """A project of the year as the report shows it: only the parts it may show (for the
    public report, the parts the project publishes)."""

    pk: int
    title: str
    short_name: str
    status: str
    status_label: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    carrier: str = ""
    summary: str = ""
    focus_areas: list[str] = field(default_factory=list)
    figures: list[KeyFigure] = field(default_factory=list)
    url: str = ""


@dataclass
class MeetingLine:
    title: str
    day: dt.date
    arena: str
    authorised: int  # the network's members of the arena represented with authority
    members: int  # the network's members of the arena

    @property
    def authority_percent(self) -> int | None:
        return round(100 * self.authorised / self.members) if self.members else None


@dataclass
class Meetings:
    held: int = 0
    authorised: int = 0  # over all meetings held: members represented with authority
    seats: int = 0  # over all meetings held: members expected
    lines: list[MeetingLine] = field(default_factory=list)  # public: the public meetings only

    @property
    def authority_percent(self) -> int | None:
        return round(100 * self.authorised / self.seats) if self.seats else None


@dataclass
class DecisionLine:
    reference: str
    topic: str
    text: str
    binding: bool
    meeting: str
    day: dt.date


@dataclass
class Decisions:
    count: int = 0
    binding: int = 0
    lines: list[DecisionLine] = field(default_factory=list)  # public: of public meetings

    @property
    def recommendations(self) -> int:
        return self.count - self.binding


@dataclass
class ContributionRow:
    organisation: str
    money: Decimal = ZERO
    hours: Decimal = ZERO
    staff_value: Decimal = ZERO
    in_kind: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.money + self.staff_value + self.in_kind


@dataclass
class Contributions:
    """What the members contributed in the year (status "contributed"), in one currency per
    row set; ``rows`` per member only where the report (and, internally, the user's right to
    see members' budgets) allows."""

    display: str
    currency: str
    totals: ContributionRow
    members: int = 0
    rows: list[ContributionRow] = field(default_factory=list)
    pledged: Decimal = ZERO


@dataclass
class AnnualReportData:
    network: Network
    year: int
    public: bool
    record: AnnualReport | None
    plan: AnnualPlan | None
    follow_up: FollowUp | None
    indicators: list[IndicatorLine]
    projects: list[ProjectLine]
    project_counts: list[tuple[str, int]]  # (status label, count), in the order of the statuses
    meetings: Meetings
    decisions: Decisions
    contributions: Contributions | None
    logo: str | None = None  # filled by the PDF

    @property
    def theme(self) -> str:
        return self.plan.theme if self.plan else ""

    @property
    def foreword(self) -> str:
        return self.record.foreword if self.record else ""

    @property
    def theme_text(self) -> str:
        return self.record.theme_text if self.record else ""

    @property
    def outlook(self) -> str:
        return self.record.outlook if self.record else ""

    @property
    def is_empty(self) -> bool:
        """Nothing to report: no plan, project, meeting, decision, contribution or text."""
        return not (
            self.plan
            or self.projects
            or self.meetings.held
            or self.decisions.count
            or (self.contributions and self.contributions.totals.total)
            or self.foreword
            or self.theme_text
            or self.outlook
        )


def _year_bounds(network: Network, year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(network.time_zone)
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _scoped(model: Any, user: Any, network: Network, public: bool) -> Any:
    manager = model.objects
    return (manager.all() if public else manager.visible_to(user)).for_network(network)


def build_annual_report(
    network: Network, year: int, *, user: Any = None, public: bool = False
) -> AnnualReportData:
    """The report of ``year``: as ``user`` may see it, or (``public``) as the network
    publishes it. The caller checks that the user may read the network's projects, or that
    the report is published."""
    if not public and user is None:
        raise ValueError("An internal annual report needs the user who reads it.")
    reports = AnnualReport.objects.public() if public else AnnualReport.objects.visible_to(user)
    record = reports.for_network(network).filter(year=year).first()
    # The plan's activities and budget are published with a published report (its
    # coordinator saw them on the internal page): none without one.
    plan, followup, indicators = (
        _plan(network, year, user, public) if record or not public else (None, None, [])
    )
    projects, counts = _projects(network, year, user, public)
    return AnnualReportData(
        network=network,
        year=year,
        public=public,
        record=record,
        plan=plan,
        follow_up=followup,
        indicators=indicators,
        projects=projects,
        project_counts=counts,
        meetings=_meetings(network, year, user, public),
        decisions=_decisions(network, year, user, public),
        contributions=_contributions(network, year, user, public, record),
    )


def _plan(
    network: Network, year: int, user: Any, public: bool
) -> tuple[AnnualPlan | None, FollowUp | None, list[IndicatorLine]]:
    """The year's plan (its latest version not replaced by a revision) and its follow-up;
    for the public, only the public indicators with their approved values."""
    plan = (
        _scoped(AnnualPlan, user, network, public)
        .filter(year=year)
        .exclude(status=PlanStatus.SUPERSEDED)
        .select_related("network", "direction")
        .order_by("-version")
        .first()
    )
    if plan is None:
        return None, None, []
    if public:
        measurements = Measurement.objects.for_network(network).filter(indicator__is_public=True)
    else:
        measurements = (
            Measurement.objects.visible_to(user).for_network(network).shown_to(user, network)
        )
    result = follow_up(plan, measurements)
    indicators = [line for line in result.indicators if line.indicator.is_public or not public]
    return plan, result, indicators


def _projects(
    network: Network, year: int, user: Any, public: bool
) -> tuple[list[ProjectLine], list[tuple[str, int]]]:
    year_end = dt.date(year, 12, 31)
    projects = _scoped(Project, user, network, public).in_year(year)
    if public:
        projects = projects.filter(is_public=True)
    projects = (
        projects.select_related("carrier")
        .prefetch_related(
            "focus_areas",
            Prefetch(
                "key_figures",
                queryset=KeyFigure.objects.filter(on__lte=year_end).order_by("label", "-on", "pk"),
            ),
        )
        .order_by("title", "pk")
    )
    url = reverse("projects:project_detail", kwargs={"network": network.slug, "pk": 0})
    lines = []
    for project in projects:

        def shows(part: str, project: Project = project) -> bool:
            return not public or project.shows(part)

        lines.append(
            ProjectLine(
                pk=project.pk,
                title=project.title,
                short_name=project.short_name,
                status=project.status,
                status_label=str(project.get_status_display()),
                starts_on=project.starts_on if shows("duration") else None,
                ends_on=project.ends_on if shows("duration") else None,
                carrier=project.carrier.name if project.carrier and shows("carrier") else "",
                summary=project.summary if shows("summary") else "",
                focus_areas=[a.name for a in project.focus_areas.all()]
                if shows("focus_areas")
                else [],
                figures=_latest(project.key_figures.all()) if shows("key_figures") else [],
                url="" if public else url.replace("/0/", f"/{project.pk}/"),
            )
        )
    counted = Counter(line.status for line in lines)
    return lines, [(str(s.label), counted[s]) for s in ProjectStatus if counted[s]]


def _latest(figures: Any) -> list[KeyFigure]:
    """The latest figure of each thing counted (and unit) by the year's end."""
    seen: set[tuple[str, str]] = set()
    latest = []
    for figure in figures:  # by label, the latest first
        if (figure.label, figure.unit) not in seen:
            seen.add((figure.label, figure.unit))
            latest.append(figure)
    return latest


def _meetings(network: Network, year: int, user: Any, public: bool) -> Meetings:
    """The meetings held in the year (in the network's time zone), joint ones included, and
    how many of the network's members of each meeting's arena were represented with
    authority. Four queries."""
    first, after = _year_bounds(network, year)
    meetings = list(
        _scoped(Meeting, user, network, public)
        .filter(starts_at__gte=first, starts_at__lt=after, status__in=HELD)
        .select_related("arena")
        .order_by("starts_at", "pk")
    )
    if not meetings:
        return Meetings()
    ids = [m.pk for m in meetings]
    # The network's own arena of each meeting: the meeting's, or the one it takes part with.
    arena_of = {m.pk: m.arena_id for m in meetings}
    names = {m.pk: m.arena.name for m in meetings}
    for meeting_id, arena_id, arena_name in MeetingParticipation.objects.filter(
        meeting__in=ids, network=network
    ).values_list("meeting_id", "arena_id", "arena__name"):
        arena_of[meeting_id], names[meeting_id] = arena_id, arena_name
    members: dict[int, set[int]] = defaultdict(set)
    for arena_id, organisation_id in Arena.members.through.objects.filter(
        arena_id__in=set(arena_of.values()), organisation__network=network
    ).values_list("arena_id", "organisation_id"):
        members[arena_id].add(organisation_id)
    authorised: dict[int, set[int]] = defaultdict(set)
    for meeting_id, organisation_id in Attendance.objects.filter(
        meeting__in=ids, is_guest=False, with_authority=True, organisation__isnull=False
    ).values_list("meeting_id", "organisation_id"):
        authorised[meeting_id].add(organisation_id)
    result = Meetings(held=len(meetings))
    zone = ZoneInfo(network.time_zone)
    for meeting in meetings:
        expected = members[arena_of[meeting.pk]]
        present = len(authorised[meeting.pk] & expected)
        result.authorised += present
        result.seats += len(expected)
        if meeting.is_public or not public:
            result.lines.append(
                MeetingLine(
                    title=meeting.title,
                    day=meeting.starts_at.astimezone(zone).date(),
                    arena=names[meeting.pk],
                    authorised=present,
                    members=len(expected),
                )
            )
    return result


def _decisions(network: Network, year: int, user: Any, public: bool) -> Decisions:
    """The decisions of the network's register numbered in the year."""
    rows = list(
        _scoped(Decision, user, network, public)
        .filter(year=year)
        .select_related("meeting")
        .order_by("number")
    )
    zone = ZoneInfo(network.time_zone)
    return Decisions(
        count=len(rows),
        binding=sum(1 for d in rows if d.binding),
        lines=[
            DecisionLine(
                reference=d.reference,
                topic=d.topic,
                text=d.text,
                binding=d.binding,
                meeting=d.meeting.title,
                day=d.meeting.starts_at.astimezone(zone).date(),
            )
            for d in rows
            if d.meeting.is_public or not public
        ],
    )


def _contributions(
    network: Network, year: int, user: Any, public: bool, record: AnnualReport | None
) -> Contributions | None:
    """The year's contributions as the report's setting says (none without a report). In the
    plan's currency, else the most used one; lines in other currencies are left out."""
    display = record.contributions if record else ContributionDisplay.NONE
    if display == ContributionDisplay.NONE:
        return None
    lines = list(
        _scoped(Contribution, user, network, public)
        .filter(year=year)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id", "pk")
    )
    currencies = Counter(line.currency for line in lines)
    currency = currencies.most_common(1)[0][0] if currencies else "EUR"
    totals = ContributionRow(organisation="")
    rows: dict[int, ContributionRow] = {}
    pledged = ZERO
    for line in lines:
        if line.currency != currency:
            continue
        if line.status == ContributionStatus.PLEDGED:
            pledged += line.value
            continue
        row = rows.setdefault(
            line.organisation_id, ContributionRow(organisation=line.organisation.name)
        )
        for target in (row, totals):
            if line.kind == ContributionKind.MONEY:
                target.money += line.value
            elif line.kind == ContributionKind.STAFF_HOURS:
                target.hours += line.hours or ZERO
                target.staff_value += line.value
            else:
                target.in_kind += line.value
    shown: list[ContributionRow] = []
    if display == ContributionDisplay.PER_MEMBER:
        by_id = {line.organisation_id: line.organisation for line in lines}
        shown = [
            row
            for pk, row in rows.items()
            if public or network_permissions.can_see_budget(user, network, by_id[pk])
        ]
    return Contributions(
        display=display,
        currency=currency,
        totals=totals,
        members=len(rows),
        rows=shown,
        pledged=pledged,
    )


# --- PDF ---------------------------------------------------------------------------------------


def render_annual_report_pdf(report: AnnualReportData) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1: headings and tables tagged, page numbers, the
    network's logo, the charts as SVG), in the active language and the network's time zone.
    Nothing is fetched while rendering (only embedded resources)."""
    from weasyprint import HTML

    from samverk.meetings.pdf import EmbeddedOnlyFetcher, logo_data_uri

    network = report.network
    report.logo = logo_data_uri(network)
    with timezone.override(network.time_zone):
        html = render_to_string(
            "projects/annual_report_pdf.html", {"network": network, "report": report}
        )
    document = HTML(string=html, url_fetcher=EmbeddedOnlyFetcher())
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


def pdf_filename(report: AnnualReportData) -> str:
    return f"annual-report-{report.network.slug}-{report.year}.pdf"


__all__ = [
    "AnnualReportData",
    "ContributionRow",
    "Contributions",
    "DecisionLine",
    "Decisions",
    "MeetingLine",
    "Meetings",
    "ProjectLine",
    "build_annual_report",
    "pdf_filename",
    "render_annual_report_pdf",
]
