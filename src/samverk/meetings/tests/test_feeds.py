"""Calendar feeds: the personal feed behind a revocable token, the network's public feed, and
the page where a user gets their feed address."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from icalendar import Calendar

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.meetings import feeds
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import CalendarToken, Meeting
from samverk.meetings.services import create_calendar_token, revoke_calendar_token
from samverk.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from samverk.networks.models import Arena
from samverk.networks.tests.factories import ArenaFactory, UserFactory, user_with_role
from samverk.site import urls as root_urls

# Until the project's urls.py includes the feeds, these tests add them themselves.
urlpatterns: list[Any] = list(root_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "meeting_feeds" for p in urlpatterns):
    urlpatterns.append(path("calendar/", include("samverk.meetings.feed_urls")))
handler400 = root_urls.handler400
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def summaries(content: bytes) -> list[str]:
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    return sorted(str(event["SUMMARY"]) for event in calendar.events)


@pytest.fixture
def arena() -> Arena:
    return ArenaFactory.create(network__slug="ostfold", network__time_zone="Europe/Oslo")


@pytest.fixture
def network(arena: Arena) -> Network:
    return arena.network


@pytest.fixture
def member(network: Network) -> User:
    return user_with_role(network, RoleKind.OBSERVER)


# --- personal feed -------------------------------------------------------------------------


def test_personal_feed_lists_only_meetings_of_the_users_networks(
    client: Client, arena: Arena, member: User
) -> None:
    MeetingFactory.create(arena=arena, title="Ours")
    MeetingFactory.create(arena=arena, title="Ours, cancelled", status=MeetingStatus.CANCELLED)
    MeetingFactory.create(title="Another network's")
    MeetingFactory.create(title="Another network's public", is_public=True)
    token = create_calendar_token(actor=member)

    response = client.get(f"/calendar/{token.key}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert summaries(response.content) == ["Ours", "Ours, cancelled"]


def test_unknown_or_revoked_keys_answer_404(client: Client, member: User) -> None:
    old = create_calendar_token(actor=member)
    new = create_calendar_token(actor=member)  # replaces the old one

    assert client.get(f"/calendar/{old.key}.ics").status_code == 404
    assert client.get(f"/calendar/{new.key}.ics").status_code == 200
    assert client.get("/calendar/not-a-key.ics").status_code == 404
    assert client.get(f"/calendar/{'x' * 200}.ics").status_code == 404

    revoke_calendar_token(actor=member)

    assert client.get(f"/calendar/{new.key}.ics").status_code == 404


def test_a_deactivated_users_feed_answers_404(client: Client, member: User) -> None:
    token = create_calendar_token(actor=member)
    member.is_active = False
    member.save()

    assert client.get(f"/calendar/{token.key}.ics").status_code == 404


def test_creating_and_revoking_tokens_is_audited_without_the_key(member: User) -> None:
    first = create_calendar_token(actor=member)
    second = create_calendar_token(actor=member)
    revoke_calendar_token(actor=member)

    assert list(CalendarToken.objects.active()) == []
    assert CalendarToken.objects.filter(user=member).count() == 2
    records = list(
        AuditRecord.objects.filter(object_id__in=[str(first.pk), str(second.pk)])
        .order_by("pk")
        .values_list("object_id", "action", "network_id")
    )
    assert records == [
        (str(first.pk), AuditAction.CREATE, None),
        (str(first.pk), AuditAction.END, None),
        (str(second.pk), AuditAction.CREATE, None),
        (str(second.pk), AuditAction.END, None),
    ]
    texts = " ".join(str(r.changes) + r.object_repr for r in AuditRecord.objects.all())
    assert first.key not in texts
    assert second.key not in texts


# --- public network feed --------------------------------------------------------------------


def test_network_feed_has_only_the_networks_public_meetings(client: Client, arena: Arena) -> None:
    MeetingFactory.create(arena=arena, title="Open forum", is_public=True)
    MeetingFactory.create(arena=arena, title="Steering group")
    MeetingFactory.create(title="Elsewhere, public", is_public=True)

    response = client.get("/calendar/network/ostfold.ics")

    assert response.status_code == 200
    assert summaries(response.content) == ["Open forum"]
    event = Calendar.from_ical(response.content).events[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert "ATTENDEE" not in event
    assert "public" in response["Cache-Control"]


def test_network_feed_of_an_unknown_network_answers_404(client: Client) -> None:
    assert client.get("/calendar/network/nowhere.ics").status_code == 404


# --- the feed page --------------------------------------------------------------------------


def test_feed_page_requires_login(client: Client) -> None:
    response = client.get("/calendar/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/calendar/", {"action": "create"}).status_code == 302
    assert CalendarToken.objects.count() == 0


def test_feed_page_offers_to_create_an_address(client: Client, member: User) -> None:
    client.force_login(member)

    response = client.get("/calendar/")

    assert response.status_code == 200
    assert response.context["token"] is None
    assert "Create my calendar address" in response.content.decode()
    assert "http://testserver/calendar/network/ostfold.ics" in response.content.decode()


def test_posting_create_makes_an_address_and_shows_it(client: Client, member: User) -> None:
    client.force_login(member)

    response = client.post("/calendar/", {"action": "create"}, follow=True)

    token = CalendarToken.objects.get(user=member)
    assert token.revoked_at is None
    assert response.redirect_chain == [("/calendar/", 302)]
    page = response.content.decode()
    assert f"http://testserver/calendar/{token.key}.ics" in page
    assert "Revoke this address and create a new one" in page
    assert "stop working at once" in page


def test_posting_create_again_revokes_the_old_address(client: Client, member: User) -> None:
    old = create_calendar_token(actor=member)
    client.force_login(member)

    client.post("/calendar/", {"action": "create"})

    old.refresh_from_db()
    assert old.revoked_at is not None
    new = CalendarToken.objects.active().get(user=member)
    assert new.key != old.key


def test_posting_revoke_stops_the_address(client: Client, member: User) -> None:
    token = create_calendar_token(actor=member)
    client.force_login(member)

    response = client.post("/calendar/", {"action": "revoke"}, follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Your calendar address no longer works." in response.content.decode()
    assert CalendarToken.objects.active().count() == 0


def test_feed_page_post_is_csrf_protected(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post("/calendar/", {"action": "create"})

    assert response.status_code == 403
    assert CalendarToken.objects.count() == 0


def test_feed_page_shows_only_the_users_own_address(client: Client, member: User) -> None:
    someone_else = UserFactory.create()
    theirs = create_calendar_token(actor=someone_else)
    client.force_login(member)

    response = client.get("/calendar/")

    assert response.context["token"] is None
    assert theirs.key not in response.content.decode()


def add_meetings(arena: Arena, count: int) -> None:
    for _ in range(count):
        meeting = MeetingFactory.create(arena=arena, is_public=True)
        AgendaItemFactory.create(meeting=meeting, position=1)
        AgendaItemFactory.create(meeting=meeting, position=2)


@pytest.mark.parametrize("feed", ["personal", "network"])
def test_feeds_run_a_constant_number_of_queries(
    client: Client, arena: Arena, member: User, feed: str
) -> None:
    token = create_calendar_token(actor=member)
    url = f"/calendar/{token.key}.ics" if feed == "personal" else "/calendar/network/ostfold.ics"
    counts: list[int] = []
    for total, new in ((2, 2), (20, 18)):
        add_meetings(arena, new)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(Calendar.from_ical(response.content).events) == total
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_feed_refuses_meetings_read_around_their_scoped_queryset() -> None:
    MeetingFactory.create(title="Somebody else's meeting")

    with pytest.raises(ImproperlyConfigured, match="has no scoped queryset"):
        feeds._feed_meetings(QuerySet(Meeting))
    with pytest.raises(ImproperlyConfigured, match="not limited with visible_to"):
        feeds._feed_meetings(Meeting.objects.all())
    assert feeds._feed_meetings(Meeting.objects.visible_to(AnonymousUser())).count() == 0
