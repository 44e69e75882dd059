"""Browser test: a coordinator adds a member with its decision-authorised representative in
one flow (going back once, nothing lost), the new member joins the plenary; axe-core on every
step, on the result page, the dashboards of each role and the charter page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.core.models import Federation
from samverk.networks import services
from samverk.networks.models import Mandate, Organisation
from samverk.networks.tests.factories import NetworkFactory, UserFactory, user_with_role
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_accessibility import FAILING_IMPACTS, _axe, _format

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _data() -> dict[str, Any]:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    federation = Federation.objects.create(
        name="Fachkräfteallianz", slug="allianz", charter="## Leitbild\n\nGemeinsam stark."
    )
    network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim", federation=federation)
    plenary = services.create_arena(actor=admin, network=network, name="Plenum", kind="plenary")
    services.create_arena(actor=admin, network=network, name="AG Pflege", kind="working_group")
    member = services.create_organisation(
        actor=admin, network=network, name="Stadtwerke Eberswalde", kind="company"
    )
    import datetime as dt

    membership = services.add_membership(
        actor=admin, organisation=member, since=dt.date(2024, 1, 1)
    )
    return {
        "network": network,
        "plenary": plenary,
        "membership": membership,
        "coordinator": user_with_role(network, RoleKind.COORDINATOR),
        "partner": user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=member),
        "observer": user_with_role(network, RoleKind.OBSERVER),
    }


def _check(page: Any, name: str) -> None:
    assert page.locator("main h1").count() == 1, name
    violations = _axe(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{name} ({page.url}):\n{_format(failing)}"


def _next(page: Any) -> None:
    with page.expect_navigation():
        page.click("main form button[name=next]")


def test_add_a_member_with_its_representative(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any, axe_source: Path
) -> None:
    data = _data()
    log_in_with_cookie(browser_context, live_server.url, data["coordinator"])

    page.goto("/n/barnim/members/")
    with page.expect_navigation():
        page.click("text=Add a member")
    assert page.url.endswith("/members/add/organisation/")
    page.add_script_tag(path=str(axe_source))
    _check(page, "step organisation")

    # Nothing entered: the error shows on the step.
    _next(page)
    assert page.locator(".errorlist").first.is_visible()
    page.fill("#id_name", "Neue Werkstatt")
    page.select_option("#id_kind", "company")
    _next(page)

    page.add_script_tag(path=str(axe_source))
    _check(page, "step membership")
    page.fill("#id_since", "2025-03-01")
    page.fill("#id_budget_amount", "5000")
    _next(page)

    page.add_script_tag(path=str(axe_source))
    _check(page, "step person")
    page.fill("#id_name", "Nora Neu")
    page.fill("#id_email", "nora@werkstatt.example")
    # Back to the membership and forward again: what was typed is still there.
    with page.expect_navigation():
        page.click("main form button[name=back]")
    assert page.input_value("#id_budget_amount") == "5000"
    _next(page)
    assert page.input_value("#id_name") == "Nora Neu"
    _next(page)

    page.add_script_tag(path=str(axe_source))
    _check(page, "step mandate")
    assert page.input_value("#id_valid_from") == "2025-03-01"
    _next(page)

    page.add_script_tag(path=str(axe_source))
    _check(page, "step arenas")
    plenary = page.get_by_label("Plenum")
    assert plenary.is_checked()  # the plenary first, ticked
    assert not page.get_by_label("AG Pflege").is_checked()
    assert Organisation.objects.filter(name="Neue Werkstatt").count() == 0
    _next(page)

    assert page.url.endswith("/members/add/done/")
    assert page.locator("h1").inner_text() == "Neue Werkstatt is now a member"
    assert "Nora Neu" in page.locator("[data-representative]").inner_text()
    assert "Plenum" in page.locator("[data-arenas]").inner_text()
    page.add_script_tag(path=str(axe_source))
    _check(page, "member added")
    mandate = Mandate.objects.get(person__name="Nora Neu")
    assert mandate.decision_authorised and mandate.membership.budget_amount == 5000
    assert page_log.console_errors == []


def test_dashboards_charter_and_representative_flow_are_accessible(
    page: Any, browser_context: Any, live_server: Any, axe_source: Path
) -> None:
    data = _data()
    for who in ("coordinator", "partner", "observer"):
        browser_context.clear_cookies()
        log_in_with_cookie(browser_context, live_server.url, data[who])
        page.goto("/n/barnim/")
        page.add_script_tag(path=str(axe_source))
        _check(page, f"dashboard {who}")
    page.goto("/n/barnim/charter/")
    assert "Gemeinsam stark." in page.content()
    page.add_script_tag(path=str(axe_source))
    _check(page, "charter")

    browser_context.clear_cookies()
    log_in_with_cookie(browser_context, live_server.url, data["coordinator"])
    page.goto("/n/barnim/")
    with page.expect_navigation():
        page.click("text=Add person and mandate")
    assert page.url.endswith(f"/members/{data['membership'].pk}/representative/person/")
    page.add_script_tag(path=str(axe_source))
    _check(page, "representative person")
    page.fill("#id_name", "Rita Rep")
    _next(page)
    page.add_script_tag(path=str(axe_source))
    _check(page, "representative mandate")
    _next(page)
    assert Mandate.objects.filter(
        person__name="Rita Rep", membership=data["membership"], decision_authorised=True
    ).exists()
    page.goto("/n/barnim/members/")
    page.add_script_tag(path=str(axe_source))
    _check(page, "members with the no-arena flag")
    assert page.locator("[data-warning=no-arena]").count() >= 1
