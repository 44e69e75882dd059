"""The public job board on the portal: search, filters, sorting and pages; an offer's page
with its JobPosting JSON-LD; 410 for an ended offer and 404 for one never published; the Atom
feed; the public API; nothing internal anywhere; query counts; languages; the own host name.

"Today" is fixed (``TODAY``) for the board's views, feed and API, so that no test depends on
the real date."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.classifications.models import IscoGroup
from samverk.core.choices import RoleKind
from samverk.core.models import Region
from samverk.jobs import board, board_api, board_views, feeds
from samverk.jobs.models import JobOffer, JobOfferTargetGroup
from samverk.networks.tests.factories import NetworkFactory, OrganisationFactory, user_with_role
from samverk.portal import services as portal_services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 1, 15)
SECRET = "GEHEIM"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    for module in (board, board_views, feeds, board_api):
        monkeypatch.setattr(module, "network_today", lambda network, now=None: TODAY)


def _isco(code: str, label: str, parent: IscoGroup | None, **labels: str) -> IscoGroup:
    return IscoGroup.objects.create(
        code=code, level=len(code), label=label, labels=labels, parent=parent
    )


def offer(network, employer, isco, **fields: Any) -> JobOffer:
    groups = fields.pop("groups", [])
    values: dict[str, Any] = {
        "status": "published",
        "title": "Stelle",
        "description": "Eine Stelle.",
        "kind": "job",
        "locality": "Torgau",
        "date_posted": TODAY - dt.timedelta(days=10),
        "valid_through": TODAY + dt.timedelta(days=30),
        "return_reason": f"Grund {SECRET}",
    }
    values.update(fields)
    created = JobOffer.objects.create(network=network, employer=employer, isco_group=isco, **values)
    for group in groups:
        JobOfferTargetGroup.objects.create(offer=created, group=group)
    return created


@pytest.fixture
def world(settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    network = NetworkFactory.create(
        slug="nordsachsen", name="Fachkräfteallianz Nordsachsen", language="de"
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    major = _isco("2", "Professionals", None, de="Akademische Berufe")
    health = _isco("22", "Health professionals", major, de="Akademische Gesundheitsberufe")
    nursing_minor = _isco("222", "Nursing and midwifery professionals", health)
    nurse = _isco("2221", "Nursing professionals", nursing_minor, de="Pflegefachkräfte")
    crafts = _isco("7", "Craft and related trades workers", None)
    electrical = _isco("74", "Electrical and electronic trades workers", crafts)
    electric_minor = _isco("741", "Electrical equipment installers and repairers", electrical)
    electrician = _isco("7411", "Building and related electricians", electric_minor)
    district = Region.objects.create(code="DE-NS", name="Landkreis Nordsachsen", level="district")
    torgau = Region.objects.create(
        code="DE-NS-TO", name="Torgau", level="municipality", parent=district
    )
    oschatz = Region.objects.create(
        code="DE-NS-OZ", name="Oschatz", level="municipality", parent=district
    )
    clinic = OrganisationFactory.create(
        network=network, name="Kreiskrankenhaus Torgau", website="https://klinik.example.org"
    )
    works = OrganisationFactory.create(network=network, name="Elektro Schmidt GmbH")
    nurse_offer = offer(
        network,
        clinic,
        nurse,
        title="Pflegefachkraft (m/w/d) Intensivstation",
        description="Wir suchen **Verstärkung** für unsere Intensivstation.",
        street_address="Christianistraße 1",
        postal_code="04860",
        locality="Torgau",
        municipality=torgau,
        working_time="full_time",
        duration="permanent",
        openings=3,
        salary="3.800 € brutto im Monat",
        apply_url="https://klinik.example.org/jobs/1",
        apply_email="bewerbung@klinik.example.org",
        start_date=TODAY + dt.timedelta(days=60),
        date_posted=TODAY - dt.timedelta(days=2),
        valid_through=TODAY + dt.timedelta(days=40),
        groups=["returnees", "commuters"],
        created_by=coordinator,
    )
    electrician_offer = offer(
        network,
        works,
        electrician,
        title="Ausbildung Elektroniker für Energie- und Gebäudetechnik",
        description="Lerne bei uns.",
        kind="apprenticeship",
        locality="Oschatz",
        municipality=oschatz,
        working_time="full_time",
        duration="temporary",
        date_posted=TODAY - dt.timedelta(days=20),
        valid_through=TODAY + dt.timedelta(days=5),
        groups=["school_leavers"],
    )
    part_time = offer(
        network,
        clinic,
        nurse,
        title="Altenpflege in Teilzeit",
        description="Teilzeit möglich.",
        locality="Belgern",
        working_time="part_time",
        date_posted=TODAY - dt.timedelta(days=5),
        valid_through=TODAY,  # still on the board today
    )
    hidden = {
        status: offer(network, clinic, nurse, title=f"{status} {SECRET}", status=status)
        for status in ("draft", "submitted", "returned")
    }
    ended = {
        status: offer(network, clinic, nurse, title=f"Beendet {status}", status=status)
        for status in ("expired", "filled", "withdrawn")
    }
    past = offer(
        network,
        works,
        electrician,
        title="Abgelaufen aber veröffentlicht",
        date_posted=TODAY - dt.timedelta(days=40),
        valid_through=TODAY - dt.timedelta(days=1),
    )
    other = NetworkFactory.create(slug="barnim", name="Barnim")
    other_offer = offer(
        other,
        OrganisationFactory.create(network=other, name="Barnimer Betrieb"),
        nurse,
        title=f"Barnim {SECRET}",
    )
    return {
        "network": network,
        "coordinator": coordinator,
        "nurse": nurse_offer,
        "electrician": electrician_offer,
        "part_time": part_time,
        "hidden": hidden,
        "ended": ended,
        "past": past,
        "other": other_offer,
        "clinic": clinic,
        "works": works,
        "torgau": torgau,
        "oschatz": oschatz,
    }


BASE = "/p/nordsachsen/jobs/"


def titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="board-offer-title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def api_titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [o["title"] for o in response.json()["results"]]


ON_BOARD_NEWEST = [
    "Pflegefachkraft (m/w/d) Intensivstation",
    "Altenpflege in Teilzeit",
    "Ausbildung Elektroniker für Energie- und Gebäudetechnik",
]


def test_the_board_lists_the_offers_on_it_newest_first(world):
    response = Client().get(BASE)
    assert titles(response) == ON_BOARD_NEWEST
    assert re.search(r'<p class="count" role="status">3 \w+', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=intensiv", ["Pflegefachkraft (m/w/d) Intensivstation"]),  # title, a prefix
        ("q=Verstärkung", ["Pflegefachkraft (m/w/d) Intensivstation"]),  # description
        ("q=oschatz", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),  # place
        ("q=schmidt", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),  # employer
        ("q=building electricians", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),
        ("q=kreiskrankenhaus teilzeit", ["Altenpflege in Teilzeit"]),  # every word
        ("q=nichts+dergleichen", []),
        ("occupation=2", ["Pflegefachkraft (m/w/d) Intensivstation", "Altenpflege in Teilzeit"]),
        ("occupation=22", ["Pflegefachkraft (m/w/d) Intensivstation", "Altenpflege in Teilzeit"]),
        ("occupation=74", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),
        ("kind=apprenticeship", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),
        ("working_time=part_time", ["Altenpflege in Teilzeit"]),
        ("duration=temporary", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),
        ("group=returnees", ["Pflegefachkraft (m/w/d) Intensivstation"]),
        ("group=school_leavers", ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]),
        ("group=career_changers", []),
        ("occupation=2&working_time=full_time", ["Pflegefachkraft (m/w/d) Intensivstation"]),
        ("sort=title", sorted(ON_BOARD_NEWEST)),
        (
            "sort=valid_through",
            [
                "Altenpflege in Teilzeit",
                "Ausbildung Elektroniker für Energie- und Gebäudetechnik",
                "Pflegefachkraft (m/w/d) Intensivstation",
            ],
        ),
        ("sort=nonsense", ON_BOARD_NEWEST),
    ],
)
def test_search_filters_and_sorting_on_the_page_and_in_the_api(world, query, expected):
    client = Client()
    assert titles(client.get(f"{BASE}?{query}")) == expected
    api = client.get(f"/api/v1/public-jobs/offers/?network=nordsachsen&{query}")
    if "nonsense" in query:
        assert api.status_code == 400 and "sort" in api.json()
    else:
        assert api_titles(api) == expected


def test_filters_by_municipality_and_employer(world):
    client = Client()
    torgau, works = world["torgau"].pk, world["works"].pk
    assert titles(client.get(f"{BASE}?municipality={torgau}")) == [
        "Pflegefachkraft (m/w/d) Intensivstation"
    ]
    assert titles(client.get(f"{BASE}?employer={works}")) == [
        "Ausbildung Elektroniker für Energie- und Gebäudetechnik"
    ]
    page = client.get(BASE).content.decode()
    # The choices are what the board shows: Oschatz and Torgau, the two employers, no others.
    assert f'<option value="{torgau}">Torgau</option>' in page
    assert "Barnimer Betrieb" not in page
    api = client.get(f"/api/v1/public-jobs/offers/?network=nordsachsen&employer={works}")
    assert api_titles(api) == ["Ausbildung Elektroniker für Energie- und Gebäudetechnik"]
    # Another network's employer is not a choice: the API says so, the page ignores it.
    barnim = world["other"].employer_id
    refused = client.get(f"/api/v1/public-jobs/offers/?network=nordsachsen&employer={barnim}")
    assert refused.status_code == 400 and "employer" in refused.json()
    ignored = client.get(f"{BASE}?employer={barnim}")
    assert titles(ignored) == ON_BOARD_NEWEST
    assert '<p class="error">' in ignored.content.decode()


def test_the_empty_states(world):
    client = Client()
    nothing = client.get(f"{BASE}?q=xyzzy").content.decode()
    assert 'class="empty"' in nothing and f'href="{BASE}"' in nothing
    JobOffer.objects.filter(network=world["network"]).update(status="draft")
    empty = client.get(BASE).content.decode()
    assert 'class="empty"' in empty
    assert client.get("/api/v1/public-jobs/offers/?network=nordsachsen").json()["count"] == 0


def test_pages_of_twenty(world):
    network, clinic, nurse = world["network"], world["clinic"], world["nurse"].isco_group
    for n in range(40):
        offer(
            network,
            clinic,
            nurse,
            title=f"Zusatz {n:02}",
            date_posted=TODAY - dt.timedelta(days=30),
        )
    client = Client()
    first = client.get(BASE)
    assert len(titles(first)) == 20
    text = first.content.decode()
    assert "43" in text
    assert 'href="?page=2" rel="next"' in text
    third = client.get(f"{BASE}?page=3&sort=title")
    assert len(titles(third)) == 3
    assert 'href="?page=2&amp;sort=title" rel="prev"' in third.content.decode()
    api = client.get("/api/v1/public-jobs/offers/?network=nordsachsen&page=3").json()
    assert api["count"] == 43 and len(api["results"]) == 3 and api["next"] is None
    assert client.get("/api/v1/public-jobs/offers/?network=nordsachsen&page=9").status_code == 404


def test_an_offers_page_shows_everything_public(world):
    page = Client().get(f"{BASE}{world['nurse'].pk}/").content.decode()
    for text in (
        "Pflegefachkraft (m/w/d) Intensivstation",
        "<strong>Verstärkung</strong>",
        "Kreiskrankenhaus Torgau",
        'href="https://klinik.example.org"',
        "Christianistraße 1",
        "04860 Torgau",
        "Pflegefachkräfte",  # the German label in the network's language
        "ISCO-08 2221",
        "3.800 € brutto im Monat",
        'href="https://klinik.example.org/jobs/1"',
        "mailto:bewerbung@klinik.example.org",
        "esco.ec.europa.eu",
    ):
        assert text in page, text
    assert "Grund" not in page and SECRET not in page


def _json_ld(response) -> dict[str, Any]:
    [data] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(data)  # type: ignore[no-any-return]


def test_the_json_ld_is_a_job_posting_with_every_property_google_requires(world):
    nurse = world["nurse"]
    data = _json_ld(Client().get(f"{BASE}{nurse.pk}/"))
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    for required in (
        "title",
        "description",
        "datePosted",
        "validThrough",
        "hiringOrganization",
        "jobLocation",
    ):
        assert data[required], required
    assert data["title"] == "Pflegefachkraft (m/w/d) Intensivstation"
    assert "<strong>Verstärkung</strong>" in data["description"]
    assert data["datePosted"] == (TODAY - dt.timedelta(days=2)).isoformat()
    assert data["validThrough"] == (TODAY + dt.timedelta(days=40)).isoformat()
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Kreiskrankenhaus Torgau",
        "sameAs": "https://klinik.example.org",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Christianistraße 1",
            "postalCode": "04860",
            "addressLocality": "Torgau",
            "addressRegion": "Landkreis Nordsachsen",
            "addressCountry": "DE",
        },
    }
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["occupationalCategory"] == "2221"
    assert data["totalJobOpenings"] == 3
    assert data["directApply"] is False
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Fachkräfteallianz Nordsachsen",
        "value": str(nurse.pk),
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "value": 3800.0},
    }
    assert data["url"] == f"http://testserver{BASE}{nurse.pk}/"
    apprenticeship = _json_ld(Client().get(f"{BASE}{world['electrician'].pk}/"))
    assert apprenticeship["employmentType"] == ["FULL_TIME", "TEMPORARY", "OTHER"]
    assert (
        "baseSalary" not in apprenticeship and "sameAs" not in apprenticeship["hiringOrganization"]
    )
    assert "streetAddress" not in apprenticeship["jobLocation"]["address"]


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("3.800 € brutto im Monat", "DE", ("EUR", "MONTH", {"value": 3800.0})),
        ("18,50 EUR/Stunde", "DE", ("EUR", "HOUR", {"value": 18.5})),
        (
            "45 000–52 000 kr per månad",
            "SE",
            ("SEK", "MONTH", {"minValue": 45000.0, "maxValue": 52000.0}),
        ),
        ("550 000 NOK årslønn", "NO", ("NOK", "YEAR", {"value": 550000.0})),
        ("nach Tarif (TVöD)", "DE", None),
        ("3.800 brutto im Monat", "DE", None),  # no currency
        ("3.800 €", "DE", None),  # no unit
        ("ab 01.02.2027 3.800 € im Monat", "DE", None),  # too many numbers
    ],
)
def test_a_salary_is_given_to_search_engines_only_when_it_is_clear(text, country, expected):
    found = board.parse_salary(text, country)
    if expected is None:
        assert found is None
        return
    currency, unit, value = expected
    assert found == {
        "@type": "MonetaryAmount",
        "currency": currency,
        "value": {"@type": "QuantitativeValue", "unitText": unit, **value},
    }


def test_json_ld_cannot_close_its_script_element(world):
    JobOffer.objects.filter(pk=world["nurse"].pk).update(title="A </script><b>x</b>")
    page = Client().get(f"{BASE}{world['nurse'].pk}/").content.decode()
    assert "</script><b>" not in page and "\\u003C/script\\u003E" in page


def test_an_ended_offer_answers_gone_and_says_so(world):
    client = Client()
    for ended in [*world["ended"].values(), world["past"]]:
        response = client.get(f"{BASE}{ended.pk}/")
        assert response.status_code == 410, ended.status
        text = response.content.decode()
        assert ended.title in text and f'href="{BASE}"' in text
        assert "application/ld+json" not in text and "Grund" not in text
        api = client.get(f"/api/v1/public-jobs/offers/{ended.pk}/?network=nordsachsen")
        assert api.status_code == 410 and api.json() == {"detail": "This job offer has ended."}
    # The last day of an offer is still on the board.
    assert client.get(f"{BASE}{world['part_time'].pk}/").status_code == 200


def test_unpublished_and_other_networks_offers_are_not_found(world):
    client = Client()
    for hidden in [*world["hidden"].values(), world["other"]]:
        assert client.get(f"{BASE}{hidden.pk}/").status_code == 404
        api = client.get(f"/api/v1/public-jobs/offers/{hidden.pk}/?network=nordsachsen")
        assert api.status_code == 404
    assert client.get("/p/unknown/jobs/").status_code == 404
    assert client.get("/api/v1/public-jobs/offers/?network=unknown").status_code == 404
    missing = client.get("/api/v1/public-jobs/offers/")
    assert missing.status_code == 400 and "network" in missing.json()
    # An unpublished portal has no board.
    portal_services.save_portal_settings(
        actor=world["coordinator"], network=world["network"], is_published=False
    )
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}feed.atom").status_code == 404
    assert client.get("/api/v1/public-jobs/offers/?network=nordsachsen").status_code == 404


def board_answers(world) -> list[str]:
    nurse = world["nurse"].pk
    api = "/api/v1/public-jobs/offers/"
    return [
        BASE,
        f"{BASE}?q=pflege",
        f"{BASE}?sort=title&page=1",
        f"{BASE}{nurse}/",
        f"{BASE}{world['electrician'].pk}/",
        f"{BASE}feed.atom",
        f"{api}?network=nordsachsen",
        f"{api}{nurse}/?network=nordsachsen",
    ]


def test_nothing_internal_or_unpublished_appears_on_any_board_page_feed_or_api_answer(world):
    client = Client()
    hidden_ids = [o.pk for o in [*world["hidden"].values(), *world["ended"].values()]]
    for language in ("", "&lang=en", "&lang=sv"):
        for url in board_answers(world):
            response = client.get(url + (language if "?" in url else language.replace("&", "?")))
            assert response.status_code == 200, url
            text = response.content.decode()
            for internal in (SECRET, "Grund", "Beendet", "Abgelaufen", "reminded", "return_reason",
                             "created_by", world["coordinator"].email):  # fmt: skip
                assert internal not in text, (url, internal)
            for pk in hidden_ids:
                assert f"{BASE}{pk}/" not in text, (url, pk)


def test_the_atom_feed_parses_with_the_boards_offers(world):
    response = Client().get(f"{BASE}feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Pflegefachkraft (m/w/d) Intensivstation – Kreiskrankenhaus Torgau, Torgau",
        "Altenpflege in Teilzeit – Kreiskrankenhaus Torgau, Belgern",
        "Ausbildung Elektroniker für Energie- und Gebäudetechnik – Elektro Schmidt GmbH, Oschatz",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (  # type: ignore[union-attr]
        f"http://testserver{BASE}{world['nurse'].pk}/"
    )
    assert "<strong>Verstärkung</strong>" in (first.findtext(f"{ATOM}summary") or "")
    assert first.findtext(f"{ATOM}updated", "").startswith(
        (TODAY - dt.timedelta(days=2)).isoformat()
    )
    page = Client().get(BASE).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="' in page
    assert f'href="{BASE}feed.atom"' in page


def test_the_feed_holds_the_latest_fifty(world):
    network, clinic, nurse = world["network"], world["clinic"], world["nurse"].isco_group
    for n in range(55):
        offer(network, clinic, nurse, title=f"Zusatz {n}")
    root = ET.fromstring(Client().get(f"{BASE}feed.atom").content)
    assert len(root.findall(f"{ATOM}entry")) == 50


def _grow(world, count: int, prefix: str) -> None:
    network = world["network"]
    nurse = world["nurse"].isco_group
    for n in range(count):
        employer = OrganisationFactory.create(network=network, name=f"Betrieb {prefix}{n}")
        region = Region.objects.create(
            code=f"R-{prefix}{n}", name=f"Ort {prefix}{n}", level="municipality"
        )
        offer(network, employer, nurse, title=f"Mehr {prefix}{n}", municipality=region,
              groups=["returnees", "commuters"])  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        BASE,
        f"{BASE}?q=pflege&occupation=2&group=returnees&sort=title",
        f"{BASE}feed.atom",
        "/api/v1/public-jobs/offers/?network=nordsachsen&q=mehr",
    ],
)
def test_query_counts_are_constant_as_the_board_grows(world, url):
    client = Client()
    _grow(world, 2, "a")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 25, "b")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), url


def test_an_offer_page_keeps_its_query_count(world):
    client = Client()
    url = f"{BASE}{world['nurse'].pk}/"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(world, 10, "c")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_language_switch(world):
    client = Client()
    german = client.get(BASE).content.decode()
    assert '<html lang="de">' in german
    swedish = client.get(f"{BASE}?lang=sv")
    assert swedish["Content-Language"] == "sv"
    text = swedish.content.decode()
    assert '<html lang="sv">' in text
    assert f'href="{BASE}{world["nurse"].pk}/?lang=sv"' in text
    assert '<input type="hidden" name="lang" value="sv">' in text
    detail = client.get(f"{BASE}{world['nurse'].pk}/?lang=en").content.decode()
    assert "Nursing professionals" in detail  # the occupation's label in English
    assert f'href="{BASE}?lang=en"' in detail


def test_the_board_is_in_the_portals_menu(world):
    home = Client().get("/p/nordsachsen/").content.decode()
    assert f'<a href="{BASE}">' in home
    page = Client().get(BASE).content.decode()
    assert f'<a href="{BASE}" aria-current="page">' in page


def test_the_board_is_served_at_the_networks_own_host_name(world, settings):
    settings.ALLOWED_HOSTS = ["testserver", "fachkraefte-nordsachsen.de"]
    portal_services.save_portal_settings(
        actor=world["coordinator"], network=world["network"], host="fachkraefte-nordsachsen.de"
    )
    client = Client(HTTP_HOST="fachkraefte-nordsachsen.de")
    nurse = world["nurse"].pk
    listing = client.get("/jobs/")
    assert titles(listing) == ON_BOARD_NEWEST
    text = listing.content.decode()
    assert f'href="/jobs/{nurse}/"' in text and 'href="/jobs/feed.atom"' in text
    detail = client.get(f"/jobs/{nurse}/")
    assert detail.status_code == 200
    assert _json_ld(detail)["url"] == f"http://fachkraefte-nordsachsen.de/jobs/{nurse}/"
    assert client.get(f"/jobs/{world['past'].pk}/").status_code == 410
    feed = ET.fromstring(client.get("/jobs/feed.atom").content)
    link = feed.find(f"{ATOM}entry/{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://fachkraefte-nordsachsen.de/jobs/{nurse}/"
    assert 'href="/jobs/"' in client.get("/").content.decode()


def test_the_board_needs_no_login_sets_no_cookie_and_may_be_cached(world):
    response = Client().get(BASE)
    assert response.status_code == 200 and not response.cookies
    assert "public" in response["Cache-Control"] and response["ETag"]


def test_the_search_index_has_the_expression_the_search_uses():
    migration = importlib.import_module("samverk.jobs.migrations.0003_board_search")
    assert board.vector_sql(board.SEARCH_COLUMNS) == migration.VECTOR
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [migration.INDEX]
            )
            [(definition,)] = cursor.fetchall()
        assert "gin" in definition and "to_tsvector" in definition


@pytest.mark.sqlite
def test_on_sqlite_the_search_reads_the_fts5_index_which_follows_every_change(world):
    """On SQLite (``make run``) the text is found through the FTS5 table of migration
    0004, which the triggers keep in step when an offer is written, edited or deleted (a
    later migration that rebuilds ``jobs_joboffer`` would drop the triggers: this fails)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'jobs_joboffer'"
        )
        assert sorted(name for (name,) in cursor.fetchall()) == [
            "jobs_joboffer_fts_delete",
            "jobs_joboffer_fts_insert",
            "jobs_joboffer_fts_update",
        ]
        found = board.search(JobOffer.objects.all(), world["network"], "intensiv")
        sql, params = found.values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan and "jobs_joboffer_fts" in plan
    client = Client()
    nurse = world["nurse"]
    nurse.title = "Hebamme (m/w/d) Kreißsaal"
    nurse.description = "Geburtshilfe."
    nurse.save()
    assert titles(client.get(f"{BASE}?q=intensiv")) == []
    assert titles(client.get(f"{BASE}?q=kreißsaal")) == ["Hebamme (m/w/d) Kreißsaal"]
    nurse.delete()
    assert list(board.search(JobOffer.objects.all(), world["network"], "hebamme")) == []


def test_the_portal_sitemap_lists_the_board_and_the_offers_on_it(world, settings):
    client = Client()
    sitemap = client.get("/p/nordsachsen/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{BASE}</loc>" in sitemap
    listed = set(re.findall(r"<loc>http://testserver/p/nordsachsen/jobs/(\d+)/</loc>", sitemap))
    on_board = {
        str(pk) for pk in board.on_board(world["network"], TODAY).values_list("pk", flat=True)
    }
    assert listed == on_board and len(listed) == 3
    assert str(world["past"].pk) not in listed
    # on the network's own host name the addresses are the host's
    settings.ALLOWED_HOSTS = ["testserver", "fachkraefte-nordsachsen.de"]
    portal_services.save_portal_settings(
        actor=world["coordinator"], network=world["network"], host="fachkraefte-nordsachsen.de"
    )
    own = Client(HTTP_HOST="fachkraefte-nordsachsen.de").get("/sitemap.xml").content.decode()
    assert f"<loc>http://fachkraefte-nordsachsen.de/jobs/{world['nurse'].pk}/</loc>" in own
    assert "<loc>http://fachkraefte-nordsachsen.de/projects/</loc>" in own
