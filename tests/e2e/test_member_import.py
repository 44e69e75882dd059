"""A coordinator imports the partner list in the browser: upload, preview, confirm; the upload
page (also with an error report) and the preview pass axe and do not scroll sideways at 390 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.networks import services
from samverk.networks.models import Mandate, Membership, Organisation
from samverk.networks.tests.factories import NetworkFactory, UserFactory, user_with_role
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_accessibility import FAILING_IMPACTS, _axe, _format

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "\ufeffOrganisation;Member since;Annual budget;Person;Email;Mandate\r\n"
    "Kreishandwerkerschaft Barnim;01.01.2024;1.500,00;Karl Krause;karl@khw.example;principal\r\n"
    "Stadtwerke Eberswalde;;2 000;;;\r\n"
).encode()

BAD_CSV = (
    "Organisation;Annual budget;Email\r\nEine GmbH;viel;\r\nZwei GmbH;100;kein-mail\r\n"
).encode("cp1252")


def _check_axe(page: Any, axe_source: Path, name: str) -> None:
    page.add_script_tag(path=str(axe_source))
    violations = _axe(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{name} ({page.url}):\n{_format(failing)}"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_coordinator_imports_a_partner_list(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any, axe_source: Path
) -> None:
    network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim", language="en")
    admin = UserFactory.create(is_superuser=True)
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    stadtwerke = services.create_organisation(
        actor=admin, network=network, name="Stadtwerke Eberswalde", kind="company"
    )
    services.add_membership(actor=admin, organisation=stadtwerke, since=dt.date(2024, 1, 1))
    log_in_with_cookie(browser_context, live_server.url, coordinator)

    page.goto(f"/n/{network.slug}/members/")
    page.get_by_role("link", name="Import the partner list").click()
    page.wait_for_url(f"**/n/{network.slug}/members/import/")
    assert page.locator("main h1").inner_text() == "Import the partner list"
    _check_axe(page, axe_source, "upload page")

    # A file with errors: every error with its row, nothing saved.
    page.set_input_files(
        "input[type=file]", {"name": "fehler.csv", "mimeType": "text/csv", "buffer": BAD_CSV}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Show preview").click()
    report = page.locator(".error-summary")
    assert report.is_visible()
    items = report.locator(".import-errors li").all_inner_texts()
    assert len(items) == 3, items
    assert items[0].startswith("Row 2") and "“viel” is not an amount" in items[0]
    assert items[1].startswith("Row 3") and "“kein-mail” is not a valid email" in items[1]
    assert items[2].startswith("Row 3") and "The person's name is missing" in items[2]
    _check_axe(page, axe_source, "upload page with errors")
    assert not Organisation.objects.filter(name="Eine GmbH").exists()

    # A good file: the preview first, nothing saved yet.
    page.set_input_files(
        "input[type=file]", {"name": "partnerliste.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Show preview").click()
    assert page.locator("main h1").inner_text() == "Preview of the import"
    rows = page.locator(".import-preview > li")
    assert rows.count() == 2
    assert "New organisation “Kreishandwerkerschaft Barnim”" in rows.nth(0).inner_text()
    assert "New mandate: principal" in rows.nth(0).inner_text()
    assert "Membership changed" in rows.nth(1).inner_text()
    assert not Organisation.objects.filter(name="Kreishandwerkerschaft Barnim").exists()
    _check_axe(page, axe_source, "preview page")

    with page.expect_navigation():
        page.get_by_role("button", name="Import now").click()
    assert page.url.endswith(f"/n/{network.slug}/members/")
    assert "The partner list was imported" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Kreishandwerkerschaft Barnim", exact=True).is_visible()
    khw = Organisation.objects.get(name="Kreishandwerkerschaft Barnim")
    membership = Membership.objects.get(organisation=khw)
    assert str(membership.budget_amount) == "1500.00"
    assert Mandate.objects.get(membership=membership).person.name == "Karl Krause"
    assert str(Membership.objects.get(organisation=stadtwerke).budget_amount) == "2000.00"
    assert page_log.static_problems() == []
