"""The strategy pages in a real browser: a coordinator enters a value, approves it and sees the
indicator's status change; a member updates its own commitment; axe-core finds no serious or
critical violation on any strategy page; none scrolls sideways at 390 or 1,280 px in German."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.networks import services as network_services
from samverk.networks.choices import ArenaKind, OrganisationKind
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.strategy import charter_services, direction_versions, plan_services, services
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.domain_screens import Screen, check_screen, too_wide_in_german

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _strategy() -> dict[str, Any]:
    network = NetworkFactory.create(
        name="Kommunförbundet Norrbotten", slug="norrbotten", time_zone="Europe/Stockholm"
    )
    empty = NetworkFactory.create(name="Empty network", slug="empty")
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Karin Lind")
    empty.roles.create(user=coordinator, role=RoleKind.COORDINATOR)
    lulea = network_services.create_organisation(
        actor=coordinator, network=network, name="Luleå kommun", kind=OrganisationKind.MUNICIPALITY
    )
    network_services.add_membership(
        actor=coordinator, organisation=lulea, since=dt.date(2014, 1, 1)
    )
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=lulea)
    direction = services.create_direction(
        actor=coordinator,
        network=network,
        title="Inriktning",
        start_year=2015,
        end_year=2018,
        mission="Förbundet ska **samordna** kommunernas arbete.",
        context="Omvärlden förändras.",
    )
    goal = services.add_goal(
        actor=coordinator, direction=direction, title="Fler ungdomar fullföljer gymnasiet"
    )
    services.add_commitment(
        actor=coordinator, goal=goal, side="network", text="Förbundet samlar statistiken"
    )
    own = services.add_commitment(
        actor=coordinator,
        goal=goal,
        side="members",
        text="genom att kommunerna följer upp avbrotten",
        organisations=[lulea],
    )
    indicator = services.add_indicator(
        actor=coordinator,
        goal=goal,
        name="18–24-åringar utan fullföljd gymnasieutbildning",
        unit="percent",
        desired="at_most",
        baseline_value=Decimal("14.0"),
        baseline_date=dt.date(2015, 1, 1),
        target_value=Decimal("10.0"),
        target_date=dt.date(2018, 12, 31),
        breakdown="municipality",
    )
    first = services.enter_measurement(
        actor=coordinator,
        indicator=indicator,
        period_end=dt.date(2016, 12, 31),
        value=Decimal("13.5"),
    )
    services.approve_measurement(actor=coordinator, measurement=first)
    draft = services.enter_measurement(
        actor=partner,
        indicator=indicator,
        period_end=dt.date(2016, 12, 31),
        value=Decimal("12.0"),
        part="Luleå",
    )
    charter = charter_services.save_charter(
        actor=coordinator,
        network=network,
        title="Samverkansöverenskommelse",
        who_we_are="Kommunerna i Norrbotten.",
        what_we_want="Kompetensförsörjning.",
        how_we_work="Vi möts fyra gånger om året.",
    )
    charter_services.save_charter(
        actor=coordinator, network=network, how_we_work="Vi möts fyra gånger om året.\nÖppet."
    )
    obligation = charter_services.add_obligation(
        actor=coordinator,
        charter=charter,
        text="Skicka en beslutsför representant till varje möte",
        measure="authorised_attendance",
    )
    charter_services.add_obligation(
        actor=coordinator, charter=charter, text="Bidra med en årlig budget", measure="budget"
    )
    charter_services.answer_self_check(
        actor=partner,
        network=network,
        obligation=obligation,
        organisation=lulea,
        year=2025,
        answer="partly",
        comment="Två möten utan mandat",
    )
    direction_versions.keep_version(actor=coordinator, direction=direction)
    services.add_goal(actor=coordinator, direction=direction, title="Attraktiva arbetsgivare")
    direction_versions.keep_version(actor=coordinator, direction=direction)
    board = network_services.create_arena(
        actor=coordinator, network=network, name="Styrelsen", kind=ArenaKind.STEERING_GROUP
    )
    plan = plan_services.create_plan(
        actor=coordinator,
        network=network,
        year=2016,
        direction=direction,
        theme="Kompetensförsörjning i hela länet",
        currency="SEK",
        proposing_arena=board,
        adopting_arena=board,
        priorities=[goal],
    )
    activity = plan_services.add_activity(
        actor=coordinator,
        plan=plan,
        title="Avhoppsstatistik per kommun",
        goal=goal,
        organisations=[lulea],
        starts_on=dt.date(2016, 2, 1),
        ends_on=dt.date(2016, 6, 30),
        budget=Decimal("150000.00"),
    )
    plan_services.add_income(
        actor=coordinator,
        plan=plan,
        kind="grant",
        label="Region Norrbotten",
        amount=Decimal("100000.00"),
        currency="SEK",
    )
    plan_services.record_contribution(
        actor=coordinator,
        network=network,
        organisation=lulea,
        year=2016,
        kind="in_kind",
        description="Lokaler för Framtidsdagen",
        value=Decimal("12000.00"),
        currency="SEK",
        activity=activity,
    )
    return {
        "users": {"coordinator": coordinator, "partner": partner},
        "ids": {
            "net": network.slug,
            "empty": empty.slug,
            "direction": direction.pk,
            "goal": goal.pk,
            "indicator": indicator.pk,
            "commitment": own.pk,
            "value": draft.pk,
            "obligation": obligation.pk,
            "plan": plan.pk,
            "activity": activity.pk,
        },
    }


SCREENS = [
    ("list", "/n/{net}/strategy/", "coordinator", ""),
    ("list_empty", "/n/{empty}/strategy/", "coordinator", ""),
    ("direction", "/n/{net}/strategy/{direction}/", "coordinator", ""),
    ("direction_partner", "/n/{net}/strategy/{direction}/", "partner", ""),
    ("direction_new_errors", "/n/{net}/strategy/new/", "coordinator", "main form"),
    ("direction_edit", "/n/{net}/strategy/{direction}/edit/", "coordinator", ""),
    ("goal_new", "/n/{net}/strategy/{direction}/goals/new/", "coordinator", ""),
    ("commitment_new", "/n/{net}/strategy/goals/{goal}/commitments/new/", "coordinator", ""),
    ("commitment_partner", "/n/{net}/strategy/commitments/{commitment}/edit/", "partner", ""),
    (
        "indicator_new_errors",
        "/n/{net}/strategy/goals/{goal}/indicators/new/",
        "coordinator",
        "main form",
    ),
    ("indicator", "/n/{net}/strategy/indicators/{indicator}/", "coordinator", ""),
    ("indicator_partner", "/n/{net}/strategy/indicators/{indicator}/", "partner", ""),
    ("value_edit", "/n/{net}/strategy/values/{value}/edit/", "coordinator", ""),
    ("value_delete", "/n/{net}/strategy/values/{value}/delete/", "coordinator", ""),
    ("charter", "/n/{net}/strategy/charter/", "coordinator", ""),
    ("charter_partner", "/n/{net}/strategy/charter/", "partner", ""),
    ("charter_empty", "/n/{empty}/strategy/charter/", "coordinator", ""),
    ("charter_edit", "/n/{net}/strategy/charter/edit/", "coordinator", ""),
    ("charter_version", "/n/{net}/strategy/charter/versions/2/", "coordinator", ""),
    (
        "obligation_new_errors",
        "/n/{net}/strategy/charter/obligations/new/",
        "coordinator",
        "main form",
    ),
    (
        "obligation_edit",
        "/n/{net}/strategy/charter/obligations/{obligation}/edit/",
        "coordinator",
        "",
    ),
    ("self_check", "/n/{net}/strategy/self-check/2025/", "coordinator", ""),
    ("self_check_partner", "/n/{net}/strategy/self-check/2025/", "partner", ""),
    ("self_check_partner_errors", "/n/{net}/strategy/self-check/2024/", "partner", "main form"),
    ("self_check_years", "/n/{net}/strategy/self-check/2025/years/", "coordinator", ""),
    ("self_check_years_partner", "/n/{net}/strategy/self-check/2025/years/", "partner", ""),
    ("dashboard", "/n/{net}/", "coordinator", ""),
    ("plans", "/n/{net}/strategy/plans/", "coordinator", ""),
    ("plans_empty", "/n/{empty}/strategy/plans/", "coordinator", ""),
    ("plan", "/n/{net}/strategy/plans/{plan}/", "coordinator", ""),
    ("plan_partner", "/n/{net}/strategy/plans/{plan}/", "partner", ""),
    ("plan_new_errors", "/n/{net}/strategy/plans/new/", "coordinator", "main form"),
    ("plan_edit", "/n/{net}/strategy/plans/{plan}/edit/", "coordinator", ""),
    ("activity_new", "/n/{net}/strategy/plans/{plan}/activities/new/", "coordinator", ""),
    ("income_new_errors", "/n/{net}/strategy/plans/{plan}/income/new/", "coordinator", "main form"),
    ("contributions", "/n/{net}/strategy/contributions/2016/", "coordinator", ""),
    ("contributions_partner", "/n/{net}/strategy/contributions/2016/", "partner", ""),
    ("contributions_errors", "/n/{net}/strategy/contributions/2016/", "coordinator", "main form"),
    ("direction_keep_version", "/n/{net}/strategy/{direction}/versions/new/", "coordinator", ""),
    ("direction_version", "/n/{net}/strategy/{direction}/versions/2/", "coordinator", ""),
    ("follow_up", "/n/{net}/strategy/plans/{plan}/follow-up/", "coordinator", ""),
    ("follow_up_partner", "/n/{net}/strategy/plans/{plan}/follow-up/", "partner", ""),
    ("activity_report", "/n/{net}/strategy/plans/activities/{activity}/report/", "coordinator", ""),
    ("activity_delete", "/n/{net}/strategy/plans/activity/{activity}/delete/", "coordinator", ""),
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
    check_screen(screen, _strategy(), page, page_log, browser_context, live_server, axe_source)


def test_the_strategy_pages_fit_a_phone_and_a_desktop_in_german(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    assert (
        too_wide_in_german(SCREENS, _strategy(), page, page_log, browser_context, live_server) == []
    )


def test_a_coordinator_enters_and_approves_a_value_and_the_status_changes(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _strategy()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["coordinator"])
    page.goto("/n/{net}/strategy/{direction}/".format(**data["ids"]))
    status = page.locator("td [data-status]").first
    assert status.inner_text() == "at risk"

    page.get_by_role("link", name="18–24-åringar utan fullföljd gymnasieutbildning").click()
    page.locator("#id_period_end").fill("2018-06-30")
    page.get_by_role("spinbutton", name="Value").fill("10.4")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as draft").click()
    assert "Saved as a draft" in page.locator("main").inner_text()
    assert page.locator("dl [data-status]").inner_text() == "at risk"  # a draft counts not
    row = page.locator("tr", has_text="10.40")
    with page.expect_navigation():
        row.get_by_role("button", name="Approve").click()

    assert "Approved: the value now counts." in page.locator("main").inner_text()
    assert page.locator("dl [data-status]").inner_text() == "on track"
    page.goto("/n/{net}/strategy/{direction}/".format(**data["ids"]))
    assert page.locator("td [data-status]").first.inner_text() == "on track"
    assert page_log.console_errors == []


def test_a_member_updates_its_commitment_with_the_keyboard(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _strategy()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["partner"])
    page.goto("/n/{net}/strategy/{direction}/".format(**data["ids"]))
    update = page.locator("[data-commitment] a", has_text="Update")
    assert update.count() == 1  # only the commitment that names its organisation
    update.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Status").select_option("under_way")
    page.get_by_label("Evidence").fill("Uppföljning startad i Luleå")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    item = page.locator(f"[data-commitment='{data['ids']['commitment']}']")
    assert "under way" in item.inner_text()
    assert "Uppföljning startad i Luleå" in item.inner_text()


def test_a_member_answers_the_self_check(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _strategy()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["partner"])
    page.goto("/n/{net}/strategy/self-check/2024/".format(**data["ids"]))
    assert "no answer" in page.locator("tbody").inner_text()
    first = page.locator("fieldset").nth(0)
    first.get_by_label("Answer").select_option("met")
    second = page.locator("fieldset").nth(1)
    second.get_by_label("Answer").select_option("not_met")
    second.get_by_label("Comment").fill("Budget 2024 nicht beschlossen")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the answers").click()

    assert "Saved the self-check 2024 of Luleå kommun." in page.locator("main").inner_text()
    answers = page.locator("tbody [data-answer]")
    assert [answers.nth(i).get_attribute("data-answer") for i in range(2)] == ["met", "not_met"]
    assert "Budget 2024 nicht beschlossen" in page.locator("tbody").inner_text()
    assert page_log.console_errors == []
