"""The project pages for every role, the forms, the filters, the export and constant query
counts."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.projects.models import KeyFigure, Project
from samverk.projects.tests.factories import (
    FocusAreaFactory,
    KeyFigureFactory,
    MilestoneFactory,
    PartnerFactory,
    ProjectFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

READERS = [
    RoleKind.COORDINATOR,
    RoleKind.PARTNER_REPRESENTATIVE,
    RoleKind.COMPANY_CONTACT,
    RoleKind.OBSERVER,
]


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")


@pytest.fixture
def project(network):
    project = ProjectFactory.create(
        network=network,
        title="Nordsächsischer Rückkehrertag",
        short_name="RT",
        problem="Fachkräfte wandern ab.",
        results="300 Besuchende.",
    )
    KeyFigureFactory.create(project=project, label="Besuchende", unit="Personen")
    MilestoneFactory.create(project=project, title="Standorte festgelegt")
    PartnerFactory.create(project=project, role="supporter").organisation.name
    UpdateFactory.create(project=project, title="Standorte stehen fest")
    return project


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def urls(project: Project) -> dict[str, str]:
    base = f"/n/{project.network.slug}/projects/"
    figure = project.key_figures.get()
    partner = project.partners.get()
    milestone = project.milestones.get()
    return {
        "list": base,
        "detail": f"{base}{project.pk}/",
        "export": f"{base}projects.xlsx",
        "card": f"{base}{project.pk}/card.pdf",
        "new": f"{base}new/",
        "focus_area_new": f"{base}focus-areas/new/",
        "edit": f"{base}{project.pk}/edit/",
        "partner_new": f"{base}{project.pk}/partners/new/",
        "figure_new": f"{base}{project.pk}/figures/new/",
        "milestone_new": f"{base}{project.pk}/milestones/new/",
        "update_new": f"{base}{project.pk}/updates/new/",
        "file_new": f"{base}{project.pk}/files/new/",
        "update_edit": f"{base}updates/{project.updates.get().pk}/edit/",
        "figure_edit": f"{base}figures/{figure.pk}/edit/",
        "figure_feed": f"{base}figures/{figure.pk}/indicator/",
        "milestone_edit": f"{base}milestones/{milestone.pk}/edit/",
        "figure_delete": f"{base}figure/{figure.pk}/delete/",
        "partner_delete": f"{base}partner/{partner.pk}/delete/",
    }


READ = {"list", "detail", "export", "card"}


@pytest.mark.parametrize("role", [*READERS, "admin", "other_network", "anonymous"])
def test_permission_matrix(network, project, role):
    if role == "anonymous":
        user = None
    elif role == "admin":
        user = UserFactory.create(is_superuser=True, is_staff=True)
    elif role == "other_network":
        user = user_with_role(NetworkFactory.create(slug="elsewhere"), RoleKind.COORDINATOR)
    else:
        user = user_with_role(network, role)
    client = client_for(user)

    for name, url in urls(project).items():
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, name  # to the login page
        elif role == "other_network":
            assert status == 404, name
        elif role in (RoleKind.COORDINATOR, "admin") or name in READ:
            assert status == 200, name
        else:
            assert status == 403, name


def test_the_project_page_shows_the_card_figures_and_record(network, project):
    page = (
        client_for(user_with_role(network, RoleKind.OBSERVER))
        .get(f"/n/nordsachsen/projects/{project.pk}/")
        .content.decode()
    )

    assert "Nordsächsischer Rückkehrertag" in page and "(RT)" in page
    for heading in ("Problem", "Goals", "Implementation", "Results", "Supported by"):
        assert f"<h3>{heading}</h3>" in page
    assert "Fachkräfte wandern ab." in page
    assert "300 Personen" in page and "Besuchende" in page
    assert "Standorte festgelegt" in page
    assert "Edit" not in page and "Add a key figure" not in page  # an observer only reads


def test_a_coordinator_records_a_project_and_its_key_figure(network):
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    carrier = OrganisationFactory.create(network=network, name="WFG Nordsachsen")
    area = FocusAreaFactory.create(network=network, name="Rückkehr")
    client = client_for(coordinator)

    response = client.post(
        "/n/nordsachsen/projects/new/",
        {
            "title": "MINT",
            "status": "running",
            "starts_on": "2024-01-01",
            "carrier": carrier.pk,
            "focus_areas": [area.pk],
            "problem": "Zu wenige MINT-Fachkräfte.",
        },
    )

    project = Project.objects.get(title="MINT")
    assert (
        response.status_code == 302
        and response["Location"] == f"/n/nordsachsen/projects/{project.pk}/"
    )
    assert (project.carrier, list(project.focus_areas.all())) == (carrier, [area])
    refused = client.post(
        f"/n/nordsachsen/projects/{project.pk}/figures/new/",
        {"label": "Teilnehmende", "value": "800", "unit": " ", "on": "2024-12-31"},
    )
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert not KeyFigure.objects.exists()
    client.post(
        f"/n/nordsachsen/projects/{project.pk}/figures/new/",
        {
            "label": "Teilnehmende",
            "value": "800",
            "unit": "Personen",
            "on": "2024-12-31",
            "source": "entered",
        },
    )
    assert str(KeyFigure.objects.get()) == "Teilnehmende: 800 Personen"


def test_deleting_a_key_figure_asks_first(network, project):
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    figure = project.key_figures.get()
    url = f"/n/nordsachsen/projects/figure/{figure.pk}/delete/"

    assert "Delete this key figure?" in client.get(url).content.decode()
    assert KeyFigure.objects.filter(pk=figure.pk).exists()
    assert client.post(url).status_code == 302
    assert not KeyFigure.objects.filter(pk=figure.pk).exists()


def test_filters_search_and_export(network):
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    area = FocusAreaFactory.create(network=network, name="Pflege")
    member = OrganisationFactory.create(network=network, name="Klinikum")
    old = ProjectFactory.create(
        network=network,
        title="Zukunft bewegen",
        status="completed",
        starts_on=dt.date(2012, 10, 1),
        ends_on=dt.date(2014, 12, 31),
    )
    new = ProjectFactory.create(network=network, title="Pflegenetzwerk", carrier=member)
    new.focus_areas.set([area])
    ProjectFactory.create(network=NetworkFactory.create(slug="elsewhere"), title="Pflege anderswo")
    client = client_for(coordinator)

    def listed(**query) -> list[str]:
        page = client.get("/n/nordsachsen/projects/", query).content.decode()
        return [p.title for p in (old, new) if f"/projects/{p.pk}/" in page]

    assert listed() == ["Zukunft bewegen", "Pflegenetzwerk"]
    assert listed(q="pflege") == ["Pflegenetzwerk"]
    assert listed(status="completed") == ["Zukunft bewegen"]
    assert listed(year="2013") == ["Zukunft bewegen"]
    assert listed(focus=area.pk) == ["Pflegenetzwerk"]
    assert listed(member=member.pk) == ["Pflegenetzwerk"]
    assert "Pflege anderswo" not in client.get("/n/nordsachsen/projects/").content.decode()
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get("/n/nordsachsen/projects/projects.xlsx?status=completed").content)
    ).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["short name", "title", "status"]
    assert [r[1] for r in rows[1:]] == ["Zukunft bewegen"]


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _projects(network, count: int) -> Project:
    area = FocusAreaFactory.create(network=network)
    for _ in range(count):
        project = ProjectFactory.create(network=network)
        project.focus_areas.set([area])
        for _ in range(count):
            KeyFigureFactory.create(project=project)
            MilestoneFactory.create(project=project)
            PartnerFactory.create(project=project)
    return project


def test_the_list_and_a_project_page_run_the_same_queries_at_two_sizes(settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    small_network = NetworkFactory.create(slug="small")
    large_network = NetworkFactory.create(slug="large")
    small = _projects(small_network, 2)
    large = _projects(large_network, 8)
    small_client = client_for(user_with_role(small_network, RoleKind.COORDINATOR))
    large_client = client_for(user_with_role(large_network, RoleKind.COORDINATOR))

    assert _queries(large_client, "/n/large/projects/") == _queries(
        small_client, "/n/small/projects/"
    )
    assert _queries(large_client, f"/n/large/projects/{large.pk}/") == _queries(
        small_client, f"/n/small/projects/{small.pk}/"
    )


def test_the_project_card_prints_on_one_page_with_its_figures(network, project):
    import subprocess

    response = client_for(user_with_role(network, RoleKind.OBSERVER)).get(
        f"/n/nordsachsen/projects/{project.pk}/card.pdf"
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="project-rt.pdf"'
    pages = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Pages:           1" in pages
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split()
    )
    assert "Nordsächsischer Rückkehrertag (RT)" in text
    assert "300 Personen Besuchende" in text
    for heading in ("PROBLEM", "GOALS", "IMPLEMENTATION", "RESULTS", "Supported by"):
        assert heading in text
    assert "Fachkräfte wandern ab." in text and "300 Besuchende." in text


def test_the_project_page_shows_responsibilities_tasks_and_updates(network, project):
    from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory

    member = OrganisationFactory.create(network=network, name="WFG Landkreis Nordsachsen")
    other = OrganisationFactory.create(network=network, name="IHK Leipzig")
    tom = PersonFactory.create(organisation=member, name="Tom Berger")
    ida = PersonFactory.create(organisation=other, name="Ida Krause")
    meeting = MeetingFactory.create(network=network)
    task = ActionItemFactory.create(meeting=meeting, title="Standorte anfragen")
    project.responsible_members.set([member])
    project.responsible_people.set([tom, ida])
    project.tasks.set([task])
    contact_of_wfg = user_with_role(network, RoleKind.COMPANY_CONTACT, organisation=member)

    page = client_for(contact_of_wfg).get(f"/n/nordsachsen/projects/{project.pk}/").content.decode()

    assert "WFG Landkreis Nordsachsen" in page and "Tom Berger" in page
    assert "Ida Krause" not in page and "a person (IHK Leipzig)" in page  # the person rule
    assert f'href="/n/nordsachsen/meetings/{meeting.pk}/#actions">Standorte anfragen</a>' in page
    assert "Standorte stehen fest" in page


def _png(width: int = 4, height: int = 3) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_needs_its_text_alternative_and_is_served_only_to_the_network(
    network, project, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverk.projects.models import ProjectFile

    settings.MEDIA_ROOT = tmp_path
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    client = client_for(coordinator)
    url = f"/n/nordsachsen/projects/{project.pk}/files/new/"

    refused = client.post(url, {"upload": SimpleUploadedFile("hall.png", _png()), "title": "Halle"})
    assert refused.status_code == 200
    assert "Describe what the image shows" in refused.content.decode()
    assert not ProjectFile.objects.exists() and not list(tmp_path.rglob("*.png"))

    fake = client.post(url, {"upload": SimpleUploadedFile("x.png", b"<script>alert(1)</script>")})
    assert "Only images (PNG, JPEG, WebP), PDF files and Office documents" in fake.content.decode()

    saved = client.post(
        url,
        {
            "upload": SimpleUploadedFile("hall.png", _png()),
            "title": "Messehalle",
            "alt_text": "Besuchende an den Ständen in der Messehalle Torgau",
            "credit": "WFG Nordsachsen",
            "consent": "on",
        },
    )
    assert saved.status_code == 302
    image = ProjectFile.objects.get()
    assert (image.is_image, image.content_type, image.consent) == (True, "image/png", True)
    page = client.get(f"/n/nordsachsen/projects/{project.pk}/").content.decode()
    assert f'src="/n/nordsachsen/projects/files/{image.pk}/"' in page
    assert 'alt="Besuchende an den Ständen in der Messehalle Torgau"' in page
    assert "Photo: WFG Nordsachsen" in page
    served = client.get(f"/n/nordsachsen/projects/files/{image.pk}/")
    assert served["Content-Type"] == "image/png" and served.getvalue() == _png()
    stranger = user_with_role(NetworkFactory.create(slug="elsewhere"), RoleKind.COORDINATOR)
    assert client_for(stranger).get(f"/n/nordsachsen/projects/files/{image.pk}/").status_code == 404
    observer = client_for(user_with_role(network, RoleKind.OBSERVER))
    assert observer.get(f"/n/nordsachsen/projects/files/{image.pk}/").status_code == 200
    assert observer.get(f"/n/nordsachsen/projects/files/{image.pk}/edit/").status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(f"/n/nordsachsen/projects/file/{image.pk}/delete/")
    assert deleted.status_code == 302 and not ProjectFile.objects.exists()
    assert not list(tmp_path.rglob("*.png"))  # the stored file went with it


def test_a_document_is_always_a_download(network, project, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverk.projects.models import ProjectFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    client.post(
        f"/n/nordsachsen/projects/{project.pk}/files/new/",
        {
            "upload": SimpleUploadedFile("Vereinbarung.pdf", pdf),
            "title": "Kooperationsvereinbarung",
        },
    )

    document = ProjectFile.objects.get()
    assert (document.is_image, document.content_type) == (False, "application/pdf")
    served = client.get(f"/n/nordsachsen/projects/files/{document.pk}/")
    assert served["Content-Disposition"] == 'attachment; filename="Vereinbarung.pdf"'


def test_a_key_figure_feeds_an_indicator_as_a_draft_value(network, project):
    from decimal import Decimal

    from samverk.strategy.models import Measurement
    from samverk.strategy.tests.factories import DirectionFactory, GoalFactory, IndicatorFactory

    goal = GoalFactory.create(
        direction=DirectionFactory.create(network=network, start_year=2023, end_year=2026)
    )
    indicator = IndicatorFactory.create(
        goal=goal, name="Besuchende des Rückkehrertags", unit="persons", desired="increase"
    )
    old = IndicatorFactory.create(
        goal=GoalFactory.create(
            direction=DirectionFactory.create(network=network, start_year=2015, end_year=2018)
        ),
        unit="persons",
        desired="increase",
    )
    figure = project.key_figures.get()  # 300 Personen as of 2025-01-04
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    client = client_for(coordinator)
    url = f"/n/nordsachsen/projects/figures/{figure.pk}/indicator/"

    refused = client.post(url, {"indicator": old.pk})
    assert refused.status_code == 200
    assert (
        "Choose a date within the direction&#x27;s years (2015–2018)." in refused.content.decode()
    )
    assert not Measurement.objects.exists()

    response = client.post(url, {"indicator": indicator.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/n/nordsachsen/strategy/indicators/{indicator.pk}/"
    value = Measurement.objects.get()
    assert (value.indicator, value.value, value.period_end, value.status) == (
        indicator,
        Decimal("300.00"),
        dt.date(2025, 1, 4),
        "draft",
    )
    assert value.source_detail.startswith("RT: Nordsächsischer Rückkehrertag")
    assert value.entered_by == coordinator
    observer = client_for(user_with_role(network, RoleKind.OBSERVER))
    assert observer.get(url).status_code == 403


def test_a_linked_key_figure_keeps_the_indicator_s_value_in_step(network, project):
    """Once linked, editing the figure corrects the indicator's value for its day; a new
    day is a new value; a figure the strategy refuses (outside the direction's years) is
    refused with the indicator named; unlinking keeps the values entered."""
    from decimal import Decimal

    from samverk.strategy.models import Measurement
    from samverk.strategy.tests.factories import DirectionFactory, GoalFactory, IndicatorFactory

    indicator = IndicatorFactory.create(
        goal=GoalFactory.create(
            direction=DirectionFactory.create(network=network, start_year=2023, end_year=2026)
        ),
        name="Besuchende",
        unit="persons",
        desired="increase",
    )
    figure = project.key_figures.get()  # 300 Personen as of 2025-01-04
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    base = "/n/nordsachsen/projects/figures"
    assert (
        client.post(f"{base}/{figure.pk}/indicator/", {"indicator": indicator.pk}).status_code
        == 302
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "feeds the indicator “Besuchende”" in page

    def edit(value: str, on: str) -> Any:
        return client.post(
            f"{base}/{figure.pk}/edit/",
            {
                "label": figure.label,
                "value": value,
                "unit": figure.unit,
                "on": on,
                "source": "entered",
            },
        )

    assert edit("320", "2025-01-04").status_code == 302
    assert list(Measurement.objects.values_list("period_end", "value")) == [
        (dt.date(2025, 1, 4), Decimal("320.00"))
    ]
    assert edit("330", "2026-01-03").status_code == 302
    assert list(Measurement.objects.order_by("period_end").values_list("period_end", "value")) == [
        (dt.date(2025, 1, 4), Decimal("320.00")),
        (dt.date(2026, 1, 3), Decimal("330.00")),
    ]
    refused = edit("340", "2027-01-02")
    assert refused.status_code == 200
    assert "The figure feeds the indicator “Besuchende”: Choose a date within" in (
        refused.content.decode().replace("&#x27;", "'")
    )
    figure.refresh_from_db()
    assert (figure.value, figure.on) == (Decimal("330.00"), dt.date(2026, 1, 3))
    assert Measurement.objects.count() == 2

    unlinked = client.post(f"{base}/{figure.pk}/indicator/", {"indicator": ""})
    assert unlinked.status_code == 302 and unlinked["Location"].endswith("#figures")
    assert edit("350", "2026-01-03").status_code == 302
    figure.refresh_from_db()
    assert figure.indicator is None and Measurement.objects.count() == 2
    assert Measurement.objects.get(period_end=dt.date(2026, 1, 3)).value == Decimal("330.00")
