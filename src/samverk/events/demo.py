"""The events app's part of ``samverk demo``: Fachkräfteallianz Nordsachsen's events, written
through the services with the platform admin as the actor (after the networks and projects).

* The "Nordsächsischer Rückkehrertag" the day after Christmas (27 December) at five sites
  (Delitzsch, Torgau, Oschatz, Eilenburg, Schkeuditz) with the towns, the employment agency
  Oschatz and the WFG: the **last edition** (the last 27 December before ``today``) with
  registrations, check-ins and walk-ins that add up to 300 visitors (``VISITORS``), and the
  **next edition** (the coming 27 December) open for registration, Schkeuditz full with a
  waiting list. The venues are invented examples and say so.
* The "Fachtag Fachkräfte" about two months after ``today``: two keynotes, two rounds of three
  parallel workshops, a panel; registration open, with registrations.
* The three regional training fairs (Delitzsch, Oschatz, Torgau) in spring, public, without
  registration (visitors walk in).

Participants' names are invented (``example.org`` addresses). The retention rule is applied
as of ``today`` (``registration_services.anonymise_site`` for the sites whose retention period
is over), exactly as the daily job would: nothing else is erased.

At the last edition, member companies of the network exhibit (``EXHIBITORS_PER_SITE`` at each
site, registered, confirmed by the coordinator) with the job offers of that time: 229
(``JOB_OFFERS``) distinct offers across the five sites, written through the jobs services as
they were then (posted before the day, published when attached, and expired since when their
"valid through" lies before ``today`` — the rule "attach only published offers" applies when
they are attached). Who came is checked in through the check-in services (by code, at the
site's start) and the walk-ins are counted with the walk-in counter; the outcome (300
visitors, 229 job offers, the exhibitors) is transferred to the key figures of the project
"Nordsächsischer Rückkehrertag" (``outcome.transfer_to_project``): the seed's entered figures
"Besuchende" and "Stellenangebote" become counted ones with the same values.

Nothing here reads the clock."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from samverk.core.models import Network
from samverk.events import (
    checkin_services,
    exhibitor_services,
    outcome,
    registration_services,
    services,
)
from samverk.events.choices import EventKind, SessionKind
from samverk.events.models import EventSite, Registration, Session
from samverk.networks.models import Organisation
from samverk.projects.models import Project

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.events.models import Event

RUECKKEHRERTAG = "Nordsächsischer Rückkehrertag"
FACHTAG = "Fachtag Fachkräfte"

# site → (venue, address, capacity, registered at the last edition, of them checked in,
# walk-ins): the visitors (checked in + walk-ins) add up to 300.
SITES: dict[str, tuple[str, str, int, int, int, int]] = {
    "Delitzsch": (
        "Bürgerhaus Delitzsch (Beispiel)",
        "Marktplatz 1\n04509 Delitzsch",
        80,
        42,
        36,
        34,
    ),
    "Torgau": ("Kulturbastion Torgau (Beispiel)", "Schlossstraße 5\n04860 Torgau", 80, 40, 33, 32),
    "Oschatz": (
        "Thomas-Müntzer-Haus Oschatz (Beispiel)",
        "Bahnhofstraße 2\n04758 Oschatz",
        70,
        35,
        30,
        28,
    ),
    "Eilenburg": (
        "Bürgerhaus Eilenburg (Beispiel)",
        "Torgauer Straße 40\n04838 Eilenburg",
        70,
        34,
        29,
        26,
    ),
    "Schkeuditz": (
        "Kulturhaus Sonne Schkeuditz (Beispiel)",
        "Rathausplatz 3\n04435 Schkeuditz",
        60,
        30,
        26,
        26,
    ),
}
VISITORS = 300
JOB_OFFERS = 229
EXHIBITORS_PER_SITE = 3
EXHIBITOR_SEED = 27
# The labels of the key figures the outcome is transferred to (the seed's, in German).
FIGURE_LABELS = {
    "visitors": ("Besuchende", "Besuchende"),
    "job_offers": ("Stellenangebote", "Stellenangebote"),
    "exhibitors": ("Ausstellende Unternehmen", "Unternehmen"),
    "workshops": ("Workshops", "Workshops"),
}
NEXT_EDITION_REGISTRATIONS = {"Delitzsch": 6, "Torgau": 5, "Oschatz": 4, "Eilenburg": 4}
SCHKEUDITZ_NEXT_CAPACITY = 5
SCHKEUDITZ_WAITING = 2

CO_ORGANISERS = (
    "Stadtverwaltung Delitzsch",
    "Stadtverwaltung Torgau",
    "Stadtverwaltung Oschatz",
    "Stadtverwaltung Eilenburg",
    "Stadtverwaltung Schkeuditz",
    "Agentur für Arbeit Oschatz",
)
ORGANISER = "WFG Landkreis Nordsachsen"
CONSENT = (
    "Ich bin einverstanden, dass die Fachkräfteallianz Nordsachsen meinen Namen, meine "
    "E-Mail-Adresse und meine Organisation für diese Veranstaltung speichert. Sie werden "
    "{days} Tage nach der Veranstaltung gelöscht."
)

FIRST = (
    "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas",
    "Klara", "Lukas", "Marie", "Noah", "Olga", "Paul", "Rosa", "Samuel", "Tina", "Uwe",
)  # fmt: skip
LAST = (
    "Albrecht", "Becker", "Conrad", "Dietrich", "Engel", "Fuchs", "Graf", "Hahn", "Jung",
    "Krause", "Lorenz", "Möller", "Nowak", "Otto", "Pohl", "Richter", "Schulze", "Vogel",
)  # fmt: skip

WORKSHOPS = (
    ("Ausbildung in der Pflege gewinnen", "Raum 1"),
    ("Fachkräfte aus dem Ausland einarbeiten", "Raum 2"),
    ("Arbeitgebermarke für kleine Betriebe", "Raum 3"),
)
WORKSHOPS_AFTERNOON = (
    ("Rückkehrende ansprechen", "Raum 1"),
    ("Pendelnde halten: Mobilität und Wohnen", "Raum 2"),
    ("Digitale Bewerbungswege", "Raum 3"),
)


def next_rueckkehrertag(today: dt.date) -> dt.date:
    """The coming 27 December (today's year's while it is still ahead, else next year's)."""
    this_year = dt.date(today.year, 12, 27)
    return this_year if today < this_year else dt.date(today.year + 1, 12, 27)


def last_rueckkehrertag(today: dt.date) -> dt.date:
    """The last 27 December before the coming one."""
    coming = next_rueckkehrertag(today)
    return dt.date(coming.year - 1, 12, 27)


def _at(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


class _People:
    """Invented participants, each name once per demo."""

    def __init__(self) -> None:
        self.number = 0

    def next(self) -> tuple[str, str]:
        n = self.number
        self.number += 1
        first = FIRST[n % len(FIRST)]
        last = LAST[(n // len(FIRST)) % len(LAST)]
        return f"{first} {last}", f"{first.lower()}.{last.lower()}.{n}@example.org".replace(
            "ö", "oe"
        )


def load(*, actor: User, today: dt.date) -> None:
    network = Network.objects.filter(slug="nordsachsen").first()
    if network is None:
        return
    people = _People()
    settings = services.update_event_settings(actor=actor, network=network, retention_days=90)
    organisations = {o.name: o for o in Organisation.objects.filter(network=network)}
    organiser = organisations.get(ORGANISER)
    co_organisers = [organisations[name] for name in CO_ORGANISERS if name in organisations]
    project = Project.objects.filter(network=network, title=RUECKKEHRERTAG).first()
    consent = CONSENT.format(days=settings.retention_days)
    zone = network.time_zone

    last = last_rueckkehrertag(today)
    past = services.create_event(
        actor=actor,
        network=network,
        title=f"{RUECKKEHRERTAG} {last.year}",
        kind=EventKind.RETURNEE_DAY,
        description=(
            "Am Tag nach Weihnachten stellen Unternehmen aus Nordsachsen an fünf Standorten "
            "ihre Stellen vor – für alle, die über die Feiertage in der Heimat sind und über "
            "eine Rückkehr nachdenken."
        ),
        organiser=organiser,
        co_organisers=co_organisers,
        is_public=True,
        registration_open=True,
        consent_text=consent,
        project=project,
    )
    opened = _at(last - dt.timedelta(days=40), 9, 0, zone)
    for town, (venue, address, capacity, registered, checked_in, walk_ins) in SITES.items():
        site = _rueckkehrertag_site(actor, past, town, venue, address, capacity, last, zone)
        registrations = [
            _register(site, people, opened + dt.timedelta(hours=i), consent=True)
            for i in range(registered)
        ]
        # Who came, checked in at the entrance by their code, and the walk-in counter.
        for i, registration in enumerate(registrations[:checked_in]):
            checkin_services.check_in_code(
                actor=actor,
                site=site,
                code=registration.code,
                now=site.starts_at + dt.timedelta(minutes=i),
            )
        for _ in range(walk_ins):
            checkin_services.change_walk_ins(actor=actor, site=site, change=1)
    services.update_event(actor=actor, event=past, registration_open=False)
    _exhibitors(actor, network, past, last, today)
    if project is not None:
        last_end = max(s.ends_at for s in past.sites.all())
        outcome.transfer_to_project(
            actor=actor,
            event=past,
            now=max(_at(today, 8, 0, zone), last_end + dt.timedelta(hours=1)),
            labels=FIGURE_LABELS,
        )

    coming = next_rueckkehrertag(today)
    upcoming = services.create_event(
        actor=actor,
        network=network,
        title=f"{RUECKKEHRERTAG} {coming.year}",
        kind=EventKind.RETURNEE_DAY,
        description=(
            "Auch in diesem Jahr: Jobs, Ausbildung und Beratung zur Rückkehr an fünf "
            "Standorten in Nordsachsen. Der Eintritt ist frei; mit einer Anmeldung sparen Sie "
            "sich die Warteschlange."
        ),
        organiser=organiser,
        co_organisers=co_organisers,
        is_public=True,
        registration_open=True,
        consent_text=consent,
        project=project,
    )
    now = _at(today, 8, 0, zone)
    for town, (venue, address, capacity, _r, _c, _w) in SITES.items():
        if town == "Schkeuditz":
            capacity = SCHKEUDITZ_NEXT_CAPACITY
        site = _rueckkehrertag_site(actor, upcoming, town, venue, address, capacity, coming, zone)
        count = NEXT_EDITION_REGISTRATIONS.get(town, capacity + SCHKEUDITZ_WAITING)
        for i in range(count):
            _register(site, people, now + dt.timedelta(minutes=i), consent=True)

    _fachtag(actor, network, organiser, co_organisers, today, people, zone)
    _training_fairs(actor, network, organiser, organisations, today, zone)

    # The retention rule as the daily job applies it today.
    days = settings.retention_days
    for site in EventSite.objects.filter(event__network=network).select_related("event__network"):
        if today >= registration_services.erasure_day(site, days):
            registration_services.anonymise_site(site, _at(today, 3, 0, zone))


def _exhibitors(actor: User, network: Network, event: Event, day: dt.date, today: dt.date) -> None:
    """Member companies exhibit at each site of the last edition with the job offers of that
    time: ``JOB_OFFERS`` distinct offers in all, each shown at one site."""
    from samverk.classifications.demo import DEMO_UNIT_GROUPS, ensure_demo_groups
    from samverk.jobs import demo as jobs_demo
    from samverk.jobs import services as jobs_services
    from samverk.jobs.choices import OfferStatus
    from samverk.networks.choices import OrganisationKind
    from samverk.networks.forms import current_members, network_regions
    from samverk.networks.models import Person

    groups = ensure_demo_groups()
    units = [c for c in DEMO_UNIT_GROUPS if c in jobs_demo.TITLES and c in groups]
    regions = set(network_regions(network).values_list("pk", flat=True))
    companies = [
        o
        for o in current_members(network)
        .filter(kind=OrganisationKind.COMPANY)
        .select_related("region")
        .order_by("name", "pk")
        if o.region_id in regions
    ]
    if not companies or not units:
        return
    rng = random.Random(EXHIBITOR_SEED)  # noqa: S311 - demo data, not secrets
    sites = list(event.sites.order_by("starts_at", "name", "pk"))
    per_site = _split(JOB_OFFERS, len(sites))
    ended = []
    for index, (site, offers_here) in enumerate(zip(sites, per_site, strict=True)):
        count = min(EXHIBITORS_PER_SITE, len(companies))
        chosen = [companies[(index * count + k) % len(companies)] for k in range(count)]
        chosen = list(dict.fromkeys(chosen))
        shares = [
            offers_here // len(chosen) + (k < offers_here % len(chosen)) for k in range(len(chosen))
        ]
        for company, share in zip(chosen, shares, strict=True):
            contact = Person.objects.filter(organisation=company).order_by("pk").first()
            exhibitor = exhibitor_services.register_exhibitor(
                actor=actor,
                site=site,
                organisation=company,
                booth_needs="Ein Stehtisch, Stromanschluss, Platz für einen Roll-up (Beispiel).",
                contact=contact,
            )
            exhibitor = exhibitor_services.confirm_exhibitor(actor=actor, exhibitor=exhibitor)
            offers = [
                jobs_demo._offer(
                    actor,
                    network,
                    rng,
                    company,
                    rng.choice(units),
                    OfferStatus.PUBLISHED,
                    day - dt.timedelta(days=1),
                )
                for _ in range(share)
            ]
            exhibitor_services.set_job_offers(
                actor=actor, exhibitor=exhibitor, job_offers=offers, now=site.starts_at
            )
            ended += [o for o in offers if o.valid_through < today]
    for offer in ended:
        jobs_services.end_offer(actor=actor, offer=offer, status=OfferStatus.EXPIRED)


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` nearly equal whole parts (the first ones one larger)."""
    return [total // parts + (i < total % parts) for i in range(parts)]


def _rueckkehrertag_site(
    actor: User,
    event: Event,
    town: str,
    venue: str,
    address: str,
    capacity: int,
    day: dt.date,
    zone: str,
) -> EventSite:
    return services.add_site(
        actor=actor,
        event=event,
        name=town,
        venue=venue,
        address=address,
        starts_at=_at(day, 10, 0, zone),
        ends_at=_at(day, 15, 0, zone),
        capacity=capacity,
        accessibility="Barrierefreier Zugang über den Haupteingang (Beispiel).",
    )


def _register(
    site: EventSite,
    people: _People,
    now: dt.datetime,
    *,
    consent: bool,
    workshops: tuple[Session, ...] = (),
) -> Registration:
    name, email = people.next()
    return registration_services.register(
        site=site,
        name=name,
        email=email,
        organisation_name="",
        workshops=workshops,
        consent=consent,
        join_waiting_list=True,
        now=now,
    )


def _fachtag(
    actor: User,
    network: Network,
    organiser: Organisation | None,
    co_organisers: list[Organisation],
    today: dt.date,
    people: _People,
    zone: str,
) -> None:
    day = today + dt.timedelta(days=60)
    event = services.create_event(
        actor=actor,
        network=network,
        title=f"{FACHTAG} {day.year}",
        kind=EventKind.EXPERT_DAY,
        description=(
            "Unternehmen stellen Projekte zur Fachkräftesicherung vor, Fachleute halten "
            "Impulsvorträge, und in Workshops arbeiten die Teilnehmenden an Lösungen für "
            "ihre Betriebe."
        ),
        organiser=organiser,
        co_organisers=co_organisers[:1],
        is_public=True,
        registration_open=True,
        consent_text="",
    )
    site = services.add_site(
        actor=actor,
        event=event,
        name="Torgau",
        venue="Kulturbastion Torgau (Beispiel)",
        address="Schlossstraße 5\n04860 Torgau",
        starts_at=_at(day, 9, 0, zone),
        ends_at=_at(day, 16, 0, zone),
        capacity=120,
        accessibility="Aufzug vorhanden; Induktionsschleife im großen Saal (Beispiel).",
    )

    def session(
        kind: str, title: str, start: tuple[int, int], end: tuple[int, int], **kw: object
    ) -> Session:
        return services.add_session(
            actor=actor,
            site=site,
            kind=kind,
            title=title,
            starts_at=_at(day, *start, zone),
            ends_at=_at(day, *end, zone),
            **kw,  # type: ignore[arg-type]
        )

    session(
        SessionKind.KEYNOTE,
        "Fachkräftesicherung im ländlichen Raum",
        (9, 15),
        (10, 0),
        room="Großer Saal",
        guest_speakers="Prof. Dr. Beispiel (Hochschule, Beispiel)",
    )
    session(
        SessionKind.KEYNOTE,
        "Was Rückkehrende suchen",
        (10, 0),
        (10, 45),
        room="Großer Saal",
        guest_speakers="Referentin der Agentur für Arbeit (Beispiel)",
    )
    morning = tuple(
        session(SessionKind.WORKSHOP, title, (11, 0), (12, 30), room=room, capacity=20)
        for title, room in WORKSHOPS
    )
    afternoon = tuple(
        session(SessionKind.WORKSHOP, title, (13, 30), (15, 0), room=room, capacity=20)
        for title, room in WORKSHOPS_AFTERNOON
    )
    session(
        SessionKind.PANEL,
        "Unternehmen berichten: Projekte, die wirken",
        (15, 0),
        (16, 0),
        room="Großer Saal",
    )
    now = _at(today, 8, 0, zone)
    for i in range(30):
        chosen = (morning[i % 3], afternoon[(i // 3) % 3])
        _register(site, people, now + dt.timedelta(minutes=i), consent=False, workshops=chosen)


def _training_fairs(
    actor: User,
    network: Network,
    organiser: Organisation | None,
    organisations: dict[str, Organisation],
    today: dt.date,
    zone: str,
) -> None:
    fairs = (
        ("Delitzsch", 100, "Stadtverwaltung Delitzsch", "Berufsschulzentrum Delitzsch (Beispiel)"),
        ("Oschatz", 107, "Stadtverwaltung Oschatz", "Stadthalle Oschatz (Beispiel)"),
        ("Torgau", 114, "Stadtverwaltung Torgau", "Berufliches Schulzentrum Torgau (Beispiel)"),
    )
    for town, offset, partner, venue in fairs:
        day = today + dt.timedelta(days=offset)
        event = services.create_event(
            actor=actor,
            network=network,
            title=f"Ausbildungsmesse {town} {day.year}",
            kind=EventKind.TRAINING_FAIR,
            description=(
                f"Betriebe aus der Region {town} stellen Ausbildungsplätze und duale "
                "Studiengänge vor. Ohne Anmeldung: kommen Sie einfach vorbei."
            ),
            organiser=organiser,
            co_organisers=[organisations[partner]] if partner in organisations else [],
            is_public=True,
            registration_open=False,
        )
        services.add_site(
            actor=actor,
            event=event,
            name=town,
            venue=venue,
            starts_at=_at(day, 9, 0, zone),
            ends_at=_at(day, 13, 0, zone),
        )


__all__ = [
    "FACHTAG",
    "JOB_OFFERS",
    "RUECKKEHRERTAG",
    "SITES",
    "VISITORS",
    "last_rueckkehrertag",
    "load",
    "next_rueckkehrertag",
]
