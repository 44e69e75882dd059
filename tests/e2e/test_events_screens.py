"""The signed-in event pages in a real browser: axe-core finds no serious or critical violation
on any of them (list, empty list, an event, the forms with their errors, the participants, the
settings, the delete confirmations), for the coordinator and, where they may see it, a partner
representative; none scrolls sideways at 390 or 1,280 px in German. (The public pages and the
registration are ``test_event_registration.py``'s.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)
from samverk.networks.choices import OrganisationKind
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.domain_screens import Screen, check_screen, too_wide_in_german

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.datetime(2199, 12, 27, 9, 0, tzinfo=dt.UTC)


def _events() -> dict[str, Any]:
    network = NetworkFactory.create(name="Fachkräfteallianz Nordsachsen", slug="nordsachsen")
    empty = NetworkFactory.create(name="Empty network", slug="empty")
    coordinator = user_with_role(network, RoleKind.COORDINATOR, name="Jana Richter")
    empty.roles.create(user=coordinator, role=RoleKind.COORDINATOR)
    wfg = OrganisationFactory.create(
        network=network,
        name="Wirtschaftsförderungsgesellschaft Nordsachsen mbH",
        kind=OrganisationKind.COMPANY,
    )
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=wfg)
    event = EventFactory.create(
        network=network,
        title="Nordsächsischer Rückkehrertag",
        description="Jobs und Beratung am Tag **nach Weihnachten**.",
        organiser=wfg,
        consent_text="Ich bin einverstanden, dass meine Daten gespeichert werden.",
    )
    event.co_organisers.add(wfg)
    torgau = SiteFactory.create(
        event=event,
        name="Torgau",
        venue="Kulturbastion Torgau (Beispiel)",
        address="Schloßstraße 1\n04860 Torgau",
        accessibility="Stufenloser Zugang über den Hof.",
        starts_at=DAY,
        ends_at=DAY + dt.timedelta(hours=6),
        capacity=2,
        walk_ins=4,
    )
    oschatz = SiteFactory.create(
        event=event,
        name="Oschatz",
        starts_at=DAY + dt.timedelta(days=1),
        ends_at=DAY + dt.timedelta(days=1, hours=5),
        capacity=None,
    )
    workshop = SessionFactory.create(
        site=torgau,
        title="Bewerbung in der Pflege",
        room="Saal 2",
        guest_speakers="Dr. Eva Lindner (Gast)",
    )
    workshop.speakers.add(PersonFactory.create(organisation=wfg, name="Tom Berger"))
    keynote = SessionFactory.create(
        site=torgau,
        kind="keynote",
        title="Willkommen zurück in Nordsachsen",
        starts_at=DAY,
        ends_at=DAY + dt.timedelta(minutes=45),
        capacity=None,
    )
    registered = RegistrationFactory.create(
        site=torgau, name="Anna Schulz", organisation_name="Berufsschulzentrum Torgau"
    )
    registered.workshops.add(workshop)
    RegistrationFactory.create(site=torgau, name="Ben Krause")
    RegistrationFactory.create(site=torgau, name="Clara Vogel", status="waiting")
    return {
        "users": {"coordinator": coordinator, "partner": partner},
        "ids": {
            "net": network.slug,
            "empty": empty.slug,
            "event": event.pk,
            "site": torgau.pk,
            "empty_site": oschatz.pk,
            "session": workshop.pk,
            "keynote": keynote.pk,
        },
    }


SCREENS: list[Screen] = [
    ("list", "/n/{net}/events/", "coordinator", ""),
    ("list_partner", "/n/{net}/events/", "partner", ""),
    ("list_empty", "/n/{empty}/events/", "coordinator", ""),
    ("list_no_match", "/n/{net}/events/?q=xyzzy", "coordinator", ""),
    ("event", "/n/{net}/events/{event}/", "coordinator", ""),
    ("event_partner", "/n/{net}/events/{event}/", "partner", ""),
    ("event_new_errors", "/n/{net}/events/new/", "coordinator", "main form"),
    ("event_edit", "/n/{net}/events/{event}/edit/", "coordinator", ""),
    ("site_new_errors", "/n/{net}/events/{event}/sites/new/", "coordinator", "main form"),
    ("site_edit", "/n/{net}/events/sites/{site}/edit/", "coordinator", ""),
    (
        "session_new_errors",
        "/n/{net}/events/sites/{site}/sessions/new/",
        "coordinator",
        "main form",
    ),
    ("session_edit", "/n/{net}/events/sessions/{session}/edit/", "coordinator", ""),
    ("participants", "/n/{net}/events/sites/{site}/participants/", "coordinator", ""),
    ("participants_none", "/n/{net}/events/sites/{empty_site}/participants/", "coordinator", ""),
    ("settings", "/n/{net}/events/settings/", "coordinator", ""),
    ("site_delete", "/n/{net}/events/site/{site}/delete/", "coordinator", ""),
    ("session_delete", "/n/{net}/events/session/{keynote}/delete/", "coordinator", ""),
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
    check_screen(screen, _events(), page, page_log, browser_context, live_server, axe_source)


def test_the_event_pages_fit_a_phone_and_a_desktop_in_german(
    page: Any, page_log: PageLog, browser_context: Any, live_server: Any
) -> None:
    data = _events()
    too_wide = too_wide_in_german(SCREENS, data, page, page_log, browser_context, live_server)
    partner = [s for s in SCREENS if s[2] == "partner"]
    too_wide += too_wide_in_german(
        partner, data, page, page_log, browser_context, live_server, who="partner"
    )
    assert too_wide == []


def test_a_partner_representative_sees_neither_participants_nor_forms(
    page: Any, browser_context: Any, live_server: Any
) -> None:
    data = _events()
    log_in_with_cookie(browser_context, live_server.url, data["users"]["partner"])
    page.goto("/n/{net}/events/{event}/".format(**data["ids"]))
    main = page.locator("main")
    assert main.get_by_role("link", name="Participants").count() == 0
    assert main.get_by_role("link", name="Edit").count() == 0
    for url in (
        "/n/{net}/events/sites/{site}/participants/",
        "/n/{net}/events/settings/",
        "/n/{net}/events/new/",
    ):
        response = page.goto(url.format(**data["ids"]))
        assert response is not None and response.status in (403, 404), url
