"""axe-core on every meeting page (list, scheduling, the meeting page in its states, the
registers, forms showing validation errors, the htmx check-in), at desktop and phone width.
Serious and critical violations fail; minor and moderate ones are printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.meetings import services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.tests.factories import at
from samverk.networks import services as network_services
from samverk.networks.choices import ArenaKind, OrganisationKind, QuorumRule
from samverk.networks.tests.factories import NetworkFactory, PersonFactory, user_with_role
from tests.e2e.conftest import PageLog, html_lang, log_in_with_cookie
from tests.e2e.test_accessibility import FAILING_IMPACTS, _axe, _format

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Screen:
    name: str
    url: str  # formatted with the ids of the data below
    who: str = "coordinator"  # or "observer", "partner"
    submit: str = ""  # a CSS selector of the form whose button is pressed (validation errors)
    language: str = "en"


SCREENS = [
    Screen("meeting_list", "/n/{net}/meetings/"),
    Screen("meeting_list_observer", "/n/{net}/meetings/", who="observer"),
    Screen("meeting_list_empty", "/n/{empty}/meetings/"),
    Screen("meeting_create", "/n/{net}/meetings/new/"),
    Screen("meeting_create_errors", "/n/{net}/meetings/new/", submit="main form"),
    Screen("series_create", "/n/{net}/meetings/series/new/"),
    Screen("series_create_errors", "/n/{net}/meetings/series/new/", submit="main form"),
    Screen("meeting_detail", "/n/{net}/meetings/{meeting}/"),
    Screen("meeting_detail_nb", "/n/{net}/meetings/{meeting}/", language="nb"),
    Screen("meeting_detail_observer", "/n/{net}/meetings/{meeting}/", who="observer"),
    Screen("meeting_detail_partner", "/n/{net}/meetings/{meeting}/", who="partner"),
    Screen("meeting_detail_past", "/n/{net}/meetings/{past}/"),
    Screen("meeting_detail_running", "/n/{net}/meetings/{running}/"),
    Screen("meeting_detail_check_in_search", "/n/{net}/meetings/{running}/?q=e"),
    Screen("meeting_detail_check_in_no_match", "/n/{net}/meetings/{running}/?q=zzz"),
    Screen("agenda_edit", "/n/{net}/meetings/{meeting}/agenda/{item}/edit/"),
    Screen("agenda_delete", "/n/{net}/meetings/{meeting}/agenda/{item}/delete/"),
    Screen("decision_edit", "/n/{net}/meetings/decisions/{decision}/edit/"),
    Screen("action_edit", "/n/{net}/meetings/actions/{action}/edit/"),
    Screen(
        "meeting_detail_decision_errors",
        "/n/{net}/meetings/{running}/",
        submit="form[action$='/decisions/new/']",
    ),
    Screen(
        "meeting_detail_action_errors",
        "/n/{net}/meetings/{running}/?add=action",
        submit="form[action$='/actions/new/']",
    ),
    Screen(
        "meeting_detail_agenda_errors",
        "/n/{net}/meetings/{meeting}/",
        submit="form[action$='/agenda/']",
    ),
    Screen(
        "meeting_detail_document_errors",
        "/n/{net}/meetings/{meeting}/",
        submit="form[action$='/documents/']",
    ),
    Screen("document_delete", "/n/{net}/meetings/documents/{document}/delete/"),
    Screen("meeting_edit", "/n/{net}/meetings/{meeting}/edit/"),
    Screen("meeting_cancel", "/n/{net}/meetings/{meeting}/cancel/"),
    Screen("decision_list", "/n/{net}/meetings/decisions/"),
    Screen("decision_list_no_match", "/n/{net}/meetings/decisions/?q=no-such-text"),
    Screen("action_list", "/n/{net}/meetings/actions/"),
    Screen("action_list_partner", "/n/{net}/meetings/actions/", who="partner"),
    Screen("dashboard_with_my_actions", "/n/{net}/", who="partner"),
    Screen("minutes_detail", "/n/{net}/meetings/{past}/minutes/"),
    Screen("minutes_version", "/n/{net}/meetings/{past}/minutes/v1/"),
    Screen("minutes_edit", "/n/{net}/meetings/{past}/minutes/edit/"),
    Screen("minutes_detail_observer", "/n/{net}/meetings/{past}/minutes/", who="observer"),
    Screen("commitment", "/n/{net}/meetings/commitment/"),
    Screen("calendar_settings", "/calendar/"),
    # German (the longest labels): the stacked tables
    Screen("meeting_list_de", "/n/{net}/meetings/", language="de"),
    Screen("decision_list_de", "/n/{net}/meetings/decisions/", language="de"),
    Screen("action_list_all_de", "/n/{net}/meetings/actions/?status=", language="de"),
    Screen("commitment_de", "/n/{net}/meetings/commitment/", language="de"),
]


def _network_with_meetings() -> dict[str, Any]:
    network = NetworkFactory.create(
        name="Kompetanseforum Vestland", slug="vestland", time_zone="Europe/Oslo"
    )
    empty = NetworkFactory.create(name="Empty network", slug="empty")
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Kari Nordmann")
    empty.roles.create(user=coordinator, role=RoleKind.COORDINATOR)
    bergen = network_services.create_organisation(
        actor=coordinator,
        network=network,
        name="Bergen kommune",
        kind=OrganisationKind.MUNICIPALITY,
    )
    nav = network_services.create_organisation(
        actor=coordinator, network=network, name="NAV Vestland", kind=OrganisationKind.STATE_AGENCY
    )
    people = {}
    for organisation, name in ((bergen, "Ingrid Haugland"), (nav, "Per Olsen")):
        membership = network_services.add_membership(
            actor=coordinator, organisation=organisation, since=dt.date(2024, 1, 1)
        )
        people[name] = network_services.create_person(
            actor=coordinator,
            organisation=organisation,
            name=name,
            email=f"{name.split()[0].lower()}@example.no",  # the minutes are mailed
        )
        network_services.add_mandate(
            actor=coordinator,
            membership=membership,
            person=people[name],
            valid_from=dt.date(2024, 1, 1),
        )
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=bergen)
    people["Ingrid Haugland"].user = partner
    people["Ingrid Haugland"].save()
    arena = network_services.create_arena(
        actor=coordinator,
        network=network,
        name="Styringsgruppe",
        kind=ArenaKind.STEERING_GROUP,
        members=[bergen, nav],
        quorum_rule=QuorumRule.ALL_MEMBERS,
    )
    today = clock.network_today(network)  # the pages compare with the real day
    past = services.schedule_meeting(
        actor=coordinator,
        arena=arena,
        title="Styringsgruppe vår",
        purpose="Agree the plan.",
        starts_at=at(today - dt.timedelta(days=60), zone="Europe/Oslo"),
        ends_at=at(today - dt.timedelta(days=60), 12, zone="Europe/Oslo"),
    )
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        services.change_status(actor=coordinator, meeting=past, status=status)
    services.check_in(actor=coordinator, meeting=past, person=people["Ingrid Haugland"])
    services.check_in(actor=coordinator, meeting=past, guest_name="Dr. Gjest")
    decision = services.record_decision(
        actor=coordinator, meeting=past, text="The plan is adopted.", binding=False, topic="plan"
    )
    past_action = services.create_action(
        actor=coordinator,
        meeting=past,
        title="Collect the vacancy figures",
        due_date=today,
        owner_person=people["Ingrid Haugland"],
    )
    meeting = services.schedule_meeting(
        actor=coordinator,
        arena=arena,
        title="Styringsgruppe høst",
        purpose="Decide the annual theme.",
        starts_at=at(today + dt.timedelta(days=14), zone="Europe/Oslo"),
        ends_at=at(today + dt.timedelta(days=14), 12, zone="Europe/Oslo"),
        venue="Rådhusgaten 10, Bergen",
        online_link="https://meet.example.no/abc",
        host=bergen,
    )
    item = services.add_agenda_item(
        actor=coordinator,
        meeting=meeting,
        title="Labour demand",
        guest_presenter="Dr. Expert",
        planned_minutes=20,
        description="The **figures** of the year.",
    )
    document = services.attach_document(
        actor=coordinator,
        agenda_item=item,
        upload=SimpleUploadedFile("Labour demand 2031.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    services.record_rsvp(
        actor=coordinator,
        meeting=meeting,
        organisation=bergen,
        answer="principal",
        person=people["Ingrid Haugland"],
    )
    services.check_in(actor=coordinator, meeting=meeting, person=people["Per Olsen"])
    services.check_in(
        actor=coordinator,
        meeting=meeting,
        person=PersonFactory.create(organisation=nav, name="Ola Gjest"),
    )
    services.create_action(
        actor=coordinator,
        meeting=meeting,
        title="Draft the theme paper",
        due_date=today + dt.timedelta(days=30),
        owner_organisation=bergen,
    )
    services.change_status(actor=coordinator, meeting=past, status=MeetingStatus.CLOSED)
    running = services.schedule_meeting(
        actor=coordinator,
        arena=arena,
        title="Styringsgruppe ekstra",
        purpose="Agree the budget.",
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        services.change_status(actor=coordinator, meeting=running, status=status)
    services.check_in(actor=coordinator, meeting=running, person=people["Ingrid Haugland"])
    services.save_minutes(
        actor=coordinator,
        meeting=past,
        text="## Attendance\n\nThe steering group met. **Decided:** the annual theme.",
        base_version=0,
    )
    services.circulate_minutes(
        actor=coordinator,
        meeting=past,
        objection_deadline=today + dt.timedelta(days=14),
        today=today,
    )
    return {
        "users": {
            "coordinator": coordinator,
            "observer": user_with_role(network, RoleKind.OBSERVER),
            "partner": partner,
        },
        "ids": {
            "net": network.slug,
            "empty": empty.slug,
            "meeting": meeting.pk,
            "past": past.pk,
            "running": running.pk,
            "item": item.pk,
            "decision": decision.pk,
            "action": past_action.pk,
            "document": document.pk,
        },
    }


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path  # the document uploaded by the data above
    return tmp_path


def _check(page: Any, page_log: PageLog, axe_source: Any, name: str) -> None:
    assert page.locator("main h1").count() == 1
    page.add_script_tag(path=str(axe_source))
    violations = _axe(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if others:
        print(f"{name}: minor/moderate findings\n{_format(others)}")
    assert not failing, f"{name} ({page.url}):\n{_format(failing)}"
    assert page_log.static_problems() == []
    assert page_log.console_errors == []


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_no_serious_accessibility_violations(
    screen: Screen,
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
) -> None:
    data = _network_with_meetings()
    log_in_with_cookie(browser_context, live_server.url, data["users"][screen.who])
    if screen.language != "en":
        browser_context.add_cookies(
            [{"name": "samverk_language", "value": screen.language, "url": live_server.url}]
        )

    response = page.goto(screen.url.format(**data["ids"]))
    assert response is not None
    assert response.status == 200
    if screen.submit:
        form = page.locator(screen.submit).first
        # The meeting page keeps its add forms behind a disclosure: open it first.
        form.evaluate("f => { const d = f.closest('details'); if (d) d.open = true; }")
        if form.locator("textarea").count():
            form.locator("textarea").first.fill("")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert page.locator(".error-summary").count() == 1
    assert html_lang(page) == screen.language
    _check(page, page_log, axe_source, screen.name)


def test_htmx_check_in_updates_the_quorum_box(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any, axe_source: Any
) -> None:
    data = _network_with_meetings()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["coordinator"])
    page.goto("/n/{net}/meetings/{running}/".format(**data["ids"]))
    assert page.locator("#quorum").get_attribute("data-quorate") == "no"
    url_before = page.url

    page.fill("#checkin-q", "olsen")  # (Ingrid Haugland is checked in already)
    with page.expect_response(lambda r: "q=olsen" in r.url):
        page.press("#checkin-q", "Enter")
    found = page.locator("#attendance [data-candidate]")
    expect(found).to_have_count(1)  # htmx swaps just after the response arrives
    assert found.get_attribute("data-candidate") == "authority"
    assert "Per Olsen (NAV Vestland)" in found.inner_text()
    assert "decision-authorised" in found.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/check-in/")):
        found.locator("button[type=submit]").click()
    page.wait_for_selector("#quorum[data-quorate=yes]")

    assert page.url == url_before  # no navigation: only the partial was swapped
    assert "Per Olsen checked in." in page.locator("#quorum").inner_text()
    assert page.locator("#attendance").count() == 1
    _check(page, page_log, axe_source, "htmx check-in")
