"""The project pages in a real browser: a coordinator records a project with the keyboard and
adds a key figure; axe-core finds no serious or critical violation on any project page; none
scrolls sideways at 390 or 1,280 px in German."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.networks import services as network_services
from samverk.networks.choices import OrganisationKind
from samverk.networks.tests.factories import NetworkFactory, PersonFactory, user_with_role
from samverk.projects import services
from samverk.projects.models import KeyFigure, Project
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.domain_screens import Screen, check_screen, too_wide_in_german

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _projects() -> dict[str, Any]:
    network = NetworkFactory.create(name="Fachkräfteallianz Nordsachsen", slug="nordsachsen")
    empty = NetworkFactory.create(name="Empty network", slug="empty")
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Jana Richter")
    empty.roles.create(user=coordinator, role=RoleKind.COORDINATOR)
    wfg = network_services.create_organisation(
        actor=coordinator,
        network=network,
        name="Wirtschaftsförderungsgesellschaft Nordsachsen mbH",
        kind=OrganisationKind.COMPANY,
    )
    network_services.add_membership(actor=coordinator, organisation=wfg, since=dt.date(2012, 1, 1))
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=wfg)
    area = services.add_focus_area(actor=coordinator, network=network, name="Rückkehr")
    project = services.create_project(
        actor=coordinator,
        network=network,
        title="Nordsächsischer Rückkehrertag",
        short_name="RT",
        status="completed",
        starts_on=dt.date(2024, 9, 1),
        ends_on=dt.date(2024, 12, 31),
        carrier=wfg,
        contact=PersonFactory.create(organisation=wfg, name="Tom Berger"),
        focus_areas=[area],
        problem="Viele Fachkräfte haben die Region verlassen.",
        goals="Rückkehrende für Arbeitgeber der Region gewinnen.",
        implementation="Ein Tag nach Weihnachten an fünf Standorten.",
        results="Hohe Resonanz.",
    )
    figure = services.add_key_figure(
        actor=coordinator,
        project=project,
        label="Besuchende",
        value=Decimal(300),
        unit="Personen",
        on=dt.date(2024, 12, 27),
    )
    services.add_milestone(
        actor=coordinator,
        project=project,
        title="Standorte festgelegt",
        planned_on=dt.date(2024, 10, 1),
    )
    services.add_update(
        actor=coordinator,
        project=project,
        on=dt.date(2024, 12, 28),
        title="300 Besuchende an fünf Standorten",
        text="Der Rückkehrertag wird **fortgesetzt**.",
    )
    services.update_project(
        actor=coordinator, project=project, responsible_members=[wfg], responsible_people=[]
    )
    partner_row = services.add_partner(
        actor=coordinator, project=project, organisation=wfg, role="supporter"
    )
    return {
        "users": {"coordinator": coordinator, "partner": partner},
        "ids": {
            "net": network.slug,
            "empty": empty.slug,
            "project": project.pk,
            "figure": figure.pk,
            "milestone": project.milestones.get().pk,
            "partner": partner_row.pk,
        },
    }


SCREENS = [
    ("list", "/n/{net}/projects/", "coordinator", ""),
    ("list_partner", "/n/{net}/projects/", "partner", ""),
    ("list_empty", "/n/{empty}/projects/", "coordinator", ""),
    ("project", "/n/{net}/projects/{project}/", "coordinator", ""),
    ("project_partner", "/n/{net}/projects/{project}/", "partner", ""),
    ("project_new_errors", "/n/{net}/projects/new/", "coordinator", "main form"),
    ("project_edit", "/n/{net}/projects/{project}/edit/", "coordinator", ""),
    ("focus_area_new", "/n/{net}/projects/focus-areas/new/", "coordinator", ""),
    ("partner_new", "/n/{net}/projects/{project}/partners/new/", "coordinator", ""),
    ("figure_new_errors", "/n/{net}/projects/{project}/figures/new/", "coordinator", "main form"),
    ("figure_edit", "/n/{net}/projects/figures/{figure}/edit/", "coordinator", ""),
    # (an empty submit is valid: the figure feeds no indicator)
    ("figure_feed", "/n/{net}/projects/figures/{figure}/indicator/", "coordinator", ""),
    ("milestone_new", "/n/{net}/projects/{project}/milestones/new/", "coordinator", ""),
    ("milestone_edit", "/n/{net}/projects/milestones/{milestone}/edit/", "coordinator", ""),
    ("update_new_errors", "/n/{net}/projects/{project}/updates/new/", "coordinator", "main form"),
    ("file_new_errors", "/n/{net}/projects/{project}/files/new/", "coordinator", "main form"),
    ("figure_delete", "/n/{net}/projects/figure/{figure}/delete/", "coordinator", ""),
    ("partner_delete", "/n/{net}/projects/partner/{partner}/delete/", "coordinator", ""),
    ("import_errors", "/n/{net}/projects/import/", "coordinator", "main form"),
    ("report", "/n/{net}/projects/report/2024/", "coordinator", ""),
    ("report_partner", "/n/{net}/projects/report/2024/", "partner", ""),
    ("report_empty", "/n/{empty}/projects/report/2024/", "coordinator", ""),
    ("report_new_errors", "/n/{net}/projects/report/new/", "coordinator", "main form"),
]


@pytest.mark.parametrize("screen", SCREENS, ids=[s[0] for s in SCREENS])
def test_no_serious_accessibility_violations(
    screen: Screen,
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
) -> None:
    check_screen(screen, _projects(), page, page_log, browser_context, live_server, axe_source)


def test_the_project_pages_fit_a_phone_and_a_desktop_in_german(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    assert (
        too_wide_in_german(SCREENS, _projects(), page, page_log, browser_context, live_server) == []
    )


def test_a_coordinator_records_a_project_and_a_key_figure_with_the_keyboard(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _projects()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["coordinator"])
    page.goto("/n/{net}/projects/".format(**data["ids"]))

    page.get_by_role("link", name="New project").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Title").fill("MINT")
    page.get_by_label("Short name").fill("MINT")
    page.get_by_label("Status").select_option("running")
    page.locator("#id_problem").fill("Zu wenige junge Menschen wählen MINT-Berufe.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").press("Enter")
    assert page.locator("h1").inner_text() == "MINT (MINT)"
    page.get_by_role("link", name="Add a key figure").click()
    page.get_by_label("What is counted").fill("Teilnehmende")
    page.get_by_label("Value").fill("800")
    page.get_by_label("Unit").fill("Personen")
    page.get_by_label("As of").fill("2024-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").press("Enter")

    project = Project.objects.get(title="MINT")
    assert str(KeyFigure.objects.get(project=project)) == "Teilnehmende: 800 Personen"
    assert "800 Personen" in page.locator("#figures").inner_text()
    assert page_log.static_problems() == []
