"""The knowledge base in a real browser: a coordinator uploads a PC-Axis table, checks the
review, imports it and filters its values; axe-core finds no serious or critical violation on
any knowledge page, and none scrolls sideways at 390 or 1,280 px in German."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverk.classifications.demo import ensure_demo_groups
from samverk.core.choices import RoleKind
from samverk.knowledge import demo, study_services, survey_services
from samverk.knowledge.models import Vintage
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.domain_screens import Screen, check_screen, too_wide_in_german
from tests.e2e.test_meetings_accessibility import _check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 6, 1)


def _knowledge(settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    network = NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")
    empty = NetworkFactory.create(slug="empty", name="Empty network")
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Jana Richter")
    empty.roles.create(user=coordinator, role=RoleKind.COORDINATOR)
    observer = user_with_role(network, RoleKind.OBSERVER)
    demo.load(actor=coordinator, today=TODAY)
    vintage = Vintage.objects.get()
    groups = ensure_demo_groups()
    survey = survey_services.create_survey(
        actor=coordinator,
        network=network,
        title="Fachkräftebedarf 2199",
        deadline=dt.date(2199, 12, 31),
        occupations=[groups["2221"], groups["7212"]],
    )
    survey_services.invite(
        actor=coordinator, survey=survey, addresses=[("Stadtwerke Torgau", "sw@example.org")]
    )
    survey_services.open_survey(actor=coordinator, survey=survey)
    invitation = survey.invitations.get()
    study = study_services.add_study(
        actor=coordinator,
        network=network,
        title="Fachkräftestudie Nordsachsen",
        year=2025,
        language="de",
        url="https://example.org/studie.pdf",
        summary="Bedarf an Pflegekräften und Schweißern.",
    )
    return {
        "users": {"coordinator": coordinator, "observer": observer},
        "ids": {
            "net": network.slug,
            "empty": empty.slug,
            "data_set": vintage.data_set_id,
            "vintage": vintage.pk,
            "survey": survey.pk,
            "token": invitation.token,
            "study": study.pk,
        },
    }


SCREENS: list[Screen] = [
    ("list", "/n/{net}/knowledge/", "coordinator", ""),
    ("list_observer", "/n/{net}/knowledge/", "observer", ""),
    ("list_empty", "/n/{empty}/knowledge/", "coordinator", ""),
    ("data_set", "/n/{net}/knowledge/datasets/{data_set}/", "coordinator", ""),
    ("data_set_filtered", "/n/{net}/knowledge/datasets/{data_set}/?f0=14730", "observer", ""),
    ("upload_errors", "/n/{net}/knowledge/import/", "coordinator", "main form"),
    ("delete_vintage", "/n/{net}/knowledge/vintage/{vintage}/delete/", "coordinator", ""),
    ("delete_data_set", "/n/{net}/knowledge/dataset/{data_set}/delete/", "coordinator", ""),
    ("surveys", "/n/{net}/knowledge/surveys/", "coordinator", ""),
    ("surveys_empty", "/n/{empty}/knowledge/surveys/", "coordinator", ""),
    ("survey", "/n/{net}/knowledge/surveys/{survey}/", "coordinator", ""),
    ("survey_new_errors", "/n/{net}/knowledge/surveys/new/", "coordinator", "main form"),
    ("survey_results", "/n/{net}/knowledge/surveys/{survey}/results/", "coordinator", ""),
    ("survey_answer_errors", "/survey/{token}/", "coordinator", "main form"),
    ("studies", "/n/{net}/knowledge/studies/", "observer", ""),
    ("studies_search", "/n/{net}/knowledge/studies/?q=pflegekräften", "coordinator", ""),
    ("study", "/n/{net}/knowledge/studies/{study}/", "coordinator", ""),
    ("study_new_errors", "/n/{net}/knowledge/studies/new/", "coordinator", "main form"),
    ("study_delete", "/n/{net}/knowledge/studies/{study}/delete/", "coordinator", ""),
]


@pytest.mark.parametrize("screen", SCREENS, ids=[s[0] for s in SCREENS])
def test_no_serious_accessibility_violations(
    screen: Screen,
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    data = _knowledge(settings, tmp_path)
    check_screen(screen, data, page, page_log, browser_context, live_server, axe_source)


def test_the_knowledge_pages_fit_a_phone_and_a_desktop_in_german(
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    data = _knowledge(settings, tmp_path)
    assert too_wide_in_german(SCREENS, data, page, page_log, browser_context, live_server) == []


def test_a_coordinator_uploads_reviews_and_imports_a_px_table(
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    data = _knowledge(settings, tmp_path)
    log_in_with_cookie(browser_context, live_server.url, data["users"]["coordinator"])
    page.goto("/n/empty/knowledge/?lang=en")
    page.get_by_role("link", name="Import a table").first.click()
    page.get_by_label("Table (JSON-stat, PC-Axis .px, CSV or XLSX)").set_input_files(
        {
            "name": "beschaeftigte.px",
            "mimeType": "application/octet-stream",
            "buffer": demo.nordsachsen_px(TODAY),
        }
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Read the file").click()
    assert "9 cells, 0 of them missing or suppressed" in page.content()
    _check(page, page_log, axe_source, "import review")
    page.get_by_label("licence").fill("dl-de/by-2-0")
    page.locator("#id_label").fill("2026-05")
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    assert "Imported: 9 cells" in page.content()
    page.get_by_label("Kreis").select_option(label="Nordsachsen")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert "3 cells" in page.locator(".count").inner_text()
    _check(page, page_log, axe_source, "data set filtered")
    assert page_log.console_errors == []


def test_the_shortage_picture_is_accessible_and_fits_a_phone(
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from samverk.jobs.tests.factories import make_offer, make_world
    from samverk.knowledge import shortage_services

    settings.MEDIA_ROOT = tmp_path
    world = make_world("ostsachsen")
    for i in range(4):
        make_offer(
            world,
            status="filled" if i % 2 else "published",
            title=f"Pflege {i}",
            municipality=world.town,
            today=TODAY,
        )
    shortage_services.run(
        actor=world.coordinator, network=world.network, source="jobs", method="ba", today=TODAY
    )
    log_in_with_cookie(browser_context, live_server.url, world.coordinator)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/n/ostsachsen/knowledge/shortage/?lang=de")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto("/n/ostsachsen/knowledge/shortage/?lang=en")
    assert "Most pressing first" in page.content()
    _check(page, page_log, axe_source, "shortage picture")
