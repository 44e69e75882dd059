"""The public portal: every page and API answer shows what is marked public and nothing
else (the leak test), languages, caching, SEO basics, the own host name, the settings."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from samverk.core.choices import RoleKind
from samverk.meetings.tests.factories import MeetingFactory
from samverk.networks.tests.factories import (
    ArenaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.portal import services
from samverk.portal.models import PortalSettings
from samverk.projects import report_services
from samverk.projects import services as project_services
from samverk.projects.tests.factories import (
    FocusAreaFactory,
    KeyFigureFactory,
    MilestoneFactory,
    PartnerFactory,
    ProjectFactory,
    UpdateFactory,
)
from samverk.strategy.models import Charter
from samverk.strategy.tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

# Everything internal carries one of these markers; the leak test looks for them everywhere.
SECRET = "GEHEIM"


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _pdf() -> SimpleUploadedFile:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("flyer.pdf", data, content_type="application/pdf")


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    network = NetworkFactory.create(
        slug="nordsachsen",
        name="Fachkräfteallianz Nordsachsen",
        language="de",
        description="Die Allianz sichert Fachkräfte.",
        contact_email="allianz@example.org",
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    carrier = OrganisationFactory.create(network=network, name="Landkreis Nordsachsen")
    MembershipFactory.create(organisation=carrier)
    outsider = OrganisationFactory.create(network=network, name=f"Nichtmitglied {SECRET}")
    contact = PersonFactory.create(
        organisation=carrier,
        name=f"Erika {SECRET}",
        email="erika.geheim@example.org",
        phone="+49 3421 GEHEIM",
    )
    area = FocusAreaFactory.create(network=network, name="Rückkehr")
    shown = ProjectFactory.create(
        network=network,
        title="Nordsächsischer Rückkehrertag",
        short_name="RT",
        summary="Ein Tag für Rückkehrer.",
        problem="Fachkräfte wandern ab.",
        goals=f"Interne Ziele {SECRET}",
        results="300 Besuchende.",
        regions="Nordsachsen",
        carrier=carrier,
        contact=contact,
        basis="TVöD § 5",
        is_public=True,
        public_fields=[
            "summary",
            "duration",
            "regions",
            "carrier",
            "partners",
            "focus_areas",
            "problem",
            "results",
            "key_figures",
            "milestones",
        ],
    )
    shown.focus_areas.add(area)
    shown.responsible_people.add(contact)
    KeyFigureFactory.create(
        project=shown, label="Besuchende", value=Decimal("300"), unit="Personen"
    )
    MilestoneFactory.create(project=shown, title="Standorte festgelegt")
    PartnerFactory.create(project=shown, role="supporter", organisation=carrier)
    UpdateFactory.create(project=shown, title="Standorte stehen fest", is_public=True)
    UpdateFactory.create(project=shown, title=f"Interne Notiz {SECRET}", is_public=False)
    internal = ProjectFactory.create(
        network=network, title=f"Internes Projekt {SECRET}", summary=f"Intern {SECRET}"
    )
    UpdateFactory.create(project=internal, title=f"Update intern {SECRET}", is_public=True)
    KeyFigureFactory.create(project=internal, label=f"Zahl {SECRET}", unit="Stück")
    photo = project_services.add_file(
        actor=coordinator,
        project=shown,
        upload=_png(),
        title="Foto vom Markt",
        alt_text="Besucher am Stand",
        credit="Stadt Torgau",
        consent=True,
        is_public=True,
    )
    hidden_photo = project_services.add_file(
        actor=coordinator,
        project=shown,
        upload=_png(),
        title=f"Foto {SECRET}",
        alt_text=f"Alt {SECRET}",
        consent=True,
        is_public=False,
    )
    document = project_services.add_file(
        actor=coordinator, project=shown, upload=_pdf(), title=f"Vermerk {SECRET}"
    )
    indicator = IndicatorFactory.create(
        goal__direction__network=network, name="Anteil ohne Abschluss", is_public=True
    )
    MeasurementFactory.create(indicator=indicator, value=Decimal("12.5"))
    MeasurementFactory.create(
        indicator=indicator,
        value=Decimal("99.9"),
        status="draft",
        note=f"Entwurf {SECRET}",
        period_end=dt.date(2017, 12, 31),
    )
    IndicatorFactory.create(goal=indicator.goal, name=f"Interner Indikator {SECRET}")
    Charter.objects.create(
        network=network, title="Leitbild", who_we_are="Wir sind die Allianz.", is_public=True
    )
    arena = ArenaFactory.create(network=network)
    MeetingFactory.create(arena=arena, title="Öffentliches Forum", is_public=True, host=carrier)
    MeetingFactory.create(arena=arena, title=f"Vorstand {SECRET}", purpose=f"Intern {SECRET}")
    report_services.create_annual_report(
        actor=coordinator,
        network=network,
        year=2025,
        foreword="Ein gutes Jahr für die Allianz.",
        is_public=True,
    )
    report_services.create_annual_report(
        actor=coordinator, network=network, year=2024, foreword=f"Entwurf {SECRET}"
    )
    other = NetworkFactory.create(slug="barnim", name="Barnim")
    ProjectFactory.create(network=other, title=f"Barnim-Projekt {SECRET}", is_public=True)
    return {
        "network": network,
        "coordinator": coordinator,
        "shown": shown,
        "internal": internal,
        "photo": photo,
        "hidden_photo": hidden_photo,
        "document": document,
        "carrier": carrier,
        "outsider": outsider,
        "contact": contact,
    }


def portal_pages(world) -> list[str]:
    base = "/p/nordsachsen/"
    shown = world["shown"]
    return [
        base,
        f"{base}members/",
        f"{base}charter/",
        f"{base}meetings/",
        f"{base}projects/",
        f"{base}projects/{shown.pk}/",
        f"{base}news/",
        f"{base}indicators/",
        f"{base}report/2025/",
        f"{base}sitemap.xml",
        f"{base}theme.css",
    ]


def api_answers(world) -> list[str]:
    base = "/api/v1/public/portals/"
    return [
        base,
        f"{base}nordsachsen/",
        f"{base}nordsachsen/projects/",
        f"{base}nordsachsen/projects/{world['shown'].pk}/",
        f"{base}nordsachsen/news/",
        f"{base}nordsachsen/indicators/",
        f"{base}nordsachsen/meetings/",
    ]


def test_no_portal_page_or_public_api_answer_shows_anything_internal(world):
    client = Client()
    internal_texts = [
        SECRET,
        "erika.geheim@example.org",
        "+49 3421",
        "TVöD",  # the basis is not among the public parts
        "99,9",
        "99.9",
        world["contact"].name,
    ]
    for language in ("", "?lang=en", "?lang=sv"):
        for url in portal_pages(world) + api_answers(world):
            response = client.get(url + language)
            assert response.status_code == 200, url
            text = response.content.decode()
            for internal in internal_texts:
                assert internal not in text, (url, internal)
            assert f"/files/{world['hidden_photo'].pk}/" not in text
            assert f"/files/{world['document'].pk}/" not in text


def test_the_portal_shows_what_is_public(world):
    client = Client()
    shown = world["shown"]
    page = client.get(f"/p/nordsachsen/projects/{shown.pk}/").content.decode()
    for text in (
        "Nordsächsischer Rückkehrertag",
        "Fachkräfte wandern ab.",
        "300 Besuchende.",
        "Landkreis Nordsachsen",
        "Rückkehr",
        "Standorte festgelegt",
        "Standorte stehen fest",
        "Besucher am Stand",
        "Stadt Torgau",
    ):
        assert text in page, text
    assert f"/p/nordsachsen/files/{world['photo'].pk}/" in page
    home = client.get("/p/nordsachsen/").content.decode()
    assert "Die Allianz sichert Fachkräfte." in home
    assert "Öffentliches Forum" in home
    assert "allianz@example.org" in home
    assert "Wir sind die Allianz." in client.get("/p/nordsachsen/charter/").content.decode()
    indicators = client.get("/p/nordsachsen/indicators/").content.decode()
    assert "Anteil ohne Abschluss" in indicators and "12,5" in indicators
    members = client.get("/p/nordsachsen/members/").content.decode()
    assert "Landkreis Nordsachsen" in members


def test_internal_things_answer_not_found(world):
    client = Client()
    internal, shown = world["internal"], world["shown"]
    assert client.get(f"/p/nordsachsen/projects/{internal.pk}/").status_code == 404
    assert client.get(f"/p/nordsachsen/files/{world['hidden_photo'].pk}/").status_code == 404
    assert client.get(f"/p/nordsachsen/files/{world['document'].pk}/").status_code == 404
    assert client.get("/p/unknown/").status_code == 404
    # Another network's project is not this portal's.
    other = shown.__class__.objects.get(network__slug="barnim")
    assert client.get(f"/p/nordsachsen/projects/{other.pk}/").status_code == 404
    assert (
        client.get(f"/api/v1/public/portals/nordsachsen/projects/{internal.pk}/").status_code == 404
    )
    photo = client.get(f"/p/nordsachsen/files/{world['photo'].pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"


def test_the_published_annual_report_is_on_the_portal_with_its_pdf(world):
    client = Client()
    page = client.get("/p/nordsachsen/report/2025/").content.decode()
    assert "Ein gutes Jahr für die Allianz." in page
    assert (
        f'<a href="/p/nordsachsen/projects/{world["shown"].pk}/">Nordsächsischer Rückkehrertag</a>'
        in page
    )
    assert 'href="/p/nordsachsen/report/2025/"' in client.get("/p/nordsachsen/").content.decode()
    pdf = client.get("/p/nordsachsen/report/2025/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # The unpublished report of 2024 and a year without one are not found.
    assert client.get("/p/nordsachsen/report/2024/").status_code == 404
    assert client.get("/p/nordsachsen/report/2024/report.pdf").status_code == 404
    assert client.get("/p/nordsachsen/report/2023/").status_code == 404
    sitemap = client.get("/p/nordsachsen/sitemap.xml").content.decode()
    assert "<loc>http://testserver/p/nordsachsen/report/2025/</loc>" in sitemap
    assert "/report/2024/" not in sitemap


def test_an_unpublished_portal_is_not_found(world):
    services.save_portal_settings(
        actor=world["coordinator"], network=world["network"], is_published=False
    )
    client = Client()
    assert client.get("/p/nordsachsen/").status_code == 404
    assert client.get(f"/p/nordsachsen/files/{world['photo'].pk}/").status_code == 404
    assert client.get("/api/v1/public/portals/nordsachsen/").status_code == 404
    slugs = [p["slug"] for p in client.get("/api/v1/public/portals/").json()]
    assert "nordsachsen" not in slugs and "barnim" in slugs


def test_a_page_is_in_the_working_language_with_a_switch_and_alternates(world):
    client = Client()
    page = client.get("/p/nordsachsen/").content.decode()
    assert '<html lang="de">' in page
    assert '<link rel="canonical" href="http://testserver/p/nordsachsen/">' in page
    assert 'hreflang="sv" href="http://testserver/p/nordsachsen/?lang=sv"' in page
    swedish = client.get("/p/nordsachsen/?lang=sv")
    assert '<html lang="sv">' in swedish.content.decode()
    assert swedish["Content-Language"] == "sv"
    assert 'href="http://testserver/p/nordsachsen/?lang=sv"' in swedish.content.decode()
    # Links inside the page keep the chosen language.
    assert (
        f'href="/p/nordsachsen/projects/{world["shown"].pk}/?lang=sv"' in swedish.content.decode()
    )
    # An unknown language falls back to the working language.
    assert '<html lang="de">' in client.get("/p/nordsachsen/?lang=xx").content.decode()


def test_pages_carry_an_etag_and_answer_304_while_nothing_changed(world, settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 600
    client = Client()
    first = client.get("/p/nordsachsen/projects/")
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    etag = first["ETag"]
    again = client.get("/p/nordsachsen/projects/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    with CaptureQueriesContext(connection) as cached:
        client.get("/p/nordsachsen/projects/")
    assert len(cached) <= 2  # the portal's lookup only: the page comes from the cache
    project_services.update_project(
        actor=world["coordinator"], project=world["shown"], title="Rückkehrertag 2027"
    )
    changed = client.get("/p/nordsachsen/projects/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Rückkehrertag 2027" in changed.content.decode()
    assert changed["ETag"] != etag


def test_seo_basics_sitemap_open_graph_and_json_ld(world):
    client = Client()
    shown = world["shown"]
    sitemap = client.get("/p/nordsachsen/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/p/nordsachsen/projects/{shown.pk}/</loc>" in sitemap
    assert "<loc>http://testserver/p/nordsachsen/charter/</loc>" in sitemap
    assert f"/projects/{world['internal'].pk}/" not in sitemap
    page = client.get(f"/p/nordsachsen/projects/{shown.pk}/").content.decode()
    assert '<meta property="og:title" content="Nordsächsischer Rückkehrertag">' in page
    assert '<meta property="og:type" content="article">' in page
    assert f'og:image" content="http://testserver/p/nordsachsen/files/{world["photo"].pk}/"' in page
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(ld)
    assert data["@type"] == "Project" and data["name"] == "Nordsächsischer Rückkehrertag"
    assert data["parentOrganization"]["name"] == "Fachkräfteallianz Nordsachsen"
    assert data["funder"] == [{"@type": "Organization", "name": "Landkreis Nordsachsen"}]
    home = client.get("/p/nordsachsen/").content.decode()
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)
    organisation = json.loads(ld)
    assert organisation["@type"] == "Organization"
    assert organisation["email"] == "allianz@example.org"
    assert {"@type": "Organization", "name": "Landkreis Nordsachsen"} in organisation["member"]


def test_json_ld_cannot_close_its_script_element(world):
    project_services.update_project(
        actor=world["coordinator"], project=world["shown"], title="A </script><b>x</b>"
    )
    page = Client().get(f"/p/nordsachsen/projects/{world['shown'].pk}/").content.decode()
    assert "</script><b>" not in page
    assert "\\u003C/script\\u003E" in page


def test_the_portal_is_served_at_the_networks_own_host_name(world, settings):
    settings.ALLOWED_HOSTS = ["testserver", "fachkraefte-nordsachsen.de"]
    services.save_portal_settings(
        actor=world["coordinator"], network=world["network"], host="Fachkraefte-Nordsachsen.de"
    )
    client = Client(HTTP_HOST="fachkraefte-nordsachsen.de")
    home = client.get("/")
    assert home.status_code == 200
    text = home.content.decode()
    assert "Die Allianz sichert Fachkräfte." in text
    assert f'href="/projects/{world["shown"].pk}/"' in text
    assert client.get(f"/projects/{world['shown'].pk}/").status_code == 200
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://fachkraefte-nordsachsen.de/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://fachkraefte-nordsachsen.de/projects/{world['shown'].pk}/</loc>" in sitemap
    # The signed-in application is not served there.
    assert client.get("/n/nordsachsen/").status_code == 404
    missing = client.get("/accounts/login/")
    assert missing.status_code == 404
    assert 'href="/"' in missing.content.decode()


def test_colours_are_checked_for_contrast_and_nothing_is_saved(world):
    client = Client()
    client.force_login(world["coordinator"])
    client.cookies["samverk_language"] = "en"
    url = "/n/nordsachsen/portal/"
    response = client.post(
        url,
        {
            "is_published": "on",
            "show_members": "on",
            "primary_colour": "#ffdd00",
            "accent_colour": "#eeeeee",
            "about": "",
            "contact": "",
            "host": "",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "#ffdd00 has a contrast of 1.35:1 against white; at least 4.5:1 is needed" in text
    assert "#eeeeee has a contrast of 1.16:1 against white; at least 3:1 is needed" in text
    assert not PortalSettings.objects.exists()
    saved = client.post(
        url,
        {
            "is_published": "on",
            "show_members": "on",
            "primary_colour": "#7A1F3D",
            "accent_colour": "#2E7D32",
            "about": "Über uns",
            "contact": "Schlossstraße 1",
            "host": "",
        },
    )
    assert saved.status_code == 302
    settings = PortalSettings.objects.get()
    assert (settings.primary_colour, settings.accent_colour) == ("#7a1f3d", "#2e7d32")
    css = Client().get("/p/nordsachsen/theme.css").content.decode()
    assert "--portal-primary:#7a1f3d;" in css and "--portal-accent:#2e7d32;" in css


def test_a_host_name_is_checked_and_unique(world):
    other = NetworkFactory.create(slug="uckermark")
    services.save_portal_settings(actor=world["coordinator"], network=world["network"], host="a.de")
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as bad:
        services.save_portal_settings(actor=admin, network=other, host="https://b.de/x")
    assert "host" in bad.value.message_dict
    with pytest.raises(ValidationError) as taken:
        services.save_portal_settings(actor=admin, network=other, host="A.DE")
    assert "Another network's portal uses this host name." in str(taken.value)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (RoleKind.COORDINATOR, 200),
        (RoleKind.PARTNER_REPRESENTATIVE, 403),
        (RoleKind.COMPANY_CONTACT, 403),
        (RoleKind.OBSERVER, 403),
        (None, 302),
    ],
)
def test_only_coordinators_set_up_the_portal(world, role, status):
    client = Client()
    if role:
        client.force_login(user_with_role(world["network"], role))
    assert client.get("/n/nordsachsen/portal/").status_code == status
    assert client.post("/n/nordsachsen/portal/", {"primary_colour": "#000000"}).status_code in (
        status,
        404 if role is None else status,
    )
    assert not PortalSettings.objects.exclude(primary_colour="#1f4e79").exists() or role == (
        RoleKind.COORDINATOR
    )


def _grow(world, count: int, prefix: str) -> None:
    network = world["network"]
    for n in range(count):
        org = OrganisationFactory.create(network=network, name=f"Mitglied {prefix}{n}")
        MembershipFactory.create(organisation=org)
        project = ProjectFactory.create(
            network=network, title=f"Projekt {prefix}{n}", is_public=True, carrier=org
        )
        KeyFigureFactory.create(project=project)
        PartnerFactory.create(project=project, role="funder")
        UpdateFactory.create(project=project, is_public=True)


@pytest.mark.parametrize(
    "page", ["", "projects/", "news/", "members/", "meetings/", "indicators/", "report/2025/"]
)
def test_portal_pages_keep_their_query_count_as_data_grows(world, page):
    client = Client()
    url = f"/p/nordsachsen/{page}"
    _grow(world, 2, "a")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 12, "b")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), page


def test_a_project_page_keeps_its_query_count(world):
    client = Client()
    shown = world["shown"]
    url = f"/p/nordsachsen/projects/{shown.pk}/"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(10):
        KeyFigureFactory.create(project=shown)
        PartnerFactory.create(project=shown)
        MilestoneFactory.create(project=shown)
        UpdateFactory.create(project=shown, is_public=True)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_public_api_shows_a_projects_public_parts_only(world):
    data = Client().get(f"/api/v1/public/portals/nordsachsen/projects/{world['shown'].pk}/").json()
    assert data["title"] == "Nordsächsischer Rückkehrertag"
    assert data["problem"] == "Fachkräfte wandern ab."
    assert data["goals"] == ""  # internal part
    assert data["basis"] == ""
    assert data["carrier"] == "Landkreis Nordsachsen"
    assert [f["label"] for f in data["key_figures"]] == ["Besuchende"]
    assert [u["title"] for u in data["updates"]] == ["Standorte stehen fest"]
    assert [i["title"] for i in data["images"]] == ["Foto vom Markt"]
    assert data["documents"] == []
    assert "contact" not in data and "responsible_people" not in data
    listed = Client().get("/api/v1/public/portals/nordsachsen/projects/").json()
    assert [p["title"] for p in listed] == ["Nordsächsischer Rückkehrertag"]


def test_the_portal_needs_no_login_and_sets_no_cookie(world):
    response = Client().get("/p/nordsachsen/")
    assert response.status_code == 200
    assert not response.cookies


def test_member_logos_are_shown_and_only_members_logos_are_served(world):
    from samverk.networks import services as network_services

    carrier, outsider = world["carrier"], world["outsider"]
    network_services.update_organisation(
        actor=world["coordinator"], organisation=carrier, logo=_png()
    )
    network_services.update_organisation(
        actor=world["coordinator"], organisation=outsider, logo=_png()
    )
    client = Client()
    page = client.get("/p/nordsachsen/members/").content.decode()
    assert f'src="/p/nordsachsen/members/{carrier.pk}/logo/"' in page
    logo = client.get(f"/p/nordsachsen/members/{carrier.pk}/logo/")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    # An organisation that is no member has no logo on the portal.
    assert client.get(f"/p/nordsachsen/members/{outsider.pk}/logo/").status_code == 404
    services.save_portal_settings(
        actor=world["coordinator"], network=world["network"], show_members=False
    )
    assert client.get(f"/p/nordsachsen/members/{carrier.pk}/logo/").status_code == 404
    assert client.get("/p/nordsachsen/members/").status_code == 404
