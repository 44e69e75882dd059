"""The meetings issue's scenario in a real browser: a coordinator runs a meeting from check-in
through a decision and an action to the minutes, and approves them at the next meeting.

The interface is translated, so elements are found by URL, form action, id, name and data
attributes rather than by English text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from samverk.core.choices import RoleKind
from samverk.meetings import services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import ActionItem, Decision, Meeting, Minutes
from samverk.networks import services as network_services
from samverk.networks.choices import ArenaKind, OrganisationKind, QuorumRule
from samverk.networks.models import Organisation, Person
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from tests.e2e.conftest import PASSWORD, PageLog, log_in, log_in_with_cookie, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "kari@vestland.example.no"
SINCE = dt.date(2024, 1, 1)


@dataclass
class Scenario:
    coordinator: Any
    organisations: list[Organisation]
    people: list[Person]
    meeting: Meeting
    later: Meeting

    @property
    def base(self) -> str:
        return f"/n/{self.meeting.network.slug}/meetings/"

    def url(self, meeting: Meeting, rest: str = "") -> str:
        return f"{self.base}{meeting.pk}/{rest}"


def _scenario(*, second_authorised: bool = True) -> Scenario:
    """A network, an arena whose quorum needs all its members, two member organisations with
    one representative each, and two meetings of the arena: one starting now, one later."""
    network = NetworkFactory.create(
        name="Kompetanseforum Vestland", slug="vestland", language="en", time_zone="Europe/Oslo"
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR, email=EMAIL, name="Kari Nordmann")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    organisations, people = [], []
    for name, kind, person_name, authorised in (
        ("Bergen kommune", OrganisationKind.MUNICIPALITY, "Ingrid Haugland", True),
        ("NAV Vestland", OrganisationKind.STATE_AGENCY, "Per Olsen", second_authorised),
    ):
        organisation = network_services.create_organisation(
            actor=coordinator, network=network, name=name, kind=kind
        )
        membership = network_services.add_membership(
            actor=coordinator, organisation=organisation, since=SINCE
        )
        person = network_services.create_person(
            actor=coordinator,
            organisation=organisation,
            name=person_name,
            email=f"{person_name.split()[0].lower()}@example.org",
        )
        network_services.add_mandate(
            actor=coordinator,
            membership=membership,
            person=person,
            valid_from=SINCE,
            decision_authorised=authorised,
        )
        organisations.append(organisation)
        people.append(person)
    arena = network_services.create_arena(
        actor=coordinator,
        network=network,
        name="Styringsgruppe",
        kind=ArenaKind.STEERING_GROUP,
        members=organisations,
        quorum_rule=QuorumRule.ALL_MEMBERS,
    )
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=15)
    meeting = services.schedule_meeting(
        actor=coordinator,
        arena=arena,
        title="Styringsgruppe vår",
        purpose="Decide the annual theme.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    services.add_agenda_item(actor=coordinator, meeting=meeting, title="Annual theme")
    later = services.schedule_meeting(
        actor=coordinator,
        arena=arena,
        title="Styringsgruppe høst",
        purpose="Approve the minutes; follow up the actions.",
        starts_at=start + dt.timedelta(days=42),
        ends_at=start + dt.timedelta(days=42, hours=2),
    )
    return Scenario(coordinator, organisations, people, meeting, later)


def _status(page: Any) -> str | None:
    return page.locator("#status [data-status]").get_attribute("data-status")


def _press_status_button(page: Any, status: str) -> None:
    form = page.locator(f"#status form:has(input[name=status][value={status}])")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert _status(page) == status


def _check_in(page: Any, person: Person, quorate: str, found_as: str = "authority") -> None:
    """Find the person with the search, then check them in; htmx swaps only the attendance
    section each time and the page's address stays."""
    url_before = page.url
    page.fill("#checkin-q", person.name)
    with page.expect_response(lambda r: "q=" in r.url) as found:
        page.press("#checkin-q", "Enter")
    assert found.value.status == 200
    result = page.locator(f"[data-candidate]:has(input[name=checkin-person][value='{person.pk}'])")
    assert result.get_attribute("data-candidate") == found_as
    with page.expect_response(lambda r: r.url.endswith("/check-in/")) as response:
        result.locator("button[type=submit]").click()
    assert response.value.status == 200
    page.wait_for_selector(f"#quorum[data-quorate={quorate}]")
    assert page.url == url_before


def _submit(page: Any, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(form_selector).locator("button[type=submit]:not([name=preview])").click()


def _minutes_status(page: Any) -> str | None:
    return page.locator("[data-minutes-status]").get_attribute("data-minutes-status")


def _assert_clean(page_log: PageLog) -> None:
    assert page_log.console_errors == []
    assert page_log.failed_responses == []
    assert page_log.failed_requests == []


def test_coordinator_runs_a_meeting_and_approves_its_minutes_at_the_next(
    page: Any, page_log: PageLog
) -> None:
    s = _scenario()
    meeting_url = s.url(s.meeting)
    year = timezone.localtime(s.meeting.starts_at, ZoneInfo("Europe/Oslo")).year

    log_in(page, EMAIL)
    page.goto(meeting_url)
    assert page.locator("main h1").count() == 1
    assert _status(page) == MeetingStatus.PLANNED

    # Invite on the invite page (whom it goes to, then send), then start the meeting with the
    # status button.
    with page.expect_navigation():
        page.locator("#status a[href$='/invite/']").click()
    assert page.locator("#recipients h2").inner_text() == "The invitation goes to"
    with page.expect_navigation():
        page.locator("main form.form-actions button[type=submit]").click()
    assert "The invitation is queued for" in page.locator("#sent").inner_text()
    page.goto(meeting_url)
    assert _status(page) == MeetingStatus.INVITED
    _press_status_button(page, MeetingStatus.IN_PROGRESS)
    assert path_of(page.url).startswith(meeting_url)

    # Check in both representatives: quorate only once both members are represented.
    assert page.locator("#quorum").get_attribute("data-quorate") == "no"
    _check_in(page, s.people[0], quorate="no")
    _check_in(page, s.people[1], quorate="yes")
    rows = page.locator("#attendance li[data-attendance]")
    assert rows.count() == 2
    assert page.locator("#attendance li[data-attendance=authority]").count() == 2

    # A binding decision (the form's default) gets the year's first number.
    decision_form = "form[action$='/decisions/new/']"
    page.click("#decision-form-heading")  # the form is behind a disclosure
    page.fill("#id_decision-text", "The annual theme is skills for the green transition.")
    page.fill("#id_decision-topic", "annual theme")
    assert page.locator("#id_decision-binding").is_checked()
    _submit(page, decision_form)
    assert path_of(page.url).startswith(meeting_url)
    decision = Decision.objects.get(meeting=s.meeting)
    assert decision.binding
    assert (decision.year, decision.number) == (year, 1)
    reference = page.locator("#decisions [data-decision] strong")
    assert reference.count() == 1
    assert reference.inner_text().strip() == f"{year}/01"
    assert page.locator("#decisions [data-decision] .tag").count() == 0  # not a recommendation

    # An action, owned by an organisation and following from the decision.
    with page.expect_navigation():
        page.click("#actions a[data-add=action]")
    page.fill("#id_action-title", "Draft the theme paper")
    page.select_option("#id_action-owner_organisation", value=str(s.organisations[0].pk))
    page.select_option("#id_action-decision", value=str(decision.pk))
    _submit(page, "form[action$='/actions/new/']")
    action = ActionItem.objects.get(meeting=s.meeting)
    assert action.decision_id == decision.pk
    assert page.locator(f"#actions button[formaction$='/actions/{action.pk}/status/']").count() == 1

    _press_status_button(page, MeetingStatus.CLOSED)

    # The minutes: write, save, circulate.
    with page.expect_navigation():
        page.click(f"#minutes a[href='{meeting_url}minutes/']")
    assert path_of(page.url) == f"{meeting_url}minutes/"
    assert _minutes_status(page) == "none"
    with page.expect_navigation():
        page.click(f"main a[href='{meeting_url}minutes/edit/']")
    page.fill("#id_text", f"## Decisions\n\n{year}/01: the annual theme is agreed.")
    _submit(page, "main form[action$='/minutes/edit/']")
    assert path_of(page.url) == f"{meeting_url}minutes/"
    assert _minutes_status(page) == Minutes.Status.DRAFT
    assert page.locator(".minutes-text[data-version='1'] h2").count() == 1
    _submit(page, "main form[action$='/minutes/circulate/']")
    assert _minutes_status(page) == Minutes.Status.CIRCULATED

    # Approve them at the later meeting of the arena, once it is held.
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        services.change_status(actor=s.coordinator, meeting=s.later, status=status)
    page.reload()
    options = page.locator("#id_approve-at_meeting option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        str(s.later.pk)
    ]
    page.select_option("#id_approve-at_meeting", value=str(s.later.pk))
    _submit(page, "main form[action$='/minutes/approve/']")
    assert path_of(page.url) == f"{meeting_url}minutes/"
    assert _minutes_status(page) == Minutes.Status.APPROVED
    assert s.later.title in page.locator("[data-minutes-status]").inner_text()
    assert page.locator(f"main a[href='{meeting_url}minutes/edit/']").count() == 0
    assert page.locator("main form[action$='/minutes/approve/']").count() == 0

    # The later meeting's minutes page lists what was approved there.
    page.goto(s.url(s.later, "minutes/"))
    assert page.locator(f"main a[href='{meeting_url}minutes/']").count() == 1

    # And the meeting itself is now "minutes approved", with nothing left to edit.
    page.goto(meeting_url)
    assert _status(page) == MeetingStatus.MINUTES_APPROVED
    assert page.locator("#status form").count() == 0
    assert page.locator("form[action$='/decisions/new/']").count() == 0

    minutes = Minutes.objects.get(meeting=s.meeting)
    assert (minutes.status, minutes.approved_at_id) == (Minutes.Status.APPROVED, s.later.pk)
    _assert_clean(page_log)


def test_a_representative_without_authority_leaves_the_meeting_not_quorate(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    s = _scenario(second_authorised=False)
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        services.change_status(actor=s.coordinator, meeting=s.meeting, status=status)
    log_in_with_cookie(browser_context, live_server.url, s.coordinator)
    page.goto(s.url(s.meeting))

    _check_in(page, s.people[0], quorate="no")
    _check_in(page, s.people[1], quorate="no", found_as="no_authority")
    assert page.locator("#attendance li[data-attendance=authority]").count() == 1
    assert page.locator("#attendance li[data-attendance=no_authority]").count() == 1
    assert page.locator("#attendance li[data-attendance=guest]").count() == 0  # a member

    # A binding decision is refused, with the service's reason on the form.
    form = "form[action$='/decisions/new/']"
    page.click("#decision-form-heading")
    page.fill("#id_decision-text", "The annual theme is skills for the green transition.")
    assert page.locator("#id_decision-binding").is_checked()
    _submit(page, form)
    assert Decision.objects.count() == 0
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.record_decision(actor=s.coordinator, meeting=s.meeting, text="x")
    message = refused.value.message_dict["binding"][0]
    summary = page.locator(f"{form} .error-summary")
    assert summary.count() == 1
    assert message in summary.locator("a[href='#id_decision-binding']").inner_text()
    assert page.locator("#id_decision-text").input_value().startswith("The annual theme")

    # As a recommendation it is recorded.
    page.uncheck("#id_decision-binding")
    _submit(page, form)
    decision = Decision.objects.get()
    assert not decision.binding
    assert page.locator("#decisions [data-decision] .tag").count() == 1
    _assert_clean(page_log)
