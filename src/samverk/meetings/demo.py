"""Demo meetings: a year of the networks' working rhythm, relative to ``today``.

Called by ``samverk demo`` (networks/management/commands/demo.py) after the networks are
loaded, in the same transaction. Every write goes through the service functions with the
platform admin as the actor. Per series: meetings from about eight months ago to a few weeks
ahead. Past meetings were held (check-ins, also members without authority), took decisions
(recommendations where the meeting was not quorate), agreed actions and have minutes,
approved at the following meeting; the last past meeting's minutes await approval at the next
one. Upcoming meetings have agendas, invitations and replies.

Barnim and Uckermark meet quarterly and twice jointly (the same time and place, each
network recording its own meeting); Nordsachsen meets at a different company each time;
Norrbotten has its board (quorum 50 %) and assembly; Hordaland its steering group. Themes come
from the seeds (``shared/seeds``): Leitbild, Jahresthema, Rückkehrertag, Fachtag,
kompetansebehov, Inriktning 2015-2018 ...
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from samverk.meetings import services
from samverk.meetings.choices import ActionStatus, AgendaItemKind, Cadence, MeetingStatus
from samverk.meetings.models import ActionItem, Meeting, Rsvp
from samverk.networks import services as network_services
from samverk.networks.choices import MandateRole, QuorumRule
from samverk.networks.models import Arena, Mandate, Organisation, Person

INFO, DISCUSS, DECIDE, REPORT = (
    AgendaItemKind.INFORMATION,
    AgendaItemKind.DISCUSSION,
    AgendaItemKind.DECISION,
    AgendaItemKind.REPORT,
)


@dataclass(frozen=True)
class Item:
    title: str
    kind: str = INFO
    guest: str = ""  # an external presenter (expert or guest)
    minutes: int = 20


@dataclass(frozen=True)
class Plan:
    """One meeting. Texts may use ``{year}`` (the meeting's year) and ``{next}``."""

    title: str
    purpose: str
    items: tuple[Item, ...]
    decision: str = ""  # taken under the first decision item
    topic: str = ""
    actions: tuple[str, ...] = ()
    absent: int = 1  # member organisations that send nobody
    vote: bool = False  # decided by vote (else consensus)


@dataclass(frozen=True)
class SeriesSpec:
    network: str
    arena: str
    title: str
    purpose: str
    cadence: str
    first: int  # the first meeting, days before today
    plans: tuple[Plan, ...]
    venue: str = ""
    online_link: str = ""
    hosts: tuple[str, ...] = ()  # rotating hosts (alphabetical), the venue is theirs
    joint_with: str = ""  # "slug:arena": meetings at these positions take its time and place
    joint: frozenset[int] = frozenset()
    hour: int = 10


# --- the series --------------------------------------------------------------------------

_WELCOME_DE = Item("Begrüßung, Tagesordnung und Protokoll der letzten Sitzung", INFO, minutes=10)
_FOLLOW_UP_DE = Item("Stand der offenen Aufgaben", REPORT, minutes=15)
_AG_BO = Item("Bericht der Arbeitsgruppe Berufsorientierung", REPORT)


def _de_plenary(third: Plan) -> tuple[Plan, ...]:
    return (
        Plan(
            "Netzwerksitzung – Jahresthema {year}",
            "Das Jahresthema {year} mit seinen Projekten beschließen und die "
            "Verantwortlichkeiten festlegen.",
            (
                _WELCOME_DE,
                Item("Jahresthema {year}: frühzeitige Berufsorientierung", DECIDE, minutes=45),
                Item("Budgets der Netzwerkpartner für die Projekte {year}", DISCUSS),
                _AG_BO,
            ),
            decision=(
                "Das Jahresthema {year} lautet „Koordinierte und verbindliche frühzeitige "
                "Berufsorientierung“. Die Arbeitsgruppe Berufsorientierung legt bis zur "
                "nächsten Sitzung die Projekte mit Verantwortlichen vor."
            ),
            topic="Jahresthema",
            actions=(
                "Projektskizzen zum Jahresthema an die Koordinierungsstelle senden",
                "Projektbudgets der Partnerinstitutionen melden",
            ),
        ),
        Plan(
            "Gemeinsame Netzwerksitzung Barnim und Uckermark – Leitbild",
            "Das gemeinsame Leitbild überprüfen und die Zusammenarbeit der beiden Netzwerke "
            "abstimmen.",
            (
                _WELCOME_DE,
                Item("Gemeinsames Leitbild: Verbindlichkeit der Netzwerkpartner", DECIDE),
                Item(
                    "Impuls: Fachkräftesicherung im ländlichen Raum",
                    INFO,
                    guest="Gast der Hochschule, Impulsvortrag",
                    minutes=30,
                ),
                _FOLLOW_UP_DE,
            ),
            decision=(
                "Die Netzwerkpartner bekräftigen das gemeinsame Leitbild: Jede "
                "Partnerinstitution entsendet zu jeder Netzwerksitzung eine "
                "entscheidungsbefugte Vertretung."
            ),
            topic="Leitbild",
            actions=("Aktualisierte Ansprechpartner und Vertretungen melden",),
        ),
        third,
        Plan(
            "Gemeinsame Netzwerksitzung – Jahresthema {next}",
            "Das Jahresthema {next} vorbereiten und das Budget der Netzwerkpartner abstimmen.",
            (
                _WELCOME_DE,
                Item("Bilanz des Jahresthemas {year}", REPORT, minutes=30),
                Item("Vorschläge für das Jahresthema {next}", DISCUSS, minutes=45),
                Item("Budgets der Netzwerkpartner {next}", DECIDE),
            ),
        ),
    )


BARNIM = SeriesSpec(
    network="barnim",
    arena="Netzwerksitzung",
    title="Netzwerksitzung",
    purpose="Vierteljährliche Sitzung der Netzwerkpartner.",
    cadence=Cadence.QUARTERLY,
    first=255,
    venue="Paul-Wunderlich-Haus, Eberswalde",
    plans=_de_plenary(
        Plan(
            "Netzwerksitzung – Projekte zur Berufsorientierung",
            "Den Zwischenstand der Projekte zur frühzeitigen Berufsorientierung bewerten und "
            "die Öffentlichkeitsarbeit planen.",
            (
                _WELCOME_DE,
                _AG_BO,
                Item("Kommunikation der Ergebnisse nach innen und außen", DECIDE),
                _FOLLOW_UP_DE,
            ),
            decision=(
                "Das Netzwerk stellt seine Projekte zur Berufsorientierung auf einer "
                "gemeinsamen Veranstaltung mit den Schulen des Landkreises vor."
            ),
            topic="Öffentlichkeitsarbeit",
            actions=("Termin und Ort der Veranstaltung mit den Schulen abstimmen",),
        )
    ),
)

UCKERMARK = SeriesSpec(
    network="uckermark",
    arena="Netzwerksitzung",
    title="Netzwerksitzung",
    purpose="Vierteljährliche Sitzung der Netzwerkpartner.",
    cadence=Cadence.QUARTERLY,
    first=248,
    venue="Kreisverwaltung Uckermark, Prenzlau",
    joint_with="barnim:Netzwerksitzung",
    joint=frozenset({1, 3}),
    plans=_de_plenary(
        Plan(
            "Netzwerksitzung – Fachkräfte für Pflege und Landwirtschaft",
            "Den Fachkräftebedarf der Pflege und der Landwirtschaft in der Uckermark "
            "besprechen und gemeinsame Schritte vereinbaren.",
            (
                _WELCOME_DE,
                Item("Fachkräftebedarf in Pflege und Landwirtschaft", DISCUSS, minutes=40),
                Item("Praktikumsbörse für Schülerinnen und Schüler", DECIDE),
                _FOLLOW_UP_DE,
            ),
            decision=(
                "Das Netzwerk richtet mit den Pflege- und Agrarbetrieben eine gemeinsame "
                "Praktikumsbörse für Schülerinnen und Schüler ein."
            ),
            topic="Berufsorientierung",
            actions=("Betriebe für die Praktikumsbörse gewinnen",),
        )
    ),
)

NORDSACHSEN = SeriesSpec(
    network="nordsachsen",
    arena="Sitzung der Fachkräfteallianz",
    title="Sitzung der Fachkräfteallianz",
    purpose=(
        "Die Fachkräfteallianz trifft sich viermal jährlich in Unternehmen, die besonders vom "
        "Fachkräftemangel betroffen sind."
    ),
    cadence=Cadence.QUARTERLY,
    first=240,
    hosts=(
        "Agrargenossenschaft Dahlener Heide eG",
        "Eilenburger Präzisionstechnik GmbH",
        "Landgasthof Elbaue GmbH",
        "Pflegedienst Muldenaue gGmbH",
    ),
    hour=13,
    plans=(
        Plan(
            "Fachkräfteallianz – Land- und Ernährungswirtschaft",
            "Bedarfe der Agrarbetriebe abfragen und über die Fortsetzung der Imagekampagne "
            "„natürlich. frisch. nordsächsisch.“ entscheiden.",
            (
                Item("Begrüßung durch das gastgebende Unternehmen", INFO, minutes=15),
                Item("Bedarfsabfrage: Fachkräfte in der Landwirtschaft", DISCUSS, minutes=40),
                Item("Imagekampagne „natürlich. frisch. nordsächsisch.“", DECIDE),
                Item("Betriebsrundgang", INFO, minutes=45),
            ),
            decision=(
                "Die Imagekampagne „natürlich. frisch. nordsächsisch.“ wird fortgesetzt; "
                "Hoffeste und Berufsporträts werden gemeinsam beworben."
            ),
            topic="Land- und Ernährungswirtschaft",
            actions=(
                "Berufsporträts mit drei weiteren Betrieben erstellen",
                "Termine der Hoffeste an die WFG melden",
            ),
        ),
        Plan(
            "Fachkräfteallianz – Nachwuchs in MINT-Berufen",
            "Das Projekt „Sicherung Fachkräftenachwuchs MINT“ auswerten und das nächste "
            "NaWi-Camp vorbereiten.",
            (
                Item("Begrüßung durch das gastgebende Unternehmen", INFO, minutes=15),
                Item("Bericht der Arbeitsgruppe MINT", REPORT),
                Item("NaWi-Camp Nordsachsen", DECIDE),
                Item("Betriebsrundgang", INFO, minutes=45),
            ),
            decision=(
                "Die Fachkräfteallianz unterstützt das NaWi-Camp Nordsachsen auch im "
                "kommenden Jahr; die Unternehmen der Arbeitsgruppe MINT stellen Stationen."
            ),
            topic="MINT",
            actions=("Stationen der Unternehmen für das NaWi-Camp sammeln",),
        ),
        Plan(
            "Fachkräfteallianz – Fachtag Fachkräfte",
            "Programm und Workshops des Fachtags Fachkräfte festlegen.",
            (
                Item("Begrüßung durch das gastgebende Unternehmen", INFO, minutes=15),
                Item(
                    "„Schau mal über den Tellerrand“: Fachkräfte für die Gastronomie",
                    INFO,
                    guest="Dehoga-Regionalverband, Gast",
                ),
                Item("Programm des Fachtags Fachkräfte", DECIDE, minutes=40),
            ),
            decision=(
                "Der Fachtag Fachkräfte findet mit drei Workshops statt: Pflege, "
                "Land- und Ernährungswirtschaft, Tourismus."
            ),
            topic="Fachtag Fachkräfte",
            actions=(
                "Referentinnen und Referenten für die Workshops anfragen",
                "Einladung zum Fachtag an die Unternehmen versenden",
            ),
            absent=3,
        ),
        Plan(
            "Fachkräfteallianz – Pflege und Rückkehrertag",
            "Das Pflegenetzwerk und den Nordsächsischen Rückkehrertag {next} vorbereiten.",
            (
                Item("Begrüßung durch das gastgebende Unternehmen", INFO, minutes=15),
                Item("Pflegenetzwerk und Imagekampagne Pflege", REPORT),
                Item("Nordsächsischer Rückkehrertag {next}: Standorte", DECIDE, minutes=40),
            ),
        ),
    ),
)

NORRBOTTEN_BOARD = SeriesSpec(
    network="norrbotten",
    arena="Styrelsen",
    title="Styrelsemöte",
    purpose="Styrelsen leder förbundets arbete och bereder ärenden till förbundsfullmäktige.",
    cadence=Cadence.QUARTERLY,
    first=250,
    venue="Kommunförbundet Norrbotten, Luleå",
    hour=9,
    plans=(
        Plan(
            "Styrelsemöte – uppföljning av Inriktning 2015–2018",
            "Följa upp de övergripande målen i Inriktning 2015–2018 och bereda "
            "verksamhetsberättelsen.",
            (
                Item("Mötets öppnande och val av justerare", INFO, minutes=5),
                Item("Uppföljning av de övergripande målen", REPORT, minutes=30),
                Item("Verksamhetsberättelse {year}", DECIDE),
            ),
            decision=(
                "Styrelsen godkänner uppföljningen av de övergripande målen och överlämnar "
                "verksamhetsberättelsen till förbundsfullmäktige."
            ),
            topic="Inriktning",
            actions=("Verksamhetsberättelsen skickas ut till medlemskommunerna",),
            vote=True,
        ),
        Plan(
            "Styrelsemöte – kompetensförsörjning",
            "Ta del av de kommunvisa kompetensförsörjningsplanerna och samarbetet inom "
            "utbildningsområdet.",
            (
                Item("Mötets öppnande och val av justerare", INFO, minutes=5),
                Item("Kommunvisa kompetensförsörjningsplaner", REPORT, minutes=40),
                Item("Gemensam satsning: kommunerna som attraktiva arbetsgivare", DECIDE),
            ),
            decision=(
                "Förbundet samordnar en gemensam satsning på kommunerna som attraktiva "
                "arbetsgivare."
            ),
            topic="Kompetensförsörjning",
            actions=("Förslag till gemensam satsning tas fram med nätverket",),
            absent=4,  # three of seven members: not quorate, a recommendation only
        ),
        Plan(
            "Styrelsemöte – Regional Digital Agenda",
            "Besluta om förbundets stöd till implementeringen av Regional Digital Agenda.",
            (
                Item("Mötets öppnande och val av justerare", INFO, minutes=5),
                Item(
                    "Regional Digital Agenda och Strategin för eSamhället",
                    INFO,
                    guest="IT Norrbotten, föredragande",
                    minutes=30,
                ),
                Item("Sammanhållen IT-strategi för kommunala verksamheter", DECIDE),
            ),
            decision=(
                "Förbundet tar fram ett förslag till sammanhållen IT-strategi för de "
                "kommunala verksamheterna tillsammans med eNämnden och IT Norrbotten."
            ),
            topic="Digitalisering",
            actions=(
                "Arbetsgrupp för IT-strategin tillsätts",
                "Kommunernas IT-ansvariga bjuds in till dialogmöte",
            ),
            vote=True,
        ),
        Plan(
            "Styrelsemöte – jämställdhet i kommunerna",
            "Följa upp hur kommunerna implementerar principerna i CEMR-deklarationen.",
            (
                Item("Mötets öppnande och val av justerare", INFO, minutes=5),
                Item("Uppföljning av jämställdhetsarbetet i Norrbotten", REPORT, minutes=40),
                Item("Nätverk och utbildningar för jämställdhet", DECIDE),
            ),
        ),
    ),
)

NORRBOTTEN_ASSEMBLY = SeriesSpec(
    network="norrbotten",
    arena="Förbundsfullmäktige",
    title="Förbundsfullmäktige",
    purpose="Förbundets högsta beslutande organ.",
    cadence=Cadence.HALF_YEARLY,
    first=165,
    venue="Kulturens hus, Luleå",
    plans=(
        Plan(
            "Förbundsfullmäktige – verksamhetsberättelse och ansvarsfrihet",
            "Fastställa verksamhetsberättelsen och besluta om ansvarsfrihet för styrelsen.",
            (
                Item("Fullmäktiges öppnande och upprop", INFO, minutes=10),
                Item("Verksamhetsberättelse och revisionsberättelse", REPORT, minutes=30),
                Item("Ansvarsfrihet för styrelsen", DECIDE, minutes=15),
            ),
            decision="Förbundsfullmäktige beviljar styrelsen ansvarsfrihet.",
            topic="Ansvarsfrihet",
            actions=("Protokollet justeras och publiceras på webbplatsen",),
            absent=2,
            vote=True,
        ),
        Plan(
            "Förbundsfullmäktige – verksamhetsplan och budget {next}",
            "Besluta om verksamhetsplan och budget {next} utifrån förbundets inriktning.",
            (
                Item("Fullmäktiges öppnande och upprop", INFO, minutes=10),
                Item("Verksamhetsplan {next}", DECIDE, minutes=40),
                Item("Budget och medlemsavgifter {next}", DECIDE, minutes=30),
            ),
        ),
    ),
)

HORDALAND = SeriesSpec(
    network="hordaland",
    arena="Styringsgruppa",
    title="Møte i styringsgruppa",
    purpose="Styringsgruppa gjev styringssignal for vidare utvikling av samarbeidsmodellen.",
    cadence=Cadence.QUARTERLY,
    first=245,
    venue="Fylkeshuset, Bergen",
    online_link="https://meet.example.org/hordaland-styringsgruppa",
    hour=12,
    plans=(
        Plan(
            "Styringsgruppa – prinsipp for samarbeidsmodellen",
            "Gje styringssignal for vidare utvikling av samarbeidsmodellen og avklare "
            "problemstillingar.",
            (
                Item("Opning og godkjenning av innkalling", INFO, minutes=5),
                Item("Oversikt over eksisterande samarbeidsarenaer", REPORT, minutes=30),
                Item("Prinsipp for samarbeidsmodellen", DECIDE, minutes=40),
            ),
            decision=(
                "Styringsgruppa sluttar seg til prinsippa for samarbeidsmodellen: han skal "
                "dekkje dei viktigaste sektorane og sikre gode samarbeidsarenaer på lokalt nivå."
            ),
            topic="Samarbeidsmodell",
            actions=(
                "Forslag til modell blir lagt fram for referansegruppa",
                "Avklare grenseflater mot eksisterande nettverk",
            ),
        ),
        Plan(
            "Styringsgruppa – innspel frå referansegruppa",
            "Drøfte innspela frå referansegruppa til forslaget til samarbeidsmodell.",
            (
                Item("Opning og godkjenning av innkalling", INFO, minutes=5),
                Item("Innspel frå referansegruppa", REPORT, minutes=40),
                Item("Nivå for deltakarane i samarbeidsforumet på fylkesnivå", DECIDE),
            ),
            decision=(
                "Deltakarane i samarbeidsforumet på fylkesnivå skal ha fullmakt til å "
                "forplikte organisasjonen dei representerer."
            ),
            topic="Samarbeidsmodell",
            actions=("Mandat for samarbeidsforumet blir utarbeidd",),
        ),
        Plan(
            "Styringsgruppa – vedtak om samarbeidsmodell",
            "Gjere vedtak om samarbeidsmodell for kompetanse og arbeidskraft.",
            (
                Item("Opning og godkjenning av innkalling", INFO, minutes=5),
                Item("Samarbeidsmodell for kompetanse og arbeidskraft", DECIDE, minutes=45),
                Item("Kunnskapsgrunnlag om kompetansebehov", DISCUSS),
            ),
            decision=(
                "Styringsgruppa vedtek samarbeidsmodellen med ein samarbeidsarena på "
                "fylkesnivå og lokale arenaer i Sunnhordland og Voss og Hardanger."
            ),
            topic="Samarbeidsmodell",
            actions=("Alle aktørane bidreg med data til kunnskapsgrunnlaget",),
        ),
        Plan(
            "Styringsgruppa – framtidige kompetansebehov",
            "Drøfte det oppdaterte kunnskapsgrunnlaget om kompetansebehovet i Hordaland.",
            (
                Item("Opning og godkjenning av innkalling", INFO, minutes=5),
                Item(
                    "Kunnskapsgrunnlag om kompetansebehovet i Hordaland",
                    REPORT,
                    guest="Analytikar, Karriere Hordaland",
                    minutes=40,
                ),
                Item("Prioriterte tiltak {next}", DECIDE),
            ),
        ),
    ),
)

SERIES: tuple[SeriesSpec, ...] = (
    BARNIM,
    UCKERMARK,
    NORDSACHSEN,
    NORRBOTTEN_BOARD,
    NORRBOTTEN_ASSEMBLY,
    HORDALAND,
)

QUORUM: dict[tuple[str, str], dict[str, Any]] = {
    ("barnim", "Netzwerksitzung"): {"quorum_rule": QuorumRule.ALL_MEMBERS},
    ("uckermark", "Netzwerksitzung"): {"quorum_rule": QuorumRule.ALL_MEMBERS},
    ("norrbotten", "Styrelsen"): {"quorum_rule": QuorumRule.PERCENT, "quorum_percent": 50},
}

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


def load(*, admin: Any, today: dt.date) -> list[Meeting]:
    """Load the demo meetings (the networks must be loaded). Returns every meeting."""
    for (slug, name), rule in QUORUM.items():
        network_services.update_arena(actor=admin, arena=_arena(slug, name), **rule)
    loaded: dict[str, list[Meeting]] = {}
    runs: list[tuple[_Series, int, Meeting]] = []
    for spec in SERIES:
        series = _Series(admin, today, spec, loaded)
        loaded[f"{spec.network}:{spec.arena}"] = meetings = series.schedule()
        runs += [(series, i, meeting) for i, meeting in enumerate(meetings)]
    # Meetings are held in the order of time, so decision numbers follow the calendar.
    for series, i, meeting in sorted(runs, key=lambda run: run[2].starts_at):
        series.run(i, meeting)
    for series in {id(run[0]): run[0] for run in runs}.values():
        series.finish()
    return [m for meetings in loaded.values() for m in meetings]


def _arena(slug: str, name: str) -> Arena:
    return Arena.objects.select_related("network").get(network__slug=slug, name=name)


def _weekday(day: dt.date) -> dt.date:
    """Meetings take place on working days outside the Christmas holidays: a weekend date
    moves to the Monday after, a date from 21 December to 7 January to 8 January (or the
    first working day after it)."""
    if (day.month, day.day) >= (12, 21) or (day.month, day.day) <= (1, 7):
        day = dt.date(day.year + (day.month == 12), 1, 8)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    if (day.month, day.day) >= (12, 21):
        return _weekday(day)
    return day


class _Series:
    def __init__(
        self, admin: Any, today: dt.date, spec: SeriesSpec, loaded: dict[str, list[Meeting]]
    ) -> None:
        self.admin, self.today, self.spec, self.loaded = admin, today, spec, loaded
        self.arena = _arena(spec.network, spec.arena)
        self.network = self.arena.network
        self.zone = ZoneInfo(self.network.time_zone)
        self.words = WORDS[self.network.language]
        self.members = list(self.arena.members.order_by("name"))
        # Actions cannot be created due in the past: they fall due after the real today.
        self.due_base = max(today, timezone.localdate())
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
        first_day = _weekday(self.today - dt.timedelta(days=spec.first))
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
            services.approve_minutes(actor=self.admin, meeting=earlier, at_meeting=later)
        self.follow_up(self.held)

    def fmt(self, text: str, meeting: Meeting) -> str:
        """``{year}``: the working year (in January and February still the last one);
        ``{next}``: the one after it."""
        local = timezone.localtime(meeting.starts_at, self.zone)
        year = local.year - (local.month <= 2)
        return text.format(year=year, next=year + 1)

    def plan(self, i: int, meeting: Meeting) -> Meeting:
        """Title, purpose, place and a working day; joint meetings take the partner's."""
        plan, spec = self.spec.plans[i], self.spec
        start = meeting.starts_at.astimezone(self.zone)
        start = dt.datetime.combine(_weekday(start.date()), start.time(), tzinfo=self.zone)
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
                due_date=self.due_base + dt.timedelta(days=21 + 28 * k + 7 * i),
                owner_person=owner.person if owner else None,
                owner_organisation=owner.organisation if owner else self.members[0],
                decision=decision,
                agenda_item=decision.agenda_item if decision else None,
            )
        meeting = services.change_status(actor=admin, meeting=meeting, status=MeetingStatus.CLOSED)
        services.save_minutes(
            actor=admin, meeting=meeting, text=self.minutes_text(meeting), base_version=0
        )
        services.circulate_minutes(actor=admin, meeting=meeting)
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
                actor=self.admin, meeting=meeting, organisation=org, answer=answer, person=person
            )

    def follow_up(self, held: list[Meeting]) -> None:
        """Actions of earlier meetings are mostly done; one stays in progress and the last
        meeting's stay open, so the next agenda carries them over."""
        for p, meeting in enumerate(held[:-1]):
            for k, action in enumerate(ActionItem.objects.filter(meeting=meeting).order_by("pk")):
                status = ActionStatus.IN_PROGRESS if (p, k) == (0, 1) else ActionStatus.DONE
                services.update_action_status(actor=self.admin, action=action, status=status)
