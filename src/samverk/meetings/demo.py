"""Demo meetings: a year of the networks' working rhythm, relative to ``today``.

Called by ``samverk demo`` (networks/management/commands/demo.py) after the networks are
loaded, in the same transaction, as of the demo's ``today``. Every write goes through the
service functions with the platform admin as the actor. Per series: meetings from about eight
months ago to a few weeks ahead, on the days ``samverk.meetings.demo_dates`` plans (by the
series' cadence, on working days, never in the Christmas holidays, for any today). Past
meetings were held (check-ins, also members without authority), took decisions
(recommendations where the meeting was not quorate), agreed actions and have minutes,
approved at the following meeting; the last past meeting's minutes await approval at the next
one. Upcoming meetings have agendas, invitations and replies.

Barnim and Uckermark meet quarterly (Uckermark's own meetings three days after Barnim's) and
twice jointly (the same time and place, each network recording its own meeting). Their rule is
every member represented with authority: the joint Leitbild meeting, which every partner
attended so, decided bindingly; the others missed a member and only recommend. Nordsachsen
meets at a different company each time; Norrbotten has its board (quorum 50 %) and assembly;
Hordaland its steering group. Themes come from the seeds (``shared/seeds``): Leitbild,
Jahresthema, Rückkehrertag, Fachtag, kompetansebehov, Inriktning 2015-2018 ... The series are
in ``samverk.meetings.demo_series`` (re-exported here).

Besides the series, one true joint meeting (``JOINT_TITLE``, ``meetings.joint``): Barnim's
plenary leads, Uckermark's takes part, a few days before today: one attendance list, quorum
per network (neither is quorate: a member of each is absent), and a recommendation numbered
in both registers. It is held in the order of time with the series' meetings, so decision
numbers still follow the calendar.

``hold_meeting`` holds one meeting outside the series for another app's demo (the strategy
demo's board and assembly meetings of autumn 2015 that propose and adopt Norrbotten's plan).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from samverk.meetings import demo_dates, joint, services
from samverk.meetings.choices import ActionStatus, MeetingStatus
from samverk.meetings.demo_series import DECIDE, INFO, QUORUM, SERIES, Item, Plan, SeriesSpec
from samverk.meetings.models import ActionItem, Meeting, Rsvp
from samverk.networks import services as network_services
from samverk.networks.choices import MandateRole
from samverk.networks.models import Arena, Mandate, Organisation, Person

__all__ = [
    "JOINT_TITLE",
    "QUORUM",
    "SERIES",
    "WORDS",
    "Item",
    "Plan",
    "SeriesSpec",
    "hold_meeting",
    "load",
]

JOINT_TITLE = "Gemeinsame Sitzung der Fachkräftebündnisse Barnim und Uckermark"
JOINT_DECISION = (
    "Die Netzwerke Barnim und Uckermark richten den Rückkehrertag künftig gemeinsam aus und "
    "werben dafür in beiden Landkreisen."
)


# Words of the minutes, by the network's language.
WORDS = {
    "de": {
        "minutes": "Protokoll",
        "present": "Anwesend",
        "with": "mit Entscheidungsbefugnis",
        "without": "ohne Entscheidungsbefugnis",
        "guest": "Gast",
        "decisions": "Beschlüsse",
        "recommendation": "Empfehlung, die Sitzung war nicht beschlussfähig",
        "actions": "Aufgaben",
        "due": "bis",
        "text": "Die Sitzung wurde wie geplant durchgeführt.",
    },
    "nn": {
        "minutes": "Referat",
        "present": "Til stades",
        "with": "med fullmakt",
        "without": "utan fullmakt",
        "guest": "gjest",
        "decisions": "Vedtak",
        "recommendation": "tilråding, møtet var ikkje vedtaksført",
        "actions": "Oppfølging",
        "due": "frist",
        "text": "Møtet vart gjennomført som planlagt.",
    },
    "sv": {
        "minutes": "Protokoll",
        "present": "Närvarande",
        "with": "med beslutsrätt",
        "without": "utan beslutsrätt",
        "guest": "gäst",
        "decisions": "Beslut",
        "recommendation": "rekommendation, mötet var inte beslutsmässigt",
        "actions": "Uppdrag",
        "due": "senast",
        "text": "Mötet genomfördes enligt dagordningen.",
    },
}


# --- loading -----------------------------------------------------------------------------


def load(*, actor: Any, today: dt.date) -> list[Meeting]:
    admin = actor
    """Load the demo meetings as they are on ``today`` (the networks must be loaded): the
    meetings before ``today`` were held, the others are ahead. Returns every meeting."""
    for (slug, name), rule in QUORUM.items():
        network_services.update_arena(actor=admin, arena=_arena(slug, name), **rule)
    days = demo_dates.plan(today)
    loaded: dict[str, list[Meeting]] = {}
    runs: list[tuple[_Series, int, Meeting]] = []
    for spec in SERIES:
        series = _Series(admin, today, spec, days[spec.key], loaded)
        loaded[spec.key] = meetings = series.schedule()
        runs += [(series, i, meeting) for i, meeting in enumerate(meetings)]
    joint_meeting = _Joint(admin, today)
    # Meetings are held in the order of time, so decision numbers follow the calendar.
    held_joint = False
    for series, i, meeting in sorted(runs, key=lambda run: run[2].starts_at):
        if not held_joint and meeting.starts_at > joint_meeting.meeting.starts_at:
            joint_meeting.hold()
            held_joint = True
        series.run(i, meeting)
    if not held_joint:
        joint_meeting.hold()
    for series in {id(run[0]): run[0] for run in runs}.values():
        series.finish()
    return [m for meetings in loaded.values() for m in meetings] + [joint_meeting.meeting]


class _Joint:
    """The joint meeting of Barnim's and Uckermark's plenaries (see the module's text)."""

    def __init__(self, admin: Any, today: dt.date) -> None:
        self.admin = admin
        lead, other = _arena("barnim", "Netzwerksitzung"), _arena("uckermark", "Netzwerksitzung")
        zone = ZoneInfo(lead.network.time_zone)
        day = today - dt.timedelta(days=4)  # after the members without a representative left
        while day.weekday() >= 5 or demo_dates.in_holidays(day):
            day -= dt.timedelta(days=1)
        start = dt.datetime.combine(day, dt.time(14), tzinfo=zone)
        self.meeting = services.schedule_meeting(
            actor=admin,
            arena=lead,
            joint_arenas=[other],
            title=JOINT_TITLE,
            purpose="Den gemeinsamen Rückkehrertag vorbereiten und die Zusammenarbeit der "
            "beiden Netzwerke abstimmen.",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            venue="Paul-Wunderlich-Haus, Am Markt 1, 16225 Eberswalde",
        )
        for title, kind in (
            ("Begrüßung und Feststellung der Beschlussfähigkeit je Netzwerk", INFO),
            ("Rückkehrertag: gemeinsame Ausrichtung", DECIDE),
            ("Berichte aus den Netzwerken", INFO),
        ):
            services.add_agenda_item(actor=admin, meeting=self.meeting, title=title, kind=kind)

    def hold(self) -> None:
        admin, meeting = self.admin, self.meeting
        for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
            meeting = services.change_status(actor=admin, meeting=meeting, status=status)
        day = timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone)).date()
        # One attendance list; the second member of each arena sends nobody.
        absent = set()
        for participant in joint.participants(meeting):
            members = list(participant.arena.members.order_by("name"))
            if len(members) > 1:
                absent.add(members[1].pk)
        mandates = (
            Mandate.objects.active(day)
            .filter(membership__organisation__in=joint.member_organisations(meeting))
            .exclude(membership__organisation__in=absent)
            .select_related("person", "membership")
            .order_by("membership__organisation__name", "-decision_authorised", "-role", "pk")
        )
        seen: set[int] = set()
        for mandate in mandates:
            if mandate.membership.organisation_id not in seen:
                seen.add(mandate.membership.organisation_id)
                services.check_in(actor=admin, meeting=meeting, person=mandate.person)
        quorate = all(q.is_quorate for q in joint.quorum_by_network(meeting))
        decide = meeting.agenda_items.filter(kind=DECIDE).first()
        services.record_decision(
            actor=admin,
            meeting=meeting,
            text=JOINT_DECISION,
            topic="Rückkehrertag",
            binding=quorate,
            agenda_item=decide,
        )
        self.meeting = services.change_status(
            actor=admin, meeting=meeting, status=MeetingStatus.CLOSED
        )


def hold_meeting(
    *,
    actor: Any,
    arena: Arena,
    title: str,
    purpose: str,
    starts_at: dt.datetime,
    venue: str,
    items: tuple[str, ...],
    decision: str,
    topic: str,
    today: dt.date,
) -> Meeting:
    """One meeting of ``arena`` outside its series, long before ``today`` (other apps' demos
    use it for what their records need, e.g. a plan's adoption): every member's authorised
    representative of that day checked in, the last agenda item decided (bindingly when the
    meeting is quorate), the meeting closed and its minutes written, circulated and approved
    at the arena's first later meeting that took place before ``today`` (the demo's series are
    loaded first; without one, they stay circulated)."""
    zone = ZoneInfo(arena.network.time_zone)
    now = dt.datetime.combine(today, dt.time(12), tzinfo=zone)
    meeting = services.schedule_meeting(
        actor=actor,
        arena=arena,
        title=title,
        purpose=purpose,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        venue=venue,
    )
    for k, item in enumerate(items):
        services.add_agenda_item(
            actor=actor, meeting=meeting, title=item, kind=DECIDE if k == len(items) - 1 else INFO
        )
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        meeting = services.change_status(actor=actor, meeting=meeting, status=status)
    day = timezone.localtime(starts_at, zone).date()
    mandates = (
        Mandate.objects.active(day)
        .filter(membership__organisation__in=arena.members.all(), decision_authorised=True)
        .select_related("person", "membership")
        .order_by("membership__organisation__name", "-role", "pk")  # principal > deputy
    )
    seen: set[int] = set()
    for mandate in mandates:
        if mandate.membership.organisation_id not in seen:
            seen.add(mandate.membership.organisation_id)
            services.check_in(actor=actor, meeting=meeting, person=mandate.person)
    services.record_decision(
        actor=actor,
        meeting=meeting,
        text=decision,
        topic=topic,
        binding=services.quorum_of(meeting).is_quorate,
        agenda_item=meeting.agenda_items.filter(kind=DECIDE).first(),
    )
    meeting = services.change_status(actor=actor, meeting=meeting, status=MeetingStatus.CLOSED)
    words = WORDS[arena.network.language]
    present = "\n".join(
        f"- {a.organisation.name}: {a.person.name} ({words['with']})"
        for a in meeting.attendances.select_related("person", "organisation").order_by(
            "organisation__name"
        )
        if a.person and a.organisation
    )
    decided = "\n".join(f"- **{d.reference}** {d.text}" for d in meeting.decisions.all())
    text = (
        f"# {words['minutes']}: {title}\n\n{timezone.localtime(starts_at, zone):%d.%m.%Y %H:%M}"
        f"\n\n## {words['present']}\n\n{present}\n\n{words['text']}\n\n"
        f"## {words['decisions']}\n\n{decided}\n"
    )
    services.save_minutes(actor=actor, meeting=meeting, text=text, base_version=0, now=now)
    services.circulate_minutes(
        actor=actor,
        meeting=meeting,
        objection_deadline=services.default_objection_deadline(today),
        today=today,
        now=now,
    )
    later = (
        Meeting.objects.filter(
            arena=arena,
            starts_at__gt=starts_at,
            starts_at__lte=now,
            status__in=(MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED),
        )
        .order_by("starts_at")
        .first()
    )
    if later is not None:
        services.approve_minutes(actor=actor, meeting=meeting, at_meeting=later, now=now)
    return Meeting.objects.get(pk=meeting.pk)


def _arena(slug: str, name: str) -> Arena:
    return Arena.objects.select_related("network").get(network__slug=slug, name=name)


class _Series:
    def __init__(
        self,
        admin: Any,
        today: dt.date,
        spec: SeriesSpec,
        dates: demo_dates.SeriesDates,
        loaded: dict[str, list[Meeting]],
    ) -> None:
        self.admin, self.today, self.spec, self.dates = admin, today, spec, dates
        self.loaded = loaded
        self.arena = _arena(spec.network, spec.arena)
        self.network = self.arena.network
        self.zone = ZoneInfo(self.network.time_zone)
        # The moment the demo is loaded at, as far as the services ask: midday of ``today``.
        self.now = dt.datetime.combine(today, dt.time(12), tzinfo=self.zone)
        self.words = WORDS[self.network.language]
        self.members = list(self.arena.members.order_by("name"))
        self.held: list[Meeting] = []

    def schedule(self) -> list[Meeting]:
        spec, admin = self.spec, self.admin
        hosts = list(
            Organisation.objects.filter(network=self.network, name__in=spec.hosts).order_by("name")
        )
        series = services.create_series(
            actor=admin,
            arena=self.arena,
            hosts=hosts,
            title=spec.title,
            purpose=spec.purpose,
            cadence=spec.cadence,
        )
        first_day = self.dates.first
        first = dt.datetime.combine(first_day, dt.time(spec.hour), tzinfo=self.zone)
        generated = services.generate_year(
            actor=admin,
            series=series,
            first_start=first,
            duration=dt.timedelta(hours=3),
            until=first_day + dt.timedelta(days=364),
        )
        return [self.plan(i, m) for i, m in enumerate(generated[: len(spec.plans)])]

    def run(self, i: int, meeting: Meeting) -> None:
        """Hold a past meeting; invite to an upcoming one (the next one has replies)."""
        if timezone.localtime(meeting.starts_at, self.zone).date() < self.today:
            self.held.append(self.hold(i, meeting))
            return
        services.change_status(actor=self.admin, meeting=meeting, status=MeetingStatus.INVITED)
        if i == len(self.held):
            self.replies(meeting)

    def finish(self) -> None:
        """Minutes are approved at the following meeting (the last ones await the next);
        actions of earlier meetings are mostly done."""
        for earlier, later in itertools.pairwise(self.held):
            services.approve_minutes(
                actor=self.admin, meeting=earlier, at_meeting=later, now=self.now
            )
        self.follow_up(self.held)

    def fmt(self, text: str, meeting: Meeting) -> str:
        """``{year}``: the working year (in January and February still the last one);
        ``{next}``: the one after it."""
        local = timezone.localtime(meeting.starts_at, self.zone)
        year = local.year - (local.month <= 2)
        return text.format(year=year, next=year + 1)

    def plan(self, i: int, meeting: Meeting) -> Meeting:
        """Title, purpose, place and its day (a working day, see ``demo_dates``); joint
        meetings take the partner's time and place."""
        plan, spec = self.spec.plans[i], self.spec
        start = meeting.starts_at.astimezone(self.zone)
        start = dt.datetime.combine(self.dates.days[i], start.time(), tzinfo=self.zone)
        fields: dict[str, Any] = {
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=3),
            "venue": f"{meeting.host.name}, {meeting.host.region}"
            if meeting.host and meeting.host.region
            else (meeting.host.name if meeting.host else spec.venue),
            "online_link": spec.online_link,
        }
        if spec.joint_with and i in spec.joint:
            partner = self.loaded[spec.joint_with][i]
            fields.update(starts_at=partner.starts_at, ends_at=partner.ends_at, venue=partner.venue)
        meeting = services.update_meeting(
            actor=self.admin,
            meeting=meeting,
            title=self.fmt(plan.title, meeting),
            purpose=self.fmt(plan.purpose, meeting),
            **fields,
        )
        for item in plan.items:
            services.add_agenda_item(
                actor=self.admin,
                meeting=meeting,
                title=self.fmt(item.title, meeting),
                kind=item.kind,
                guest_presenter=item.guest,
                planned_minutes=item.minutes,
            )
        return meeting

    def mandates(self, meeting: Meeting) -> dict[int, list[Mandate]]:
        """Active mandates on the meeting's day per member organisation: authorised
        principals first, then authorised deputies, then the others."""
        day = timezone.localtime(meeting.starts_at, self.zone).date()
        rows = (
            Mandate.objects.active(day)
            .filter(membership__organisation__in=self.members)
            .select_related("person", "membership")
            .order_by("-decision_authorised", "-role", "pk")  # principal > deputy
        )
        by_org: dict[int, list[Mandate]] = {}
        for mandate in rows:
            by_org.setdefault(mandate.membership.organisation_id, []).append(mandate)
        return by_org

    def hold(self, i: int, meeting: Meeting) -> Meeting:
        admin, plan = self.admin, self.spec.plans[i]
        for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
            meeting = services.change_status(actor=admin, meeting=meeting, status=status)
        mandates = self.mandates(meeting)
        n = len(self.members)
        absent = {self.members[(i * 2 + k) % n].pk for k in range(plan.absent)}
        for position, org in enumerate(self.members):
            if org.pk in absent:
                continue
            held = mandates.get(org.pk, [])
            authorised = [m for m in held if m.decision_authorised]
            if authorised:
                deputy = [m for m in authorised if m.role == MandateRole.DEPUTY]
                chosen = deputy[0] if deputy and (i + position) % 3 == 2 else authorised[0]
                services.check_in(actor=admin, meeting=meeting, person=chosen.person)
            elif held:  # a representative without authority to commit the organisation
                services.check_in(actor=admin, meeting=meeting, person=held[0].person)
            elif i == 0:  # no mandate at all: a contact comes along, recorded as a guest
                contact = Person.objects.filter(organisation=org).order_by("pk").first()
                if contact is not None:
                    services.check_in(actor=admin, meeting=meeting, person=contact)
        for item in plan.items:
            if item.guest:
                services.check_in(actor=admin, meeting=meeting, guest_name=item.guest)
        items = list(meeting.agenda_items.order_by("position"))
        decision = None
        if plan.decision:
            quorate = services.quorum_of(meeting).is_quorate
            present = meeting.attendances.filter(with_authority=True).count()
            decision = services.record_decision(
                actor=admin,
                meeting=meeting,
                text=self.fmt(plan.decision, meeting),
                topic=plan.topic,
                binding=quorate,
                agenda_item=next((it for it in items if it.kind == DECIDE), None),
                method="vote" if plan.vote else "consensus",
                votes_for=max(present - 1, 0) if plan.vote else None,
                votes_against=0 if plan.vote else None,
                abstentions=min(present, 1) if plan.vote else None,
            )
        attendees = list(
            meeting.attendances.filter(person__isnull=False, is_guest=False)
            .select_related("person", "organisation")
            .order_by("-with_authority", "organisation__name")
        )
        for k, title in enumerate(plan.actions):
            owner = attendees[(i + k) % len(attendees)] if attendees else None
            services.create_action(
                actor=admin,
                meeting=meeting,
                title=self.fmt(title, meeting),
                # agreed at a past meeting, recorded as of today: due from three weeks on
                due_date=self.today + dt.timedelta(days=21 + 28 * k + 7 * i),
                owner_person=owner.person if owner else None,
                owner_organisation=owner.organisation if owner else self.members[0],
                decision=decision,
                agenda_item=decision.agenda_item if decision else None,
                today=self.today,
            )
        meeting = services.change_status(actor=admin, meeting=meeting, status=MeetingStatus.CLOSED)
        services.save_minutes(
            actor=admin,
            meeting=meeting,
            text=self.minutes_text(meeting),
            base_version=0,
            now=self.now,
        )
        services.circulate_minutes(
            actor=admin,
            meeting=meeting,
            objection_deadline=services.default_objection_deadline(self.today),
            today=self.today,
            now=self.now,
        )
        return meeting

    def minutes_text(self, meeting: Meeting) -> str:
        w = self.words
        local = timezone.localtime(meeting.starts_at, self.zone)
        lines = [f"# {w['minutes']}: {meeting.title}", "", f"{local:%d.%m.%Y %H:%M}", ""]
        lines += [f"## {w['present']}", ""]
        for a in meeting.attendances.select_related("person", "organisation"):
            who = a.person.name if a.person else a.guest_name
            status = w["guest"] if a.is_guest else w["with" if a.with_authority else "without"]
            org = f"{a.organisation.name}: " if a.organisation else ""
            lines.append(f"- {org}{who} ({status})")
        lines += ["", w["text"], "", f"## {w['decisions']}", ""]
        for d in meeting.decisions.all():
            note = "" if d.binding else f" *({w['recommendation']})*"
            lines.append(f"- **{d.reference}** {d.text}{note}")
        lines += ["", f"## {w['actions']}", ""]
        for action in meeting.action_items.select_related("owner_person", "owner_organisation"):
            owner = action.owner_person or action.owner_organisation
            lines.append(f"- {action.title} – {owner} – {w['due']} {action.due_date:%d.%m.%Y}")
        return "\n".join(lines) + "\n"

    def replies(self, meeting: Meeting) -> None:
        """Replies of the members to the invitation; one has not answered yet."""
        mandates = self.mandates(meeting)
        for position, org in enumerate(self.members):
            if position % 6 == 5:
                continue
            held = mandates.get(org.pk, [])
            authorised = [m for m in held if m.decision_authorised]
            deputy = [m for m in authorised if m.role == MandateRole.DEPUTY]
            if deputy and position % 4 == 1:
                answer, person = Rsvp.Answer.DEPUTY, deputy[0].person
            elif authorised:
                answer, person = Rsvp.Answer.PRINCIPAL, authorised[0].person
            elif held:
                answer, person = Rsvp.Answer.SOMEONE_ELSE, held[0].person
            else:
                answer, person = Rsvp.Answer.NOBODY, None
            services.record_rsvp(
                actor=self.admin,
                meeting=meeting,
                organisation=org,
                answer=answer,
                person=person,
                now=self.now,
            )

    def follow_up(self, held: list[Meeting]) -> None:
        """Actions of earlier meetings are mostly done; one stays in progress and the last
        meeting's stay open, so the next agenda carries them over."""
        for p, meeting in enumerate(held[:-1]):
            for k, action in enumerate(ActionItem.objects.filter(meeting=meeting).order_by("pk")):
                status = ActionStatus.IN_PROGRESS if (p, k) == (0, 1) else ActionStatus.DONE
                services.update_action_status(actor=self.admin, action=action, status=status)
