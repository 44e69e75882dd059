"""The strategy app's part of ``samverk demo``: the networks' directions, charter, annual plans
and contributions, written through the services (``samverk.strategy.services``,
``charter_services``, ``plan_services``) with the platform admin as the actor. Registered as a
DemoLoader in StrategyConfig.ready, after the networks and the meetings (it looks up their
members, arenas and decisions).

Kommunförbundet Norrbotten's "Inriktning 2015-2018" comes from the seed (``shared/seeds``): its
context and mission, the six overall goals and, for each, what the förbund does ("genom att
förbundet …", ``side="network"``) and what the municipalities do ("genom att kommunerna …",
``side="members"``, binding all members: no organisations named). The education goal has the
seed's two targets for 2020 as indicators, per municipality; their values (2015, the baseline,
to 2018, the direction's last year) are invented and say so. The direction is not adopted by a
decision: the demo's meetings lie around today, years after it was adopted; two of the board's
decisions and the actions agreed with them are evidence of commitments. "Inriktningen ska
årligen omsättas till Verksamhetsplan och budget samt föreläggas styrelsen och
förbundsfullmäktige för beslut": the plan and budget
2016 (activities and budgets invented, the members' fees as income) was proposed by the board
(styrelsen) in October 2015 and adopted by the assembly (förbundsfullmäktige) in November 2015:
the demo holds these two meetings (``samverk.meetings.demo.hold_meeting``: the members'
authorised representatives of the day, a binding decision each, minutes approved at the
arena's next meeting in the demo's year) and records the two steps by their decisions.

Barnim's direction is its shared Leitbild with Uckermark (seed): its goals, the annual theme
among them, with what the network and every partner do; adopted by the binding decision of
the joint Leitbild meeting, in that decision's year. The Leitbild is also Barnim's charter,
shared with the federation of Barnim and Uckermark (Uckermark reads it as its own): the seed's
three sections and its four partner obligations, the budget and the authorised attendance
measured; adopted by the same decision. Barnim's members answered the self-check for last year:
most of them fully, a few "partly" (or "not met") with a comment, one not at all; and the year
before, when some answered worse and one better, so the years can be compared. Barnim's
annual plan for today's year has the seed's annual theme, projects with responsible members and
budgets, the members' committed budgets and two other incomes (a draft: the plenary's decisions
on the annual theme only recommend, it was not quorate); the ledger has money, staff hours and
in kind of a few members, pledged until the activity they go to is done. Projects, amounts and
answers are invented examples.

"Zukunft bewegen" (Südliches Sachsen-Anhalt) has the project's aims 2012-2014 (seed) as its
direction, with the training participation of the staff of the nine municipal administrations
as an indicator, in total and per administration: invented example values, saying so.

Nothing here reads the clock: the Norrbotten and "Zukunft bewegen" directions lie in their own
years, Barnim's in the year of the meetings loaded for ``today``, its plan in ``today``'s year
and its self-check in the year before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from samverk.core.models import Network
from samverk.meetings import demo as meetings_demo
from samverk.meetings.models import Decision
from samverk.networks.choices import Currency, OrganisationKind
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from samverk.strategy import charter_services, plan_services, services
from samverk.strategy.choices import (
    ActivityStatus,
    Breakdown,
    CommitmentSide,
    CommitmentStatus,
    ContributionKind,
    ContributionStatus,
    Desired,
    IncomeKind,
    ObligationMeasure,
    SelfCheckAnswer,
    Unit,
)
from samverk.strategy.models import (
    HUNDRED,
    ZERO,
    AnnualPlan,
    Charter,
    Direction,
    Goal,
    Indicator,
    PlanActivity,
)

if TYPE_CHECKING:
    from samverk.accounts.models import User

__all__ = [
    "ANNUAL_THEME",
    "ANNUAL_THEME_GOAL",
    "BARNIM_ACTIVITIES",
    "BARNIM_CONTRIBUTIONS",
    "BARNIM_GOALS",
    "BARNIM_OBLIGATIONS",
    "INDICATORS",
    "LEITBILD_TITLE",
    "NORRBOTTEN_ACTIVITIES",
    "NORRBOTTEN_GOALS",
    "NORRBOTTEN_PLAN_YEAR",
    "SELF_CHECK_EARLIER_EXCEPTIONS",
    "SELF_CHECK_EXCEPTIONS",
    "SELF_CHECK_SILENT",
    "TRAINING_INDICATOR",
    "YEARS",
    "ZUKUNFT_GOALS",
    "ZUKUNFT_YEARS",
    "load",
]

INVENTED = "påhittade exempelvärden (invented example values)"
INVENTED_DE = "erfundene Beispielwerte (invented example values)"


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
    totals: tuple[Decimal, ...]  # the invented values in total, one per measured year
    spread: Decimal  # how far the parts (municipalities, administrations) lie from it


@dataclass(frozen=True)
class ActivitySpec:
    title: str
    starts: tuple[int, int]  # (month, day) in the plan's year
    ends: tuple[int, int]
    budget: Decimal
    goal: int | None = None  # the position of the direction's goal it serves
    members: tuple[str, ...] = ()  # the responsible members (names of the networks demo)
    spent: Decimal | None = None  # reported once it is done (by the demo's today)


@dataclass(frozen=True)
class ContributionSpec:
    member: str
    kind: str
    value: Decimal
    description: str = ""
    hours: Decimal | None = None
    activity: int | None = None  # the position (from 0) of the activity it goes to


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

# The plan and budget of one year of the Inriktning. Activities and amounts are invented; the
# income is the members' fees (their committed yearly budget in the networks demo).
NORRBOTTEN_PLAN_YEAR = 2016
NORRBOTTEN_PRIORITIES = (EDUCATION_GOAL,)
NORRBOTTEN_PLAN_SUMMARY = """\
Inriktning 2015–2018 omsätts till verksamhetsplan och budget 2016, som föreläggs styrelsen och \
förbundsfullmäktige för beslut. Intäkterna är medlemskommunernas avgifter.

*Aktiviteterna, beloppen och de två mötena hösten 2015 är påhittade exempel.*
"""
NORRBOTTEN_PLAN_STEPS = (
    # (arena, day and hour, venue, agenda, decision)
    (
        "Styrelsen",
        dt.datetime(2015, 10, 22, 9),
        "Kommunförbundet Norrbotten, Luleå",
        "Styrelsemöte – verksamhetsplan och budget 2016",
        "Styrelsen föreslår förbundsfullmäktige att fastställa verksamhetsplan och budget 2016.",
    ),
    (
        "Förbundsfullmäktige",
        dt.datetime(2015, 11, 26, 10),
        "Kulturens hus, Luleå",
        "Förbundsfullmäktige – verksamhetsplan och budget 2016",
        "Förbundsfullmäktige fastställer verksamhetsplan och budget 2016 enligt styrelsens "
        "förslag.",
    ),
)
PLAN_TOPIC = "Verksamhetsplan"
NORRBOTTEN_ACTIVITIES = (
    ActivitySpec(
        "Dialogmöten mellan styrelsen, beredningarna, medlemmarna och riksdagspolitikerna",
        (1, 1),
        (12, 31),
        Decimal(450_000),
        goal=1,
    ),
    ActivitySpec(
        "Föreläsningar, seminarier och workshops för kunskapsbildning och kunskapsspridning",
        (2, 1),
        (11, 30),
        Decimal(600_000),
        goal=2,
    ),
    ActivitySpec(
        "Regionalisera SKL:s satsning på kommunerna som attraktiva arbetsgivare",
        (3, 1),
        (12, 15),
        Decimal(400_000),
        goal=3,
    ),
    ActivitySpec(
        "Samtal mellan medlemmarna om mellankommunala samarbeten och de gemensamägda bolagen",
        (1, 15),
        (12, 15),
        Decimal(300_000),
        goal=4,
    ),
    ActivitySpec(
        "Sammanhållen IT-strategi för de kommunala verksamheterna med eNämnden och IT Norrbotten",
        (4, 1),
        (12, 31),
        Decimal(500_000),
        goal=5,
    ),
    ActivitySpec(
        "Utbildningar om principerna för jämställdhet i CEMR-deklarationen",
        (9, 1),
        (11, 30),
        Decimal(250_000),
        goal=6,
    ),
    ActivitySpec("MediaCenter Norrbotten", (1, 1), (12, 31), Decimal(1_000_000)),
    ActivitySpec(
        "Förbundets kansli, styrelse och förbundsfullmäktige", (1, 1), (12, 31), Decimal(470_000)
    ),
)

# --- Barnim: the shared Leitbild -------------------------------------------------------------

LEITBILD_TITLE = "Gemeinsames Leitbild für die Netzwerke Fachkräftesicherung Barnim und Uckermark"

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

# The charter's sections: the seed's "Wer sind wir?", "Was wollen wir?", "Wie arbeiten wir?".
CHARTER_WHO_WE_ARE = """\
Die Netzwerke Fachkräftesicherung Barnim und Uckermark sind freiwillige Zusammenschlüsse von \
Institutionen, kommunalen Verwaltungen sowie von Akteuren am Arbeits- und Ausbildungsmarkt, \
die sich dem Thema „Fachkräftesicherung“ widmen.

Wir verstehen uns als eine am Thema „Fachkräftesicherung“ ausgerichtete regionale \
Verantwortungsgemeinschaft mit sehr unterschiedlichen Partnern, die jeweils ihr Know-how und \
ihr Engagement in die Netzwerkarbeit einbringen. Die Netzwerke Fachkräftesicherung Barnim und \
Uckermark leben vom aktiven Mitwirken ihrer Mitglieder.
"""
CHARTER_WHAT_WE_WANT = BARNIM_MISSION
CHARTER_HOW_WE_WORK = """\
- Wir arbeiten vertrauensvoll und verlässlich zusammen.
- Wir pflegen eine kooperative und verbindliche Arbeitsweise.
- Wir vereinbaren strategische Ziele.
- Wir bearbeiten ein Jahresthema mit Projekten und legen dafür Verantwortlichkeiten fest.
- Wir treffen uns vierteljährlich zu einer Netzwerksitzung und pflegen den Austausch der \
Netzwerkpartner mit Experten/Gästen.
- Wir kommunizieren die Ergebnisse unserer Arbeit aktiv intern und extern.
"""

# "Jeder Netzwerkpartner …": the four obligations of the charter, also the members'
# commitments of the direction's goals.
_RESPONSIBILITY = "Ist bereit, Verantwortung für konkrete Projekte zu übernehmen"
_BUDGET = (
    "Sorgt dafür, dass seine Institution jährlich ein festes Budget projektbezogen für die "
    "Netzwerkarbeit zur Verfügung stellt"
)
_TOPICS = (
    "Kommuniziert die Themen seiner Institution in die Netzwerkarbeit wie auch die Themen der "
    "Netzwerkarbeit in seine Institution"
)
_AUTHORISED = (
    "Sorgt dafür, dass an jeder Netzwerksitzung ein entscheidungsbefugter Vertreter "
    "seiner/ihrer Institution teilnimmt"
)
BARNIM_OBLIGATIONS = (
    (_RESPONSIBILITY, ObligationMeasure.PROJECTS),
    (_BUDGET, ObligationMeasure.BUDGET),
    (_TOPICS, ObligationMeasure.NONE),
    (_AUTHORISED, ObligationMeasure.AUTHORISED_ATTENDANCE),
)

# The annual theme: the Leitbild's focus, as the plenary's Jahresthema decision words it.
ANNUAL_THEME = "Koordinierte und verbindliche frühzeitige Berufsorientierung"
_ANNUAL_THEME = "Bearbeitet ein Jahresthema mit Projekten und legt dafür Verantwortlichkeiten fest"

BARNIM_GOALS = (
    GoalSpec(
        "Die Region Barnim-Uckermark dauerhaft für das Thema „Fachkräftesicherung“ sensibilisieren",
        network=(
            "Trifft sich vierteljährlich zu einer Netzwerksitzung und pflegt den Austausch der "
            "Netzwerkpartner mit Experten/Gästen",
            "Kommuniziert die Ergebnisse der Netzwerkarbeit aktiv intern und extern",
        ),
        members=(_TOPICS, _AUTHORISED),
        evidence=((_AUTHORISED, "Leitbild"),),
    ),
    GoalSpec(
        "Jahresthema {year}: " + ANNUAL_THEME,
        network=(_ANNUAL_THEME,),
        members=(_RESPONSIBILITY, _BUDGET),
        evidence=((_ANNUAL_THEME, "Jahresthema"),),
    ),
)
ANNUAL_THEME_GOAL = 2

# The self-check of last year (invented): every member answers "met" for every obligation,
# except these answers (member: {obligation position: (answer, comment)}) and one member that
# has not answered at all.
SELF_CHECK_SILENT = "WITO Barnim GmbH"
SELF_CHECK_EXCEPTIONS: dict[str, dict[int, tuple[str, str]]] = {
    "Stadt Bernau bei Berlin": {
        1: (
            SelfCheckAnswer.PARTLY,
            "Wir arbeiten in zwei Projekten mit, die Verantwortung für eines haben wir noch "
            "nicht übernommen.",
        ),
    },
    "Jobcenter Barnim": {
        3: (
            SelfCheckAnswer.PARTLY,
            "Die Themen des Netzwerks erreichen bisher die Geschäftsführung, noch nicht die Teams.",
        ),
    },
    "Hochschule für nachhaltige Entwicklung Eberswalde": {
        2: (
            SelfCheckAnswer.PARTLY,
            "Das Budget war nur für ein Projekt gesichert; der Rest kam als Sachleistung.",
        ),
    },
    "Pflegeverbund Barnimer Land gGmbH": {
        4: (
            SelfCheckAnswer.PARTLY,
            "Zu zwei Sitzungen kam eine Vertretung ohne Entscheidungsbefugnis.",
        ),
    },
    "DGB-Region Ostbrandenburg": {
        2: (
            SelfCheckAnswer.NOT_MET,
            "Wir haben kein festes Budget zugesagt; wir bringen Personalstunden ein.",
        ),
    },
}
# The year before (the first self-check, invented): every member that was one answered, "met"
# unless these say otherwise — some did better the next year, one worse.
SELF_CHECK_EARLIER_EXCEPTIONS: dict[str, dict[int, tuple[str, str]]] = {
    "Stadt Bernau bei Berlin": {
        1: (SelfCheckAnswer.NOT_MET, "Wir haben noch in keinem Projekt mitgearbeitet."),
    },
    "Jobcenter Barnim": {
        3: (SelfCheckAnswer.NOT_MET, "Die Themen des Netzwerks werden intern nicht berichtet."),
    },
    "Landkreis Barnim – Kreisverwaltung": {
        4: (
            SelfCheckAnswer.PARTLY,
            "Zu einer Sitzung kam eine Vertretung ohne Entscheidungsbefugnis.",
        ),
    },
}

BARNIM_PLAN_SUMMARY = """\
Das Netzwerk bearbeitet sein Jahresthema mit Projekten und legt dafür Verantwortlichkeiten \
fest (Leitbild). Die Arbeitsgruppe Berufsorientierung legt die Projekte vor, die \
Netzwerksitzung beschließt sie.

*Die Projekte, Budgets, Einnahmen und Beiträge dieser Demo sind erfundene Beispiele.*
"""
# Projects of the annual theme and the network's work (invented examples, in EUR).
BARNIM_ACTIVITIES = (
    ActivitySpec(
        "Berufsorientierungstage an den Oberschulen des Landkreises",
        (3, 2),
        (5, 29),
        Decimal(15_000),
        goal=ANNUAL_THEME_GOAL,
        members=("Agentur für Arbeit Eberswalde", "Oberstufenzentrum I Barnim"),
        spent=Decimal("14200.00"),
    ),
    ActivitySpec(
        "Praktikumsbörse mit den Betrieben der Region",
        (4, 1),
        (9, 30),
        Decimal(8_000),
        goal=ANNUAL_THEME_GOAL,
        members=("IHK Ostbrandenburg – Regionalcenter Barnim", "Stadt Eberswalde"),
        spent=Decimal("8650.00"),
    ),
    ActivitySpec(
        "Veranstaltung mit den Schulen des Landkreises: die Projekte zur Berufsorientierung "
        "vorstellen",
        (10, 1),
        (11, 20),
        Decimal(6_000),
        goal=ANNUAL_THEME_GOAL,
        members=("Stadt Bernau bei Berlin", "Hochschule für nachhaltige Entwicklung Eberswalde"),
        spent=Decimal("5480.00"),
    ),
    ActivitySpec(
        "Vierteljährliche Netzwerksitzungen mit Experten und Gästen",
        (1, 1),
        (12, 31),
        Decimal(4_000),
        goal=1,
        members=("Landkreis Barnim – Kreisverwaltung",),
    ),
    ActivitySpec(
        "Öffentlichkeitsarbeit: die Ergebnisse der Netzwerkarbeit intern und extern kommunizieren",
        (1, 1),
        (12, 31),
        Decimal(7_000),
        goal=1,
        members=("WITO Barnim GmbH",),
    ),
    ActivitySpec(
        "Rückkehrertag gemeinsam mit dem Netzwerk Uckermark",
        (12, 27),
        (12, 28),
        Decimal(10_000),
        goal=1,
        members=("Landkreis Barnim – Kreisverwaltung", "Stadt Eberswalde"),
        spent=Decimal("9800.00"),
    ),
)
# Income besides the members' committed budgets (invented examples).
BARNIM_INCOME = (
    (
        IncomeKind.GRANT,
        Decimal(5_000),
        "Land Brandenburg: Förderung regionaler Fachkräftenetzwerke (Beispiel)",
    ),
    (
        IncomeKind.OTHER,
        Decimal(1_500),
        "Standgebühren der Betriebe für die Praktikumsbörse (Beispiel)",
    ),
)
# The ledger (invented): a contribution to an activity is pledged until the activity is done.
BARNIM_CONTRIBUTIONS = (
    ContributionSpec(
        "Landkreis Barnim – Kreisverwaltung",
        ContributionKind.MONEY,
        Decimal(10_000),
        "Jahresbudget für die Netzwerkarbeit",
    ),
    ContributionSpec(
        "Agentur für Arbeit Eberswalde",
        ContributionKind.STAFF_HOURS,
        Decimal(2_400),
        "Berufsberaterinnen und Berufsberater an den Berufsorientierungstagen",
        hours=Decimal(48),
        activity=0,
    ),
    ContributionSpec(
        "DGB-Region Ostbrandenburg",
        ContributionKind.STAFF_HOURS,
        Decimal(800),
        "Workshops zu Rechten in der Ausbildung an den Berufsorientierungstagen",
        hours=Decimal(16),
        activity=0,
    ),
    ContributionSpec(
        "Hochschule für nachhaltige Entwicklung Eberswalde",
        ContributionKind.IN_KIND,
        Decimal(1_200),
        "Hörsaal, Technik und Catering für die Veranstaltung mit den Schulen",
        activity=2,
    ),
    ContributionSpec(
        "IHK Ostbrandenburg – Regionalcenter Barnim",
        ContributionKind.MONEY,
        Decimal(3_000),
        "Zuschuss zum Rückkehrertag",
        activity=5,
    ),
)

# --- Zukunft bewegen: the project's aims -----------------------------------------------------

ZUKUNFT_CONTEXT = """\
Die Gestaltung von Lebensräumen mit ihren wirtschaftlichen, sozialen und infrastrukturellen \
Rahmenbedingungen ist zunehmend Aufgabe und Überlebensnotwendigkeit für ganze Regionen im Osten \
Deutschlands. Die dafür notwendigen Prozesse auszulösen, zu steuern und zu moderieren, wird \
zunehmend von örtlichen und miteinander vernetzten Kommunalverwaltungen erwartet. Durch die \
Gestaltung neuer Wege und die Sicherung der dafür erforderlichen Kompetenzen bei den \
Beschäftigten der Kommunen sollen nachhaltige Impulse in der Region ausgelöst und durch \
Schaffung neuer Strukturen verifizierbare Ergebnisse erreicht werden.

Laufzeit des Projekts: 01.10.2012 – 31.12.2014.
"""

ZUKUNFT_MISSION = """\
Das Projekt „Zukunft bewegen – Regionales Netzwerk Südliches Sachsen-Anhalt“ will zur Stärkung \
der Weiterbildungsbeteiligung von Beschäftigten in neun Kommunalverwaltungen im Süden \
Sachsen-Anhalts beitragen und Prozesse des lebenslangen Lernens unterstützen. Zum einen müssen \
die Mitarbeiter/-innen der Kommunalverwaltungen durch Weiterbildung befähigt werden Aufgaben \
effektiv zu bewältigen, die sich durch neue Leistungsfelder und Anforderungen, Zuständigkeiten \
und neue Strukturen ergeben. Zum anderen ist die Entwicklung der Kommunalverwaltungen vom \
„Verwalter zum aktiven Gestalter“ nur zu erreichen, indem alle Mitarbeiter/-innen befähigt \
werden, die Prozesse zu beherrschen und nach außen und innen zu kommunizieren.
"""

# "Im Projekt soll …"; the commitments from its focus and the social partners' agreement
# (TVöD § 5 "Qualifizierung"). The project ended in 2014: they are done.
ZUKUNFT_GOALS = (
    GoalSpec(
        "Die Weiterbildungsbeteiligung der Beschäftigten der Verwaltung, insbesondere der "
        "Führungskräfte und der bisher nicht in den Weiterbildungsprozess integrierten "
        "Mitarbeiter/-innen, maßgeblich erhöhen",
        network=(
            "Stärkt die Qualität der Weiterbildung und den Erfahrungsaustausch",
            "Bietet Weiterbildungsmaßnahmen im Betrieb an",
        ),
        members=(
            "Verankert die Qualifizierung als Teil der Personalentwicklung (TVöD § 5)",
            "Entwickelt die fachlichen, methodischen und sozialen Kompetenzen der Beschäftigten "
            "fort",
        ),
    ),
    GoalSpec(
        "Den Weiterbildungsprozess durch die Implementierung von im Projekt entwickelten "
        "Instrumenten und Methoden auch nach Projektende weiter verstetigen",
        network=(
            "Entwickelt in der Arbeitsgruppe Personalentwicklung Instrumente und Methoden für "
            "den Weiterbildungsprozess",
        ),
        members=(),
    ),
    GoalSpec(
        "Ein regionales Netzwerk schaffen, das die Entwicklungsprozesse für die gesamte Region "
        "des südlichen Sachsen-Anhalt positiv beeinflusst",
        network=(),
        members=(),
    ),
    GoalSpec(
        "Die Voraussetzung zur Erfüllung der Anforderungen an die Rolle des Gestalters der "
        "Region und an eine moderne Verwaltung schaffen",
        network=(),
        members=(),
    ),
)
ZUKUNFT_YEARS = (2012, 2013, 2014)  # the project's years: 2012 is the baseline
TRAINING_INDICATOR = IndicatorSpec(
    "Weiterbildungsbeteiligung: Anteil der Beschäftigten mit mindestens einer Weiterbildung im "
    "Jahr",
    Desired.AT_LEAST,
    target=Decimal("40.0"),
    totals=(Decimal("24.0"), Decimal("31.5"), Decimal("41.0")),  # reached at the project's end
    spread=Decimal("6.0"),
)


# --- loading ---------------------------------------------------------------------------------


def load(*, actor: User, today: dt.date) -> None:
    """Load the demo strategy (the networks and meetings must be loaded) as it is on
    ``today``: Barnim's plan is today's year's, its self-check last year's."""
    norrbotten = Network.objects.filter(slug="norrbotten").first()
    if norrbotten is not None:
        _load_norrbotten(actor, norrbotten, today)
    barnim = Network.objects.filter(slug="barnim").first()
    if barnim is not None:
        _load_barnim(actor, barnim, today)
    zukunft = Network.objects.filter(slug="zukunft-bewegen").first()
    if zukunft is not None:
        _load_zukunft_bewegen(actor, zukunft)


def _decision(network: Network, topic: str, *, binding: bool | None = None) -> Decision | None:
    """The network's first decision on ``topic`` in the demo's register (or none)."""
    decisions = Decision.objects.for_network(network).filter(topic=topic)
    if binding is not None:
        decisions = decisions.filter(binding=binding)
    return decisions.order_by("year", "number").first()


def _add_goal(
    actor: User,
    direction: Direction,
    spec: GoalSpec,
    title: str,
    status: str | None = None,
) -> Goal:
    """The goal with its commitments; ``status`` for all of them, else under way where a
    decision is evidence and planned elsewhere."""
    goal = services.add_goal(actor=actor, direction=direction, title=title)
    evidence = dict(spec.evidence)
    for side, texts in (
        (CommitmentSide.NETWORK, spec.network),
        (CommitmentSide.MEMBERS, spec.members),
    ):
        for text in texts:
            topic = evidence.get(text)
            decision = _decision(direction.network, topic) if topic else None
            default = CommitmentStatus.UNDER_WAY if decision else CommitmentStatus.PLANNED
            services.add_commitment(
                actor=actor,
                goal=goal,
                side=side,
                text=text,  # members' commitments name no organisations: all members
                status=status or default,
                decisions=[decision] if decision else [],
                actions=list(decision.action_items.order_by("pk")) if decision else [],
            )
    return goal


def _members(network: Network, names: tuple[str, ...]) -> list[Organisation]:
    """The network's organisations of these names, in this order (missing ones left out)."""
    found = {o.name: o for o in Organisation.objects.filter(network=network, name__in=names)}
    return [found[name] for name in names if name in found]


def _arena(network: Network, name: str) -> Arena | None:
    return Arena.objects.filter(network=network, name=name).first()


def _representative(organisation: Organisation, on: dt.date) -> Person | None:
    """The member's representative on ``on``: an authorised principal first."""
    mandate = (
        Mandate.objects.active(on)
        .filter(membership__organisation=organisation)
        .select_related("person")
        .order_by("-decision_authorised", "-role", "pk")
        .first()
    )
    return mandate.person if mandate else None


def _add_activities(
    actor: User,
    plan: AnnualPlan,
    specs: tuple[ActivitySpec, ...],
    goals: dict[int, Goal],
    today: dt.date | None = None,
) -> list[PlanActivity]:
    """The plan's activities; with ``today`` (in the plan's year) also how far they got:
    done (and what they cost) when they ended before today, under way when they began."""
    activities = []
    for spec in specs:
        members = _members(plan.network, spec.members)
        starts = dt.date(plan.year, *spec.starts)
        ends = dt.date(plan.year, *spec.ends)
        activity = plan_services.add_activity(
            actor=actor,
            plan=plan,
            title=spec.title,
            goal=goals.get(spec.goal) if spec.goal else None,
            organisations=members,
            person=_representative(members[0], today or starts) if members else None,
            starts_on=starts,
            ends_on=ends,
            budget=spec.budget,
        )
        if today is not None and ends < today:
            activity = plan_services.report_activity(
                actor=actor, activity=activity, status=ActivityStatus.DONE, spent=spec.spent
            )
        elif today is not None and starts <= today:
            activity = plan_services.report_activity(
                actor=actor, activity=activity, status=ActivityStatus.UNDER_WAY
            )
        activities.append(activity)
    return activities


# --- Norrbotten ----------------------------------------------------------------------------


def _load_norrbotten(actor: User, network: Network, today: dt.date) -> None:
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
    municipalities = _weights(network, by_region=True)
    for spec in INDICATORS:
        _load_indicator(
            actor,
            education,
            spec,
            municipalities,
            years=YEARS,
            target_date=TARGET_DATE,
            breakdown=Breakdown.MUNICIPALITY,
            scope=f"Norrbottens län, per kommun – {INVENTED}",
            note=f"Påhittat exempelvärde – {INVENTED}.",
        )
    _load_norrbotten_plan(actor, direction, goals, today)


def _load_norrbotten_plan(
    actor: User, direction: Direction, goals: list[Goal], today: dt.date
) -> AnnualPlan:
    """Verksamhetsplan och budget for one year of the Inriktning: the board proposes, the
    assembly adopts, each at a meeting held for it."""
    network = direction.network
    plan = plan_services.create_plan(
        actor=actor,
        network=network,
        year=NORRBOTTEN_PLAN_YEAR,
        direction=direction,
        summary=NORRBOTTEN_PLAN_SUMMARY,
        priorities=[goals[position - 1] for position in NORRBOTTEN_PRIORITIES],
        currency=Currency.SEK,  # the members' fees are in kronor
        proposing_arena=_arena(network, "Styrelsen"),
        adopting_arena=_arena(network, "Förbundsfullmäktige"),
    )
    by_position = {goal.position: goal for goal in goals}
    _add_activities(actor, plan, NORRBOTTEN_ACTIVITIES, by_position)
    plan_services.add_committed_contributions(actor=actor, plan=plan)
    zone = ZoneInfo(network.time_zone)
    for (arena_name, starts, venue, title, text), step in zip(
        NORRBOTTEN_PLAN_STEPS, (plan_services.propose_plan, plan_services.adopt_plan), strict=True
    ):
        arena = _arena(network, arena_name)
        if arena is None:
            return plan
        meeting = meetings_demo.hold_meeting(
            actor=actor,
            arena=arena,
            title=title,
            purpose=title,
            starts_at=starts.replace(tzinfo=zone),
            venue=venue,
            items=("Mötets öppnande och val av justerare", title.split(" – ")[-1].capitalize()),
            decision=text,
            topic=PLAN_TOPIC,
            today=today,
        )
        decision = meeting.decisions.get()
        plan = step(actor=actor, plan=plan, decision=decision)
    return plan


def _weights(network: Network, *, by_region: bool) -> list[tuple[str, Decimal]]:
    """The member municipalities, by their region's name (``by_region``) or their own, with
    a weight: their member fee, which the demo sets roughly by population."""
    memberships = (
        Membership.objects.for_network(network)
        .filter(organisation__kind=OrganisationKind.MUNICIPALITY)
        .select_related("organisation__region")
        .order_by("organisation__name")
    )
    if by_region:
        memberships = memberships.filter(organisation__region__isnull=False)
    weights: dict[str, Decimal] = {}
    for m in memberships:
        organisation = m.organisation
        name = organisation.region.name if by_region and organisation.region else organisation.name
        weights[name] = m.budget_amount or Decimal(1)
    return sorted(weights.items())


def _parts(
    spec: IndicatorSpec, weights: list[tuple[str, Decimal]]
) -> dict[str, tuple[Decimal, ...]]:
    """Invented values per part (municipality, administration) and year: the total, moved by
    a fixed offset and a small yearly drift per part; both weighted to average out, so the
    weighted mean of the parts is the total (up to rounding)."""
    n = len(weights)
    if not n:
        return {}
    total_weight = sum((w for _, w in weights), ZERO)
    offsets = [Decimal((i * 5) % n) / max(n - 1, 1) * 2 - 1 for i in range(n)]
    drifts = [Decimal((i * 3) % 7 - 3) / 10 for i in range(n)]
    for values in (offsets, drifts):
        weighted = (v * w for v, (_, w) in zip(values, weights, strict=True))
        mean = sum(weighted, ZERO) / total_weight
        values[:] = [v - mean for v in values]
    half_span = Decimal(len(spec.totals) - 1) / 2  # the middle of the years: no drift
    step = Decimal("0.1")
    parts = {}
    for (name, _), offset, drift in zip(weights, offsets, drifts, strict=True):
        parts[name] = tuple(
            min(
                max(total + offset * spec.spread + drift * (k - half_span), ZERO), HUNDRED
            ).quantize(step)
            for k, total in enumerate(spec.totals)
        )
    return parts


def _load_indicator(
    actor: User,
    goal: Goal,
    spec: IndicatorSpec,
    weights: list[tuple[str, Decimal]],
    *,
    years: tuple[int, ...],
    target_date: dt.date,
    breakdown: str,
    scope: str,
    note: str,
) -> Indicator:
    """A percentage with approved values at the end of each of ``years`` (the first is the
    baseline), in total and per part of the breakdown."""
    indicator = services.add_indicator(
        actor=actor,
        goal=goal,
        name=spec.name,
        unit=Unit.PERCENT,
        desired=spec.desired,
        baseline_value=spec.totals[0],
        baseline_date=dt.date(years[0], 12, 31),
        target_value=spec.target,
        target_date=target_date,
        scope=scope,
        breakdown=breakdown,
        is_public=True,
    )
    parts = _parts(spec, weights)
    for k, year in enumerate(years):
        rows = [("", spec.totals[k])] + [(name, values[k]) for name, values in parts.items()]
        for part, value in rows:
            measurement = services.enter_measurement(
                actor=actor,
                indicator=indicator,
                period_end=dt.date(year, 12, 31),
                value=value,
                part=part,
                note=note,
            )
            services.approve_measurement(actor=actor, measurement=measurement)
    return indicator


# --- Barnim --------------------------------------------------------------------------------


def _load_barnim(actor: User, network: Network, today: dt.date) -> None:
    leitbild = _decision(network, "Leitbild", binding=True)
    direction, goals = _load_barnim_direction(actor, network, today, leitbild)
    charter = _load_charter(actor, network, leitbild)
    _load_self_check(actor, network, charter, today.year - 2, SELF_CHECK_EARLIER_EXCEPTIONS)
    _load_self_check(
        actor, network, charter, today.year - 1, SELF_CHECK_EXCEPTIONS, SELF_CHECK_SILENT
    )
    plan = _load_barnim_plan(actor, network, direction, goals, today)
    _load_ledger(actor, plan, today)


def _load_barnim_direction(
    actor: User, network: Network, today: dt.date, leitbild: Decision | None
) -> tuple[Direction, list[Goal]]:
    """The shared Leitbild as Barnim's direction, from the year its binding Leitbild
    decision affirmed it (the year before today without one) to the year after."""
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
    goals = [
        _add_goal(actor, direction, spec, spec.title.format(year=theme_year))
        for spec in BARNIM_GOALS
    ]
    return direction, goals


def _load_charter(actor: User, network: Network, leitbild: Decision | None) -> Charter:
    """The Leitbild as Barnim's charter, shared with its federation (Uckermark) when it has
    one, with the partners' four obligations; adopted by the binding Leitbild decision."""
    charter = charter_services.save_charter(
        actor=actor,
        network=network,
        title=LEITBILD_TITLE,
        who_we_are=CHARTER_WHO_WE_ARE,
        what_we_want=CHARTER_WHAT_WE_WANT,
        how_we_work=CHARTER_HOW_WE_WORK,
        shared=network.federation_id is not None,
        is_public=True,
        adopted_by=leitbild,
    )
    for text, measure in BARNIM_OBLIGATIONS:
        charter_services.add_obligation(actor=actor, charter=charter, text=text, measure=measure)
    return charter


def _load_self_check(
    actor: User,
    network: Network,
    charter: Charter,
    year: int,
    exceptions_by_member: dict[str, dict[int, tuple[str, str]]],
    silent: str = "",
) -> None:
    """Every member of ``year`` answers every obligation, "met" unless
    ``exceptions_by_member`` says otherwise; ``silent`` has not answered."""
    obligations = list(charter.obligations.order_by("position"))
    for member in charter_services.members_in(network, year):
        if member.name == silent:
            continue
        exceptions = exceptions_by_member.get(member.name, {})
        for obligation in obligations:
            answer, comment = exceptions.get(obligation.position, (SelfCheckAnswer.MET, ""))
            charter_services.answer_self_check(
                actor=actor,
                network=network,
                obligation=obligation,
                organisation=member,
                year=year,
                answer=answer,
                comment=comment,
            )


def _load_barnim_plan(
    actor: User, network: Network, direction: Direction, goals: list[Goal], today: dt.date
) -> AnnualPlan:
    """Today's year's plan with the annual theme (of the direction, when the year is one of
    its years): the projects with their responsible members, how far they got by today, and
    the income."""
    year = today.year
    in_years = direction.start_year <= year <= direction.end_year
    by_position = {goal.position: goal for goal in goals} if in_years else {}
    plan = plan_services.create_plan(
        actor=actor,
        network=network,
        year=year,
        direction=direction if in_years else None,
        theme=ANNUAL_THEME,
        summary=BARNIM_PLAN_SUMMARY,
        priorities=[by_position[ANNUAL_THEME_GOAL]] if by_position else [],
        currency=Currency.EUR,
        proposing_arena=_arena(network, "Arbeitsgruppe Berufsorientierung"),
        adopting_arena=_arena(network, "Netzwerksitzung"),
    )
    _add_activities(actor, plan, BARNIM_ACTIVITIES, by_position, today)
    plan_services.add_committed_contributions(actor=actor, plan=plan)
    for kind, amount, label in BARNIM_INCOME:
        plan_services.add_income(
            actor=actor, plan=plan, kind=kind, amount=amount, currency=plan.currency, label=label
        )
    return plan


def _load_ledger(actor: User, plan: AnnualPlan, today: dt.date) -> None:
    """A few members' contributions of the plan's year: to an activity, pledged until it is
    done."""
    activities = list(plan.activities.order_by("pk"))
    for spec in BARNIM_CONTRIBUTIONS:
        members = _members(plan.network, (spec.member,))
        if not members:
            continue
        activity = activities[spec.activity] if spec.activity is not None else None
        pledged = activity is not None and activity.status != ActivityStatus.DONE
        plan_services.record_contribution(
            actor=actor,
            network=plan.network,
            organisation=members[0],
            year=plan.year,
            kind=spec.kind,
            value=spec.value,
            currency=plan.currency,
            status=ContributionStatus.PLEDGED if pledged else ContributionStatus.CONTRIBUTED,
            description=spec.description,
            hours=spec.hours,
            activity=activity,
        )


# --- Zukunft bewegen -----------------------------------------------------------------------


def _load_zukunft_bewegen(actor: User, network: Network) -> None:
    """The project's aims 2012-2014 as the direction (no decision adopts it: the demo has no
    meetings of this network); training participation per administration (invented)."""
    direction = services.create_direction(
        actor=actor,
        network=network,
        title="Projektziele „Zukunft bewegen“",
        start_year=ZUKUNFT_YEARS[0],
        end_year=ZUKUNFT_YEARS[-1],
        context=ZUKUNFT_CONTEXT,
        mission=ZUKUNFT_MISSION,
    )
    goals = [
        _add_goal(actor, direction, spec, spec.title, status=CommitmentStatus.DONE)
        for spec in ZUKUNFT_GOALS
    ]
    _load_indicator(
        actor,
        goals[0],
        TRAINING_INDICATOR,
        _weights(network, by_region=False),
        years=ZUKUNFT_YEARS,
        target_date=dt.date(ZUKUNFT_YEARS[-1], 12, 31),
        breakdown=Breakdown.ORGANISATION,
        scope=f"Beschäftigte der neun Kommunalverwaltungen, je Verwaltung – {INVENTED_DE}",
        note=f"Erfundener Beispielwert – {INVENTED_DE}.",
    )
