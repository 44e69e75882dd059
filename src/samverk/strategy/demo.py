"""The strategy app's part of ``samverk demo``: the networks' directions, written through the
services (``samverk.strategy.services``) with the platform admin as the actor. Registered as a
DemoLoader in StrategyConfig.ready, after the networks and the meetings (it looks up their
members and decisions).

Kommunförbundet Norrbotten's "Inriktning 2015-2018" comes from the seed (``shared/seeds``): its
context and mission, the six overall goals and, for each, what the förbund does ("genom att
förbundet …", ``side="network"``) and what the municipalities do ("genom att kommunerna …",
``side="members"``, binding all members: no organisations named). The education goal has the
seed's two targets for 2020 as indicators, per municipality; their values (2015, the baseline,
to 2018, the direction's last year) are invented and say so. The direction is not adopted by a
decision: the demo's meetings lie around today, years after it was adopted; two of the board's
decisions are evidence of commitments.

Barnim's direction is its shared Leitbild with Uckermark (seed): its goals, the annual theme
among them, with what the network and every partner do; adopted by the binding decision of
the joint Leitbild meeting, in that decision's year.

Nothing here reads the clock: the Norrbotten direction lies in its own years, Barnim's in the
year of the meetings loaded for ``today``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from samverk.core.models import Network
from samverk.meetings.models import Decision
from samverk.networks.choices import OrganisationKind
from samverk.networks.models import Membership
from samverk.strategy import services
from samverk.strategy.choices import CommitmentSide, CommitmentStatus, Desired, Unit
from samverk.strategy.models import HUNDRED, ZERO, Direction, Goal, Indicator

if TYPE_CHECKING:
    from samverk.accounts.models import User

__all__ = ["BARNIM_GOALS", "INDICATORS", "NORRBOTTEN_GOALS", "YEARS", "load"]

INVENTED = "påhittade exempelvärden (invented example values)"


@dataclass(frozen=True)
class GoalSpec:
    title: str
    network: tuple[str, ...]  # what the network (its secretariat) does
    members: tuple[str, ...]  # what every member does
    evidence: tuple[tuple[str, str], ...] = ()  # (commitment text, topic of a decision)


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    desired: str
    target: Decimal
    totals: tuple[Decimal, ...]  # the county's invented values, one per year of ``YEARS``
    spread: Decimal  # how far the municipalities lie from the county (invented)


# --- Norrbotten: Inriktning 2015-2018 --------------------------------------------------------

NORRBOTTEN_CONTEXT = """\
”Inriktning 2015–2018” ska ses som en överenskommelse mellan förbundet och kommunerna om ett \
gemensamt ansvarstagande med en strävan att förverkliga de övergripande målen. Dokumentet \
omfattar en omvärldsbeskrivning, förbundets uppdrag och verksamhetsidé samt övergripande mål \
och strategiska verksamhetsområden. Inriktningen ska årligen omsättas till Verksamhetsplan och \
budget samt föreläggas styrelsen och förbundsfullmäktige för beslut. Inom ramen för denna \
process omprövas vid behov gjorda prioriteringar.

## Bakgrund

De viktigaste erfarenheterna från föregående mandatperiod, konfirmerade i utredningen \
Kommunförbundet 2015, visar att förbundet bland annat behöver:

- påtagligt utveckla arbetsprocesserna tillsammans med medlemmarna
- förtydliga sin roll och sitt mandat mot såväl regionala som lokala aktörer
- förbättra information och kommunikation med medlemmar och omvärlden
"""

NORRBOTTEN_MISSION = """\
## Verksamhetsidé

Kommunförbundet Norrbotten ska genom ett processinriktat arbetssätt och ett utvecklat \
beredningsförfarande företräda, påverka, driva och stödja kommunerna i deras samarbete för en \
positiv och hållbar regional utveckling i såväl ett nationellt- som internationellt perspektiv.

## Uppdraget

Kommunförbundet Norrbotten är en fristående intresseorganisation som ägs av länets 14 \
kommuner. Förbundets grunduppdrag är att i nära samarbete med medlemmarna, organisera, driva \
och utveckla arenor och nätverk för dialog och kunskapsutveckling.

Härvid ska förbundet:

- Tillvarata kommunernas/medlemmarnas intressen, främja deras samverkan och samarbete för att \
utveckla verksamheterna och stärka det kommunala självstyret.
- Ena kommunernas röster och företräda dem vid regionala-, nationella- och internationella \
forum och i överläggningar/förhandlingar med Norrbottens läns landsting (Region Norrbotten).
- Genom omvärlds- och intressebevakning informera om och initiera gemensamma \
aktiviteter/insatser inom kommunalregionala frågor/områden.
- Skapa konkurrenskraftiga mötesplatser för lärande, för tjänstemän och förtroendevalda och \
därmed medverka till erfarenhetsutbyte samt kunskaps- och kompetensutveckling.
- Förestå och vidareutveckla MediaCenter Norrbotten.
"""

_ATTRACTIVE_EMPLOYERS = (
    "Bidrar till att kommunernas attraktivitet som arbetsgivare ökar, genom att bland annat ta "
    "del av och ”regionalisera” SKL:s satsning på kommunerna som ”attraktiva arbetsgivare”"
)
_DIGITAL_AGENDA = (
    "Stödjer implementeringen av intentionerna i Regional Digital Agenda, Strategin för "
    "eSamhället och andra nationella strategier för e-utveckling. Därvid ska förbundet bland "
    "annat arbeta för en sammanhållen IT-strategi för kommunala verksamheter"
)

NORRBOTTEN_GOALS = (
    GoalSpec(
        "Fördjupa och bredda det politiska företrädarskapet regionalt, nationellt och "
        "internationellt",
        network=(
            "Utvecklar dialogen inom styrelsen, mellan styrelsen och beredningar, med "
            "medlemmarna, med riksdagspolitiker, med den framtida Region Norrbotten m fl",
            "Tillhandahåller kontinuerlig kunskapsutveckling",
            "Tillhandahåller resurser för politikers och tjänstepersoners deltagande",
        ),
        members=(
            "Aktivt medverkar på olika arenor som förbundets representant (t.ex. Europaforum "
            "Norra Sverige, Samverkansberedningen och Tillväxtberedningen)",
            "Utvecklar den interna dialogen kring de gemensamma kommunalregionala frågorna och "
            "därmed bidra till ett mer dynamiskt samarbete",
        ),
    ),
    GoalSpec(
        "Verka för att de kommunala verksamheterna utvecklas med stöd av vetenskaplig kunskap "
        "och beprövad erfarenhet",
        network=(
            "Fungerar som förmedlande länk mellan kommunerna och universiteten och andra "
            "kunskapsmiljöer i regionen och landet",
            "Utvecklar rollen att vara ett nav i en regional stödstruktur för "
            "kunskapsutveckling och kunskapsspridning inom och mellan de kommunala "
            "verksamheterna i länet",
            "Erbjuder – både fysiskt och webbaserat – föreläsningar, seminarier, workshops och "
            "andra former för kunskapsbildning och kunskapsspridning",
            "Erbjuder metodstöd, konsultation och handledning av forsknings- och "
            "utvecklingsarbeten och utvärderingar",
        ),
        members=(
            "Utvecklar sin interna kompetens att efterfråga och använda forskningsbaserad "
            "kunskap samt skapar förutsättningar för systematisk kunskapsutveckling och lärande "
            "i enlighet med en evidensbaserad praktik, d v s baserat på en sammanvägning av "
            "vetenskaplig kunskap, beprövad erfarenhet och medborgarnas önskemål",
        ),
    ),
    GoalSpec(
        "Öka förutsättningarna för att kommunerna på sikt ska klara kompetensförsörjningen",
        network=(
            "Följer och stödjer det samarbete som sker inomregionalt inom utbildningsområdet",
            "Bidrar till kompetensutveckling och ett utvecklat samarbete inom utbildningsområdet",
            "Omvärldsbevakar, informerar, ger kunskap samt initierar samarbeten inom "
            "introduktionsinsatserna och inom integrationsområdet i sin helhet",
            _ATTRACTIVE_EMPLOYERS,
        ),
        members=(
            "Delger kommunvisa kompetensförsörjningsplaner",
            "Utvecklar samarbetet inom utbildningsområdet med målet att det på sikt (år 2020) "
            "får vara högst 10 % av 18–24-åringarna som inte avslutat gymnasiestudierna eller "
            "fortsatt sina studier samt att andelen 30–34-åringar som har minst en tvåårig "
            "eftergymnasial utbildning uppgår till minst 45 %",
        ),
        evidence=((_ATTRACTIVE_EMPLOYERS, "Kompetensförsörjning"),),
    ),
    GoalSpec(
        "Verka för ett utökat samarbete mellan kommunerna för effektivisering och gemensamt "
        "nyttjande av resurser för bättre samhällsservice",
        network=(
            "Aktivt och systematiskt driver, utvecklar och stödjer samtal mellan medlemmarna med "
            "målsättningen att nå samsyn och samförstånd kring vad, hur och vilka som ska delta "
            "i olika samarbeten, hur de gemensamägda bolagen ska styras, utvecklingsarbeten "
            "inom ramen för eNämnden mm.",
            "Deltar på andra kommunala samverkansarenor och utgör bryggan mellan olika kommuners "
            "engagemang för att öka samverkan med varandra",
        ),
        members=(
            "Väcker och driver mellankommunala samarbeten",
            "Bjuder in kommunförbundet som observatör i dessa forum för samarbete",
        ),
    ),
    GoalSpec(
        "Öka användandet av modern teknik i verksamheterna till nytta för invånare, personal "
        "och beslutsfattare",
        network=(
            _DIGITAL_AGENDA,
            "Samordnar aktiviteter med eNämnden, IT Norrbotten och andra aktörer inom sakområdet",
        ),
        members=(
            "Implementerar intentionerna i Regional Digital Agenda och Strategin för eSamhället",
        ),
        evidence=((_DIGITAL_AGENDA, "Digitalisering"),),
    ),
    GoalSpec(
        "Verka för ökad jämställdhet i kommunerna",
        network=(
            "Omvärldsbevakar, samordnar nätverk och genomför utbildningar för att stödja "
            "implementeringen av principerna för jämställdhet som finns reglerade i "
            "internationella avtal, främst CEMR-deklarationen (The Council of European "
            "Municipalities and Regions)",
            "Synliggör de nationella politiska målen och de regionala strategierna och "
            "programmen för att få genomslag för arbetet",
        ),
        members=(
            "Implementerar principerna för jämställdhet som finns reglerade i internationella "
            "avtal, främst CEMR-deklarationen",
            "Följer implementeringen och uppföljningen av jämställdhetsarbetet i Norrbotten, för "
            "en bättre helhetsbild",
        ),
    ),
)
EDUCATION_GOAL = 3  # the position of the goal the indicators measure

# One value a year, at the year's end: 2015 is the baseline, 2018 the direction's last year.
YEARS = (2015, 2016, 2017, 2018)
HALF_SPAN = Decimal(len(YEARS) - 1) / 2  # the middle of the years, where the drift is 0
TARGET_DATE = dt.date(2020, 12, 31)  # "på sikt (år 2020)"
INDICATORS = (
    # Falling, but behind the straight path to 10 % in 2020: at risk.
    IndicatorSpec(
        "Andel 18–24-åringar som inte avslutat gymnasiestudierna eller fortsatt sina studier",
        Desired.AT_MOST,
        target=Decimal("10.0"),
        totals=(Decimal("13.6"), Decimal("13.1"), Decimal("12.5"), Decimal("11.9")),
        spread=Decimal("3.0"),
    ),
    # Rising ahead of the straight path to 45 % in 2020: on track.
    IndicatorSpec(
        "Andel 30–34-åringar med minst en tvåårig eftergymnasial utbildning",
        Desired.AT_LEAST,
        target=Decimal("45.0"),
        totals=(Decimal("38.2"), Decimal("39.6"), Decimal("40.9"), Decimal("42.5")),
        spread=Decimal("-8.0"),  # lower where more leave school early
    ),
)

# --- Barnim: the shared Leitbild -------------------------------------------------------------

BARNIM_CONTEXT = """\
Die Netzwerke Fachkräftesicherung Barnim und Uckermark sind freiwillige Zusammenschlüsse von \
Institutionen, kommunalen Verwaltungen sowie von Akteuren am Arbeits- und Ausbildungsmarkt, \
die sich dem Thema „Fachkräftesicherung“ widmen. Wir verstehen uns als eine am Thema \
„Fachkräftesicherung“ ausgerichtete regionale Verantwortungsgemeinschaft mit sehr \
unterschiedlichen Partnern, die jeweils ihr Know-how und ihr Engagement in die Netzwerkarbeit \
einbringen.
"""

BARNIM_MISSION = """\
Unser Anliegen ist es, die gesamte Region Barnim-Uckermark für das Thema \
„Fachkräftesicherung“ dauerhaft zu sensibilisieren. Wir setzen uns insbesondere für die \
koordinierte und verbindliche frühzeitige Berufsorientierung ein.

Wir wollen in diesem Zusammenhang eigene Schwerpunktthemen und Impulse setzen und im Kreise \
der Netzwerkpartner abgestimmte Projekte durchführen, die mittel- und langfristig eine positive \
Wirkung auf die wirtschaftliche Entwicklung der Region wie auch auf deren Bekanntheitsgrad \
entwickeln.
"""

_ANNUAL_THEME = "Bearbeitet ein Jahresthema mit Projekten und legt dafür Verantwortlichkeiten fest"
_AUTHORISED = (
    "Sorgt dafür, dass an jeder Netzwerksitzung ein entscheidungsbefugter Vertreter "
    "seiner/ihrer Institution teilnimmt"
)

BARNIM_GOALS = (
    GoalSpec(
        "Die Region Barnim-Uckermark dauerhaft für das Thema „Fachkräftesicherung“ sensibilisieren",
        network=(
            "Trifft sich vierteljährlich zu einer Netzwerksitzung und pflegt den Austausch der "
            "Netzwerkpartner mit Experten/Gästen",
            "Kommuniziert die Ergebnisse der Netzwerkarbeit aktiv intern und extern",
        ),
        members=(
            "Kommuniziert die Themen seiner Institution in die Netzwerkarbeit wie auch die "
            "Themen der Netzwerkarbeit in seine Institution",
            _AUTHORISED,
        ),
        evidence=((_AUTHORISED, "Leitbild"),),
    ),
    GoalSpec(
        "Jahresthema {year}: Koordinierte und verbindliche frühzeitige Berufsorientierung",
        network=(_ANNUAL_THEME,),
        members=(
            "Ist bereit, Verantwortung für konkrete Projekte zu übernehmen",
            "Sorgt dafür, dass seine Institution jährlich ein festes Budget projektbezogen für "
            "die Netzwerkarbeit zur Verfügung stellt",
        ),
        evidence=((_ANNUAL_THEME, "Jahresthema"),),
    ),
)


# --- loading ---------------------------------------------------------------------------------


def load(*, actor: User, today: dt.date) -> None:
    """Load the demo directions (the networks and meetings must be loaded). ``today`` is the
    demo's day; nothing here depends on it beyond the meetings already loaded for it."""
    norrbotten = Network.objects.filter(slug="norrbotten").first()
    if norrbotten is not None:
        _load_norrbotten(actor, norrbotten)
    barnim = Network.objects.filter(slug="barnim").first()
    if barnim is not None:
        _load_barnim(actor, barnim, today)


def _decision(network: Network, topic: str, *, binding: bool | None = None) -> Decision | None:
    """The network's first decision on ``topic`` in the demo's register (or none)."""
    decisions = Decision.objects.for_network(network).filter(topic=topic)
    if binding is not None:
        decisions = decisions.filter(binding=binding)
    return decisions.order_by("year", "number").first()


def _add_goal(actor: User, direction: Direction, spec: GoalSpec, title: str) -> Goal:
    goal = services.add_goal(actor=actor, direction=direction, title=title)
    evidence = dict(spec.evidence)
    for side, texts in (
        (CommitmentSide.NETWORK, spec.network),
        (CommitmentSide.MEMBERS, spec.members),
    ):
        for text in texts:
            topic = evidence.get(text)
            decision = _decision(direction.network, topic) if topic else None
            services.add_commitment(
                actor=actor,
                goal=goal,
                side=side,
                text=text,  # members' commitments name no organisations: all members
                status=CommitmentStatus.UNDER_WAY if decision else CommitmentStatus.PLANNED,
                decisions=[decision] if decision else [],
            )
    return goal


def _load_norrbotten(actor: User, network: Network) -> None:
    direction = services.create_direction(
        actor=actor,
        network=network,
        title="Inriktning",
        start_year=YEARS[0],
        end_year=YEARS[-1],
        context=NORRBOTTEN_CONTEXT,
        mission=NORRBOTTEN_MISSION,
        adopted_by=None,  # adopted years before the demo's meetings
    )
    goals = [_add_goal(actor, direction, spec, spec.title) for spec in NORRBOTTEN_GOALS]
    education = goals[EDUCATION_GOAL - 1]
    municipalities = _municipalities(network)
    for spec in INDICATORS:
        _load_indicator(actor, education, spec, municipalities)


def _municipalities(network: Network) -> list[tuple[str, Decimal]]:
    """The member municipalities' names (their region's) with a weight: their member fee,
    which the demo sets roughly by population."""
    memberships = (
        Membership.objects.for_network(network)
        .filter(
            organisation__kind=OrganisationKind.MUNICIPALITY, organisation__region__isnull=False
        )
        .select_related("organisation__region")
        .order_by("organisation__region__name")
    )
    weights: dict[str, Decimal] = {}
    for m in memberships:
        assert m.organisation.region is not None
        weights[m.organisation.region.name] = m.budget_amount or Decimal(1)
    return sorted(weights.items())


def _parts(
    spec: IndicatorSpec, municipalities: list[tuple[str, Decimal]]
) -> dict[str, tuple[Decimal, ...]]:
    """Invented values per municipality and year: the county's value, moved by a fixed
    offset and a small yearly drift per municipality; both weighted to average out, so the
    weighted mean of the municipalities is the county's value (up to rounding)."""
    n = len(municipalities)
    if not n:
        return {}
    total_weight = sum((w for _, w in municipalities), ZERO)
    offsets = [Decimal((i * 5) % n) / max(n - 1, 1) * 2 - 1 for i in range(n)]
    drifts = [Decimal((i * 3) % 7 - 3) / 10 for i in range(n)]
    for values in (offsets, drifts):
        weighted = (v * w for v, (_, w) in zip(values, municipalities, strict=True))
        mean = sum(weighted, ZERO) / total_weight
        values[:] = [v - mean for v in values]
    step = Decimal("0.1")
    parts = {}
    for (name, _), offset, drift in zip(municipalities, offsets, drifts, strict=True):
        parts[name] = tuple(
            min(
                max(total + offset * spec.spread + drift * (k - HALF_SPAN), ZERO), HUNDRED
            ).quantize(step)
            for k, total in enumerate(spec.totals)
        )
    return parts


def _load_indicator(
    actor: User, goal: Goal, spec: IndicatorSpec, municipalities: list[tuple[str, Decimal]]
) -> Indicator:
    indicator = services.add_indicator(
        actor=actor,
        goal=goal,
        name=spec.name,
        unit=Unit.PERCENT,
        desired=spec.desired,
        baseline_value=spec.totals[0],
        baseline_date=dt.date(YEARS[0], 12, 31),
        target_value=spec.target,
        target_date=TARGET_DATE,
        scope=f"Norrbottens län, per kommun – {INVENTED}",
        breakdown="municipality",
    )
    parts = _parts(spec, municipalities)
    for k, year in enumerate(YEARS):
        rows = [("", spec.totals[k])] + [(name, values[k]) for name, values in parts.items()]
        for part, value in rows:
            measurement = services.enter_measurement(
                actor=actor,
                indicator=indicator,
                period_end=dt.date(year, 12, 31),
                value=value,
                part=part,
                note=f"Påhittat exempelvärde – {INVENTED}.",
            )
            services.approve_measurement(actor=actor, measurement=measurement)
    return indicator


def _load_barnim(actor: User, network: Network, today: dt.date) -> None:
    """The shared Leitbild as Barnim's direction, from the year its binding Leitbild
    decision affirmed it (the year before today without one) to the year after."""
    leitbild = _decision(network, "Leitbild", binding=True)
    theme = _decision(network, "Jahresthema")
    start = leitbild.year if leitbild else today.year - 1
    theme_year = theme.year if theme else start
    direction = services.create_direction(
        actor=actor,
        network=network,
        title="Gemeinsames Leitbild",
        start_year=min(start, theme_year),
        end_year=max(start, theme_year) + 1,
        context=BARNIM_CONTEXT,
        mission=BARNIM_MISSION,
        adopted_by=leitbild,
    )
    for spec in BARNIM_GOALS:
        _add_goal(actor, direction, spec, spec.title.format(year=theme_year))
