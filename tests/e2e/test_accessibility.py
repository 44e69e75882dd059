"""axe-core on every page of the networks app, the account pages, the start page, the error
pages and the forms showing validation errors, each at desktop and phone width.
Serious and critical violations fail; minor and moderate ones are printed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from samverk.core import email
from samverk.core.choices import RoleKind
from samverk.core.models import OutgoingMail
from samverk.networks import access_services, services
from samverk.networks.choices import ArenaKind, OrganisationKind
from samverk.networks.models import RoleInvitation
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
    user_with_role,
)
from tests.e2e.conftest import PageLog, html_lang, log_in_with_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 740}}


@dataclass(frozen=True)
class Screen:
    name: str
    url: str  # formatted with the ids of the data below
    who: str = "coordinator"  # or "anonymous", "observer", "partner", "admin"
    status: int = 200
    submit: str = ""  # "errors": submit the empty form; "saved": submit it unchanged
    language: str = "en"


SCREENS = [
    # every page in networks/urls.py
    Screen("dashboard", "/n/{net}/"),
    Screen("network_edit", "/n/{net}/settings/"),
    Screen("history", "/n/{net}/history/"),
    Screen("organisation_list", "/n/{net}/organisations/"),
    Screen("organisation_list_no_match", "/n/{net}/organisations/?q=no-such-name"),
    # German: the longest labels (NACE sections in the sector filter)
    Screen("organisation_list_de", "/n/{net}/organisations/", language="de"),
    Screen("organisation_create", "/n/{net}/organisations/new/"),
    Screen("organisation_detail", "/n/{net}/organisations/{org}/"),
    Screen("organisation_detail_partner", "/n/{net}/organisations/{org}/", who="partner"),
    Screen("organisation_edit", "/n/{net}/organisations/{org}/edit/"),
    Screen("organisation_saved_message", "/n/{net}/organisations/{org}/edit/", submit="saved"),
    Screen("member_list", "/n/{net}/members/"),
    Screen("member_create", "/n/{net}/members/new/"),
    Screen("member_edit", "/n/{net}/members/{membership}/edit/"),
    Screen("member_end", "/n/{net}/members/{membership}/end/"),
    Screen("mandate_create", "/n/{net}/members/{membership}/mandates/new/"),
    Screen("mandate_end", "/n/{net}/mandates/{mandate}/end/"),
    Screen("member_list_missing_only", "/n/{net}/members/?missing=1"),
    Screen("member_list_nb", "/n/{net}/members/", language="nb"),
    Screen("person_list", "/n/{net}/people/"),
    Screen("person_create", "/n/{net}/people/new/"),
    Screen("person_detail", "/n/{net}/people/{person}/"),
    Screen("person_edit", "/n/{net}/people/{person}/edit/"),
    Screen("arena_list", "/n/{net}/arenas/"),
    Screen("arena_create", "/n/{net}/arenas/new/"),
    Screen("arena_detail", "/n/{net}/arenas/{arena}/"),
    Screen("arena_edit", "/n/{net}/arenas/{arena}/edit/"),
    # people with access (accounts/urls_network.py)
    Screen("access_list", "/n/{net}/access/"),
    Screen("access_create", "/n/{net}/access/new/"),
    Screen("access_remove", "/n/{net}/access/{role}/remove/"),
    Screen("invitation_withdraw", "/n/{net}/access/invitations/{invitation}/withdraw/"),
    Screen("invitation_resend", "/n/{net}/access/invitations/{invitation}/send-again/"),
    # the invited person's answer page (networks/invitation_urls.py)
    Screen("invitation_new_account", "/accounts/invitations/e2e-new/", who="anonymous"),
    Screen(
        "invitation_new_account_errors",
        "/accounts/invitations/e2e-new/",
        who="anonymous",
        submit="errors",
    ),
    Screen("invitation_existing_account", "/accounts/invitations/e2e-partner/", who="partner"),
    Screen(
        "invitation_wrong_account", "/accounts/invitations/e2e-partner/", who="observer", status=403
    ),
    Screen("invitation_unknown", "/accounts/invitations/no-such/", who="anonymous", status=404),
    # the coordinators' mail delivery page (core/urls.py)
    Screen("mail_log", "/n/{net}/mail/"),
    Screen("mail_log_failed_only", "/n/{net}/mail/?status=failed"),
    Screen("mail_log_none", "/n/{net}/mail/?status=sending"),
    # the site search (site/urls.py)
    Screen("search", "/n/{net}/search/?q=Stadt"),
    Screen("search_nothing_found", "/n/{net}/search/?q=no-such-name"),
    Screen("search_too_short", "/n/{net}/search/?q=x"),
    # the account pages
    Screen("tokens", "/accounts/tokens/"),
    Screen("password_change", "/accounts/password/"),
    # the start page (two networks: the list is shown, not a redirect)
    Screen("home", "/"),
    Screen("home_admin", "/", who="admin"),
    Screen("network_create", "/networks/new/", who="admin"),
    Screen("network_create_errors", "/networks/new/", who="admin", submit="errors"),
    Screen("access_create_errors", "/n/{net}/access/new/", submit="errors"),
    # accounts
    Screen("login", "/accounts/login/", who="anonymous"),
    Screen("password_reset", "/accounts/password-reset/", who="anonymous"),
    Screen("password_reset_done", "/accounts/password-reset/sent/", who="anonymous"),
    Screen("password_reset_confirm_invalid", "/accounts/reset/MQ/bad-token/", who="anonymous"),
    Screen("password_reset_complete", "/accounts/reset/done/", who="anonymous"),
    # error pages
    Screen("404", "/n/no-such-network/", status=404),
    Screen("404_anonymous", "/no-such-page/", who="anonymous", status=404),
    Screen("403", "/n/{net}/settings/", who="observer", status=403),
    # German (the longest labels): the stacked tables and the error pages
    Screen("member_list_de", "/n/{net}/members/", language="de"),
    Screen("person_list_de", "/n/{net}/people/", language="de"),
    Screen("history_de", "/n/{net}/history/", language="de"),
    Screen("mail_log_de", "/n/{net}/mail/", language="de"),
    Screen("arena_detail_de", "/n/{net}/arenas/{arena}/", language="de"),
    Screen("404_de", "/n/no-such-network/", status=404, language="de"),
    Screen("403_de", "/n/{net}/settings/", who="observer", status=403, language="de"),
    # forms with validation errors
    Screen("organisation_create_errors", "/n/{net}/organisations/new/", submit="errors"),
    Screen("member_create_errors", "/n/{net}/members/new/", submit="errors"),
    Screen("mandate_create_errors", "/n/{net}/members/{membership}/mandates/new/", submit="errors"),
    Screen("person_create_errors", "/n/{net}/people/new/", submit="errors"),
    Screen("arena_create_errors", "/n/{net}/arenas/new/", submit="errors"),
    Screen("login_errors", "/accounts/login/", who="anonymous", submit="errors"),
    Screen("password_reset_errors", "/accounts/password-reset/", who="anonymous", submit="errors"),
]


def _network_with_data() -> dict[str, Any]:
    """A network with content on every page: a member with a decision-authorised mandate, a
    member without one, a former member, people, an arena; written through the services so
    that the history pages have records."""
    region = RegionFactory(name="Vestland", level="state")
    network = NetworkFactory(name="Kompetanseforum Vestland", slug="vestland")
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Kari Nordmann")
    NetworkFactory(name="Second network").roles.create(user=coordinator, role="coordinator")

    organisation = services.create_organisation(
        actor=coordinator,
        network=network,
        name="Bergen kommune",
        kind=OrganisationKind.MUNICIPALITY,
        sector="O",
        region=region,
        website="https://www.bergen.kommune.no",
        address="Rådhusgaten 10\n5014 Bergen",
    )
    membership = services.add_membership(
        actor=coordinator,
        organisation=organisation,
        since=dt.date(2024, 1, 1),
        budget_amount=50000,
        currency="NOK",
    )
    person = services.create_person(
        actor=coordinator, organisation=organisation, name="Ingrid Haugland", email="ih@example.no"
    )
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=organisation)
    observer = user_with_role(network, RoleKind.OBSERVER)
    mandate = services.add_mandate(
        actor=coordinator,
        membership=membership,
        person=person,
        valid_from=dt.date(2024, 1, 1),
        decision_authorised=True,
    )
    services.add_mandate(
        actor=coordinator,
        membership=membership,
        person=PersonFactory(organisation=organisation, name="Ola Deputy"),
        valid_from=dt.date(2024, 1, 1),
        role="deputy",
        decision_authorised=False,
    )
    without = MembershipFactory(
        organisation__network=network, organisation__name="Fjordkraft Vestland AS"
    )
    PersonFactory(organisation=without.organisation, name="Per Olsen")
    MembershipFactory(
        organisation__network=network,
        organisation__name="Former Partner AS",
        since=dt.date(2020, 1, 1),
        until=dt.date(2023, 12, 31),
    )
    OrganisationFactory(network=network, name="Not a member AS", is_example=True)
    arena = services.create_arena(
        actor=coordinator,
        network=network,
        name="Styringsgruppe",
        kind=ArenaKind.STEERING_GROUP,
        mandate="Decides the **annual plan**.",
        members=[organisation, without.organisation],
    )
    for subject, state in (
        (
            "Invitation: Styringsgruppe",
            {"status": "sent", "attempts": 1, "sent_at": dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC)},
        ),
        (
            "Update: Styringsgruppe",
            {"status": "failed", "attempts": 8, "last_error": "421 4.7.0 Too busy"},
        ),
        (
            "Reminder: Styringsgruppe",
            {"status": "queued", "attempts": 1, "last_error": "451 4.3.0 Try again later"},
        ),
    ):
        mail = email.queue_mail(
            kind="meetings.invitation",
            network=network,
            to=["ih@example.no"],
            subject=subject,
            body="…",
        )
        OutgoingMail.objects.filter(pk=mail.pk).update(**state)  # type: ignore[union-attr]
    invitations = {}
    for token, address, role, org in (
        ("e2e-new", "new.person@example.no", RoleKind.OBSERVER, None),
        ("e2e-partner", partner.email, RoleKind.COMPANY_CONTACT, without.organisation),
    ):
        invitations[token] = RoleInvitation.objects.create(
            network=network,
            email=address,
            role=role,
            organisation=org,
            invited_by=coordinator,
            token_hash=access_services.hash_token(token),
            expires_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
        )
    return {
        "users": {
            "coordinator": coordinator,
            "observer": observer,
            "partner": partner,
            "admin": UserFactory(is_superuser=True, is_staff=True, name="Platform Admin"),
        },
        "ids": {
            "net": network.slug,
            "org": organisation.pk,
            "membership": membership.pk,
            "mandate": mandate.pk,
            "person": person.pk,
            "arena": arena.pk,
            "role": partner.network_roles.get().pk,
            "invitation": invitations["e2e-new"].pk,
        },
    }


def _format(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['viewport']}: {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {json.dumps(node['target'])}: {summary}")
    return "\n".join(lines)


def _axe(page: Any) -> list[dict[str, Any]]:
    """Run axe at each viewport width (small screens lay tables out differently), and report a
    page that scrolls sideways there as a critical finding."""
    violations = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations += [{**v, "viewport": name} for v in result["violations"]]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            violations.append(
                {
                    "id": "sideways-scroll",
                    "impact": "critical",
                    "help": f"the page is {width} px wide in a {size['width']} px window",
                    "nodes": [],
                    "viewport": name,
                }
            )
    return violations


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_no_serious_accessibility_violations(
    screen: Screen,
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Path,
) -> None:
    data = _network_with_data()
    if screen.who != "anonymous":
        log_in_with_cookie(browser_context, live_server.url, data["users"][screen.who])
    if screen.language != "en":
        browser_context.add_cookies(
            [{"name": "samverk_language", "value": screen.language, "url": live_server.url}]
        )

    response = page.goto(screen.url.format(**data["ids"]))
    assert response is not None
    assert response.status == screen.status
    if screen.submit:
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if screen.submit == "errors":
            assert page.locator(".error-summary").is_visible()
        else:
            assert page.locator(".messages .message").count() == 1
    assert html_lang(page) == screen.language
    assert page.locator("main h1").count() == 1

    page.add_script_tag(path=str(axe_source))
    violations = _axe(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if others:
        print(f"{screen.name}: minor/moderate findings\n{_format(others)}")
    assert not failing, f"{screen.name} ({page.url}):\n{_format(failing)}"
    assert page_log.static_problems() == []
    assert page_log.console_errors == [] or screen.status != 200
