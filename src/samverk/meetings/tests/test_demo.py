"""The demo meetings loaded by ``samverk demo``: a year of meetings around today, held
through the services (attendance, decisions, actions, minutes) or ahead (agenda, replies).

The demo is loaded as of a fixed day (``TODAY``, the day CI went red with a 107-day gap in a
"quarterly" series), and its promises are checked again for a few other days (hypothesis; each
load takes seconds). Its calendar alone is checked for every day in ``test_demo_dates.py``."""

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
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.meetings import demo, demo_dates, joint, services
from samverk.meetings.choices import ActionStatus, Cadence, MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    Rsvp,
)
from samverk.networks import demo as network_demo
from samverk.networks.choices import OrganisationKind, QuorumRule
from samverk.networks.models import Arena, Membership
from samverk.site.management.commands.demo import load

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

TODAY = dt.date(2026, 12, 2)  # the demo's today (in Central European Time, as its networks)
NOW = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo(network_demo.TIME_ZONE))

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
    """The demo as of ``TODAY``, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--force", "--today", TODAY.isoformat(), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def meetings_of(slug: str, arena: str) -> Any:
    """The meetings of the arena's series (not the joint meeting, ``demo.JOINT_TITLE``)."""
    return Meeting.objects.filter(
        network__slug=slug, arena__name=arena, series__isnull=False
    ).order_by("starts_at")


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


def barnim_meets_quarterly_four_times_in_the_year_around(today: dt.date) -> None:
    """Four meetings within a year around ``today``, a quarter apart: each is on the day the
    quarterly cadence gives (89 to 92 days apart) or, if that is a weekend, the Monday after."""
    meetings = list(meetings_of("barnim", "Netzwerksitzung"))
    days = [local_day(m) for m in meetings]

    assert len(days) == 4
    assert today - dt.timedelta(days=365) < days[0] < days[-1] < today + dt.timedelta(days=365)
    assert days[-1] - days[0] < dt.timedelta(days=365)
    series = MeetingSeries.objects.get(network__slug="barnim")
    assert (series.arena.name, series.cadence) == ("Netzwerksitzung", Cadence.QUARTERLY)
    assert {m.series_id for m in meetings} == {series.pk}
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    assert all(87 <= gap <= 94 for gap in gaps), gaps


def every_series_has_held_and_upcoming_meetings(now: dt.datetime) -> None:
    """The last meeting of each series is ahead and invited; the others were held."""
    for slug, arena in ARENAS:
        meetings = list(meetings_of(slug, arena))
        assert [m.ends_at < now for m in meetings] == [True] * (len(meetings) - 1) + [False]
        assert {m.status for m in meetings[:-1]} <= {
            MeetingStatus.CLOSED,
            MeetingStatus.MINUTES_APPROVED,
        }, (slug, arena)
        assert meetings[-1].starts_at > now
        assert meetings[-1].status == MeetingStatus.INVITED


def meetings_are_held_on_working_days_outside_the_christmas_holidays() -> None:
    for meeting in Meeting.objects.select_related("network"):
        day = local_day(meeting)
        assert day.weekday() < 5, meeting
        assert not demo_dates.in_holidays(day), meeting


def barnim_and_uckermark_meet_jointly() -> None:
    joint = Meeting.objects.filter(title__startswith="Gemeinsame Netzwerksitzung")

    by_time: dict[tuple[dt.datetime, str], set[str]] = defaultdict(set)
    for meeting in joint.select_related("network"):
        by_time[(meeting.starts_at, meeting.venue)].add(meeting.network.slug)
    assert len(by_time) == 2
    assert all(slugs == {"barnim", "uckermark"} for slugs in by_time.values())


def the_joint_meeting_is_one_meeting_numbered_in_both_registers(today: dt.date) -> None:
    """The true joint meeting (``meetings.joint``): led by Barnim's plenary with Uckermark's,
    held a few days before today, one attendance list with members of both networks, quorum
    per network (neither quorate), one recommendation numbered in each register."""
    meeting = Meeting.objects.select_related("network", "arena").get(title=demo.JOINT_TITLE)
    assert (meeting.network.slug, meeting.arena.name) == ("barnim", "Netzwerksitzung")
    assert [(p.network.slug, p.arena.name) for p in joint.participations(meeting)] == [
        ("uckermark", "Netzwerksitzung")
    ]
    assert meeting.status == MeetingStatus.CLOSED
    assert today - dt.timedelta(days=14) < local_day(meeting) < today
    networks = set(meeting.attendances.values_list("organisation__network__slug", flat=True))
    assert networks == {"barnim", "uckermark"}
    results = joint.quorum_by_network(meeting)
    assert [q.network.slug for q in results] == ["barnim", "uckermark"]
    assert all(not q.is_quorate and q.result.represented > 0 for q in results)
    decisions = list(meeting.decisions.select_related("network").order_by("network__slug"))
    assert [d.network.slug for d in decisions] == ["barnim", "uckermark"]
    assert len({d.joint_group for d in decisions}) == 1 and decisions[0].joint_group
    assert not any(d.binding for d in decisions)
    for d in decisions:  # the last number of its network's register for that year
        last = Decision.objects.filter(network=d.network, year=d.year).order_by("-number")[0]
        assert last.pk == d.pk


def only_the_leitbild_meeting_decided_bindingly(
    slug: str, today: dt.date, now: dt.datetime
) -> None:
    """Barnim's and Uckermark's rule: every member represented with authority. At the joint
    Leitbild meeting every member was; its members without an authorised representative
    today had one then, and lost it before the last meeting, which (like the others) missed
    them and only recommended."""
    past = list(meetings_of(slug, "Netzwerksitzung").filter(ends_at__lt=now))
    quorum = {m.title: services.quorum_of(m) for m in past}

    assert [title for title, q in quorum.items() if q.is_quorate] == [LEITBILD]
    leitbild = quorum[LEITBILD]
    assert leitbild.represented == leitbild.total > 0
    binding = Decision.objects.filter(network__slug=slug, binding=True)
    assert [d.meeting.title for d in binding.select_related("meeting")] == [LEITBILD]
    others = [q for title, q in quorum.items() if title != LEITBILD]
    assert others and all(q.missing for q in others)
    assert Decision.objects.filter(network__slug=slug, binding=False).exists()

    leitbild_meeting = next(m for m in past if m.title == LEITBILD)
    last = past[-1]
    assert last.starts_at > leitbild_meeting.starts_at
    missing = {m.organisation.name for m in without_authorised_representative(slug, today)}
    assert missing == MISSING[slug]
    assert not without_authorised_representative(slug, local_day(leitbild_meeting)).exists()
    with_authority = leitbild_meeting.attendances.filter(with_authority=True)
    assert {a.organisation.name for a in with_authority} >= MISSING[slug]
    assert {
        m.organisation.name for m in without_authorised_representative(slug, local_day(last))
    } == MISSING[slug]


def minutes_are_approved_at_the_following_meeting(now: dt.datetime) -> None:
    approved = Minutes.objects.filter(status=Minutes.Status.APPROVED).select_related(
        "meeting", "approved_at"
    )

    assert approved.filter(meeting__network__slug="barnim").exists()
    for minutes in approved:
        assert minutes.approved_at is not None
        assert minutes.approved_at.arena_id == minutes.meeting.arena_id
        assert minutes.approved_at.starts_at > minutes.meeting.starts_at
        assert minutes.approved_at.ends_at < now
        assert minutes.meeting.status == MeetingStatus.MINUTES_APPROVED
        assert minutes.versions.count() == 1
    for slug, arena in ARENAS:  # the last minutes await approval at the next meeting
        past = list(meetings_of(slug, arena).filter(ends_at__lt=now))
        last = Minutes.objects.get(meeting=past[-1])
        assert (last.status, last.approved_at) == (Minutes.Status.CIRCULATED, None)
        assert past[-1].status == MeetingStatus.CLOSED
        assert all(m.status == MeetingStatus.MINUTES_APPROVED for m in past[:-1])


def upcoming_meetings_have_agendas_and_the_next_has_replies(now: dt.datetime) -> None:
    for slug, arena in ARENAS:
        upcoming = list(meetings_of(slug, arena).filter(starts_at__gt=now))
        assert all(m.agenda_items.count() >= 3 for m in upcoming)
        replies = Rsvp.objects.filter(meeting=upcoming[0])
        members = upcoming[0].arena.members.count()
        assert 0 < replies.count() < members or members == 1
        assert replies.filter(answer=Rsvp.Answer.PRINCIPAL).exists()


def actions_are_mostly_done_and_the_last_meetings_carried_over(
    today: dt.date, now: dt.datetime
) -> None:
    statuses = set(ActionItem.objects.values_list("status", flat=True))

    assert statuses == {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE}
    for slug, arena in ARENAS:
        upcoming = meetings_of(slug, arena).filter(starts_at__gt=now).first()
        assert upcoming is not None
        assert services.carried_over_actions(upcoming).exists(), (slug, arena)
    assert not ActionItem.objects.filter(due_date__lt=today).exists()


@pytest.mark.usefixtures("demo_loaded")
class TestDemoMeetings:
    def test_barnim_plenary_meets_quarterly_four_times_in_the_year_around_today(self) -> None:
        barnim_meets_quarterly_four_times_in_the_year_around(TODAY)

        # On this day the December meeting used to move alone to 8 January (a 107-day gap).
        days = [local_day(m) for m in meetings_of("barnim", "Netzwerksitzung")]
        assert days == list(demo_dates.plan(TODAY)["barnim:Netzwerksitzung"].days)
        assert days[-1] == dt.date(2026, 12, 18)

    def test_every_series_has_past_and_upcoming_meetings(self) -> None:
        every_series_has_held_and_upcoming_meetings(NOW)

    def test_meetings_are_held_on_working_days(self) -> None:
        meetings_are_held_on_working_days_outside_the_christmas_holidays()

    def test_minutes_are_approved_at_the_following_meeting(self) -> None:
        minutes_are_approved_at_the_following_meeting(NOW)

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
    def test_barnim_and_uckermark_decided_bindingly_only_when_every_member_attended_with_authority(
        self, slug: str
    ) -> None:
        only_the_leitbild_meeting_decided_bindingly(slug, TODAY, NOW)

    @pytest.mark.parametrize("slug", sorted(MISSING))
    def test_the_dashboard_warns_about_the_members_without_an_authorised_representative(
        self, slug: str, client: Any
    ) -> None:
        """The page shows the network's today (the real one): it lists exactly the members
        without an authorised representative on that day (those of ``MISSING`` on any day
        from ``TODAY`` on, as no mandate of the demo ends after it)."""
        network = Network.objects.get(slug=slug)
        assert client.login(email=f"coordinator@{slug}.example.org", password="samverk-demo")

        page = client.get(f"/n/{slug}/").content.decode()

        today = clock.network_today(network)
        expected = {m.organisation.name for m in without_authorised_representative(slug, today)}
        warning = page.split('id="missing-heading"', 1)[1].split("</section>", 1)[0]
        assert all(name in warning for name in expected), warning
        assert warning.count("<li") == len(expected) > 0

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
        barnim_and_uckermark_meet_jointly()

    def test_the_joint_meeting_is_numbered_in_both_registers(self) -> None:
        the_joint_meeting_is_one_meeting_numbered_in_both_registers(TODAY)

    def test_attendance_includes_members_without_authority_and_guests(self) -> None:
        past = Attendance.objects.filter(meeting__ends_at__lt=NOW)

        assert past.filter(with_authority=True).exists()
        assert past.filter(with_authority=False, is_guest=False, person__isnull=False).exists()
        assert past.filter(is_guest=True, person__isnull=True).exists()  # invited experts
        assert not Attendance.objects.filter(meeting__starts_at__gt=NOW).exists()

    def test_upcoming_meetings_have_agendas_and_the_next_has_replies(self) -> None:
        upcoming_meetings_have_agendas_and_the_next_has_replies(NOW)

    def test_actions_are_mostly_done_and_the_last_meetings_carried_over(self) -> None:
        actions_are_mostly_done_and_the_last_meetings_carried_over(TODAY, NOW)

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
        # the series' meetings, the joint one, and the two of autumn 2015 that the strategy
        # demo holds (hold_meeting) for Norrbotten's plan 2016
        assert meetings.count() == sum(len(spec.plans) for spec in demo.SERIES) + 1 + 2 == 25


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=network_demo.EARLIEST_TODAY, max_value=dt.date(2040, 12, 31)))
@example(today=network_demo.EARLIEST_TODAY)
@example(today=dt.date(2026, 6, 8))  # the last meeting held is nearest to the members leaving
@example(today=dt.date(2026, 3, 5))  # moved a week earlier: the next meeting is nearest
def test_the_demo_keeps_its_promises_whatever_day_it_is_loaded_on(today: dt.date) -> None:
    """Each example loads the whole demo (seconds), so only a few: the calendar alone is
    checked for every day in test_demo_dates.py."""
    now = dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo(network_demo.TIME_ZONE))
    with transaction.atomic():
        load(today)

        barnim_meets_quarterly_four_times_in_the_year_around(today)
        every_series_has_held_and_upcoming_meetings(now)
        meetings_are_held_on_working_days_outside_the_christmas_holidays()
        barnim_and_uckermark_meet_jointly()
        the_joint_meeting_is_one_meeting_numbered_in_both_registers(today)
        for slug in MISSING:
            only_the_leitbild_meeting_decided_bindingly(slug, today, now)
        minutes_are_approved_at_the_following_meeting(now)
        upcoming_meetings_have_agendas_and_the_next_has_replies(now)
        actions_are_mostly_done_and_the_last_meetings_carried_over(today, now)
        transaction.set_rollback(True)
