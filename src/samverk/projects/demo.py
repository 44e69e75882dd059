"""The projects app's part of ``samverk demo``: the networks' projects, written through the
services with the platform admin as the actor (registered as a DemoLoader after the networks,
meetings and strategy: it looks up their organisations, goals and plan activities).

Fachkräfteallianz Nordsachsen's four project cards come from the seed (``shared/seeds``) as
they are printed there — problem, goals, implementation, results and "Unterstützt von" (or
"Projektträger") — with the results' hard figures as key figures: 800 participants (A2),
1 million views and 10 farms ("natürlich. frisch. nordsächsisch."), 278 young people (MINT),
300 visitors and 229 job offers (Rückkehrertag). The seed gives no dates: the figures' day is
invented and says so. Supporters are the network's organisations (the seed's "BA Leipzig" is
added where the networks demo lacks it).

"Zukunft bewegen - Regionales Netzwerk Südliches Sachsen-Anhalt" is the seed's full record:
the carrier (Projektdurchführung) with its address, the partner, the duration 01.10.2012 -
31.12.2014, Saxony-Anhalt, public administration (NACE O), its two focus areas, the
social-partner agreement it implements (TVöD § 5 "Qualifizierung"), its aims; its contact
person is an invented example (not the seed's named person) and says so. It serves every goal
of the network's direction.

Barnim's annual theme is carried out in projects: one per activity of today's year's plan that
serves the theme, with the activity's responsible members as implementing partners, its dates
and how far it got (running, completed), linked to the activity and the theme's goal.

Nordsachsen's cards are public (``is_public``) with the parts that need nobody's consent
(``CARD_PUBLIC_PARTS``: no images, no people): the portal shows them.

Both networks have the annual report of ``today``'s year (``REPORTS``: a foreword, a text on
the annual theme and an outlook in German, published); the rest of the report is assembled
from the demo's data. Barnim shows its members' contributions per member (its Leitbild asks
each partner for a yearly budget), Nordsachsen the totals.

Nothing here reads the clock: Barnim's projects follow the plan of ``today``'s year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from samverk.core.models import Network
from samverk.networks import services as network_services
from samverk.networks.choices import OrganisationKind
from samverk.networks.models import Organisation
from samverk.projects import report_services, services
from samverk.projects.choices import ContributionDisplay, PartnerRole, ProjectStatus, PublicField
from samverk.projects.models import FocusArea, Project
from samverk.strategy.choices import ActivityStatus
from samverk.strategy.models import AnnualPlan, Goal

if TYPE_CHECKING:
    from samverk.accounts.models import User

__all__ = [
    "CARDS",
    "CARD_PUBLIC_PARTS",
    "FIGURE_DAY",
    "INVENTED_DAY",
    "REPORTS",
    "ZUKUNFT",
    "Card",
    "Figure",
    "Report",
    "load",
]


@dataclass(frozen=True)
class Figure:
    label: str
    value: Decimal
    unit: str


@dataclass(frozen=True)
class Card:
    title: str
    short_name: str
    focus: str
    problem: str
    goals: str
    implementation: str
    results: str
    figures: tuple[Figure, ...]
    supporters: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()  # "Projektträger": the first is the carrier
    status: str = ProjectStatus.RUNNING


def _items(text: str) -> str:
    """The seed's "a; b; c" as a Markdown list."""
    return "\n".join(f"- {part.strip()}" for part in text.split(";"))


# The seed's Projektvorstellungen of Fachkräfteallianz Nordsachsen, word for word.
CARDS = (
    Card(
        title="A2 Arbeitgeberattraktivität stärken – Akademische Fachkräfte gewinnen",
        short_name="A2",
        focus="Akademische Fachkräfte",
        problem="Geistes- und Sozialwissenschaften sind eine wenig beachtete Zielgruppe",
        goals=_items("Sensibilisierung der Unternehmen; Zielgruppe sichtbar machen"),
        implementation=_items(
            "Praxisprojekte; Workshops mit Unternehmen; Unternehmensforen und -besuche"
        ),
        results="Erfolgreiche Praxisprojekte mit 800 Teilnehmenden",
        figures=(Figure("Teilnehmende an Praxisprojekten", Decimal(800), "Teilnehmende"),),
        supporters=("Wirtschaftsförderung Sachsen", "Universität Leipzig", "ZAROF"),
    ),
    Card(
        title="„natürlich. frisch. nordsächsisch.“ – Imagekampagne für Unternehmen der "
        "Landwirtschaft",
        short_name="",
        focus="Land- und Ernährungswirtschaft",
        problem="Negatives Image der Landwirte",
        goals=_items("Imageverbesserung; Fachkräftegewinnung"),
        implementation=_items("Veranstaltungen; Presse- & Öffentlichkeitsarbeit"),
        results=_items(
            "1 Mio Sichtkontakte der Projekthomepage; Teilnahme von 10 Landwirtschaftsunternehmen"
        ),
        figures=(
            Figure("Sichtkontakte der Projekthomepage", Decimal(1_000_000), "Sichtkontakte"),
            Figure("Teilnehmende Landwirtschaftsunternehmen", Decimal(10), "Unternehmen"),
        ),
        carriers=("WFG Landkreis Nordsachsen", "Bauernverband Nordsachsen e. V."),
    ),
    Card(
        title="Sicherung Fachkräftenachwuchs MINT",
        short_name="MINT",
        focus="MINT",
        problem="Fehlender Nachwuchs in MINT-Berufen",
        goals=_items(
            "Interesse an naturwissenschaftlichen Themen wecken; Passende Unternehmen vorstellen"
        ),
        implementation=_items(
            "NaWi-Camp Nordsachsen; Messen und Infoveranstaltungen; Netzwerkausbau; "
            "Wettbewerbe und Partnertreffen"
        ),
        results=_items(
            "278 Jugendliche integriert; FIRST LEGO League 2018 Gesamtsieg; Projekt wird "
            "fortgesetzt"
        ),
        figures=(Figure("Integrierte Jugendliche", Decimal(278), "Jugendliche"),),
        supporters=("WFG Landkreis Nordsachsen", "BA Leipzig", "IHK Leipzig", "HTWK Leipzig"),
    ),
    Card(
        title="Nordsächsischer Rückkehrertag",
        short_name="",
        focus="Rückkehr und Pendler",
        problem="Fachkräftemangel im Landkreis Nordsachsen",
        goals=_items("Pendelnde und RückkehrerInnen gewinnen; Unternehmen repräsentieren"),
        implementation=_items(
            "Rückkehrertag an fünf Standorten; Presse- und Öffentlichkeitsarbeit"
        ),
        results=_items("300 Besuchende; 229 Stellenangebote; Fortsetzung des Projekts"),
        figures=(
            Figure("Besuchende", Decimal(300), "Besuchende"),
            Figure("Stellenangebote", Decimal(229), "Stellenangebote"),
        ),
        supporters=(
            "WFG Landkreis Nordsachsen",
            "Agentur für Arbeit Oschatz",
            "Stadtverwaltung Delitzsch",
            "Stadtverwaltung Torgau",
            "Stadtverwaltung Oschatz",
            "Stadtverwaltung Eilenburg",
            "Stadtverwaltung Schkeuditz",
        ),
    ),
)
# The seed's cards carry no date: the day of their figures is invented.
FIGURE_DAY = dt.date(2019, 6, 30)
INVENTED_DAY = "Stand der Projektvorstellung; der Stichtag ist erfunden."
MISSING_ORGANISATIONS = {"BA Leipzig": OrganisationKind.UNIVERSITY}


@dataclass(frozen=True)
class Record:
    title: str
    carrier: str
    address: str
    partner: str
    starts_on: dt.date
    ends_on: dt.date
    regions: str
    sector: str
    focus_areas: tuple[str, ...]
    basis: str
    summary: str
    goals: str
    contact: str
    contact_email: str


ZUKUNFT = Record(
    title="Zukunft bewegen – Regionales Netzwerk Südliches Sachsen-Anhalt",
    carrier="Bildungswerk der Wirtschaft Sachsen-Anhalt e. V.",
    address="Daniel-Vorländer-Straße 4\n06120 Halle (Saale)",
    partner="AFoS e. V. Verein zur Förderung von Frauen und Jugendlichen",
    starts_on=dt.date(2012, 10, 1),
    ends_on=dt.date(2014, 12, 31),
    regions="Sachsen-Anhalt (Süden)",
    sector="O",  # "Branche: Öffentliche Verwaltung"
    focus_areas=(
        "Stärkung der Qualität und des Erfahrungsaustauschs",
        "Weiterbildungsmaßnahme im Betrieb",
    ),
    basis="TVöD § 5 „Qualifizierung“",
    summary=(
        "Das Projekt „Zukunft bewegen – Regionales Netzwerk Südliches Sachsen-Anhalt“ will zur "
        "Stärkung der Weiterbildungsbeteiligung von Beschäftigten in neun Kommunalverwaltungen "
        "im Süden Sachsen-Anhalts beitragen und Prozesse des lebenslangen Lernens "
        "unterstützen.\n\n*Die Ansprechperson dieser Demo ist ein erfundenes Beispiel.*"
    ),
    goals=(
        "- die Weiterbildungsbeteiligung der Beschäftigten der Verwaltung, insbesondere der "
        "Führungskräfte und der bisher nicht in den Weiterbildungsprozess integrierten "
        "Mitarbeiter/-innen maßgeblich erhöhen\n"
        "- den Weiterbildungsprozess durch die Implementierung von im Projekt entwickelten "
        "Instrumenten und Methoden auch nach Projektende weiter verstetigen\n"
        "- ein regionales Netzwerk schaffen, das die Entwicklungsprozesse für die gesamte "
        "Region des südlichen Sachsen-Anhalt positiv beeinflusst\n"
        "- die Voraussetzung zur Erfüllung der Anforderungen an die Rolle des Gestalters der "
        "Region und an eine moderne Verwaltung schaffen"
    ),
    contact="Katrin Sommer (Beispiel)",
    contact_email="katrin.sommer@bwsa.example",
)


# What the portal shows of Nordsachsen's cards: the card itself, its figures and partners —
# nothing that shows or names a person, so no consent is needed.
CARD_PUBLIC_PARTS = (
    PublicField.REGIONS,
    PublicField.CARRIER,
    PublicField.PARTNERS,
    PublicField.FOCUS_AREAS,
    PublicField.PROBLEM,
    PublicField.GOALS,
    PublicField.IMPLEMENTATION,
    PublicField.RESULTS,
    PublicField.KEY_FIGURES,
)


@dataclass(frozen=True)
class Report:
    """The texts of a network's annual report (``{year}``: the report's year)."""

    foreword: str
    theme_text: str
    outlook: str
    contributions: str


REPORTS = {
    "nordsachsen": Report(
        foreword=(
            "Die Fachkräfteallianz Nordsachsen hat sich auch {year} viermal im Jahr in "
            "Unternehmen getroffen, die besonders vom Fachkräftemangel betroffen sind. Dieser "
            "Bericht fasst zusammen, was die Partner gemeinsam bewegt haben."
        ),
        theme_text=(
            "Im Mittelpunkt standen Rückkehrwillige und Pendler, die Land- und "
            "Ernährungswirtschaft und der MINT-Nachwuchs: Herzlich. Engagiert. Nordsächsisch."
        ),
        outlook=(
            "{next_year} will die Allianz den Nordsächsischen Rückkehrertag fortsetzen und "
            "mehr Unternehmen für Praxisprojekte gewinnen."
        ),
        contributions=ContributionDisplay.TOTALS,
    ),
    "barnim": Report(
        foreword=(
            "Das Netzwerk Fachkräftesicherung Barnim lebt vom aktiven Mitwirken seiner "
            "Partner. Dieser Jahresbericht {year} zeigt, was wir gemeinsam erreicht haben."
        ),
        theme_text=(
            "Wir bearbeiten jedes Jahr ein Jahresthema mit Projekten und legen dafür "
            "Verantwortlichkeiten fest. Die Projekte des Jahres und ihre Kennzahlen stehen "
            "unten."
        ),
        outlook=(
            "{next_year} setzen wir uns weiter für eine koordinierte und verbindliche "
            "frühzeitige Berufsorientierung in der Region Barnim-Uckermark ein."
        ),
        contributions=ContributionDisplay.PER_MEMBER,
    ),
}


def load(*, actor: User, today: dt.date) -> None:
    """Load the demo projects (networks, meetings and strategy must be loaded)."""
    nordsachsen = Network.objects.filter(slug="nordsachsen").first()
    if nordsachsen is not None:
        _load_cards(actor, nordsachsen)
    zukunft = Network.objects.filter(slug="zukunft-bewegen").first()
    if zukunft is not None:
        _load_zukunft(actor, zukunft)
    barnim = Network.objects.filter(slug="barnim").first()
    if barnim is not None:
        _load_barnim(actor, barnim, today)
    for network in (nordsachsen, barnim):
        if network is not None:
            _load_report(actor, network, today.year)


def _load_report(actor: User, network: Network, year: int) -> None:
    """The published annual report of ``year``: its texts (the figures come from the data)."""
    texts = REPORTS[network.slug]
    words = {"year": year, "next_year": year + 1}
    report_services.create_annual_report(
        actor=actor,
        network=network,
        year=year,
        foreword=texts.foreword.format(**words),
        theme_text=texts.theme_text.format(**words),
        outlook=texts.outlook.format(**words),
        contributions=texts.contributions,
        is_public=True,
    )


def _organisation(actor: User, network: Network, name: str) -> Organisation:
    found = Organisation.objects.filter(network=network, name=name).first()
    if found is not None:
        return found
    return network_services.create_organisation(
        actor=actor, network=network, name=name, kind=MISSING_ORGANISATIONS[name]
    )


def _focus(actor: User, network: Network, name: str) -> FocusArea:
    found = FocusArea.objects.filter(network=network, name=name).first()
    return found or services.add_focus_area(actor=actor, network=network, name=name)


def _load_cards(actor: User, network: Network) -> None:
    for card in CARDS:
        carriers = [_organisation(actor, network, name) for name in card.carriers]
        project = services.create_project(
            actor=actor,
            network=network,
            title=card.title,
            short_name=card.short_name,
            status=card.status,
            regions="Landkreis Nordsachsen",
            carrier=carriers[0] if carriers else None,
            focus_areas=[_focus(actor, network, card.focus)],
            problem=card.problem,
            goals=card.goals,
            implementation=card.implementation,
            results=card.results,
            is_public=True,
            public_fields=CARD_PUBLIC_PARTS,
        )
        for organisation in carriers:
            services.add_partner(
                actor=actor, project=project, organisation=organisation, role=PartnerRole.CARRIER
            )
        for name in card.supporters:
            services.add_partner(
                actor=actor,
                project=project,
                organisation=_organisation(actor, network, name),
                role=PartnerRole.SUPPORTER,
            )
        for figure in card.figures:
            services.add_key_figure(
                actor=actor,
                project=project,
                label=figure.label,
                value=figure.value,
                unit=figure.unit,
                on=FIGURE_DAY,
                note=INVENTED_DAY,
            )


def _load_zukunft(actor: User, network: Network) -> Project:
    record = ZUKUNFT
    carrier = Organisation.objects.get(network=network, name=record.carrier)
    if not carrier.address:
        carrier = network_services.update_organisation(
            actor=actor, organisation=carrier, address=record.address
        )
    contact = network_services.create_person(
        actor=actor, organisation=carrier, name=record.contact, email=record.contact_email
    )
    project = services.create_project(
        actor=actor,
        network=network,
        title=record.title,
        status=ProjectStatus.COMPLETED,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        regions=record.regions,
        sector=record.sector,
        carrier=carrier,
        contact=contact,
        basis=record.basis,
        summary=record.summary,
        goals=record.goals,
        focus_areas=[_focus(actor, network, name) for name in record.focus_areas],
        is_public=True,
        strategy_goals=list(
            Goal.objects.filter(direction__network=network).order_by("direction", "position")
        ),
    )
    services.add_partner(
        actor=actor, project=project, organisation=carrier, role=PartnerRole.CARRIER
    )
    services.add_partner(
        actor=actor,
        project=project,
        organisation=Organisation.objects.get(network=network, name=record.partner),
        role=PartnerRole.PARTNER,
    )
    return project


def _load_barnim(actor: User, network: Network, today: dt.date) -> None:
    """A project per activity of today's year's plan that serves the annual theme."""
    from samverk.strategy.demo import ANNUAL_THEME, ANNUAL_THEME_GOAL

    plan = AnnualPlan.objects.filter(network=network, year=today.year).order_by("-version").first()
    if plan is None:
        return
    focus = _focus(actor, network, ANNUAL_THEME)
    activities = plan.activities.filter(goal__position=ANNUAL_THEME_GOAL).order_by("pk")
    for activity in activities.prefetch_related("organisations").select_related("goal"):
        status = {
            ActivityStatus.DONE: ProjectStatus.COMPLETED,
            ActivityStatus.UNDER_WAY: ProjectStatus.RUNNING,
        }.get(ActivityStatus(activity.status), ProjectStatus.PLANNED)
        members = list(activity.organisations.order_by("name"))
        project = services.create_project(
            actor=actor,
            network=network,
            title=activity.title,
            status=status,
            starts_on=activity.starts_on,
            ends_on=activity.ends_on,
            regions="Landkreis Barnim",
            carrier=members[0] if members else None,
            summary=f"Ein Projekt des Jahresthemas {plan.year}: „{ANNUAL_THEME}“.",
            focus_areas=[focus],
            strategy_goals=[activity.goal] if activity.goal else [],
            activities=[activity],
            is_public=True,
        )
        for organisation in members:
            services.add_partner(
                actor=actor,
                project=project,
                organisation=organisation,
                role=PartnerRole.IMPLEMENTING,
            )
