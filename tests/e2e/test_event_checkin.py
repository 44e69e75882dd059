"""A coordinator at the entrance checks participants in on a tablet: one by typing the code,
one by "scanning" (the page's decoder, ``window.samverkScan``, is given an image of the QR code
the confirmation mail carries; ``test_event_camera`` scans it through a camera stream), then
counts a walk-in, and removes an exhibitor after being asked. axe-core finds no serious or
critical violation on the check-in page, the exhibitor pages and the event page with its
outcome section."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.events import qr
from samverk.events.models import EventSite, Registration
from samverk.events.tests.factories import EventFactory, RegistrationFactory, SiteFactory
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    user_with_role,
)
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_meetings_accessibility import _check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}
DAY = dt.datetime(2199, 12, 27, 9, 0, tzinfo=dt.UTC)

SCAN = """async (src) => {
  const image = new Image();
  image.src = src;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  return window.samverkScan(context.getImageData(0, 0, canvas.width, canvas.height));
}"""


def test_a_coordinator_checks_in_by_code_and_by_scan_on_a_tablet(
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
) -> None:
    network = NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")
    company = OrganisationFactory.create(network=network, name="Elbaue Pflege GmbH")
    MembershipFactory.create(organisation=company, network=network)
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    event = EventFactory.create(network=network, title="Nordsächsischer Rückkehrertag")
    site = SiteFactory.create(
        event=event, name="Torgau", starts_at=DAY, ends_at=DAY + dt.timedelta(hours=5)
    )
    typed = RegistrationFactory.create(site=site, name="Ada Lovelace", code="ABCD2345")
    scanned = RegistrationFactory.create(site=site, name="Grace Hopper", code="HPQR6789")
    log_in_with_cookie(browser_context, live_server.url, coordinator)
    page.set_viewport_size(TABLET)

    desk = f"/n/nordsachsen/events/sites/{site.pk}/check-in/?lang=en"
    page.goto(desk)
    _check(page, page_log, axe_source, "check-in page")
    page.get_by_label("Check-in code").fill("abcd 2345")
    with page.expect_navigation():
        page.get_by_role("button", name="Check in", exact=True).click()
    assert "Checked in: Ada Lovelace" in page.content()

    # the scan path: the decoder reads the mail's QR code image, fills the field and submits
    image = "data:image/png;base64," + base64.b64encode(qr.png(scanned.code)).decode()
    with page.expect_navigation():
        decoded = page.evaluate(SCAN, image)
    assert decoded == "HPQR6789"
    assert "Checked in: Grace Hopper" in page.content()
    # a second scan is refused with the time of the first
    page.goto(desk)
    page.evaluate(SCAN, image)
    page.wait_for_selector("#code-errors")
    assert "Checked in already" in page.locator("#code-errors").inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="+1 walk-in").click()
    assert page.locator('[data-count="visitors"]').inner_text() == "3"
    _check(page, page_log, axe_source, "check-in page after a walk-in")
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    typed.refresh_from_db()
    assert typed.checked_in_at is not None
    assert Registration.objects.get(pk=scanned.pk).checked_in_at is not None
    assert EventSite.objects.get(pk=site.pk).walk_ins == 1

    page.goto(f"/n/nordsachsen/events/sites/{site.pk}/exhibitors/?lang=en")
    _check(page, page_log, axe_source, "exhibitors")
    page.goto(f"/n/nordsachsen/events/sites/{site.pk}/exhibitors/new/?lang=en")
    _check(page, page_log, axe_source, "exhibitor registration")
    page.get_by_label("Company").select_option(label="Elbaue Pflege GmbH")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    _check(page, page_log, axe_source, "exhibitor edit")
    page.goto(f"/n/nordsachsen/events/sites/{site.pk}/exhibitors/?lang=en")
    page.locator("tr", has_text="Elbaue Pflege GmbH").get_by_role("link", name="Remove").click()
    _check(page, page_log, axe_source, "exhibitor removal")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, remove").click()
    assert "Removed: Elbaue Pflege GmbH." in page.content()
    assert "No exhibitors yet." in page.content()
    page.goto(f"/n/nordsachsen/events/{event.pk}/?lang=en#outcome")
    assert page.locator("#outcome [data-total-visitors]").inner_text() == "3"
    _check(page, page_log, axe_source, "event page with its outcome")
