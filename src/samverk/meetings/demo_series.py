"""The demo's meeting series: per network and arena, the cadence, the first meeting (days
before today; ``samverk.meetings.demo_dates`` places the days) and a plan for each meeting of
the year (agenda, decision, actions, absences).

Loaded by ``samverk.meetings.demo`` (which re-exports ``SERIES``); see there for how the
meetings are held. Themes come from the seeds (``shared/seeds``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samverk.meetings.choices import AgendaItemKind, Cadence
from samverk.networks.choices import QuorumRule

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
    first: int  # the first meeting, days before today (at least: see demo_dates)
    plans: tuple[Plan, ...]
    venue: str = ""
    online_link: str = ""
    hosts: tuple[str, ...] = ()  # rotating hosts (alphabetical), the venue is theirs
    joint_with: str = ""  # "slug:arena": meetings at these positions take its time and place
    joint: frozenset[int] = frozenset()
    hour: int = 10

    @property
    def key(self) -> str:
        return f"{self.network}:{self.arena}"


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
            # Every partner attends with authority: quorate, a binding decision. The members
            # without an authorised representative today still had one then (``left`` in
            # networks/demo_data.py); the other meetings miss a member, so they only recommend.
            absent=0,
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
    first=252,  # its own meetings three days after Barnim's (the joint ones are Barnim's)
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
