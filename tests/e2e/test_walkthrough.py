"""The issue's scenario in a real browser, plus keyboard access and the htmx filter.

Translations may not exist yet, so elements are found by URL, id, name and data attributes,
never by English text; the language is checked with ``<html lang>``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.networks.choices import OrganisationKind
from samverk.networks.models import Mandate, Membership, Organisation, Person
from samverk.networks.tests.factories import NetworkFactory, OrganisationFactory, user_with_role
from tests.e2e.conftest import PASSWORD, PageLog, html_lang, log_in, log_in_with_cookie, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "Fjordkraft Vestland AS"
PERSON = "Ingrid Haugland"
MISSING = '[data-warning="missing-representative"]'


def _coordinator(network: Any, email: str) -> Any:
    user = user_with_role(network, RoleKind.COORDINATOR, email=email, name="Kari Nordmann")
    user.set_password(PASSWORD)
    user.save()
    return user


def _member_row(page: Any, name: str) -> Any:
    return page.locator("table.members tbody tr").filter(
        has=page.locator("td:first-child a", has_text=re.compile(f"^{re.escape(name)}$"))
    )


def _submit_main_form(page: Any) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_coordinator_adds_a_member_and_its_authorised_representative(
    page: Any, page_log: PageLog
) -> None:
    network = NetworkFactory(name="Kompetanseforum Vestland", slug="vestland", language="en")
    _coordinator(network, "kari@vestland.example.no")
    base = f"/n/{network.slug}/"

    # Log in; with one network the coordinator lands on its overview.
    log_in(page, "kari@vestland.example.no")
    assert path_of(page.url) == base
    assert html_lang(page) == "en"

    # Switch the interface to Norwegian Bokmål with the switcher in the header.
    switcher = page.locator("header form:has(#language-switch)")
    switcher.locator("select[name=language]").select_option("nb")
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()
    assert path_of(page.url) == base
    assert html_lang(page) == "nb"

    # Create an organisation via the form.
    page.click(f'nav.network-nav a[href="{base}organisations/"]')
    page.wait_for_url(f"**{base}organisations/")
    page.click(f'main a[href="{base}organisations/new/"]')
    page.wait_for_url(f"**{base}organisations/new/")
    assert html_lang(page) == "nb"
    page.fill("#id_name", ORGANISATION)
    page.select_option("#id_kind", OrganisationKind.COMPANY.value)
    _submit_main_form(page)
    organisation = Organisation.objects.get(network=network, name=ORGANISATION)
    assert path_of(page.url) == f"{base}organisations/{organisation.pk}/"
    assert page.locator("main h1").inner_text().startswith(ORGANISATION)

    # Add it as a member with the single membership form (the members page's "add a member"
    # opens the whole flow with its representative: tests/e2e/test_member_flow.py).
    page.click(f'nav.network-nav a[href="{base}members/"]')
    page.wait_for_url(f"**{base}members/")
    assert page.locator(f'main a[href="{base}members/add/"]').count() == 1
    page.goto(f"{base}members/new/")
    page.select_option("#id_organisation", str(organisation.pk))
    _submit_main_form(page)
    assert path_of(page.url) == f"{base}members/"
    assert html_lang(page) == "nb"
    membership = Membership.objects.get(organisation=organisation)

    # The members page warns that it has no authorised representative.
    row = _member_row(page, ORGANISATION)
    assert row.count() == 1
    assert row.locator(MISSING).is_visible()
    assert "warn" in (row.get_attribute("class") or "").split()

    # Add a person to the organisation (from its page).
    row.locator(f'a[href="{base}organisations/{organisation.pk}/"]').click()
    page.wait_for_url(f"**{base}organisations/{organisation.pk}/")
    page.click(f'main a[href="{base}people/new/?organisation={organisation.pk}"]')
    page.wait_for_url(f"**{base}people/new/?organisation={organisation.pk}")
    assert page.locator("#id_organisation").input_value() == str(organisation.pk)
    page.fill("#id_name", PERSON)
    page.fill("#id_email", "ingrid.haugland@fjordkraft.example.no")
    _submit_main_form(page)
    person = Person.objects.get(organisation=organisation, name=PERSON)
    assert path_of(page.url) == f"{base}people/{person.pk}/"

    # The warning is still there: a person alone is no mandate.
    page.goto(f"{base}members/")
    assert _member_row(page, ORGANISATION).locator(MISSING).count() == 1

    # Add a decision-authorised mandate for the person.
    _member_row(page, ORGANISATION).locator(
        f'a[href="{base}members/{membership.pk}/mandates/new/"]'
    ).click()
    page.wait_for_url(f"**{base}members/{membership.pk}/mandates/new/")
    page.select_option("#id_person", str(person.pk))
    page.select_option("#id_role", "principal")
    page.check("#id_decision_authorised")
    _submit_main_form(page)
    assert path_of(page.url) == f"{base}members/"
    assert html_lang(page) == "nb"

    # The warning is gone for that organisation, and the representative is listed.
    row = _member_row(page, ORGANISATION)
    assert row.count() == 1
    assert row.locator(MISSING).count() == 0
    assert PERSON in row.inner_text()
    assert "warn" not in (row.get_attribute("class") or "").split()
    mandate = Mandate.objects.get(membership=membership)
    assert (mandate.person, mandate.decision_authorised, mandate.role, mandate.valid_until) == (
        person,
        True,
        "principal",
        None,
    )
    assert page_log.static_problems() == []
    assert page_log.console_errors == []


def test_static_assets_load(page: Any, page_log: PageLog) -> None:
    loaded: dict[str, int] = {}
    page.on("response", lambda r: loaded.__setitem__(path_of(r.url).split("?")[0], r.status))
    page.goto("/accounts/login/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert loaded.get("/static/vendor/htmx.min.js") == 200
    assert loaded.get("/static/samverk/samverk.css") == 200
    assert loaded.get("/static/samverk/samverk.js") == 200
    # The stylesheet is applied: the header has the brand colour (#083d6e).
    background = page.eval_on_selector(
        "header.site-header", "el => getComputedStyle(el).backgroundColor"
    )
    assert background == "rgb(8, 61, 110)"
    assert page_log.static_problems() == []
    assert page_log.failed_responses == []
    assert page_log.console_errors == []


def test_keyboard_users_can_skip_to_the_main_content(
    page: Any, browser_context: Any, live_server: Any
) -> None:
    network = NetworkFactory()
    log_in_with_cookie(browser_context, live_server.url, _coordinator(network, "c@example.org"))
    page.goto(f"/n/{network.slug}/")

    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert focused == ["skip-link", "#main"]
    assert page.locator("a.skip-link").is_visible()  # it appears when focused

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main'")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_organisation_filter_updates_results_without_reloading(
    page: Any, browser_context: Any, live_server: Any
) -> None:
    network = NetworkFactory()
    for name in ("Fjordkraft Vestland AS", "Bergen kommune", "NAV Vestland", "Fjordline"):
        OrganisationFactory(network=network, name=name)
    OrganisationFactory(name="Fjord in another network")
    log_in_with_cookie(browser_context, live_server.url, _coordinator(network, "c@example.org"))
    base = f"/n/{network.slug}/organisations/"
    htmx_requests: list[str] = []
    page.on(
        "request",
        lambda r: htmx_requests.append(r.url) if r.headers.get("hx-request") == "true" else None,
    )
    page.goto(base)
    page.wait_for_function("() => window.htmx !== undefined")
    names = page.locator("#results tbody td:first-child a")
    assert names.all_inner_texts() == [
        "Bergen kommune",
        "Fjordkraft Vestland AS",
        "Fjordline",
        "NAV Vestland",
    ]
    count_before = page.locator("#results .count").inner_text()
    page.evaluate("window.__noReload = true")

    page.locator("#id_q").press_sequentially("fjord", delay=30)
    page.wait_for_function(
        "before => document.querySelector('#results .count').innerText !== before",
        arg=count_before,
    )
    assert names.all_inner_texts() == ["Fjordkraft Vestland AS", "Fjordline"]
    assert page.evaluate("window.__noReload") is True  # same document: no full page load
    assert htmx_requests, "the results were not fetched by htmx"
    page.wait_for_url(re.compile(r"[?&]q=fjord(&|$)"))
    assert path_of(page.url).startswith(base + "?")
    assert page.locator("#id_q").input_value() == "fjord"

    # A search with no match shows the empty state, still in place.
    page.locator("#id_q").press_sequentially("xyz", delay=30)
    page.wait_for_selector("#results p.empty")
    assert names.count() == 0
    assert page.evaluate("window.__noReload") is True
