"""The jobs app's part of ``samverk demo``: Fachkräfteallianz Nordsachsen's job offers, written
through the services (registered as a DemoLoader after the projects; it looks up the networks
demo's organisations).

``OFFER_COUNT`` offers of the network's member companies and employers in the district (the
organisations are the networks demo's examples), drawn by a seeded ``random.Random`` so every
load gives the same offers: varied kinds, ISCO-08 unit groups (``classifications.demo``),
places, target groups. Most are published (posted up to six weeks before ``today``), some
expired (posted and past their "valid through" months ago), some submitted and awaiting the
coordinator's review, a few drafts, filled or withdrawn ones, and one offer of Eilenburger
Präzisionstechnik returned with a reason (``RETURN_REASON``) that the company's demo account
sees. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from samverk.accounts.models import User
from samverk.classifications.demo import DEMO_UNIT_GROUPS, ensure_demo_groups
from samverk.core.models import Network
from samverk.jobs import services
from samverk.jobs.choices import Duration, OfferKind, OfferStatus, TargetGroup, WorkingTime
from samverk.jobs.models import JobOffer
from samverk.networks.choices import OrganisationKind
from samverk.networks.forms import current_members, network_regions

if TYPE_CHECKING:
    from samverk.networks.models import Organisation

__all__ = ["OFFER_COUNT", "RETURNED_EMPLOYER", "RETURN_REASON", "SEED", "load"]

SEED = 11
OFFER_COUNT = 250
RETURNED_EMPLOYER = "Eilenburger Präzisionstechnik GmbH"
RETURNED_TITLE = "Zerspanungsmechaniker/in (m/w/d) – Ausbildung 2027"
RETURN_REASON = (
    "Bitte ergänzen Sie die Ausbildungsvergütung und den Ausbildungsbeginn; "
    "„ab sofort“ passt nicht zu einer Ausbildung."
)
EMPLOYER_KINDS = (
    OrganisationKind.COMPANY,
    OrganisationKind.COUNTY,
    OrganisationKind.MUNICIPALITY,
)

# ISCO-08 unit group → German job titles the offers use.
TITLES: dict[str, tuple[str, ...]] = {
    "2144": ("Maschinenbauingenieur/in (m/w/d)", "Konstrukteur/in Sondermaschinenbau (m/w/d)"),
    "2221": ("Pflegefachkraft (m/w/d)", "Praxisanleiter/in Pflege (m/w/d)"),
    "2512": ("Softwareentwickler/in (m/w/d)", "Anwendungsentwickler/in (m/w/d)"),
    "3115": ("Techniker/in Maschinenbau (m/w/d)", "Instandhaltungstechniker/in (m/w/d)"),
    "3313": ("Buchhalter/in (m/w/d)", "Lohnbuchhalter/in (m/w/d)"),
    "5120": ("Koch/Köchin (m/w/d)", "Jungkoch/Jungköchin (m/w/d)"),
    "5321": ("Pflegehelfer/in (m/w/d)", "Betreuungskraft (m/w/d)"),
    "7126": ("Anlagenmechaniker/in SHK (m/w/d)", "Rohrleitungsbauer/in (m/w/d)"),
    "7212": ("Schweißer/in (m/w/d)", "Metallbauer/in Schweißtechnik (m/w/d)"),
    "7231": ("Kfz-Mechatroniker/in (m/w/d)", "Land- und Baumaschinenmechatroniker/in (m/w/d)"),
    "7411": ("Elektroniker/in Energie- und Gebäudetechnik (m/w/d)", "Elektriker/in (m/w/d)"),
    "8322": ("Kraftfahrer/in Klasse B (m/w/d)", "Fahrer/in Lieferdienst (m/w/d)"),
}
KIND_PREFIX = {
    OfferKind.APPRENTICESHIP: "Ausbildung: ",
    OfferKind.DUAL_STUDY: "Duales Studium: ",
    OfferKind.INTERNSHIP: "Praktikum: ",
    OfferKind.JOB: "",
}
DESCRIPTION = (
    "## Ihre Aufgaben\n\n- {aufgabe}\n- Zusammenarbeit in einem kleinen Team\n\n"
    "## Wir bieten\n\n- {angebot}\n- Einarbeitung und Weiterbildung\n\n"
    "*{employer}* ist ein Beispielunternehmen der Demo."
)
TASKS = (
    "Planung und Ausführung der täglichen Arbeiten",
    "Betreuung unserer Kundinnen und Kunden in der Region",
    "Mitarbeit an neuen Projekten",
)
BENEFITS = (
    "tarifliche Vergütung und 30 Tage Urlaub",
    "flexible Arbeitszeiten und Jobrad",
    "Zuschuss zum Deutschlandticket",
)
# (status, share of the offers in per cent); the rest are published.
MIX = (
    (OfferStatus.EXPIRED, 20),
    (OfferStatus.SUBMITTED, 10),
    (OfferStatus.DRAFT, 5),
    (OfferStatus.FILLED, 4),
    (OfferStatus.WITHDRAWN, 2),
)


def load(*, actor: User, today: dt.date) -> None:
    network = Network.objects.filter(slug="nordsachsen").first()
    if network is None:
        return
    groups = ensure_demo_groups()
    units = [code for code in DEMO_UNIT_GROUPS if code in TITLES and code in groups]
    regions = set(network_regions(network).values_list("pk", flat=True))
    employers = [
        o
        for o in current_members(network)
        .filter(kind__in=EMPLOYER_KINDS)
        .select_related("region")
        .order_by("name", "pk")
        if o.region_id in regions
    ]
    if not employers or not units:
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    statuses: list[str] = []
    for ending, share in MIX:
        statuses += [ending.value] * (OFFER_COUNT * share // 100)
    statuses += [OfferStatus.PUBLISHED.value] * (OFFER_COUNT - 1 - len(statuses))
    rng.shuffle(statuses)
    for status in statuses:
        _offer(actor, network, rng, rng.choice(employers), rng.choice(units), status, today)
    _returned(actor, network, employers, today)


def _offer(
    actor: User,
    network: Network,
    rng: random.Random,
    employer: Organisation,
    unit: str,
    status: str,
    today: dt.date,
) -> JobOffer:
    kind = rng.choices(list(KIND_PREFIX), weights=(2, 1, 1, 6))[0]
    if status == OfferStatus.EXPIRED:
        posted = today - dt.timedelta(days=rng.randint(60, 200))
        valid_through = posted + dt.timedelta(days=rng.randint(14, 45))
    else:
        posted = today - dt.timedelta(days=rng.randint(0, 42))
        valid_through = today + dt.timedelta(days=rng.randint(3, 120))
    if status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED):
        posted = today
    slug = employer.name.split()[0].lower()
    offer = services.create_offer(
        actor=actor,
        network=network,
        employer=employer,
        title=KIND_PREFIX[kind] + rng.choice(TITLES[unit]),
        description=DESCRIPTION.format(
            aufgabe=rng.choice(TASKS), angebot=rng.choice(BENEFITS), employer=employer.name
        ),
        kind=kind,
        isco_code=unit,
        working_time=rng.choice((WorkingTime.FULL_TIME,) * 3 + (WorkingTime.PART_TIME,)),
        duration=Duration.PERMANENT
        if kind == OfferKind.JOB and rng.random() < 0.8
        else Duration.TEMPORARY,
        openings=rng.choice((1, 1, 1, 2, 3)),
        locality=employer.region.name if employer.region else "Torgau",
        municipality=employer.region,
        postal_code=rng.choice(("04509", "04860", "04758", "04838", "04435")),
        valid_through=valid_through,
        start_date=valid_through + dt.timedelta(days=rng.randint(1, 60))
        if rng.random() < 0.5
        else None,
        apply_email=f"jobs@{slug}.example.org",
        apply_url=f"https://{slug}.example.org/karriere" if rng.random() < 0.5 else "",
        salary=rng.choice(("", "", "nach Tarif", "ab 3.200 € brutto im Monat")),
        target_groups=rng.sample(TargetGroup.values, rng.randint(0, 2)),
        today=posted,
    )
    if status == OfferStatus.DRAFT:
        return offer
    offer = services.submit_offer(actor=actor, offer=offer, today=posted)
    if status == OfferStatus.SUBMITTED:
        return offer
    offer = services.publish_offer(actor=actor, offer=offer, today=posted)
    if status in (OfferStatus.EXPIRED, OfferStatus.FILLED, OfferStatus.WITHDRAWN):
        offer = services.end_offer(actor=actor, offer=offer, status=status)
    return offer


def _returned(actor: User, network: Network, employers: list[Organisation], today: dt.date) -> None:
    """One offer of the company with the demo account, returned with a reason."""
    employer = next((o for o in employers if o.name == RETURNED_EMPLOYER), employers[0])
    offer = services.create_offer(
        actor=actor,
        network=network,
        employer=employer,
        title=RETURNED_TITLE,
        description="Wir bilden aus! Beginn: ab sofort.",
        kind=OfferKind.APPRENTICESHIP,
        isco_code="7212",
        duration=Duration.TEMPORARY,
        locality=employer.region.name if employer.region else "Eilenburg",
        municipality=employer.region,
        valid_through=today + dt.timedelta(days=60),
        apply_email="ausbildung@eilenburger.example.org",
        target_groups=[TargetGroup.SCHOOL_LEAVERS],
        today=today,
    )
    offer = services.submit_offer(actor=actor, offer=offer, today=today)
    services.return_offer(actor=actor, offer=offer, reason=RETURN_REASON)
