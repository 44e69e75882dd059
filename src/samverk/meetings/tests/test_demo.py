"""The demo meetings loaded by ``samverk demo``: a year of meetings around today, held
through the services (attendance, decisions, actions, minutes) or ahead (agenda, replies)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from samverk.accounts.models import User
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.meetings import demo, services
from samverk.meetings.choices import ActionStatus, MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    Rsvp,
)
from samverk.networks.choices import OrganisationKind, QuorumRule
from samverk.networks.models import Arena, Membership

pytestmark = pytest.mark.django_db

ARENAS = {(spec.network, spec.arena) for spec in demo.SERIES}
# The members of Barnim and Uckermark deliberately without an authorised representative today.
MISSING = {
    "barnim": {
        "DGB-Region Ostbrandenburg",
        "Finowtaler Metallbau GmbH",
        "Handwerkskammer Frankfurt (Oder)",
    },
    "uckermark": {
        "Kreishandwerkerschaft Uckermark",
        "Stadt Templin",
        "Uckermärker Agrar GmbH",
    },
}
LEITBILD = "Gemeinsame Netzwerksitzung Barnim und Uckermark – Leitbild"


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--force", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def meetings_of(slug: str, arena: str) -> Any:
    return Meeting.objects.filter(network__slug=slug, arena__name=arena).order_by("starts_at")


def without_authorised_representative(slug: str, day: dt.date) -> Any:
    network = Network.objects.get(slug=slug)
    return (
        Membership.objects.for_network(network)
        .active(day)
        .with_representation(day)
        .filter(has_authorised_representative=False)
        .select_related("organisation")
    )


def local_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone)).date()


@pytest.mark.usefixtures("demo_loaded")
class TestDemoMeetings:
    def test_barnim_plenary_meets_quarterly_four_times_in_the_year_around_today(self) -> None:
        now = timezone.now()
        meetings = meetings_of("barnim", "Netzwerksitzung")
        window = meetings.filter(
            starts_at__gte=now - dt.timedelta(days=365), starts_at__lte=now + dt.timedelta(days=365)
        )

        assert window.count() == 4
        assert meetings.count() == 4
        series = MeetingSeries.objects.get(network__slug="barnim")
        assert (series.arena.name, series.cadence) == ("Netzwerksitzung", "quarterly")
        assert set(meetings.values_list("series", flat=True)) == {series.pk}
        gaps = [(b.starts_at - a.starts_at).days for a, b in itertools.pairwise(meetings)]
        assert all(80 <= gap <= 100 for gap in gaps), gaps

    @pytest.mark.parametrize(("slug", "arena"), sorted(ARENAS))
    def test_every_series_has_past_and_upcoming_meetings(self, slug: str, arena: str) -> None:
        now = timezone.now()
        meetings = meetings_of(slug, arena)

        past = meetings.filter(ends_at__lt=now)
        upcoming = meetings.filter(starts_at__gt=now)
        assert past.exists() and upcoming.exists()
        assert set(past.values_list("status", flat=True)) <= {
            MeetingStatus.CLOSED,
            MeetingStatus.MINUTES_APPROVED,
        }
        assert set(upcoming.values_list("status", flat=True)) == {MeetingStatus.INVITED}

    def test_meetings_are_held_on_working_days(self) -> None:
        for meeting in Meeting.objects.select_related("network"):
            local = timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone))
            assert local.weekday() < 5, meeting
            assert not (local.month == 12 and local.day >= 21), meeting

    def test_minutes_are_approved_at_the_following_meeting(self) -> None:
        approved = Minutes.objects.filter(status=Minutes.Status.APPROVED).select_related(
            "meeting", "approved_at"
        )

        assert approved.filter(meeting__network__slug="barnim").exists()
        for minutes in approved:
            assert minutes.approved_at is not None
            assert minutes.approved_at.arena_id == minutes.meeting.arena_id
            assert minutes.approved_at.starts_at > minutes.meeting.starts_at
            assert minutes.approved_at.ends_at < timezone.now()
            assert minutes.meeting.status == MeetingStatus.MINUTES_APPROVED
            assert minutes.versions.count() == 1

    @pytest.mark.parametrize(("slug", "arena"), sorted(ARENAS))
    def test_the_last_minutes_await_approval_at_the_next_meeting(
        self, slug: str, arena: str
    ) -> None:
        past = list(meetings_of(slug, arena).filter(ends_at__lt=timezone.now()))

        last = Minutes.objects.get(meeting=past[-1])
        assert (last.status, last.approved_at) == (Minutes.Status.CIRCULATED, None)
        assert past[-1].status == MeetingStatus.CLOSED
        assert all(m.status == MeetingStatus.MINUTES_APPROVED for m in past[:-1])

    def test_decisions_are_numbered_per_network_and_year_in_the_order_of_the_meetings(
        self,
    ) -> None:
        numbers: dict[tuple[str, int], list[tuple[dt.datetime, int]]] = defaultdict(list)
        for d in Decision.objects.select_related("network", "meeting"):
            numbers[(d.network.slug, d.year)].append((d.meeting.starts_at, d.number))

        slugs = {"barnim", "uckermark", "nordsachsen", "norrbotten", "hordaland"}
        assert {slug for slug, _ in numbers} == slugs
        for key, rows in numbers.items():
            rows.sort()
            assert [n for _, n in rows] == list(range(1, len(rows) + 1)), key
        first = Decision.objects.filter(network__slug="barnim").order_by("year", "number")[0]
        assert first.reference == f"{first.year}/01"

    def test_decisions_without_quorum_are_recommendations(self) -> None:
        decisions = list(Decision.objects.select_related("meeting__arena"))

        for decision in decisions:
            assert decision.binding == services.quorum_of(decision.meeting).is_quorate
        assert {d.binding for d in decisions} == {True, False}
        board = Decision.objects.filter(
            network__slug="norrbotten", meeting__arena__name="Styrelsen"
        )
        assert {d.binding for d in board} == {True, False}

    @pytest.mark.parametrize("slug", sorted(MISSING))
    def test_barnim_and_uckermark_decided_bindingly_when_every_member_attended_with_authority(
        self, slug: str
    ) -> None:
        past = list(meetings_of(slug, "Netzwerksitzung").filter(ends_at__lt=timezone.now()))
        quorum = {m.title: services.quorum_of(m) for m in past}

        assert [title for title, q in quorum.items() if q.is_quorate] == [LEITBILD]
        leitbild = quorum[LEITBILD]
        assert leitbild.represented == leitbild.total > 0
        binding = Decision.objects.filter(network__slug=slug, binding=True)
        assert [d.meeting.title for d in binding.select_related("meeting")] == [LEITBILD]
        # ... and the others missed a member (absent or without authority): recommendations.
        others = [q for title, q in quorum.items() if title != LEITBILD]
        assert others and all(q.missing for q in others)
        assert Decision.objects.filter(network__slug=slug, binding=False).exists()

    @pytest.mark.parametrize("slug", sorted(MISSING))
    def test_the_members_without_an_authorised_representative_today_had_one_at_the_quorate_meeting(
        self, slug: str
    ) -> None:
        today = dt.date.today()  # as the demo and the dashboard
        leitbild = meetings_of(slug, "Netzwerksitzung").get(title=LEITBILD)
        last = meetings_of(slug, "Netzwerksitzung").filter(ends_at__lt=timezone.now()).last()
        assert last is not None and last.starts_at > leitbild.starts_at

        missing = without_authorised_representative(slug, today)
        assert {m.organisation.name for m in missing} == MISSING[slug]
        assert not without_authorised_representative(slug, local_day(leitbild)).exists()
        with_authority = leitbild.attendances.filter(with_authority=True)
        assert {a.organisation.name for a in with_authority} >= MISSING[slug]
        # They left after it, some weeks ago, and before the last meeting.
        assert {
            m.organisation.name for m in without_authorised_representative(slug, local_day(last))
        } == MISSING[slug]

    @pytest.mark.parametrize("slug", sorted(MISSING))
    def test_the_dashboard_still_warns_about_the_members_without_an_authorised_representative(
        self, slug: str, client: Any
    ) -> None:
        assert client.login(email=f"coordinator@{slug}.example.org", password="samverk-demo")

        page = client.get(f"/n/{slug}/").content.decode()

        warning = page.split('id="missing-heading"', 1)[1].split("</section>", 1)[0]
        assert all(name in warning for name in MISSING[slug]), warning
        assert warning.count("<li>") == len(MISSING[slug])

    def test_quorum_rules_of_the_arenas(self) -> None:
        rules = {
            (a.network.slug, a.name): (a.quorum_rule, a.quorum_percent)
            for a in Arena.objects.select_related("network")
            if (a.network.slug, a.name) in ARENAS
        }

        assert rules == {
            ("barnim", "Netzwerksitzung"): (QuorumRule.ALL_MEMBERS, None),
            ("uckermark", "Netzwerksitzung"): (QuorumRule.ALL_MEMBERS, None),
            ("nordsachsen", "Sitzung der Fachkräfteallianz"): (QuorumRule.NONE, None),
            ("norrbotten", "Styrelsen"): (QuorumRule.PERCENT, 50),
            ("norrbotten", "Förbundsfullmäktige"): (QuorumRule.NONE, None),
            ("hordaland", "Styringsgruppa"): (QuorumRule.NONE, None),
        }

    def test_nordsachsen_meets_at_a_different_company_each_time(self) -> None:
        meetings = list(meetings_of("nordsachsen", "Sitzung der Fachkräfteallianz"))
        hosts = [m.host for m in meetings]

        assert all(h is not None and h.kind == OrganisationKind.COMPANY for h in hosts)
        assert len({h.pk for h in hosts if h}) == len(meetings) == 4
        assert all(m.host and m.venue.startswith(m.host.name) for m in meetings)

    def test_barnim_and_uckermark_meet_jointly(self) -> None:
        joint = Meeting.objects.filter(title__startswith="Gemeinsame Netzwerksitzung")

        by_time: dict[dt.datetime, set[str]] = defaultdict(set)
        for meeting in joint.select_related("network"):
            by_time[meeting.starts_at].add(meeting.network.slug)
        assert len(by_time) == 2
        assert all(slugs == {"barnim", "uckermark"} for slugs in by_time.values())

    def test_attendance_includes_members_without_authority_and_guests(self) -> None:
        past = Attendance.objects.filter(meeting__ends_at__lt=timezone.now())

        assert past.filter(with_authority=True).exists()
        assert past.filter(with_authority=False, is_guest=False, person__isnull=False).exists()
        assert past.filter(is_guest=True, person__isnull=True).exists()  # invited experts
        assert not Attendance.objects.filter(meeting__starts_at__gt=timezone.now()).exists()

    def test_upcoming_meetings_have_agendas_and_the_next_has_replies(self) -> None:
        for slug, arena in ARENAS:
            upcoming = list(meetings_of(slug, arena).filter(starts_at__gt=timezone.now()))
            assert all(m.agenda_items.count() >= 3 for m in upcoming)
            replies = Rsvp.objects.filter(meeting=upcoming[0])
            members = upcoming[0].arena.members.count()
            assert 0 < replies.count() < members or members == 1
            assert replies.filter(answer=Rsvp.Answer.PRINCIPAL).exists()

    def test_actions_are_mostly_done_and_the_last_meetings_carried_over(self) -> None:
        statuses = set(ActionItem.objects.values_list("status", flat=True))

        assert statuses == {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE}
        for slug, arena in ARENAS:
            upcoming = meetings_of(slug, arena).filter(starts_at__gt=timezone.now()).first()
            assert upcoming is not None
            assert services.carried_over_actions(upcoming).exists(), (slug, arena)
        assert not ActionItem.objects.filter(due_date__lt=timezone.localdate()).exists()

    def test_titles_are_in_the_networks_language(self) -> None:
        titles = set(Meeting.objects.values_list("title", flat=True))

        assert {
            "Styringsgruppa – prinsipp for samarbeidsmodellen",
            "Styrelsemöte – kompetensförsörjning",
            "Fachkräfteallianz – Nachwuchs in MINT-Berufen",
            "Gemeinsame Netzwerksitzung Barnim und Uckermark – Leitbild",
        } <= titles

    def test_every_meeting_was_written_by_the_services_as_the_admin(self) -> None:
        admin = User.objects.get(email="admin@example.org")
        meetings = Meeting.objects.all()

        created = AuditRecord.objects.filter(action=AuditAction.CREATE, actor=admin)
        for meeting in meetings:
            assert created.for_object(meeting).exists()
        assert meetings.count() == sum(len(spec.plans) for spec in demo.SERIES) == 22
