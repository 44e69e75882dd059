"""``make bench``: how samverk's pages behave as a network grows.

For networks of 10, 500 and 5,000 organisations (each a member with one person and one
mandate), every registered page is requested by the network's coordinator: the median render
time over repeated requests (after warm-ups), the number of queries and the size of the page
are printed as a table and written to ``var/bench/results.json``. A query count that changes
with the size of the network is marked ``!`` (an N+1).

This reports; it is not a timed test and never fails on a slow page. It runs on a throwaway
SQLite database in a temporary directory, whatever DATABASE_URL says.

    python -m tests.bench                      # everything (about a minute)
    python -m tests.bench --sizes 10,500 --repeat 5 --pages members

Then the annual report's PDF of a year with 200 projects (``annual_report_case``; alone with
``--pages "annual report"``).

Later issues add their pages with ``@page("name")`` on a function that builds the page's URL
from the Dataset, and their data with ``@dataset_extension`` on a function that adds rows to
each Dataset (use bulk_create).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Django is set up in main(), after the environment is
    from samverk.networks.tests.test_query_counts import Dataset

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench" / "results.json"
SIZES = (10, 500, 5000)
REPEAT, WARMUP = 15, 2

UrlBuilder = Callable[["Dataset"], str]


@dataclass(frozen=True)
class Page:
    name: str
    url: UrlBuilder
    settings: dict[str, Any] | None = None  # overridden while the page is measured


PAGES: list[Page] = []
EXTENSIONS: list[Callable[[Dataset], None]] = []


def page(name: str, **settings: Any) -> Callable[[UrlBuilder], UrlBuilder]:
    """Register a page: the decorated function returns its URL for a Dataset; ``settings``
    are overridden while it is measured."""

    def register(url: UrlBuilder) -> UrlBuilder:
        PAGES.append(Page(name, url, settings or None))
        return url

    return register


def dataset_extension(extend: Callable[[Dataset], None]) -> Callable[[Dataset], None]:
    """Register a function that adds more rows (of a later app) to every Dataset."""
    EXTENSIONS.append(extend)
    return extend


# --- pages -------------------------------------------------------------------------------


@page("dashboard")
def _dashboard(d: Dataset) -> str:
    return d.base


@page("organisations")
def _organisations(d: Dataset) -> str:
    return d.base + "organisations/"


@page("organisations, filtered and sorted")
def _organisations_filtered(d: Dataset) -> str:
    return d.base + "organisations/?q=Organisation&kind=company&sort=-region"


@page("members")
def _members(d: Dataset) -> str:
    return d.base + "members/"


@page("people")
def _people(d: Dataset) -> str:
    return d.base + "people/"


@page("organisation detail")
def _organisation_detail(d: Dataset) -> str:
    return d.base + f"organisations/{d.organisation.pk}/"


@page("people, searched")
def _people_searched(d: Dataset) -> str:
    return d.base + "people/?q=Organisation%201"


@page("search")
def _search(d: Dataset) -> str:
    return d.base + "search/?q=Organisation"


@page("mail delivery")
def _mail(d: Dataset) -> str:
    return d.base + "mail/"


@page("arenas")
def _arenas(d: Dataset) -> str:
    return d.base + "arenas/"


@page("people with access")
def _access(d: Dataset) -> str:
    return d.base + "access/"


@page("history")
def _history(d: Dataset) -> str:
    return d.base + "history/"


@page("meetings")
def _meetings(d: Dataset) -> str:
    return d.base + "meetings/"


@page("meeting detail")
def _meeting_detail(d: Dataset) -> str:
    from samverk.meetings.models import Meeting

    # The latest meeting that has taken place: attendance, decisions, actions, carried over.
    meeting = Meeting.objects.filter(network=d.network, status="closed").latest("starts_at")
    return d.base + f"meetings/{meeting.pk}/"


@page("decisions register")
def _decisions(d: Dataset) -> str:
    return d.base + "meetings/decisions/"


@page("commitment overview")
def _commitment(d: Dataset) -> str:
    return d.base + "meetings/commitment/"


@page("strategy direction (6 goals; 60 at 5,000 organisations)")
def _direction(d: Dataset) -> str:
    from samverk.strategy.models import Direction

    return d.base + f"strategy/{Direction.objects.get(network=d.network).pk}/"


@page("strategy follow-up PDF (6 goals; 60 at 5,000 organisations)")
def _follow_up_pdf(d: Dataset) -> str:
    from samverk.strategy.models import AnnualPlan

    return d.base + f"strategy/plans/{AnnualPlan.objects.get(network=d.network).pk}/follow-up.pdf"


# --- data of later apps ------------------------------------------------------------------

PAST_MEETINGS, AGENDA_ITEMS, DECISIONS_PER_MEETING, ACTIONS_PER_MEETING = 3, 4, 3, 6


@dataset_extension
def _meetings_data(d: Dataset) -> None:
    """Four meetings of the plenary arena (all members): three that have taken place, with
    every member's representative checked in, decisions and actions, and one ahead."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from samverk.core import clock
    from samverk.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
    from samverk.networks.models import Arena, Mandate, Person

    network = d.network
    zone = ZoneInfo(network.time_zone)
    arena = Arena.objects.get(network=network, name="Plenary")
    today = clock.network_today(network)
    starts = [
        dt.datetime.combine(today + dt.timedelta(days=days), dt.time(10), tzinfo=zone)
        for days in (-63, -35, -7, 21)
    ]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            network=network,
            arena=arena,
            title=f"Plenary {i + 1}",
            purpose="Follow up the annual plan.",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            venue="Town hall",
            status="closed" if i < PAST_MEETINGS else "invited",
        )
        for i, start in enumerate(starts)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n + 1, title=f"Item {n + 1}", planned_minutes=20)
        for meeting in meetings
        for n in range(AGENDA_ITEMS)
    )
    people = list(
        Person.objects.filter(organisation__network=network).order_by("pk").only("organisation")
    )
    authorised = set(
        Mandate.objects.filter(membership__network=network, decision_authorised=True).values_list(
            "person_id", flat=True
        )
    )
    past = meetings[:PAST_MEETINGS]
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            organisation_id=person.organisation_id,
            with_authority=person.pk in authorised,
            is_guest=person.pk not in authorised,
        )
        for meeting in past
        for person in people
    )
    numbers: dict[int, int] = {}
    decisions = []
    for meeting in past:
        year = meeting.starts_at.astimezone(zone).year
        for n in range(DECISIONS_PER_MEETING):
            numbers[year] = numbers.get(year, 0) + 1
            decisions.append(
                Decision(
                    network=network,
                    meeting=meeting,
                    year=year,
                    number=numbers[year],
                    text=f"Decision {n + 1} of {meeting.title}.",
                    topic="plan",
                    binding=n != 0,
                )
            )
    decisions = Decision.objects.bulk_create(decisions)
    statuses = ["open", "in_progress", "done", "open", "dropped", "open"]
    ActionItem.objects.bulk_create(
        ActionItem(
            network=network,
            meeting=meeting,
            decision=decisions[m * DECISIONS_PER_MEETING + n % DECISIONS_PER_MEETING],
            title=f"Action {n + 1} of {meeting.title}",
            # Half are overdue (due before today), half still ahead.
            due_date=today + dt.timedelta(days=(-10 if n % 2 else 30) + n),
            status=statuses[n % len(statuses)],
            owner_organisation_id=people[
                (m * ACTIONS_PER_MEETING + n) % len(people)
            ].organisation_id
            if n % 3
            else None,
            owner_person=None if n % 3 else people[(m * ACTIONS_PER_MEETING + n) % len(people)],
        )
        for m, meeting in enumerate(past)
        for n in range(ACTIONS_PER_MEETING)
    )


GOALS_SMALL, GOALS_LARGE, PERIODS = 6, 60, 10


@dataset_extension
def _strategy_data(d: Dataset) -> None:
    """A direction of 6 goals (60 for the largest network), each with a commitment on both
    sides, an indicator with ten yearly approved values and an activity of the year's plan."""
    import datetime as dt
    from decimal import Decimal

    from samverk.strategy.models import (
        AnnualPlan,
        Commitment,
        Direction,
        Goal,
        Indicator,
        Measurement,
        PlanActivity,
    )

    goals_count = GOALS_LARGE if d.size >= 5000 else GOALS_SMALL
    direction = Direction.objects.create(
        network=d.network, title="Inriktning", start_year=2015, end_year=2015 + PERIODS - 1
    )
    goals = Goal.objects.bulk_create(
        Goal(direction=direction, position=n + 1, title=f"Goal {n + 1}") for n in range(goals_count)
    )
    Commitment.objects.bulk_create(
        Commitment(goal=goal, side=side, text=f"{side} commitment of {goal.title}")
        for goal in goals
        for side in ("network", "members")
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            goal=goal,
            name=f"Indicator of {goal.title}",
            unit="percent",
            desired="at_most",
            baseline_value=Decimal(20),
            baseline_date=dt.date(2015, 1, 1),
            target_value=Decimal(10),
            target_date=dt.date(2015 + PERIODS - 1, 12, 31),
        )
        for goal in goals
    )
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            period_end=dt.date(2015 + year, 12, 31),
            value=Decimal(20) - Decimal(year),
            status="approved",
        )
        for indicator in indicators
        for year in range(PERIODS)
    )
    plan = AnnualPlan.objects.create(network=d.network, year=2020, direction=direction)
    PlanActivity.objects.bulk_create(
        PlanActivity(plan=plan, goal=goal, title=f"Activity of {goal.title}", budget=Decimal(1000))
        for goal in goals
    )


@page("projects (a project per 10 organisations)")
def _projects(d: Dataset) -> str:
    return d.base + "projects/"


@page("project (5 partners, key figures, milestones)")
def _project(d: Dataset) -> str:
    from samverk.projects.models import Project

    project = Project.objects.filter(network=d.network).first()
    assert project is not None
    return d.base + f"projects/{project.pk}/"


# The portal's pages as rendered (its page cache off), for anyone without login.
@page("portal: projects (public, 24 per page)", SAMVERK_PAGE_CACHE_SECONDS=0)
def _portal_projects(d: Dataset) -> str:
    return f"/p/{d.network.slug}/projects/"


@page("portal: a project (public)", SAMVERK_PAGE_CACHE_SECONDS=0)
def _portal_project(d: Dataset) -> str:
    from samverk.projects.models import Project

    project = Project.objects.filter(network=d.network, is_public=True).first()
    assert project is not None
    return f"/p/{d.network.slug}/projects/{project.pk}/"


@dataset_extension
def _projects_data(d: Dataset) -> None:
    """A project per ten organisations, each with five partners, key figures and milestones."""
    import datetime as dt
    from decimal import Decimal

    from samverk.networks.models import Organisation
    from samverk.projects.models import KeyFigure, Milestone, Project, ProjectPartner

    organisations = list(Organisation.objects.filter(network=d.network).order_by("pk")[:5])
    projects = Project.objects.bulk_create(
        Project(
            network=d.network,
            title=f"Project {n}",
            status="running",
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            carrier=organisations[0] if organisations else None,
            is_public=n % 2 == 0,  # half of them on the portal
        )
        for n in range(max(1, d.size // 10))
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, organisation=organisation, role="partner")
        for project in projects
        for organisation in organisations
    )
    KeyFigure.objects.bulk_create(
        KeyFigure(
            project=project,
            label=f"Figure {n}",
            value=Decimal(300),
            unit="visitors",
            on=dt.date(2025, 1, 4),
        )
        for project in projects
        for n in range(5)
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, title=f"Milestone {n}", planned_on=dt.date(2025, n + 1, 1))
        for project in projects
        for n in range(5)
    )


# --- job offers and events ----------------------------------------------------------------


@page("job offers (an offer per 5 organisations, 50 per page)")
def _job_offers(d: Dataset) -> str:
    return d.base + "jobs/"


@page("job offer (published, ISCO-08 chain, history)")
def _job_offer(d: Dataset) -> str:
    from samverk.jobs.models import JobOffer

    offer = JobOffer.objects.filter(network=d.network, status="published").first()
    assert offer is not None
    return d.base + f"jobs/{offer.pk}/"


@page("events (an event per 50 organisations)")
def _events(d: Dataset) -> str:
    return d.base + "events/"


@page("event (5 sites, 4 sessions each, registrations per 5 organisations)")
def _event(d: Dataset) -> str:
    from samverk.events.models import Event

    event = Event.objects.filter(network=d.network).order_by("pk").first()
    assert event is not None
    return d.base + f"events/{event.pk}/"


@dataset_extension
def _jobs_data(d: Dataset) -> None:
    """An offer per five organisations (at least five), of the first organisations: mostly
    published, some submitted and drafts, each with two target groups."""
    import datetime as dt

    from samverk.classifications.models import IscoGroup
    from samverk.core import clock
    from samverk.jobs.models import JobOffer, JobOfferTargetGroup
    from samverk.networks.models import Organisation

    parent = None
    for code, label in [
        ("7", "Craft and related trades workers"),
        ("72", "Metal, machinery and related trades workers"),
        ("721", "Sheet and structural metal workers, moulders and welders"),
        ("7212", "Welders and flamecutters"),
    ]:
        parent, _created = IscoGroup.objects.get_or_create(
            code=code, defaults={"level": len(code), "label": label, "parent": parent}
        )
    assert parent is not None
    today = clock.network_today(d.network)
    employers = list(Organisation.objects.filter(network=d.network).order_by("pk")[:20])
    statuses = ["published", "published", "published", "submitted", "draft"]
    offers = JobOffer.objects.bulk_create(
        JobOffer(
            network=d.network,
            employer=employers[n % len(employers)],
            status=statuses[n % len(statuses)],
            title=f"Welder (m/f/d) {n}",
            description="We are looking for **you**.\n\n- permanent\n- full time",
            kind="job",
            isco_group=parent,
            locality="Torgau",
            postal_code="04860",
            date_posted=today - dt.timedelta(days=n % 30)
            if statuses[n % len(statuses)] == "published"
            else None,
            valid_through=today + dt.timedelta(days=30 + n % 60),
            apply_email="jobs@example.org",
            created_by=d.company_contact,
        )
        for n in range(max(5, d.size // 5))
    )
    JobOfferTargetGroup.objects.bulk_create(
        JobOfferTargetGroup(offer=offer, group=group)
        for offer in offers
        for group in ("returnees", "commuters")
    )


@dataset_extension
def _events_data(d: Dataset) -> None:
    """An event per 50 organisations (at least two), each at five sites with a keynote and
    three workshops (two speakers each); a registration per five organisations at each site,
    half of them with a workshop."""
    import datetime as dt

    from samverk.events.models import Event, EventSite, Registration, Session
    from samverk.networks.models import Person

    people = list(Person.objects.filter(organisation__network=d.network).order_by("pk")[:10])
    day = dt.datetime(2030, 12, 27, 9, 0, tzinfo=dt.UTC)
    events = Event.objects.bulk_create(
        Event(
            network=d.network,
            title=f"Returnee day {n}",
            kind="returnee_day",
            description="Jobs and advice the day after Christmas.",
            is_public=n % 2 == 0,
            registration_open=True,
        )
        for n in range(max(2, d.size // 50))
    )
    sites = EventSite.objects.bulk_create(
        EventSite(
            event=event,
            name=f"Site {s}",
            venue="Town hall",
            starts_at=day + dt.timedelta(days=365 * e),
            ends_at=day + dt.timedelta(days=365 * e, hours=6),
            capacity=1000,
        )
        for e, event in enumerate(events)
        for s in range(5)
    )
    sessions = Session.objects.bulk_create(
        Session(
            site=site,
            kind="keynote" if n == 0 else "workshop",
            title=f"Session {n}",
            starts_at=site.starts_at + dt.timedelta(hours=n),
            ends_at=site.starts_at + dt.timedelta(hours=n, minutes=50),
            room=f"Room {n}",
            capacity=None if n == 0 else 50,
        )
        for site in sites
        for n in range(4)
    )
    Session.speakers.through.objects.bulk_create(
        Session.speakers.through(session_id=session.pk, person_id=person.pk)
        for n, session in enumerate(sessions)
        for person in people[n % 5 : n % 5 + 2]
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            site=site,
            name=f"Participant {n}",
            email=f"participant{site.pk}-{n}@example.org",
            status="registered" if n % 10 else "waiting",
        )
        for site in sites
        for n in range(max(2, d.size // 5))
    )
    workshop_of = {s.site_id: s for s in sessions if s.kind == "workshop"}
    Registration.workshops.through.objects.bulk_create(
        Registration.workshops.through(registration_id=r.pk, session_id=workshop_of[r.site_id].pk)
        for n, r in enumerate(registrations)
        if n % 2 == 0
    )


# --- the annual report of 200 projects --------------------------------------------------------

REPORT_PROJECTS, REPORT_FIGURES, REPORT_YEAR, REPORT_REPEAT = 200, 3, 2020, 3


def annual_report_case(repeat: int = REPORT_REPEAT) -> Result:
    """The annual report's PDF (``projects/report/<year>/report.pdf``) of a year with 200
    projects, each with three key figures and a focus area, besides the year's plan of the
    strategy data (6 goals: activities, indicators with their charts) and contributions of
    every member shown per member; built on a network of 10 organisations with every app's
    data. The issue asks for under 10 s."""
    import datetime as dt
    from decimal import Decimal

    from samverk.networks.models import Organisation
    from samverk.networks.tests.test_query_counts import build_network
    from samverk.projects.models import AnnualReport, FocusArea, KeyFigure, Project
    from samverk.strategy.models import Contribution

    dataset = build_network(10, slug="bench-annual-report")
    for extend in EXTENSIONS:
        extend(dataset)
    network = dataset.network
    area = FocusArea.objects.create(network=network, name="Fachkräfte")
    projects = Project.objects.bulk_create(
        Project(
            network=network,
            title=f"Project of {REPORT_YEAR} no. {n}",
            status="completed",
            starts_on=dt.date(REPORT_YEAR, 1, 1),
            ends_on=dt.date(REPORT_YEAR, 12, 31),
            summary="A project of the year with its key figures.",
        )
        for n in range(REPORT_PROJECTS)
    )
    Project.focus_areas.through.objects.bulk_create(
        Project.focus_areas.through(project_id=p.pk, focusarea_id=area.pk) for p in projects
    )
    KeyFigure.objects.bulk_create(
        KeyFigure(
            project=project,
            label=f"Figure {n}",
            value=Decimal(1234 + n),
            unit="participants",
            on=dt.date(REPORT_YEAR, 11, 30),
        )
        for project in projects
        for n in range(REPORT_FIGURES)
    )
    Contribution.objects.bulk_create(
        Contribution(
            network=network, organisation=organisation, year=REPORT_YEAR, kind="money", value=500
        )
        for organisation in Organisation.objects.filter(network=network)
    )
    AnnualReport.objects.create(
        network=network,
        year=REPORT_YEAR,
        foreword="A year of projects.",
        outlook="More next year.",
        contributions="per_member",
        is_public=True,
    )
    page = Page(
        f"annual report PDF ({REPORT_PROJECTS} projects, {REPORT_FIGURES} key figures each)",
        lambda d: d.base + f"projects/report/{REPORT_YEAR}/report.pdf",
    )
    return measure(dataset, page, repeat, warmup=1)


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Result:
    page: str
    size: int
    median_ms: float
    min_ms: float
    queries: int
    bytes: int


def measure(dataset: Dataset, target: Page, repeat: int, warmup: int) -> Result:
    from django.test.utils import override_settings

    with override_settings(**(target.settings or {})):
        return _measure(dataset, target, repeat, warmup)


def _measure(dataset: Dataset, target: Page, repeat: int, warmup: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(dataset.coordinator)
    url = target.url(dataset)
    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # now: the log is cleared at the start of the next request
    if response.status_code != 200:
        raise SystemExit(f"{target.name}: GET {url} answered {response.status_code}")
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Result(
        page=target.name,
        size=dataset.size,
        median_ms=round(statistics.median(timings), 2),
        min_ms=round(min(timings), 2),
        queries=query_count,
        bytes=len(response.content),
    )


def table(results: list[Result], sizes: list[int]) -> str:
    by_key = {(r.page, r.size): r for r in results}
    names = list(dict.fromkeys(r.page for r in results))
    width = max(len(n) for n in [*names, "page"])
    cell = 26
    lines = [
        f"{'page':<{width}}" + "".join(f"{f'{size:,} organisations':>{cell}}" for size in sizes),
        f"{'':<{width}}" + f"{'median ms  queries    kB':>{cell}}" * len(sizes),
    ]
    for name in names:
        row = [by_key[(name, size)] for size in sizes]
        changes = len({r.queries for r in row}) > 1
        cells = "".join(
            f"{r.median_ms:>{cell - 17}.1f}  {r.queries:>6}{'!' if changes else ' '}"
            f"  {r.bytes / 1024:>6.0f}"
            for r in row
        )
        lines.append(f"{name:<{width}}{cells}")
    return "\n".join(lines)


def meeting_page_summary(results: list[Result]) -> str:
    """The meeting page (a meeting of the plenary, every member checked in) by arena size:
    the issue's measure of how it grows."""
    rows = [r for r in results if r.page == "meeting detail"]
    if not rows:
        return ""
    return "Meeting page of a meeting of all members: " + "; ".join(
        f"{r.size:,} members {r.bytes / 1024:,.0f} kB in {r.median_ms:,.0f} ms" for r in rows
    )


# --- running -----------------------------------------------------------------------------


def _setup_django(directory: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    os.environ["SAMVERK_HOME"] = directory
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def run(sizes: list[int], repeat: int, warmup: int, only: str | None) -> list[Result]:
    from samverk.networks.tests.test_query_counts import build_network

    pages = [p for p in PAGES if only is None or only.lower() in p.name.lower()]
    if not pages:
        raise SystemExit(f"No page matches {only!r}: {', '.join(p.name for p in PAGES)}")
    results = []
    for size in sizes:
        started = time.perf_counter()
        dataset = build_network(size, slug=f"bench-{size}")
        for extend in EXTENSIONS:
            extend(dataset)
        print(
            f"{size:>6,} organisations built in {time.perf_counter() - started:.1f} s", flush=True
        )
        for target in pages:
            results.append(measure(dataset, target, repeat, warmup))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description="How samverk's pages behave as a network grows."
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="e.g. 10,500,5000")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="untimed requests first")
    parser.add_argument("--pages", default=None, help="only pages whose name contains this")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON goes")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="samverk-bench-") as directory:
        _setup_django(directory)
        only_report = args.pages is not None and args.pages.lower() in "annual report pdf"
        results = [] if only_report else run(sizes, args.repeat, args.warmup, args.pages)
        report_case = annual_report_case() if args.pages is None or only_report else None
        import django

        report: dict[str, Any] = {
            "generated": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": "sqlite (throwaway)",
            "python": platform.python_version(),
            "django": django.get_version(),
            "sizes": sizes,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "results": [asdict(r) for r in results],
            "annual_report": asdict(report_case) if report_case else None,
        }
    print()
    if results:
        print(table(results, sizes))
        print(
            f"\nMedian of {args.repeat} requests after {args.warmup} warm-ups, as the "
            "network's coordinator; ! marks a query count that grows with the network."
        )
        print(meeting_page_summary(results))
    if report_case is not None:
        print(
            f"{report_case.page}: {report_case.median_ms / 1000:.1f} s "
            f"(median of {REPORT_REPEAT}; {report_case.queries} queries, "
            f"{report_case.bytes / 1024:,.0f} kB)"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {args.output} in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main(sys.argv[1:])
