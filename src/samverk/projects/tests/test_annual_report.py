"""The annual report (issue 10): assembled from the data with exact figures, the public
version leaving out what the network does not publish, the PDF's text (read with pdftotext),
who may read and write it, constant queries, and the form's field errors. Every date is fixed:
nothing depends on the day the tests run."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord
from samverk.meetings.models import Attendance
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory, at
from samverk.networks.tests.factories import (
    ArenaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.projects import annual_report
from samverk.projects.annual_report import build_annual_report, render_annual_report_pdf
from samverk.projects.models import AnnualReport
from samverk.projects.tests.factories import FocusAreaFactory, KeyFigureFactory, ProjectFactory
from samverk.strategy.models import AnnualPlan, Contribution, IncomeLine, PlanActivity
from samverk.strategy.tests.factories import (
    DirectionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
)
from tests.tools import executable

pytestmark = pytest.mark.django_db

YEAR = 2026
READERS = [
    RoleKind.COORDINATOR,
    RoleKind.PARTNER_REPRESENTATIVE,
    RoleKind.COMPANY_CONTACT,
    RoleKind.OBSERVER,
]


@pytest.fixture
def pdf_text() -> Callable[[bytes], str]:
    pdftotext = executable("pdftotext", "pdftotext (poppler-utils)")

    def read(data: bytes) -> str:
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        )
        return " ".join(result.stdout.decode("utf-8").split())

    return read


def pdf_info(data: bytes) -> str:
    pdfinfo = executable("pdfinfo", "pdfinfo (poppler-utils)")
    return subprocess.run(
        [pdfinfo, "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")


@pytest.fixture
def network():
    """Nordsachsen in 2026: an adopted plan with its theme, two activities (one done), a public
    and an internal indicator, three projects (two public), four meetings (two held in the
    year), four decisions (three of 2026), the members' contributions and the report's texts."""
    network = NetworkFactory.create(
        slug="nordsachsen", name="Fachkräfteallianz Nordsachsen", time_zone="Europe/Berlin"
    )
    wfg = OrganisationFactory.create(network=network, name="WFG Nordsachsen")
    ihk = OrganisationFactory.create(network=network, name="IHK Leipzig")
    MembershipFactory.create(organisation=wfg)
    MembershipFactory.create(organisation=ihk)
    anna = PersonFactory.create(organisation=wfg, name="Anna Berg", email="anna@wfg.test")
    bo = PersonFactory.create(organisation=ihk, name="Bo Lind", email="bo@ihk.test")

    direction = DirectionFactory.create(network=network, start_year=2024, end_year=2027)
    goal = GoalFactory.create(direction=direction, title="Berufsorientierung stärken")
    shown = IndicatorFactory.create(
        goal=goal,
        name="Ausbildungsabbrüche",
        baseline_value=Decimal(14),
        baseline_date=dt.date(2024, 1, 1),
        target_value=Decimal(10),
        target_date=dt.date(2027, 12, 31),
        is_public=True,
    )
    MeasurementFactory.create(indicator=shown, period_end=dt.date(2025, 12, 31), value=13)
    MeasurementFactory.create(
        indicator=shown, period_end=dt.date(2026, 12, 31), value=Decimal("12.5")
    )
    MeasurementFactory.create(
        indicator=shown, period_end=dt.date(2026, 6, 30), value=9, status="draft"
    )
    hidden = IndicatorFactory.create(
        goal=goal,
        name="Interne Kennzahl",
        baseline_date=dt.date(2024, 1, 1),
        target_date=dt.date(2027, 12, 31),
    )
    MeasurementFactory.create(indicator=hidden, period_end=dt.date(2026, 12, 31), value=11)
    plan = AnnualPlan.objects.create(
        network=network,
        year=YEAR,
        direction=direction,
        theme="Fachkräfte von morgen",
        status="adopted",
    )
    PlanActivity.objects.create(
        plan=plan, goal=goal, title="Rückkehrertag", budget=1000, status="done", spent=800
    )
    PlanActivity.objects.create(plan=plan, goal=goal, title="MINT-Camp", budget=500)
    IncomeLine.objects.create(plan=plan, kind="grant", label="Landkreis", amount=2000)

    area = FocusAreaFactory.create(network=network, name="Rückkehr")
    rueckkehr = ProjectFactory.create(
        network=network,
        title="Nordsächsischer Rückkehrertag",
        carrier=wfg,
        contact=anna,
        is_public=True,
        public_fields=["carrier", "key_figures", "focus_areas"],
        summary="Intern: nur für das Netzwerk.",
    )
    rueckkehr.focus_areas.set([area])
    KeyFigureFactory.create(
        project=rueckkehr, label="Besuchende", value=300, unit="Besuchende", on=dt.date(2026, 5, 2)
    )
    KeyFigureFactory.create(
        project=rueckkehr, label="Besuchende", value=250, unit="Besuchende", on=dt.date(2025, 5, 2)
    )
    KeyFigureFactory.create(
        project=rueckkehr,
        label="Stellenangebote",
        value=229,
        unit="Stellenangebote",
        on=dt.date(2026, 5, 2),
    )
    KeyFigureFactory.create(
        project=rueckkehr, label="Besuchende", value=999, unit="Besuchende", on=dt.date(2027, 5, 2)
    )
    campaign = ProjectFactory.create(
        network=network, title="Imagekampagne", is_public=True, public_fields=["summary"]
    )
    KeyFigureFactory.create(
        project=campaign, label="Sichtkontakte", value=1_000_000, unit="Sichtkontakte"
    )
    internal = ProjectFactory.create(network=network, title="Interner Pilot")
    KeyFigureFactory.create(project=internal, label="Betriebe", value=42, unit="Betriebe")
    ProjectFactory.create(
        network=network,
        title="Projekt von 2020",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2020, 12, 31),
    )

    plenum = ArenaFactory.create(network=network, name="Plenum")
    plenum.members.set([wfg, ihk])
    spring = MeetingFactory.create(
        arena=plenum,
        title="Frühjahrssitzung",
        starts_at=at(dt.date(2026, 3, 10)),
        ends_at=at(dt.date(2026, 3, 10), 12),
        status="closed",
        is_public=True,
    )
    autumn = MeetingFactory.create(
        arena=plenum,
        title="Herbstsitzung",
        starts_at=at(dt.date(2026, 9, 15)),
        ends_at=at(dt.date(2026, 9, 15), 12),
        status="minutes_approved",
    )
    MeetingFactory.create(
        arena=plenum,
        title="Abgesagte Sitzung",
        starts_at=at(dt.date(2026, 11, 20)),
        ends_at=at(dt.date(2026, 11, 20), 12),
        status="cancelled",
    )
    last_year = MeetingFactory.create(
        arena=plenum,
        title="Wintersitzung 2025",
        starts_at=at(dt.date(2025, 12, 1)),
        ends_at=at(dt.date(2025, 12, 1), 12),
        status="closed",
    )
    for meeting, person, organisation in [
        (spring, anna, wfg),
        (autumn, anna, wfg),
        (autumn, bo, ihk),
        (last_year, bo, ihk),
    ]:
        Attendance.objects.create(
            meeting=meeting, person=person, organisation=organisation, with_authority=True
        )
    Attendance.objects.create(meeting=spring, guest_name="Gast Gustav", is_guest=True)
    DecisionFactory.create(meeting=spring, year=2026, number=1, text="Jahresplan 2026 beschlossen")
    DecisionFactory.create(meeting=autumn, year=2026, number=2, text="Rückkehrertag in Torgau")
    DecisionFactory.create(
        meeting=autumn, year=2026, number=3, text="Empfehlung zur Messe", binding=False
    )
    DecisionFactory.create(meeting=last_year, year=2025, number=9, text="Alter Beschluss")

    for organisation, kind, status, value, hours in [
        (wfg, "money", "contributed", 1000, None),
        (ihk, "staff_hours", "contributed", 450, 10),
        (ihk, "in_kind", "contributed", 250, None),
        (wfg, "money", "pledged", 300, None),
    ]:
        Contribution.objects.create(
            network=network,
            organisation=organisation,
            year=YEAR,
            kind=kind,
            status=status,
            value=value,
            hours=hours,
        )
    Contribution.objects.create(
        network=network, organisation=wfg, year=2025, kind="money", value=5000
    )
    AnnualReport.objects.create(
        network=network,
        year=YEAR,
        foreword="Ein **gutes** Jahr für die Allianz.",
        theme_text="Wir haben junge Menschen erreicht.",
        outlook="2027 wollen wir mehr Betriebe gewinnen.",
        contributions="per_member",
        is_public=True,
    )
    return network


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


def test_the_report_assembles_the_years_figures(network):
    report = build_annual_report(network, YEAR, user=coordinator(network))

    assert report.theme == "Fachkräfte von morgen"
    assert report.foreword.startswith("Ein **gutes** Jahr")
    follow_up = report.follow_up
    assert follow_up is not None
    assert (follow_up.planned, follow_up.spent, follow_up.income) == (1500, 800, 2000)
    assert (follow_up.done, len(follow_up.activities)) == (1, 2)
    indicators = {line.indicator.name: line for line in report.indicators}
    assert set(indicators) == {"Ausbildungsabbrüche", "Interne Kennzahl"}
    latest = indicators["Ausbildungsabbrüche"].latest
    assert latest == (dt.date(2026, 12, 31), Decimal("12.50"))  # the draft does not count
    assert indicators["Ausbildungsabbrüche"].chart  # an SVG drawn by vl-convert
    assert [p.title for p in report.projects] == [
        "Imagekampagne",
        "Interner Pilot",
        "Nordsächsischer Rückkehrertag",
    ]
    rueckkehr = report.projects[-1]
    # the latest figure of each thing counted by the year's end (not 2027's)
    assert [(f.label, f.value) for f in rueckkehr.figures] == [
        ("Besuchende", 300),
        ("Stellenangebote", 229),
    ]
    assert rueckkehr.carrier == "WFG Nordsachsen" and rueckkehr.focus_areas == ["Rückkehr"]
    assert report.project_counts == [("running", 3)]
    meetings = report.meetings
    assert (meetings.held, meetings.authorised, meetings.seats) == (2, 3, 4)
    assert meetings.authority_percent == 75
    assert [(m.title, m.authorised, m.members) for m in meetings.lines] == [
        ("Frühjahrssitzung", 1, 2),
        ("Herbstsitzung", 2, 2),
    ]
    decisions = report.decisions
    assert (decisions.count, decisions.binding, decisions.recommendations) == (3, 2, 1)
    assert [d.reference for d in decisions.lines] == ["2026/01", "2026/02", "2026/03"]
    contributions = report.contributions
    assert contributions is not None
    assert (contributions.totals.money, contributions.totals.hours) == (1000, 10)
    assert (contributions.totals.staff_value, contributions.totals.in_kind) == (450, 250)
    assert (contributions.totals.total, contributions.pledged, contributions.members) == (
        1700,
        300,
        2,
    )
    assert [(r.organisation, r.total) for r in contributions.rows] == [
        ("IHK Leipzig", 700),
        ("WFG Nordsachsen", 1000),
    ]
    assert not report.is_empty


def test_the_public_report_leaves_out_what_is_not_published(network):
    report = build_annual_report(network, YEAR, public=True)

    assert [p.title for p in report.projects] == [
        "Imagekampagne",
        "Nordsächsischer Rückkehrertag",
    ]
    campaign, rueckkehr = report.projects
    assert campaign.figures == [] and campaign.carrier == ""  # key figures are not public
    assert campaign.url == "" and rueckkehr.url == ""
    assert [f.value for f in rueckkehr.figures] == [300, 229]
    assert rueckkehr.summary == ""  # not a public part of this project
    assert [line.indicator.name for line in report.indicators] == ["Ausbildungsabbrüche"]
    assert (report.meetings.held, report.meetings.authority_percent) == (2, 75)
    assert [m.title for m in report.meetings.lines] == ["Frühjahrssitzung"]  # the public one
    assert report.decisions.count == 3
    assert [d.reference for d in report.decisions.lines] == ["2026/01"]
    assert report.contributions is not None and len(report.contributions.rows) == 2

    html = render_to_string("projects/annual_report_body.html", {"report": report})
    for secret in (
        "Interner Pilot",
        "Interne Kennzahl",
        "Herbstsitzung",
        "Rückkehrertag in Torgau",
        "Anna Berg",
        "Bo Lind",
        "Gast Gustav",
        "anna@wfg.test",
        "Intern:",
        "1,000,000",
        "/projects/",
    ):
        assert secret not in html, secret
    assert "Nordsächsischer Rückkehrertag" in html and "Ein <strong>gutes</strong> Jahr" in html


def test_the_public_report_shows_contributions_as_the_network_chooses(network):
    record = AnnualReport.objects.get(network=network, year=YEAR)
    record.contributions = "totals"
    record.save()
    totals = build_annual_report(network, YEAR, public=True).contributions
    assert totals is not None and totals.rows == [] and totals.totals.total == 1700

    record.contributions = "none"
    record.save()
    assert build_annual_report(network, YEAR, public=True).contributions is None

    record.is_public = False
    record.save()
    unpublished = build_annual_report(network, YEAR, public=True)
    assert unpublished.record is None and unpublished.foreword == ""


def test_the_plan_is_public_only_with_a_published_report(network):
    assert build_annual_report(network, YEAR, public=True).plan is not None
    AnnualReport.objects.filter(network=network).update(is_public=False)

    report = build_annual_report(network, YEAR, public=True)

    assert report.plan is None and report.follow_up is None and report.indicators == []
    assert report.contributions is None and report.foreword == ""
    assert [p.title for p in report.projects] == [
        "Imagekampagne",
        "Nordsächsischer Rückkehrertag",
    ]
    assert build_annual_report(network, YEAR, user=coordinator(network)).plan is not None


def test_members_see_other_members_contributions_only_as_the_network_shares_budgets(network):
    observer = user_with_role(network, RoleKind.OBSERVER)

    report = build_annual_report(network, YEAR, user=observer)
    assert report.contributions is not None
    assert report.contributions.rows == [] and report.contributions.totals.total == 1700

    network.share_member_budgets = True
    network.save()
    shared = build_annual_report(network, YEAR, user=observer).contributions
    assert shared is not None and len(shared.rows) == 2


def test_the_pdf_carries_the_figures(network, pdf_text):
    response = client_for(coordinator(network)).get(
        f"/n/nordsachsen/projects/report/{YEAR}/report.pdf"
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "annual-report-nordsachsen-2026.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert "Tagged: yes" in " ".join(
        pdf_info(response.content).split()
    )  # headings and tables tagged (PDF/UA-1)
    text = pdf_text(response.content)
    for expected in (
        "Fachkräfteallianz Nordsachsen",
        "Annual report 2026",
        "Annual theme: Fachkräfte von morgen",
        "Ein gutes Jahr für die Allianz.",
        "1 of 2 planned activities done.",
        "1,500.00 EUR",
        "800.00 EUR",
        "2,000.00 EUR",
        "Ausbildungsabbrüche",
        "12.5",
        "3 projects in the year",
        "Nordsächsischer Rückkehrertag",
        "Besuchende 300 Besuchende",
        "Stellenangebote 229 Stellenangebote",
        "1,000,000 Sichtkontakte",
        "2 meetings held.",
        "Attendance with authority: 75 % (3 of 4 members",
        "3 decisions in the register (2 binding, 1 recommendations).",
        "2 members contributed 1,700.00 EUR",
        "Pledged and not yet contributed: 300.00 EUR.",
        "2027 wollen wir mehr Betriebe gewinnen.",
    ):
        assert expected in text, expected
    assert re.search(r"\b1 ?/ ?[1-9]\b", text)  # page numbers
    assert "Anna Berg" not in text and "Gast Gustav" not in text


def test_the_public_pdf_carries_only_public_figures(network, pdf_text):
    text = pdf_text(render_annual_report_pdf(build_annual_report(network, YEAR, public=True)))

    assert "Besuchende 300 Besuchende" in text and "Attendance with authority: 75 %" in text
    assert "Interner Pilot" not in text and "1,000,000" not in text
    assert "Interne Kennzahl" not in text and "Herbstsitzung" not in text


def urls(year: int = YEAR) -> dict[str, str]:
    base = "/n/nordsachsen/projects/report/"
    return {
        "index": base,
        "page": f"{base}{year}/",
        "pdf": f"{base}{year}/report.pdf",
        "edit": f"{base}{year}/edit/",
        "new": f"{base}new/",
    }


READ = {"index", "page", "pdf"}


@pytest.mark.parametrize("role", [*READERS, "admin", "other_network", "anonymous"])
def test_permission_matrix(network, role):
    if role == "anonymous":
        user = None
    elif role == "admin":
        user = UserFactory.create(is_superuser=True, is_staff=True)
    elif role == "other_network":
        user = user_with_role(NetworkFactory.create(slug="elsewhere"), RoleKind.COORDINATOR)
    else:
        user = user_with_role(network, role)
    client = client_for(user)

    for name, url in urls().items():
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, name  # to the login page
        elif role == "other_network":
            assert status == 404, name
        elif name == "index":
            assert status == 302, name  # to the latest report's year
        elif role in (RoleKind.COORDINATOR, "admin") or name in READ:
            assert status == 200, name
        else:
            assert status == 403, name
    if role not in ("anonymous", "other_network", RoleKind.COORDINATOR, "admin"):
        refused = client.post(urls()["edit"], {"foreword": "Gekapert", "contributions": "none"})
        assert refused.status_code == 403
        assert AnnualReport.objects.get(year=YEAR).foreword.startswith("Ein")


def test_the_page_shows_the_report_and_coordinators_get_the_edit_link(network, settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    page = client_for(user_with_role(network, RoleKind.OBSERVER)).get(urls()["page"])
    html = page.content.decode()

    assert page.status_code == 200
    assert "<h1>Annual report 2026</h1>" in html
    assert '<h2 id="ar-projects">Projects</h2>' in html
    assert '<th scope="row">Besuchende</th>' in html
    assert "Interner Pilot" in html  # internal projects are in the internal report
    assert "Edit texts and settings" not in html
    assert 'aria-current="page">2026<' in html and ">2025<" not in html

    coordinator_page = client_for(coordinator(network)).get(urls()["page"]).content.decode()
    assert f'href="{urls()["edit"]}"' in coordinator_page


def test_a_year_without_data_shows_an_empty_state(network):
    client = client_for(coordinator(network))

    html = client.get(urls(2031)["page"]).content.decode()

    assert "Nothing to report for 2031 yet" in html
    assert f'href="{urls()["new"]}?year=2031"' in html
    assert client.get(urls(2031)["edit"])["Location"] == f"{urls()['new']}?year=2031"
    assert client.get("/n/nordsachsen/projects/report/3000/").status_code == 404


def test_the_year_selector(network):
    client = client_for(user_with_role(network, RoleKind.OBSERVER))

    assert client.get(urls()["index"])["Location"] == urls()["page"]
    assert client.get(urls()["index"] + "?year=2025")["Location"] == urls(2025)["page"]
    refused = client.get(urls()["index"] + "?year=1800")
    assert refused.status_code == 200
    assert "Ensure this value is greater than or equal to 1900." in refused.content.decode()
    assert client.get(urls()["index"] + "?year=abc").status_code == 200


def test_a_coordinator_writes_and_edits_a_report(network):
    user = coordinator(network)
    client = client_for(user)
    texts = {"foreword": "Vorwort 2025", "theme_text": "", "outlook": "", "contributions": "totals"}

    response = client.post(urls()["new"], {"year": "2025", **texts, "is_public": "on"})

    assert response.status_code == 302 and response["Location"] == urls(2025)["page"]
    created = AnnualReport.objects.get(network=network, year=2025)
    assert (created.foreword, created.contributions, created.is_public) == (
        "Vorwort 2025",
        "totals",
        True,
    )
    assert AuditRecord.objects.for_object(created).filter(action=AuditAction.CREATE).exists()

    client.post(urls(2025)["edit"], {**texts, "outlook": "Ausblick"})
    created.refresh_from_db()
    assert (created.outlook, created.is_public) == ("Ausblick", False)
    assert AuditRecord.objects.for_object(created).filter(action=AuditAction.UPDATE).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "1800"}, "year", "Ensure this value is greater than or equal to 1900."),
        ({"year": "2201"}, "year", "Ensure this value is less than or equal to 2200."),
        ({"year": "zwei"}, "year", "Enter a whole number."),
        ({"year": str(YEAR)}, "year", "The network has an annual report of this year already."),
        ({"year": "2025", "contributions": "all"}, "contributions", "Select a valid choice."),
    ],
)
def test_bad_input_on_the_form_gives_field_errors(network, data, field, message):
    client = client_for(coordinator(network))
    before = AnnualReport.objects.count()

    response = client.post(urls()["new"], {"contributions": "none", **data})

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors.get(field, [])), form.errors
    assert AnnualReport.objects.count() == before


def test_the_report_runs_the_same_queries_for_3_and_30_projects(network):
    user = coordinator(network)

    def add_projects(count: int) -> None:
        areas = [FocusAreaFactory.create(network=network) for _ in range(2)]
        for _ in range(count):
            project = ProjectFactory.create(network=network, is_public=True)
            project.focus_areas.set(areas)
            for _ in range(3):
                KeyFigureFactory.create(project=project, on=dt.date(2026, 3, 1))

    def queries(public: bool) -> int:
        with CaptureQueriesContext(connection) as captured:
            report = (
                build_annual_report(network, YEAR, public=True)
                if public
                else build_annual_report(network, YEAR, user=user)
            )
            render_to_string("projects/annual_report_body.html", {"report": report})
        return len(captured)

    add_projects(3)
    queries(False)  # the user's roles are loaded once (core.roles)
    small = (queries(False), queries(True))
    add_projects(27)
    assert (queries(False), queries(True)) == small


def test_the_filename_and_the_module_exports():
    assert "render_annual_report_pdf" in annual_report.__all__
    assert "build_annual_report" in annual_report.__all__
