"""The national data set of ``make bench-national``, written in bulk.

Scale (default, the issue's measure): 508 networks, 30,000 member organisations, 50,000
meetings. Organisations and meetings are spread evenly over the networks; the first networks
get one more of each, so the first network (the one the bench's coordinator runs) has 60
members, all of them in its plenary arena, and its latest plenary meeting that took place is
"the meeting of 60 members" (replies, attendance, decisions, actions, open actions carried
over from earlier meetings).

Per network: every organisation a member (budget, since), one person each and a second person
for every third organisation; a principal decision-authorised mandate (except every seventh
member: no authorised representative) and a deputy for the second person; three arenas
(plenary: every member; steering group: 8; working group: 15); meetings evenly from four years
ago to half a year ahead (every 16 days at national scale), most of them plenary, hosted by
the members in turn, each with three agenda items;
the ones that took place closed (older ones with approved minutes), two decisions and two
actions each (older actions done, recent ones open, some overdue); replies and attendance for
the last three meetings that took place and replies for the next two ("a realistic subset").

Everything goes through ``bulk_create`` in batches, on any database (the smoke test builds a
tiny one on the test database), so the national set takes minutes, not hours.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

BATCH = 5000
HISTORY_DAYS, AHEAD_DAYS = 4 * 365, 180  # the meetings span from four years ago to half a year on
ATTENDED_MEETINGS, REPLIED_AHEAD = 3, 2  # the subset with replies and attendance

T = TypeVar("T")


@dataclass(frozen=True)
class Scale:
    networks: int = 508
    organisations: int = 30_000
    meetings: int = 50_000

    def share(self, total: int, index: int) -> int:
        """How many of ``total`` the network ``index`` gets: evenly, the first ones one more."""
        base, rest = divmod(total, self.networks)
        return base + (1 if index < rest else 0)


NATIONAL = Scale()


@dataclass
class NationalDataset:
    scale: Scale
    network: Any  # the coordinator's network (the first)
    coordinator: Any
    big_meeting: Any  # the latest plenary meeting that took place in the first network
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"/n/{self.network.slug}/"


def _bulk(model: Any, rows: Iterable[T], counts: dict[str, int]) -> list[T]:
    created = model.objects.bulk_create(list(rows), batch_size=BATCH)
    name = model._meta.label
    counts[name] = counts.get(name, 0) + len(created)
    return created


def build_national(
    scale: Scale = NATIONAL,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> NationalDataset:
    """Write the data set; ``today`` fixes which meetings have taken place."""
    from samverk.accounts.models import User
    from samverk.core.choices import RegionLevel, RoleKind
    from samverk.core.clock import today_in
    from samverk.core.models import Network, NetworkRole, Region
    from samverk.meetings.models import (
        ActionItem,
        AgendaItem,
        Attendance,
        Decision,
        Meeting,
        Rsvp,
    )
    from samverk.networks.choices import MandateRole, NaceSection, OrganisationKind
    from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person

    today = today or today_in("Europe/Berlin")
    counts: dict[str, int] = {}
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 1)
        clock = now
        progress(f"  {name}: {seconds[name]:.1f} s")

    zone_name = "Europe/Berlin"
    zone = ZoneInfo(zone_name)
    counties = _bulk(
        Region,
        (
            Region(code=f"bench-c{i}", name=f"County {i}", level=RegionLevel.DISTRICT)
            for i in range(10)
        ),
        counts,
    )
    municipalities = _bulk(
        Region,
        (
            Region(
                code=f"bench-m{i}",
                name=f"Municipality {i:03d}",
                level=RegionLevel.MUNICIPALITY,
                parent=counties[i % len(counties)],
            )
            for i in range(100)
        ),
        counts,
    )
    networks = _bulk(
        Network,
        (
            Network(
                name=f"Network {i:03d}",
                slug=f"network-{i:03d}",
                language="en",
                time_zone=zone_name,
                home_region=counties[i % len(counties)],
            )
            for i in range(scale.networks)
        ),
        counts,
    )
    step("networks")

    kinds, sectors = OrganisationKind.values, NaceSection.values
    organisations: list[Any] = []
    per_network: list[list[Any]] = []
    for n, network in enumerate(networks):
        own = [
            Organisation(
                network=network,
                name=f"Organisation {n:03d}-{i:03d}",
                kind=kinds[(n + i) % len(kinds)],
                sector=sectors[(n + i) % len(sectors)],
                region=municipalities[(n * 7 + i) % len(municipalities)],
                website=f"https://org{n}-{i}.example.org",
            )
            for i in range(scale.share(scale.organisations, n))
        ]
        per_network.append(own)
        organisations.extend(own)
    _bulk(Organisation, organisations, counts)
    step("organisations")

    since = today - dt.timedelta(days=6 * 365)
    memberships: dict[int, Any] = {}
    rows = []
    for own in per_network:
        for i, organisation in enumerate(own):
            membership = Membership(
                network_id=organisation.network_id,
                organisation=organisation,
                since=since + dt.timedelta(days=(i * 37) % 1500),
                budget_amount=Decimal(5000 + (i * 977) % 50_000) if i % 4 else None,
            )
            memberships[organisation.pk] = membership
            rows.append(membership)
    _bulk(Membership, rows, counts)
    people_rows, second_people = [], []
    principal: dict[int, Any] = {}
    for own in per_network:
        for i, organisation in enumerate(own):
            person = Person(
                organisation=organisation,
                name=f"Person {organisation.name[13:]}",
                email=f"p{organisation.pk}@example.org",
            )
            principal[organisation.pk] = person
            people_rows.append(person)
            if i % 3 == 0:
                deputy = Person(
                    organisation=organisation,
                    name=f"Deputy {organisation.name[13:]}",
                    email=f"d{organisation.pk}@example.org",
                )
                second_people.append(deputy)
                people_rows.append(deputy)
    _bulk(Person, people_rows, counts)
    mandates = []
    for own in per_network:
        for i, organisation in enumerate(own):
            membership = memberships[organisation.pk]
            if i % 7 != 6:  # every seventh member has no authorised representative
                mandates.append(
                    Mandate(
                        membership=membership,
                        person=principal[organisation.pk],
                        valid_from=membership.since,
                    )
                )
    for deputy in second_people:
        membership = memberships[deputy.organisation_id]
        mandates.append(
            Mandate(
                membership=membership,
                person=deputy,
                role=MandateRole.DEPUTY,
                decision_authorised=False,
                valid_from=membership.since,
            )
        )
    _bulk(Mandate, mandates, counts)
    step("memberships, people, mandates")

    arenas: list[list[Any]] = []
    arena_rows = []
    for network in networks:
        trio = [
            Arena(
                network=network,
                name="Plenary",
                kind="plenary",
                quorum_rule="percent",
                quorum_percent=50,
            ),
            Arena(network=network, name="Steering group", kind="steering_group", quorum_rule="all"),
            Arena(network=network, name="Working group", kind="working_group"),
        ]
        arenas.append(trio)
        arena_rows.extend(trio)
    _bulk(Arena, arena_rows, counts)
    through = Arena.members.through
    arena_members: dict[int, list[Any]] = {}
    links = []
    for trio, own in zip(arenas, per_network, strict=True):
        for arena, members in zip(trio, (own, own[:8], own[8:23]), strict=True):
            arena_members[arena.pk] = members
            links.extend(through(arena=arena, organisation=o) for o in members)
    _bulk(through, links, counts)
    step("arenas")

    coordinators = _bulk(
        User,
        (
            User(email=f"coordinator{n:03d}@example.org", name=f"Coordinator {n:03d}", password="!")
            for n in range(scale.networks)
        ),
        counts,
    )
    _bulk(
        NetworkRole,
        (
            NetworkRole(user=user, network=network, role=RoleKind.COORDINATOR)
            for user, network in zip(coordinators, networks, strict=True)
        ),
        counts,
    )
    step("coordinators")

    first = today - dt.timedelta(days=HISTORY_DAYS)
    every = max(1, (HISTORY_DAYS + AHEAD_DAYS) // max(1, scale.share(scale.meetings, 0)))
    meetings: list[Any] = []
    by_network: list[list[Any]] = []
    for n, (network, trio) in enumerate(zip(networks, arenas, strict=True)):
        own_meetings = []
        own_orgs = per_network[n]
        for i in range(scale.share(scale.meetings, n)):
            day = first + dt.timedelta(days=i * every + n % 5)
            starts = dt.datetime.combine(day, dt.time(10), tzinfo=zone)
            arena = trio[0] if i % 4 != 3 else trio[1 + (i // 4) % 2]
            if day < today - dt.timedelta(days=365):
                status = "minutes_approved"
            elif day < today:
                status = "closed" if i % 23 else "cancelled"
            else:
                status = "invited" if day < today + dt.timedelta(days=40) else "planned"
            own_meetings.append(
                Meeting(
                    network=network,
                    arena=arena,
                    title=f"{arena.name} {day.isoformat()}",
                    purpose="Follow up the annual plan and the projects.",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    venue="Town hall, meeting room 2",
                    host=own_orgs[i % len(own_orgs)] if own_orgs else None,  # members take turns
                    status=status,
                )
            )
        by_network.append(own_meetings)
        meetings.extend(own_meetings)
    _bulk(Meeting, meetings, counts)
    step("meetings")

    _bulk(
        AgendaItem,
        (
            AgendaItem(meeting=meeting, position=p + 1, title=title, planned_minutes=minutes)
            for meeting in meetings
            for p, (title, minutes) in enumerate(
                (("Welcome and minutes", 10), ("Projects", 45), ("Any other business", 15))
            )
        ),
        counts,
    )
    step("agenda items")

    decisions, actions_of = [], []
    for network, own_meetings, own in zip(networks, by_network, per_network, strict=True):
        numbers: dict[int, int] = {}
        for i, meeting in enumerate(own_meetings):
            if meeting.status not in ("closed", "minutes_approved"):
                continue
            year = meeting.starts_at.astimezone(zone).year
            for k in range(2):
                numbers[year] = numbers.get(year, 0) + 1
                decisions.append(
                    Decision(
                        network=network,
                        meeting=meeting,
                        year=year,
                        number=numbers[year],
                        text=f"The network adopts proposal {k + 1} of {meeting.title}.",
                        topic=("plan", "budget", "projects")[(i + k) % 3],
                        binding=k == 0,
                    )
                )
            actions_of.append((network, meeting, own, i))
    decisions = _bulk(Decision, decisions, counts)
    step("decisions")

    actions = []
    decision_index = 0
    for network, meeting, own, i in actions_of:
        held = meeting.starts_at.astimezone(zone).date()
        for k in range(2):
            due = held + dt.timedelta(days=30 + 15 * k)
            recent = held > today - dt.timedelta(days=120)
            status = ("open", "in_progress")[k] if recent else ("done", "dropped")[(i + k) % 7 == 0]
            if not recent and (i + k) % 11 == 0:
                status = "open"  # an old one never done: carried over, overdue
            owner = own[(i * 2 + k) % len(own)] if own else None
            actions.append(
                ActionItem(
                    network=network,
                    meeting=meeting,
                    decision=decisions[decision_index + k],
                    title=f"Prepare item {k + 1} agreed at {meeting.title}",
                    due_date=due,
                    status=status,
                    owner_organisation=owner if k == 0 else None,
                    owner_person=principal[owner.pk] if owner and k == 1 else None,
                )
            )
        decision_index += 2
    _bulk(ActionItem, actions, counts)
    step("actions")

    rsvps, attendance = [], []
    for own_meetings in by_network:
        held = [m for m in own_meetings if m.status == "closed"][-ATTENDED_MEETINGS:]
        ahead = [m for m in own_meetings if m.status in ("invited", "planned")][:REPLIED_AHEAD]
        for meeting in held + ahead:
            members = arena_members[meeting.arena_id]
            for j, organisation in enumerate(members):
                if meeting in ahead and j % 4 == 3:
                    continue  # not replied yet
                person = principal[organisation.pk]
                answer = "nobody" if j % 9 == 8 else "principal"
                rsvps.append(
                    Rsvp(
                        meeting=meeting,
                        organisation=organisation,
                        answer=answer,
                        person=None if answer == "nobody" else person,
                    )
                )
                if meeting in held and answer != "nobody":
                    attendance.append(
                        Attendance(
                            meeting=meeting,
                            person=person,
                            organisation=organisation,
                            with_authority=j % 7 != 6,
                            is_guest=False,
                        )
                    )
    _bulk(Rsvp, rsvps, counts)
    _bulk(Attendance, attendance, counts)
    step("replies and attendance")

    home_meetings = by_network[0]
    big = [m for m in home_meetings if m.status == "closed" and m.arena_id == arenas[0][0].pk][-1]
    return NationalDataset(scale, networks[0], coordinators[0], big, counts, seconds)
