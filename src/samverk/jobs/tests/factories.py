"""A network with every role the job offer pages know, ISCO-08 rows made directly, and offers
written through the services (as of the fixed ``TODAY``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from samverk.accounts.models import User
from samverk.classifications.models import EscoOccupation, IscoGroup
from samverk.core.choices import RoleKind
from samverk.core.models import Network, Region
from samverk.jobs import services
from samverk.jobs.models import JobOffer
from samverk.networks.models import Organisation
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    user_with_role,
)

TODAY = dt.date(2026, 5, 4)
ISCO = {
    "2": "Professionals",
    "22": "Health professionals",
    "222": "Nursing and midwifery professionals",
    "2221": "Nursing professionals",
    "7": "Craft and related trades workers",
    "72": "Metal, machinery and related trades workers",
    "721": "Sheet and structural metal workers, moulders and welders",
    "7212": "Welders and flamecutters",
}


def isco_groups() -> dict[str, IscoGroup]:
    groups: dict[str, IscoGroup] = {}
    for code in sorted(ISCO, key=lambda c: (len(c), c)):
        groups[code], _ = IscoGroup.objects.get_or_create(
            code=code,
            defaults={
                "level": len(code),
                "label": ISCO[code],
                "labels": {"en": ISCO[code]},
                "parent": groups.get(code[:-1]),
            },
        )
    return groups


@dataclass
class World:
    network: Network
    home: Region
    town: Region
    employer: Organisation
    other_member: Organisation
    partner_org: Organisation
    coordinator: User
    company: User
    other_company: User
    partner: User
    observer: User
    outsider: User
    groups: dict[str, IscoGroup]
    nurse: EscoOccupation
    welder: EscoOccupation
    users: dict[str, Any] = field(default_factory=dict)


def make_world(slug: str = "nordsachsen") -> World:
    home = RegionFactory.create(code=f"DE-{slug[:6]}", name="Landkreis Nordsachsen")
    town = RegionFactory.create(
        code=f"DE-{slug[:6]}-torgau", name="Torgau", level="municipality", parent=home
    )
    network = NetworkFactory.create(
        slug=slug, name="Fachkräfteallianz Nordsachsen", home_region=home
    )
    employer = OrganisationFactory.create(network=network, name="Elbaue Pflege GmbH")
    other_member = OrganisationFactory.create(network=network, name="Torgauer Metallbau GmbH")
    partner_org = OrganisationFactory.create(network=network, name="WFG Nordsachsen", kind="other")
    for organisation in (employer, other_member, partner_org):
        MembershipFactory.create(organisation=organisation, network=network)
    other_network = NetworkFactory.create()
    groups = isco_groups()
    nurse = EscoOccupation.objects.create(
        uri="http://data.europa.eu/esco/occupation/nurse-test",
        label="specialist nurse",
        isco_group=groups["2221"],
    )
    welder = EscoOccupation.objects.create(
        uri="http://data.europa.eu/esco/occupation/welder-test",
        label="welder",
        isco_group=groups["7212"],
    )
    world = World(
        network=network,
        home=home,
        town=town,
        employer=employer,
        other_member=other_member,
        partner_org=partner_org,
        coordinator=user_with_role(network, RoleKind.COORDINATOR, email="coordinator@example.org"),
        company=user_with_role(
            network, RoleKind.COMPANY_CONTACT, organisation=employer, email="hr@elbaue.example.org"
        ),
        other_company=user_with_role(network, RoleKind.COMPANY_CONTACT, organisation=other_member),
        partner=user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=partner_org),
        observer=user_with_role(network, RoleKind.OBSERVER),
        outsider=user_with_role(other_network, RoleKind.COORDINATOR),
        groups=groups,
        nurse=nurse,
        welder=welder,
    )
    world.users = {
        "coordinator": world.coordinator,
        "company": world.company,
        "other_company": world.other_company,
        "partner": world.partner,
        "observer": world.observer,
        "outsider": world.outsider,
        "anonymous": None,
    }
    return world


def offer_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "network": world.network,
        "employer": world.employer,
        "title": "Pflegefachkraft (m/w/d)",
        "description": "Wir suchen **Sie**.",
        "kind": "job",
        "isco_code": "2221",
        "locality": "Torgau",
        "municipality": world.town,
        "valid_through": TODAY + dt.timedelta(days=30),
        "apply_email": "jobs@elbaue.example.org",
        "target_groups": ["returnees"],
        "today": TODAY,
    }
    data.update(overrides)
    return data


def make_offer(
    world: World,
    *,
    status: str = "draft",
    actor: User | None = None,
    today: dt.date = TODAY,
    **overrides: Any,
) -> JobOffer:
    """An offer of ``world.employer`` created by its company contact (or ``actor``) and
    moved to ``status`` through the services."""
    creator = actor or world.company
    offer = services.create_offer(actor=creator, **offer_data(world, today=today, **overrides))
    if status == "draft":
        return offer
    offer = services.submit_offer(actor=creator, offer=offer, today=today)
    if status == "submitted":
        return offer
    if status == "returned":
        return services.return_offer(
            actor=world.coordinator, offer=offer, reason="Bitte Gehalt angeben."
        )
    offer = services.publish_offer(actor=world.coordinator, offer=offer, today=today)
    if status == "published":
        return offer
    return services.end_offer(actor=world.coordinator, offer=offer, status=status)


__all__ = ["TODAY", "UserFactory", "World", "isco_groups", "make_offer", "make_world", "offer_data"]
