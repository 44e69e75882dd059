"""The networks app's part of ``samverk demo``: regions, federations, the demo networks with
their organisations, members, people, mandates, arenas and demo accounts — every write
through the services, with the platform admin as the actor, as it is on ``today``.
Registered as a DemoLoader in NetworksConfig.ready."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import Federation, Region
from samverk.networks import access_services, demo, services
from samverk.networks.choices import MandateRole
from samverk.networks.models import Membership, Organisation, Person

People = Iterator[tuple[str, str]]
ACCOUNT_ROLES = {"partner": RoleKind.PARTNER_REPRESENTATIVE, "company": RoleKind.COMPANY_CONTACT}


def load(*, actor: User, today: dt.date) -> None:
    """Load the networks' demo data (inside the demo command's transaction)."""
    password_hash = make_password(demo.PASSWORD)  # hashed once, the same for every account
    actor.password = password_hash
    actor.save(update_fields=["password"])
    loader = _Loader(actor, password_hash, today)
    loader.load_regions()
    federations = {
        slug: services.create_federation(actor=actor, slug=slug, **fields)
        for slug, fields in demo.FEDERATIONS.items()
    }
    for spec in demo.NETWORKS:
        loader.load_network(spec, federations)


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
        access_services.add_role(
            actor=self.admin, network=network, user=coordinator, role=RoleKind.COORDINATOR
        )

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
        access_services.add_role(
            actor=self.admin,
            network=organisation.network,
            user=user,
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
