"""``samverk demo``: load the demo networks (data in ``samverk.networks.demo``).

Every write goes through the service functions of ``samverk.networks.services`` with the
platform admin as the actor, in one transaction: the demo loads completely or not at all.

The demo is told what day it is: everything in it (mandates that ended, representatives who
left, a year of meetings) is placed relative to that ``today``. The command takes the demo
networks' today (``samverk.core.clock``) once, or ``--today YYYY-MM-DD`` for a reproducible
demo; tests pass a fixed day.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentTypeError
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from samverk.accounts.models import User
from samverk.core import clock, email
from samverk.core.choices import RoleKind
from samverk.core.models import Federation, Network, NetworkRole, Region
from samverk.meetings import demo as meetings_demo
from samverk.networks import demo, services
from samverk.networks.choices import MandateRole
from samverk.networks.models import Membership, Organisation, Person

People = Iterator[tuple[str, str]]
ACCOUNT_ROLES = {"partner": RoleKind.PARTNER_REPRESENTATIVE, "company": RoleKind.COMPANY_CONTACT}


class Command(BaseCommand):
    help = (
        "Load the demo: a network for every system in the seed documents, with demo accounts "
        f"(password “{demo.PASSWORD}”). Development only: refuses to run with DEBUG off "
        "unless given --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but list the demo accounts) when the database has networks.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (its accounts have a published password).",
        )
        parser.add_argument(
            "--today",
            type=_day,
            help=(
                "Load the demo as if today were this day (YYYY-MM-DD, from "
                f"{demo.EARLIEST_TODAY.isoformat()} on); by default the networks' today."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: the demo is not loaded, because its accounts share a published "
                f"password (“{demo.PASSWORD}”). Run it with DEBUG=1 on a development database, "
                "or add --force if you really want demo data here."
            )
        today = options["today"] or clock.today_in(demo.TIME_ZONE)
        if today < demo.EARLIEST_TODAY:
            raise CommandError(
                f"--today {today.isoformat()} is too early: the demo's networks were founded "
                "until 2018 and their members have worked together for years by its today, "
                f"so its today is {demo.EARLIEST_TODAY.isoformat()} at the earliest."
            )
        if Network.objects.exists():
            if options["if_empty"]:
                self.stdout.write(
                    "demo already loaded (the database has networks; nothing changed)"
                )
                self.print_accounts(existing_only=True)
                return
            raise CommandError(
                "The database already has networks: the demo loads only into an empty database. "
                "Use --if-empty to skip loading when data exists."
            )
        taken = User.objects.filter(email__in=[a.email for a in demo.accounts()])
        if taken.exists():
            raise CommandError(
                "These demo accounts exist already, remove them first: "
                + ", ".join(taken.order_by("email").values_list("email", flat=True))
            )
        load(today)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(demo.NETWORKS)} networks."))
        self.print_accounts()

    def print_accounts(self, existing_only: bool = False) -> None:
        rows = demo.accounts()
        if existing_only:
            emails = [a.email for a in rows]
            existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
            rows = [a for a in rows if a.email in existing]
        if not rows:
            return
        width = max(len(a.email) for a in rows)
        self.stdout.write("")
        self.stdout.write(f"{'email':<{width}}  {'role':<22}  network")
        for a in rows:
            role = RoleKind(a.role).label if a.role in RoleKind.values else a.role
            self.stdout.write(f"{a.email:<{width}}  {role:<22}  {a.network or '–'}")
        self.stdout.write(f"\nPassword for every demo account: {demo.PASSWORD}")


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def load(today: dt.date) -> None:
    """Load the whole demo into an empty database, all or nothing, as it is on ``today``
    (the networks' day). It queues no mail (the meetings' invitations, for instance): its
    addresses are invented."""
    with email.no_mail(), transaction.atomic():
        password_hash = make_password(demo.PASSWORD)  # hashed once, the same for every account
        admin = User.objects.create_superuser(demo.ADMIN_EMAIL, name="samverk admin")
        admin.password = password_hash
        admin.save(update_fields=["password"])
        loader = _Loader(admin, password_hash, today)
        loader.load_regions()
        federations = {
            slug: services.create_federation(actor=admin, slug=slug, **fields)
            for slug, fields in demo.FEDERATIONS.items()
        }
        for spec in demo.NETWORKS:
            loader.load_network(spec, federations)
        meetings_demo.load(admin=admin, today=today)


def _years_later(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


class _Loader:
    def __init__(self, admin: User, password_hash: str, today: dt.date) -> None:
        self.admin = admin
        self.password_hash = password_hash
        self.today = today
        self.regions: dict[str, Region] = {}

    def user(self, email: str, name: str) -> User:
        user = User.objects.create_user(email, name=name)
        user.password = self.password_hash
        user.save(update_fields=["password"])
        return user

    def load_regions(self) -> None:
        for r in demo.REGIONS:
            self.regions[r.code] = services.create_region(
                actor=self.admin,
                code=r.code,
                name=r.name,
                level=r.level,
                parent=self.regions[r.parent] if r.parent else None,
                nuts_code=r.nuts,
                national_code=r.national,
            )

    def load_network(self, spec: demo.NetworkSpec, federations: dict[str, Federation]) -> None:
        network = services.create_network(
            actor=self.admin,
            name=spec.name,
            slug=spec.slug,
            language=spec.language,
            time_zone=spec.time_zone,
            home_region=self.regions[spec.region],
            description=spec.description,
            federation=federations.get(spec.federation or ""),
        )
        people = demo.people(spec.names, spec.slug)
        name, _ = next(people)
        coordinator = self.user(demo.email("coordinator", spec.slug), name)
        NetworkRole.objects.create(user=coordinator, network=network, role=RoleKind.COORDINATOR)

        arena_members: dict[str, list[Organisation]] = {a.key: [] for a in spec.arenas}
        for o in spec.organisations:
            if o.arenas - arena_members.keys():
                raise ValueError(f"demo: {o.name} is in an arena {spec.slug} does not have")
        for position, o in enumerate(spec.organisations):
            organisation = services.create_organisation(
                actor=self.admin,
                network=network,
                name=o.name,
                kind=o.kind,
                sector=o.sector,
                region=self.regions[o.region] if o.region else None,
                website=o.website,
                address=o.address,
                is_example=o.example,
            )
            own = self.account_person(organisation, o.account, people) if o.account else None
            if not o.member:
                if own is None:
                    self.person(organisation, people)  # a contact in the register
                continue
            until = dt.date(self.today.year - o.former, 12, 31) if o.former is not None else None
            membership = services.add_membership(
                actor=self.admin,
                organisation=organisation,
                # the members joined over the network's first year
                since=spec.since + dt.timedelta(days=91 * (position % 4)),
                until=until,
                role=o.role,
                budget_amount=Decimal(o.budget) if o.budget is not None else None,
                currency=spec.currency,
            )
            rep = o.rep or (demo.FULL, demo.PRINCIPAL, demo.CHANGED, demo.PRINCIPAL)[position % 4]
            left = self.today - dt.timedelta(weeks=o.left) if o.left is not None else None
            self.represent(membership, rep, people, own, left)
            if until is None or until >= self.today:
                for a in spec.arenas:
                    if a.everyone or a.key in o.arenas:
                        arena_members[a.key].append(organisation)

        for a in spec.arenas:
            services.create_arena(
                actor=self.admin,
                network=network,
                name=a.name,
                kind=a.kind,
                level=a.level,
                mandate=a.mandate,
                members=arena_members[a.key],
            )

    def person(self, organisation: Organisation, people: People) -> Person:
        name, email = next(people)
        return services.create_person(
            actor=self.admin, organisation=organisation, name=name, email=email
        )

    def account_person(self, organisation: Organisation, prefix: str, people: People) -> Person:
        """The demo account acting for ``organisation``, and its person record."""
        email = demo.email(prefix, organisation.network.slug)
        name, _ = next(people)
        user = self.user(email, name)
        NetworkRole.objects.create(
            user=user,
            network=organisation.network,
            role=ACCOUNT_ROLES[prefix],
            organisation=organisation,
        )
        return services.create_person(
            actor=self.admin, organisation=organisation, name=name, email=email, user=user
        )

    def represent(
        self,
        membership: Membership,
        rep: str,
        people: People,
        own: Person | None,
        left: dt.date | None = None,
    ) -> None:
        """The mandates of one membership, following the pattern ``rep``. ``left``: the last
        day of its decision-authorised principal, who left (NONE, UNAUTHORISED, ENDED)."""
        organisation, since = membership.organisation, membership.since
        # Earlier mandates ended about three years in, and always in the past.
        ended = max(since, min(_years_later(since, 3), self.today - dt.timedelta(days=200)))
        if membership.until:  # a former member: one mandate, ended with the membership
            services.add_mandate(
                actor=self.admin,
                membership=membership,
                person=own or self.person(organisation, people),
                valid_from=since,
                valid_until=membership.until,
            )
            return
        if rep == demo.NONE:
            if left is not None:  # its principal left, nobody is named yet
                services.add_mandate(
                    actor=self.admin,
                    membership=membership,
                    person=own or self.person(organisation, people),
                    valid_from=since,
                    valid_until=left,
                )
            elif own is None:
                self.person(organisation, people)  # a contact, but no mandate
            return
        principal = own or self.person(organisation, people)
        if rep == demo.CHANGED or (rep == demo.UNAUTHORISED and left is not None):
            # the principal was replaced once (recently, by one without authority)
            replaced = left or ended
            services.add_mandate(
                actor=self.admin,
                membership=membership,
                person=self.person(organisation, people),
                valid_from=since,
                valid_until=replaced,
            )
            services.add_mandate(
                actor=self.admin,
                membership=membership,
                person=principal,
                valid_from=replaced + dt.timedelta(days=1),
                decision_authorised=rep != demo.UNAUTHORISED,
            )
        else:
            services.add_mandate(
                actor=self.admin,
                membership=membership,
                person=principal,
                valid_from=since,
                valid_until=(left or ended) if rep == demo.ENDED else None,
                decision_authorised=rep != demo.UNAUTHORISED,
            )
        if rep in (demo.FULL, demo.CHANGED, demo.UNAUTHORISED):
            services.add_mandate(
                actor=self.admin,
                membership=membership,
                person=self.person(organisation, people),
                valid_from=_years_later(since, 1),
                role=MandateRole.DEPUTY,
                decision_authorised=rep == demo.FULL,
            )
