"""Minutes pages: versions, concurrent edits with the conflict page, circulation, approval at
a later meeting, permissions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.meetings import services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Minutes, MinutesVersion
from samverk.meetings.tests.factories import MeetingFactory, at
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    NetworkFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


class World:
    """Meetings around the network's today (the pages tell past from upcoming by the real
    day): one held 20 days ago, the next in 70 days, one 90 days ago, another arena's."""

    def __init__(self) -> None:
        self.network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim")
        today = clock.network_today(self.network)
        self.arena = ArenaFactory.create(network=self.network, name="Lenkungsgruppe")
        self.meeting = MeetingFactory.create(
            arena=self.arena,
            title="Spring meeting",
            starts_at=at(today - dt.timedelta(days=20)),
            status=MeetingStatus.CLOSED,
        )
        # Minutes are approved at a later meeting that is in progress or has taken place.
        self.next_meeting = MeetingFactory.create(
            arena=self.arena,
            title="Summer meeting",
            starts_at=at(today + dt.timedelta(days=70)),
            status=MeetingStatus.IN_PROGRESS,
        )
        self.earlier_meeting = MeetingFactory.create(
            arena=self.arena,
            title="Winter meeting",
            starts_at=at(today - dt.timedelta(days=90)),
            status=MeetingStatus.CLOSED,
        )
        # A member of the arena with a representative, to whom minutes are circulated.
        self.mandate = MandateFactory.create(
            membership__organisation__network=self.network,
            membership__organisation__name="Stadtwerke",
            person__email="rep@stadtwerke.example",
        )
        self.arena.members.add(self.mandate.membership.organisation)
        self.today = today
        self.other_arena_meeting = MeetingFactory.create(
            network=self.network,
            arena=ArenaFactory.create(network=self.network, name="Plenum"),
            title="Plenary",
            starts_at=at(today + dt.timedelta(days=30)),
        )
        self.anna = user_with_role(self.network, RoleKind.COORDINATOR, name="Anna Berg")
        self.bo = user_with_role(self.network, RoleKind.COORDINATOR, name="Bo Lind")
        self.observer = user_with_role(self.network, RoleKind.OBSERVER)
        self.outsider = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)

    def url(self, suffix: str = "", meeting=None) -> str:
        meeting = meeting or self.meeting
        return f"/n/barnim/meetings/{meeting.pk}/minutes/{suffix}"

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def world() -> World:
    return World()


def circulate(world, meeting=None) -> None:
    services.circulate_minutes(
        actor=world.anna,
        meeting=meeting or world.meeting,
        objection_deadline=world.today + dt.timedelta(days=14),
        today=world.today,
    )


def deadline(world) -> str:
    return (world.today + dt.timedelta(days=14)).isoformat()


def minutes_state() -> list:
    return [
        list(Minutes.objects.order_by("pk").values()),
        list(MinutesVersion.objects.order_by("pk").values()),
        AuditRecord.objects.count(),
    ]


def hidden_base_version(html: str) -> str:
    match = re.search(r'<input type="hidden" name="base_version" value="(\d+)"', html)
    assert match, html
    return match.group(1)


def textarea(html: str, name: str = "text") -> str:
    match = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert match, html
    return match.group(1)


def test_first_edit_starts_from_version_0_and_saves_version_1(world):
    anna = world.client(world.anna)

    form = anna.get(world.url("edit/"))
    assert form.status_code == 200
    assert hidden_base_version(form.content.decode()) == "0"

    response = anna.post(world.url("edit/"), {"text": "## Minutes\n\nWe met.", "base_version": 0})

    assert response.status_code == 302
    assert response["Location"] == world.url()
    version = MinutesVersion.objects.get()
    assert (version.number, version.text, version.author) == (
        1,
        "## Minutes\n\nWe met.",
        world.anna,
    )
    page = anna.get(world.url())
    assert page.context["minutes"].status == "draft"
    assert "<h2>Minutes</h2>\n<p>We met.</p>" in page.content.decode()


def test_two_editors_from_the_same_version_nothing_is_lost(world):
    services.save_minutes(actor=world.anna, meeting=world.meeting, text="Draft.", base_version=0)
    anna, bo = world.client(world.anna), world.client(world.bo)
    # Both open the editor on version 1.
    assert hidden_base_version(anna.get(world.url("edit/")).content.decode()) == "1"
    assert hidden_base_version(bo.get(world.url("edit/")).content.decode()) == "1"

    first = anna.post(
        world.url("edit/"), {"text": "Draft.\n\nAnna: budget agreed.", "base_version": 1}
    )
    second = bo.post(
        world.url("edit/"), {"text": "Draft.\n\nBo: next meeting in June.", "base_version": 1}
    )

    assert first.status_code == 302
    assert second.status_code == 409
    assert second.templates[0].name == "meetings/minutes_conflict.html"
    html = second.content.decode()
    # Theirs: the saved version 2 with its author; yours: the submitted text, editable,
    # based on version 2 now.
    assert second.context["theirs"].number == 2
    assert "Saved version 2" in html
    assert "by Anna Berg" in html
    assert "readonly>Draft.\n\nAnna: budget agreed.</textarea>" in html
    assert textarea(html) == "Draft.\n\nBo: next meeting in June."
    assert hidden_base_version(html) == "2"
    assert "+Bo: next meeting in June." in html  # the differences
    # Bo's text is not saved yet, Anna's is.
    assert list(MinutesVersion.objects.order_by("number").values_list("number", "text")) == [
        (1, "Draft."),
        (2, "Draft.\n\nAnna: budget agreed."),
    ]

    # Bo merges on the conflict page and saves again.
    merged = "Draft.\n\nAnna: budget agreed.\n\nBo: next meeting in June."
    again = bo.post(world.url("edit/"), {"text": merged, "base_version": 2})

    assert again.status_code == 302
    versions = list(
        MinutesVersion.objects.order_by("number").values_list("number", "text", "author")
    )
    assert versions == [
        (1, "Draft.", world.anna.pk),
        (2, "Draft.\n\nAnna: budget agreed.", world.anna.pk),
        (3, merged, world.bo.pk),
    ]


def test_every_version_is_kept_and_viewable(world):
    for number, text in enumerate(["One *first*", "Two", "Three"]):
        services.save_minutes(
            actor=world.anna, meeting=world.meeting, text=text, base_version=number
        )
    client = world.client(world.observer)
    # A draft is for the coordinators and the minute-taker: the observer reads it once it
    # is circulated.
    draft = client.get(world.url())
    assert draft.context["versions"] == []
    assert "The minutes are being written." in draft.content.decode()
    circulate(world)

    page = client.get(world.url())
    assert page.status_code == 200
    assert [v.number for v in page.context["versions"]] == [3, 2, 1]
    html = page.content.decode()
    for number in (1, 2, 3):
        assert f'href="{world.url(f"v{number}/")}"' in html

    old = client.get(world.url("v1/"))
    assert old.status_code == 200
    old_html = old.content.decode()
    assert "<p>One <em>first</em></p>" in old_html
    assert "You are reading version 1. The current version is 3." in old_html
    assert client.get(world.url("v4/")).status_code == 404


def test_markdown_is_sanitised(world):
    services.save_minutes(
        actor=world.anna,
        meeting=world.meeting,
        text="<script>alert(1)</script>[x](javascript:alert(1))",
        base_version=0,
    )

    html = world.client(world.anna).get(world.url()).content.decode()

    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


def test_circulate_and_approve_at_the_next_meeting(world):
    services.save_minutes(actor=world.anna, meeting=world.meeting, text="Text.", base_version=0)
    anna = world.client(world.anna)

    response = anna.post(world.url("circulate/"), {"circulate-objection_deadline": deadline(world)})

    assert response.status_code == 302
    assert Minutes.objects.get().status == "circulated"
    page = anna.get(world.url())
    choices = [m.title for m in page.context["approve_form"].fields["at_meeting"].queryset]
    assert choices == ["Summer meeting"]  # later meetings of the same arena only

    response = anna.post(world.url("approve/"), {"approve-at_meeting": world.next_meeting.pk})

    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.status, minutes.approved_at) == ("approved", world.next_meeting)
    world.meeting.refresh_from_db()
    assert world.meeting.status == MeetingStatus.MINUTES_APPROVED
    html = anna.get(world.url()).content.decode()
    next_url = f"/n/{world.network.slug}/meetings/{world.next_meeting.pk}/"
    assert f'approved at <a href="{next_url}">“Summer meeting”</a>' in html
    assert "Edit the minutes" not in html
    # Recorded at the next meeting: its minutes page lists the approval.
    there = anna.get(world.url(meeting=world.next_meeting))
    assert [m.meeting for m in there.context["approved_here"]] == [world.meeting]
    assert "Minutes approved at this meeting" in there.content.decode()
    # Approved minutes cannot change; the text sent is shown again, not lost.
    again = anna.post(world.url("edit/"), {"text": "Late change", "base_version": 1})
    assert again.status_code == 200
    assert "Approved minutes cannot be changed." in again.content.decode()
    assert textarea(again.content.decode()) == "Late change"
    assert MinutesVersion.objects.count() == 1


@pytest.mark.parametrize("meeting", ["earlier_meeting", "other_arena_meeting"])
def test_approval_only_at_a_later_meeting_of_the_same_arena(world, meeting):
    services.save_minutes(actor=world.anna, meeting=world.meeting, text="Text.", base_version=0)
    circulate(world)
    before = minutes_state()

    response = world.client(world.anna).post(
        world.url("approve/"), {"approve-at_meeting": getattr(world, meeting).pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert minutes_state() == before


def test_circulating_empty_minutes_is_refused_with_a_message(world):
    response = world.client(world.anna).post(
        world.url("circulate/"), {"circulate-objection_deadline": deadline(world)}, follow=True
    )

    assert response.status_code == 200
    assert "Write the minutes before circulating them." in response.content.decode()
    assert not Minutes.objects.filter(status="circulated").exists()


def test_observer_cannot_edit_circulate_or_approve(world):
    services.save_minutes(actor=world.anna, meeting=world.meeting, text="Text.", base_version=0)
    observer = world.client(world.observer)
    before = minutes_state()

    assert observer.get(world.url("edit/")).status_code == 403
    assert observer.post(world.url("edit/"), {"text": "Mine", "base_version": 1}).status_code == 403
    assert observer.post(world.url("circulate/")).status_code == 403
    assert (
        observer.post(
            world.url("approve/"), {"approve-at_meeting": world.next_meeting.pk}
        ).status_code
        == 403
    )
    assert minutes_state() == before
    page = observer.get(world.url())
    assert page.status_code == 200
    assert "Edit the minutes" not in page.content.decode()
    assert "Circulate" not in page.content.decode()


@pytest.mark.parametrize(
    "suffix", ["", "edit/", "v1/", "circulate/", "approve/"], ids=lambda s: s or "detail"
)
def test_other_network_gets_404_and_nothing_changes(world, suffix):
    services.save_minutes(actor=world.anna, meeting=world.meeting, text="Text.", base_version=0)
    outsider = world.client(world.outsider)
    before = minutes_state()

    assert outsider.get(world.url(suffix)).status_code == 404
    assert outsider.post(world.url(suffix), {"text": "x", "base_version": 1}).status_code == 404
    assert minutes_state() == before


def test_a_meeting_of_another_network_is_404_inside_ours(world):
    foreign = MeetingFactory.create()
    anna = world.client(world.anna)

    assert anna.get(f"/n/barnim/meetings/{foreign.pk}/minutes/").status_code == 404
    assert anna.get(f"/n/barnim/meetings/{foreign.pk}/minutes/edit/").status_code == 404


def test_bad_input_changes_nothing(world):
    before = minutes_state()

    response = world.client(world.anna).post(world.url("edit/"), {"text": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert minutes_state() == before
    assert world.client(world.anna).get(world.url("circulate/")).status_code == 405


def test_minutes_page_runs_the_same_queries_for_2_and_30_versions(world):
    def queries_for(meeting, versions: int) -> int:
        for number in range(versions):
            services.save_minutes(
                actor=world.anna, meeting=meeting, text=f"v{number + 1}", base_version=number
            )
        circulate(world, meeting)
        client = world.client(world.anna)
        assert client.get(world.url(meeting=meeting)).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(world.url(meeting=meeting))
        assert len(response.context["versions"]) == versions
        return len(queries)

    few = queries_for(world.meeting, 2)
    many = queries_for(world.earlier_meeting, 30)

    assert few == many
