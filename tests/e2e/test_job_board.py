"""The public job board in a real browser: axe-core finds no serious or critical violation on
the list, an offer's page and the page of an ended offer (410); none scrolls sideways at 390
or 1,280 px; a visitor searches and filters on a phone and opens an offer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverk.classifications.models import IscoGroup
from samverk.core.models import Region
from samverk.jobs import board_views
from samverk.jobs.models import JobOffer, JobOfferTargetGroup
from samverk.networks.tests.factories import NetworkFactory, OrganisationFactory
from tests.e2e.conftest import PageLog
from tests.e2e.test_meetings_accessibility import _check
from tests.e2e.test_screens import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: Any) -> None:
    monkeypatch.setattr(board_views, "network_today", lambda network, now=None: TODAY)


def _board() -> dict[str, Any]:
    network = NetworkFactory.create(
        slug="nordsachsen", name="Fachkräfteallianz Nordsachsen", language="de"
    )
    major = IscoGroup.objects.create(code="2", level=1, label="Professionals")
    sub = IscoGroup.objects.create(code="22", level=2, label="Health professionals", parent=major)
    minor = IscoGroup.objects.create(code="222", level=3, label="Nursing", parent=sub)
    nurse = IscoGroup.objects.create(
        code="2221",
        level=4,
        label="Nursing professionals",
        labels={"de": "Pflegefachkräfte mit akademischer Ausbildung"},
        parent=minor,
    )
    district = Region.objects.create(code="DE-NS", name="Landkreis Nordsachsen", level="district")
    torgau = Region.objects.create(
        code="DE-NS-TO", name="Torgau", level="municipality", parent=district
    )
    clinic = OrganisationFactory.create(
        network=network,
        name="Kreiskrankenhaus Johann Kentmann Torgau gGmbH",
        website="https://klinik.example.org",
    )
    offers = []
    for n in range(25):
        offers.append(
            JobOffer.objects.create(
                network=network,
                employer=clinic,
                isco_group=nurse,
                status="published",
                title=f"Pflegefachkraft (m/w/d) für die Intensivstation und Anästhesie {n}",
                description="Wir suchen **Verstärkung**.\n\n- Tarif\n- Urlaub nach Tarif",
                kind="job",
                locality="Torgau",
                postal_code="04860",
                street_address="Christianistraße 1",
                municipality=torgau,
                salary="3.800 € brutto im Monat",
                apply_url="https://klinik.example.org/jobs/1",
                apply_email="bewerbung@klinik.example.org",
                date_posted=TODAY - dt.timedelta(days=n),
                valid_through=TODAY + dt.timedelta(days=30),
                start_date=TODAY + dt.timedelta(days=60),
            )
        )
        JobOfferTargetGroup.objects.create(offer=offers[-1], group="returnees")
    ended = JobOffer.objects.create(
        network=network,
        employer=clinic,
        isco_group=nurse,
        status="filled",
        title="Stationshilfe",
        description="Besetzt.",
        kind="job",
        locality="Torgau",
        date_posted=TODAY - dt.timedelta(days=50),
        valid_through=TODAY + dt.timedelta(days=3),
    )
    return {"net": network.slug, "offer": offers[0].pk, "ended": ended.pk}


BOARD_PAGES = [
    ("board_list", "/p/{net}/jobs/", 200),
    ("board_search", "/p/{net}/jobs/?q=intensiv&occupation=22&group=returnees&page=2", 200),
    ("board_empty", "/p/{net}/jobs/?q=xyzzy", 200),
    ("board_offer", "/p/{net}/jobs/{offer}/", 200),
    ("board_ended", "/p/{net}/jobs/{ended}/", 410),
]


@pytest.mark.parametrize("screen", BOARD_PAGES, ids=[s[0] for s in BOARD_PAGES])
def test_no_serious_accessibility_violations_on_the_job_board(
    screen: tuple[str, str, int],
    page: Any,
    page_log: PageLog,
    live_server: Any,
    axe_source: Any,
) -> None:
    name, url, status = screen
    response = page.goto(url.format(**_board()))
    assert response is not None and response.status == status
    if status != 200:  # the browser reports the 410 of the page itself as a console error
        page_log.console_errors[:] = [e for e in page_log.console_errors if "410" not in e]
    _check(page, page_log, axe_source, name)


def test_the_job_board_fits_a_phone_and_a_desktop(
    page: Any, page_log: PageLog, live_server: Any
) -> None:
    ids = _board()
    too_wide = []
    for _name, url, status in BOARD_PAGES:
        for language in ("de", "nb"):
            for size in (PHONE, DESKTOP):
                page.set_viewport_size(size)
                address = url.format(**ids) + ("&" if "?" in url else "?") + f"lang={language}"
                response = page.goto(address)
                assert response is not None and response.status == status, address
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > size["width"]:
                    too_wide.append(f"{address} at {size['width']} px: {width} px wide")
    assert too_wide == []
    assert page_log.static_problems() == []


def test_a_visitor_searches_the_board_on_a_phone_and_opens_an_offer(
    page: Any, page_log: PageLog, live_server: Any
) -> None:
    ids = _board()
    page.set_viewport_size(PHONE)
    page.goto("/p/{net}/?lang=en".format(**ids))
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Job board").click()
    page.get_by_label("Search", exact=True).fill("Intensiv 17")
    page.get_by_label("target group").select_option("returnees")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    assert "1 job offer" in page.locator(".count").inner_text()
    page.get_by_role(
        "link", name="Pflegefachkraft (m/w/d) für die Intensivstation und Anästhesie 17"
    ).click()
    assert page.locator("h1").inner_text().endswith("Anästhesie 17")
    assert page.url.endswith("?lang=en")
    assert "Apply online" in page.locator("main").inner_text()
    assert page_log.static_problems() == []
