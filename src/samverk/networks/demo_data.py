"""The demo's data: regions, organisations, arenas and networks of the seed documents.

Re-exported by ``samverk.networks.demo`` (which adds the invented people and the accounts) and
loaded by ``samverk demo`` (networks/management/commands/demo.py) through the service
functions. See ``samverk.networks.demo`` for where names, places and codes come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samverk.core.choices import Language, RegionLevel, TimeZone
from samverk.networks.choices import (
    ArenaKind,
    ArenaLevel,
    Currency,
    MembershipRole,
    OrganisationKind,
)

# --- regions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    level: str
    parent: str | None = None
    nuts: str = ""
    national: str = ""


_C, _S, _D, _M = (
    RegionLevel.COUNTRY,
    RegionLevel.STATE,
    RegionLevel.DISTRICT,
    RegionLevel.MUNICIPALITY,
)

# Parents come before their children. Codes: ISO 3166 for countries and states/counties,
# vehicle-registration letters for German districts, then the municipality.
REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec("DE", "Deutschland", _C, nuts="DE"),
    RegionSpec("DE-BB", "Brandenburg", _S, "DE", nuts="DE4", national="12"),
    RegionSpec("DE-BB-BAR", "Landkreis Barnim", _D, "DE-BB", nuts="DE40A", national="12060"),
    RegionSpec("DE-BB-BAR-eberswalde", "Eberswalde", _M, "DE-BB-BAR", national="12060052"),
    RegionSpec("DE-BB-BAR-bernau", "Bernau bei Berlin", _M, "DE-BB-BAR"),
    RegionSpec("DE-BB-UM", "Landkreis Uckermark", _D, "DE-BB", nuts="DE40I", national="12073"),
    RegionSpec("DE-BB-UM-prenzlau", "Prenzlau", _M, "DE-BB-UM"),
    RegionSpec("DE-BB-UM-schwedt", "Schwedt/Oder", _M, "DE-BB-UM"),
    RegionSpec("DE-BB-UM-templin", "Templin", _M, "DE-BB-UM"),
    RegionSpec("DE-BB-UM-angermuende", "Angermünde", _M, "DE-BB-UM"),
    RegionSpec("DE-SN", "Sachsen", _S, "DE", nuts="DED", national="14"),
    RegionSpec("DE-SN-L", "Leipzig", _D, "DE-SN", nuts="DED51", national="14713"),
    RegionSpec("DE-SN-TDO", "Landkreis Nordsachsen", _D, "DE-SN", nuts="DED53", national="14730"),
    RegionSpec("DE-SN-TDO-delitzsch", "Delitzsch", _M, "DE-SN-TDO"),
    RegionSpec("DE-SN-TDO-torgau", "Torgau", _M, "DE-SN-TDO"),
    RegionSpec("DE-SN-TDO-oschatz", "Oschatz", _M, "DE-SN-TDO"),
    RegionSpec("DE-SN-TDO-eilenburg", "Eilenburg", _M, "DE-SN-TDO"),
    RegionSpec("DE-SN-TDO-schkeuditz", "Schkeuditz", _M, "DE-SN-TDO"),
    RegionSpec("DE-ST", "Sachsen-Anhalt", _S, "DE", nuts="DEE", national="15"),
    RegionSpec("DE-ST-HAL", "Halle (Saale)", _D, "DE-ST", nuts="DEE02", national="15002"),
    RegionSpec("DE-ST-BLK", "Burgenlandkreis", _D, "DE-ST", national="15084"),
    RegionSpec("DE-ST-BLK-naumburg", "Naumburg (Saale)", _M, "DE-ST-BLK"),
    RegionSpec("DE-ST-BLK-weissenfels", "Weißenfels", _M, "DE-ST-BLK"),
    RegionSpec("DE-ST-BLK-zeitz", "Zeitz", _M, "DE-ST-BLK"),
    RegionSpec("DE-ST-MSH", "Landkreis Mansfeld-Südharz", _D, "DE-ST", national="15087"),
    RegionSpec("DE-ST-MSH-sangerhausen", "Sangerhausen", _M, "DE-ST-MSH"),
    RegionSpec("DE-ST-MSH-eisleben", "Lutherstadt Eisleben", _M, "DE-ST-MSH"),
    RegionSpec("DE-ST-MSH-hettstedt", "Hettstedt", _M, "DE-ST-MSH"),
    RegionSpec("DE-ST-SK", "Saalekreis", _D, "DE-ST", national="15088"),
    RegionSpec("DE-ST-SK-merseburg", "Merseburg", _M, "DE-ST-SK"),
    RegionSpec("DE-ST-SK-leuna", "Leuna", _M, "DE-ST-SK"),
    RegionSpec("DE-ST-SK-querfurt", "Querfurt", _M, "DE-ST-SK"),
    RegionSpec("NO", "Norge", _C, nuts="NO"),
    # Hordaland fylke was merged into Vestland (46) in 2020: the seed's name, no current code.
    RegionSpec("NO-12", "Hordaland", _S, "NO"),
    RegionSpec("NO-4601", "Bergen", _M, "NO-12", national="4601"),
    RegionSpec("NO-12-stord", "Stord", _M, "NO-12"),
    RegionSpec("NO-12-voss", "Voss", _M, "NO-12"),
    RegionSpec("NO-12-askoy", "Askøy", _M, "NO-12"),
    RegionSpec("NO-15", "Møre og Romsdal", _S, "NO", national="15"),
    RegionSpec("NO-1505", "Kristiansund", _M, "NO-15", national="1505"),
    RegionSpec("NO-1506", "Molde", _M, "NO-15", national="1506"),
    RegionSpec("NO-1508", "Ålesund", _M, "NO-15", national="1508"),
    RegionSpec("NO-15-volda", "Volda", _M, "NO-15"),
    RegionSpec("NO-31", "Østfold", _S, "NO", national="31"),
    RegionSpec("NO-3101", "Halden", _M, "NO-31", national="3101"),
    RegionSpec("NO-3103", "Moss", _M, "NO-31", national="3103"),
    RegionSpec("NO-3105", "Sarpsborg", _M, "NO-31", national="3105"),
    RegionSpec("NO-3107", "Fredrikstad", _M, "NO-31", national="3107"),
    RegionSpec("SE", "Sverige", _C, nuts="SE"),
    RegionSpec("SE-BD", "Norrbottens län", _S, "SE", nuts="SE332", national="25"),
)

# The 14 municipalities of Norrbotten county with their kommunkod (all owners of the förbund).
NORRBOTTEN_MUNICIPALITIES = {
    "2505": "Arvidsjaur", "2506": "Arjeplog", "2510": "Jokkmokk", "2513": "Överkalix",
    "2514": "Kalix", "2518": "Övertorneå", "2521": "Pajala", "2523": "Gällivare",
    "2560": "Älvsbyn", "2580": "Luleå", "2581": "Piteå", "2582": "Boden", "2583": "Haparanda",
    "2584": "Kiruna",
}  # fmt: skip
REGIONS += tuple(
    RegionSpec(f"SE-{code}", name, _M, "SE-BD", national=code)
    for code, name in NORRBOTTEN_MUNICIPALITIES.items()
)

# --- organisations, arenas, networks -----------------------------------------------------

# How a member is represented. The last three leave it without an authorised representative.
FULL, PRINCIPAL, CHANGED = "full", "principal", "changed"
NONE, UNAUTHORISED, ENDED = "none", "unauthorised", "ended"
REPRESENTATION = frozenset({FULL, PRINCIPAL, CHANGED, NONE, UNAUTHORISED, ENDED})
# The patterns ``left`` applies to: until then a decision-authorised principal represented it.
LEFT_REPRESENTATION = frozenset({NONE, UNAUTHORISED, ENDED})


@dataclass(frozen=True)
class OrgSpec:
    name: str
    kind: str
    sector: str
    region: str
    budget: int | None
    rep: str | None = None  # None: FULL, PRINCIPAL or CHANGED, by position
    member: bool = True
    role: str = MembershipRole.PARTNER
    example: bool = False
    # A former member: its membership ended on 31 December this many years before today's
    # year (so it is a former member whatever day the demo is loaded on). None: a member.
    former: int | None = None
    # Weeks before today its decision-authorised principal left (with NONE, UNAUTHORISED or
    # ENDED): until then it was represented with authority. None: as the pattern says.
    left: int | None = None
    account: str | None = None  # "partner" or "company": the demo account acting for it
    arenas: frozenset[str] = frozenset()
    website: str = ""
    address: str = ""


# Websites and addresses, where a seed gives them or they are certain.
DETAILS: dict[str, dict[str, str]] = {
    "Bildungswerk der Wirtschaft Sachsen-Anhalt e. V.": {
        "website": "https://www.bwsa.de",
        "address": "Daniel-Vorländer-Straße 4\n06120 Halle (Saale)",
    },
    "IHK Leipzig": {"website": "https://www.leipzig.ihk.de"},
    "HTWK Leipzig": {"website": "https://www.htwk-leipzig.de"},
    "Universität Leipzig": {"website": "https://www.uni-leipzig.de"},
    "Universitetet i Bergen (UiB)": {"website": "https://www.uib.no"},
    "Høgskulen på Vestlandet (HVL)": {"website": "https://www.hvl.no"},
    "Innovasjon Norge (IN)": {"website": "https://www.innovasjonnorge.no"},
    "Bergen kommune": {"website": "https://www.bergen.kommune.no"},
}


FLAGS = frozenset({"example", "register", "role", "rep", "former", "left", "partner", "company"})


def organisations(table: str) -> tuple[OrgSpec, ...]:
    """Parse ``name | kind | NACE section | region code | annual budget | flags`` lines.

    Flags: ``example`` (not named in the seed), ``register`` (in the register, not a member),
    ``role:…``, ``rep:…`` (see REPRESENTATION), ``former:YEARS`` (a former member: it left at
    the end of the year that many years before today's),
    ``left:WEEKS`` (with ``rep:none``, ``rep:unauthorised`` or ``rep:ended``: its authorised
    principal left that many weeks before today; ``rep:none``: nobody named since,
    ``rep:unauthorised``: the successor has no authority, ``rep:ended``: the mandate ended then),
    ``partner`` / ``company`` (the demo account acts for it), ``@arena`` (member of that arena).
    """
    specs = []
    for line in filter(None, map(str.strip, table.splitlines())):
        name, kind, sector, region, budget, flags = (c.strip() for c in line.split("|"))
        opts = {key: value for key, _, value in (f.partition(":") for f in flags.split())}
        unknown = [key for key in opts if key not in FLAGS and not key.startswith("@")]
        if unknown or opts.get("rep", FULL) not in REPRESENTATION:
            raise ValueError(f"demo: bad flags in {line!r}")
        if "left" in opts and (
            opts.get("rep") not in LEFT_REPRESENTATION or not opts["left"].isdigit()
        ):
            raise ValueError(f"demo: bad flags in {line!r}")
        if "former" in opts and not opts["former"].isdigit():
            raise ValueError(f"demo: bad flags in {line!r}")
        specs.append(
            OrgSpec(
                name=name,
                kind=OrganisationKind(kind),
                sector=sector,
                region=region,
                budget=int(budget) if budget else None,
                rep=opts.get("rep"),
                member="register" not in opts,
                role=MembershipRole(opts.get("role", MembershipRole.PARTNER)),
                example="example" in opts,
                former=int(opts["former"]) if "former" in opts else None,
                left=int(opts["left"]) if "left" in opts else None,
                account=next((a for a in ("partner", "company") if a in opts), None),
                arenas=frozenset(key[1:] for key in opts if key.startswith("@")),
                **DETAILS.get(name, {}),
            )
        )
    return tuple(specs)


@dataclass(frozen=True)
class ArenaSpec:
    key: str  # organisations flagged ``@key`` are its members
    name: str
    kind: str
    mandate: str
    level: str = ArenaLevel.REGIONAL
    everyone: bool = False  # every active member instead


@dataclass(frozen=True)
class NetworkSpec:
    slug: str
    name: str
    language: str
    time_zone: str
    currency: str
    region: str
    since: dt.date
    description: str
    organisations: tuple[OrgSpec, ...]
    arenas: tuple[ArenaSpec, ...]
    federation: str | None = None
    names: str = "de"  # pool of invented names


LEITBILD = """\
# Gemeinsames Leitbild für die Netzwerke Fachkräftesicherung Barnim und Uckermark

## Wer sind wir?

Die Netzwerke Fachkräftesicherung Barnim und Uckermark sind freiwillige Zusammenschlüsse von \
Institutionen, kommunalen Verwaltungen sowie von Akteuren am Arbeits- und Ausbildungsmarkt, die \
sich dem Thema „Fachkräftesicherung“ widmen.

Wir verstehen uns als eine am Thema „Fachkräftesicherung“ ausgerichtete regionale \
Verantwortungsgemeinschaft mit sehr unterschiedlichen Partnern, die jeweils ihr Know-how und ihr \
Engagement in die Netzwerkarbeit einbringen. Die Netzwerke Fachkräftesicherung Barnim und \
Uckermark leben vom aktiven Mitwirken ihrer Mitglieder.

## Was wollen wir?

Unser Anliegen ist es, die gesamte Region Barnim-Uckermark für das Thema „Fachkräftesicherung“ \
dauerhaft zu sensibilisieren. Wir setzen uns insbesondere für die koordinierte und verbindliche \
frühzeitige Berufsorientierung ein.

Wir wollen in diesem Zusammenhang eigene Schwerpunktthemen und Impulse setzen und im Kreise der \
Netzwerkpartner abgestimmte Projekte durchführen, die mittel- und langfristig eine positive \
Wirkung auf die wirtschaftliche Entwicklung der Region wie auch auf deren Bekanntheitsgrad \
entwickeln.

## Wie arbeiten wir?

- Wir arbeiten vertrauensvoll und verlässlich zusammen.
- Wir pflegen eine kooperative und verbindliche Arbeitsweise.
- Wir vereinbaren strategische Ziele.
- Wir bearbeiten ein Jahresthema mit Projekten und legen dafür Verantwortlichkeiten fest.
- Wir treffen uns vierteljährlich zu einer Netzwerksitzung und pflegen den Austausch der \
Netzwerkpartner mit Experten/Gästen.
- Wir kommunizieren die Ergebnisse unserer Arbeit aktiv intern und extern.

### Jeder Netzwerkpartner

- ist bereit, Verantwortung für konkrete Projekte zu übernehmen,
- sorgt dafür, dass seine Institution jährlich ein festes Budget projektbezogen für die \
Netzwerkarbeit zur Verfügung stellt
- kommuniziert die Themen seiner Institution in die Netzwerkarbeit wie auch die Themen der \
Netzwerkarbeit in seine Institution und
- sorgt dafür, dass an jeder Netzwerksitzung ein entscheidungsbefugter Vertreter seiner/ihrer \
Institution teilnimmt.
"""

FEDERATIONS = {
    "barnim-uckermark": {
        "name": "Netzwerke Fachkräftesicherung Barnim und Uckermark",
        "charter": LEITBILD,
    }
}

_DE_EXAMPLES = (
    "\n\n*Die Quelle nennt keine einzelnen Partner: die Organisationen dieser Demo sind Beispiele.*"
)
_DE_ARENAS = (
    ArenaSpec(
        "plenum",
        "Netzwerksitzung",
        ArenaKind.PLENARY,
        "Die Netzwerkpartner treffen sich vierteljährlich zur Netzwerksitzung. Jede "
        "Partnerinstitution entsendet eine entscheidungsbefugte Vertretung. Die Sitzung "
        "vereinbart strategische Ziele, beschließt das Jahresthema mit seinen Projekten und "
        "legt die Verantwortlichkeiten fest.",
        everyone=True,
    ),
    ArenaSpec(
        "bo",
        "Arbeitsgruppe Berufsorientierung",
        ArenaKind.WORKING_GROUP,
        "Die Arbeitsgruppe bereitet das Jahresthema zur koordinierten und verbindlichen "
        "frühzeitigen Berufsorientierung vor und berichtet in jeder Netzwerksitzung.",
    ),
)

# Barnim's and Uckermark's members without an authorised representative had one until 12 to 17
# weeks ago (``left``): after the joint Leitbild meeting five months ago, which every member
# attended with authority (quorate, the rule is "all members"), and before the last meeting,
# eight to twelve weeks ago (meetings/demo_dates.py places the meetings so for any today; its
# tests check it).
BARNIM = NetworkSpec(
    slug="barnim",
    name="Netzwerk Fachkräftesicherung Barnim",
    language=Language.DE,
    time_zone=TimeZone.BERLIN,
    currency=Currency.EUR,
    region="DE-BB-BAR",
    since=dt.date(2014, 1, 1),
    federation="barnim-uckermark",
    description=(
        "Das Netzwerk Fachkräftesicherung Barnim ist ein freiwilliger Zusammenschluss von "
        "Institutionen, kommunalen Verwaltungen sowie von Akteuren am Arbeits- und "
        "Ausbildungsmarkt im Landkreis Barnim. Mit dem Netzwerk Uckermark teilt es ein "
        "gemeinsames Leitbild." + _DE_EXAMPLES
    ),
    organisations=organisations("""
        Landkreis Barnim – Kreisverwaltung | county | O | DE-BB-BAR | 10000 | example
        Agentur für Arbeit Eberswalde | employment_agency | O | DE-BB-BAR-eberswalde | 5000 | example @bo
        Jobcenter Barnim | employment_agency | O | DE-BB-BAR | 3000 | example
        Stadt Eberswalde | municipality | O | DE-BB-BAR-eberswalde | 5000 | example rep:full partner @bo
        Stadt Bernau bei Berlin | municipality | O | DE-BB-BAR-bernau | 5000 | example
        Hochschule für nachhaltige Entwicklung Eberswalde | university | P | DE-BB-BAR-eberswalde | 2500 | example
        IHK Ostbrandenburg – Regionalcenter Barnim | chamber | S | DE-BB-BAR | 3000 | example @bo
        Handwerkskammer Frankfurt (Oder) | chamber | S | DE-BB-BAR | 2500 | example rep:none left:12
        WITO Barnim GmbH | other | N | DE-BB-BAR-eberswalde | 4000 | example
        Oberstufenzentrum I Barnim | school | P | DE-BB-BAR-eberswalde | 1000 | example @bo
        DGB-Region Ostbrandenburg | trade_union | S | DE-BB | | example rep:unauthorised left:16
        Finowtaler Metallbau GmbH | company | C | DE-BB-BAR-eberswalde | 1500 | example rep:ended left:14
        Pflegeverbund Barnimer Land gGmbH | company | Q | DE-BB-BAR-bernau | 1000 | example
        Schorfheide Holzbau GmbH | company | F | DE-BB-BAR | | example register
        Bildungszentrum Finowkanal e. V. | training_provider | P | DE-BB-BAR | 800 | example former:3
    """),  # noqa: E501
    arenas=_DE_ARENAS,
)

UCKERMARK = NetworkSpec(
    slug="uckermark",
    name="Netzwerk Fachkräftesicherung Uckermark",
    language=Language.DE,
    time_zone=TimeZone.BERLIN,
    currency=Currency.EUR,
    region="DE-BB-UM",
    since=dt.date(2014, 1, 1),
    federation="barnim-uckermark",
    description=(
        "Das Netzwerk Fachkräftesicherung Uckermark ist ein freiwilliger Zusammenschluss von "
        "Institutionen, kommunalen Verwaltungen sowie von Akteuren am Arbeits- und "
        "Ausbildungsmarkt im Landkreis Uckermark. Mit dem Netzwerk Barnim teilt es ein "
        "gemeinsames Leitbild." + _DE_EXAMPLES
    ),
    organisations=organisations("""
        Landkreis Uckermark – Kreisverwaltung | county | O | DE-BB-UM-prenzlau | 10000 | example
        Agentur für Arbeit Eberswalde – Geschäftsstelle Prenzlau | employment_agency | O | DE-BB-UM-prenzlau | 4000 | example @bo
        Jobcenter Uckermark | employment_agency | O | DE-BB-UM | 3000 | example
        Stadt Prenzlau | municipality | O | DE-BB-UM-prenzlau | 4000 | example rep:full partner @bo
        Stadt Schwedt/Oder | municipality | O | DE-BB-UM-schwedt | 5000 | example @bo
        Stadt Templin | municipality | O | DE-BB-UM-templin | 2500 | example rep:none left:12
        Stadt Angermünde | municipality | O | DE-BB-UM-angermuende | 2500 | example
        Investor Center Uckermark GmbH | other | N | DE-BB-UM-schwedt | 4000 | example
        IHK Ostbrandenburg – Regionalcenter Uckermark | chamber | S | DE-BB-UM | 3000 | example
        Oberstufenzentrum Uckermark | school | P | DE-BB-UM-prenzlau | 1000 | example @bo
        Kreishandwerkerschaft Uckermark | employers_association | S | DE-BB-UM | 1000 | example rep:unauthorised left:17
        Uckermärker Agrar GmbH | company | A | DE-BB-UM-templin | 1500 | example rep:ended left:14
        Uckermark-Pflege gGmbH | company | Q | DE-BB-UM-schwedt | 1200 | example
        Oderland Logistik GmbH | company | H | DE-BB-UM-schwedt | | example register
    """),  # noqa: E501
    arenas=_DE_ARENAS,
)

_SN_GROUP = (
    "Die Arbeitsgruppe entwickelt gemeinsam mit den Unternehmen bedarfsgerechte Projekte und "
    "berichtet der Fachkräfteallianz über Problem, Ziele, Umsetzung und Erfolge."
)

NORDSACHSEN = NetworkSpec(
    slug="nordsachsen",
    name="Fachkräfteallianz Nordsachsen",
    language=Language.DE,
    time_zone=TimeZone.BERLIN,
    currency=Currency.EUR,
    region="DE-SN-TDO",
    since=dt.date(2016, 3, 1),
    description=(
        "Um die Fachkräftesituation in der Region zu analysieren, trifft sich die 2016 "
        "gegründete Fachkräfteallianz viermal jährlich in Unternehmen, die besonders vom "
        "Fachkräftemangel betroffen sind. Sie fragt Bedarfe ab, entscheidet über "
        "Vernetzungsangebote und Fördermaßnahmen. Ein besonderer Fokus gilt den Branchen der "
        "Land- und Ernährungswirtschaft sowie der Pflege.\n\n*Die Unternehmen und der "
        "Bauernverband in dieser Demo sind Beispiele.*"
    ),
    organisations=organisations("""
        Landkreis Nordsachsen | county | O | DE-SN-TDO-torgau | 25000 | @pflege
        WFG Landkreis Nordsachsen | other | N | DE-SN-TDO | 15000 | rep:full partner @agrar @mint
        Agentur für Arbeit Oschatz | employment_agency | O | DE-SN-TDO-oschatz | 5000 | @agrar @pflege
        IHK Leipzig | chamber | S | DE-SN-L | 3000 | @mint
        HTWK Leipzig | university | P | DE-SN-L | | @mint
        Universität Leipzig | university | P | DE-SN-L | | rep:none
        Stadtverwaltung Delitzsch | municipality | O | DE-SN-TDO-delitzsch | 3000 |
        Stadtverwaltung Torgau | municipality | O | DE-SN-TDO-torgau | 3000 |
        Stadtverwaltung Oschatz | municipality | O | DE-SN-TDO-oschatz | 2500 |
        Stadtverwaltung Eilenburg | municipality | O | DE-SN-TDO-eilenburg | 2500 |
        Stadtverwaltung Schkeuditz | municipality | O | DE-SN-TDO-schkeuditz | 2500 | rep:unauthorised
        Wirtschaftsförderung Sachsen | state_agency | N | DE-SN | | role:observer
        ZAROF | other | M | DE-SN-L | |
        Regionale Koordinierungsstelle für Berufs- und Studienorientierung (RKO) | other | P | DE-SN-TDO | |
        Bauernverband Nordsachsen e. V. | employers_association | A | DE-SN-TDO | 1000 | example @agrar
        Agrargenossenschaft Dahlener Heide eG | company | A | DE-SN-TDO | 800 | example rep:ended @agrar
        Eilenburger Präzisionstechnik GmbH | company | C | DE-SN-TDO-eilenburg | 1000 | example company @mint
        Pflegedienst Muldenaue gGmbH | company | Q | DE-SN-TDO-eilenburg | 800 | example @pflege
        Logistikzentrum Schkeuditz-Nord GmbH | company | H | DE-SN-TDO-schkeuditz | | example register
        Landgasthof Elbaue GmbH | company | I | DE-SN-TDO-torgau | | example register
    """),  # noqa: E501
    arenas=(
        ArenaSpec(
            "plenum",
            "Sitzung der Fachkräfteallianz",
            ArenaKind.PLENARY,
            "Die Fachkräfteallianz trifft sich viermal jährlich in Unternehmen, die besonders "
            "vom Fachkräftemangel betroffen sind. Sie fragt Bedarfe ab und entscheidet über "
            "Vernetzungsangebote und Fördermaßnahmen.",
            everyone=True,
        ),
        ArenaSpec(
            "agrar",
            "Arbeitsgruppe Land- und Ernährungswirtschaft",
            ArenaKind.WORKING_GROUP,
            _SN_GROUP,
        ),
        ArenaSpec("pflege", "Arbeitsgruppe Pflege", ArenaKind.WORKING_GROUP, _SN_GROUP),
        ArenaSpec("mint", "Arbeitsgruppe MINT", ArenaKind.WORKING_GROUP, _SN_GROUP),
    ),
)

ZUKUNFT_BEWEGEN = NetworkSpec(
    slug="zukunft-bewegen",
    name="Zukunft bewegen – Regionales Netzwerk Südliches Sachsen-Anhalt",
    language=Language.DE,
    time_zone=TimeZone.BERLIN,
    currency=Currency.EUR,
    region="DE-ST",
    since=dt.date(2012, 10, 1),
    description=(
        "Das Projekt „Zukunft bewegen – Regionales Netzwerk Südliches Sachsen-Anhalt“ will zur "
        "Stärkung der Weiterbildungsbeteiligung von Beschäftigten in neun Kommunalverwaltungen "
        "im Süden Sachsen-Anhalts beitragen und Prozesse des lebenslangen Lernens "
        "unterstützen. Projektdurchführung: Bildungswerk der Wirtschaft Sachsen-Anhalt e. V., "
        "Projektpartner: AFoS e. V. (Laufzeit des Projekts 01.10.2012 – 31.12.2014).\n\n"
        "*Die Quelle nennt die neun Kommunen nicht: die Kommunen dieser Demo sind Beispiele.*"
    ),
    organisations=organisations("""
        Bildungswerk der Wirtschaft Sachsen-Anhalt e. V. | training_provider | P | DE-ST-HAL | 5000 | rep:full @lenkung @pe
        AFoS e. V. Verein zur Förderung von Frauen und Jugendlichen | association | S | DE-ST | 2000 | @lenkung
        Stadt Naumburg (Saale) | municipality | O | DE-ST-BLK-naumburg | 3000 | example @lenkung
        Stadt Weißenfels | municipality | O | DE-ST-BLK-weissenfels | 3500 | example rep:full partner @pe
        Stadt Zeitz | municipality | O | DE-ST-BLK-zeitz | 3000 | example @pe
        Stadt Merseburg | municipality | O | DE-ST-SK-merseburg | 3000 | example @lenkung
        Stadt Leuna | municipality | O | DE-ST-SK-leuna | 2500 | example rep:none
        Stadt Querfurt | municipality | O | DE-ST-SK-querfurt | 2000 | example rep:unauthorised
        Stadt Sangerhausen | municipality | O | DE-ST-MSH-sangerhausen | 3000 | example @lenkung
        Lutherstadt Eisleben | municipality | O | DE-ST-MSH-eisleben | 3000 | example @pe
        Stadt Hettstedt | municipality | O | DE-ST-MSH-hettstedt | 2000 | example @pe
    """),  # noqa: E501
    arenas=(
        ArenaSpec(
            "plenum",
            "Regionales Netzwerktreffen",
            ArenaKind.PLENARY,
            "Die Kommunalverwaltungen tauschen Erfahrungen aus, stimmen die "
            "Weiterbildungsplanung ab und beschließen gemeinsame Schritte, damit das Netzwerk "
            "die Entwicklungsprozesse für die gesamte Region des südlichen Sachsen-Anhalt "
            "positiv beeinflusst.",
            everyone=True,
        ),
        ArenaSpec(
            "lenkung",
            "Lenkungsgruppe",
            ArenaKind.STEERING_GROUP,
            "Die Lenkungsgruppe steuert das Netzwerk zwischen den Netzwerktreffen und bereitet "
            "deren Beschlüsse vor.",
        ),
        ArenaSpec(
            "pe",
            "Arbeitsgruppe Personalentwicklung",
            ArenaKind.WORKING_GROUP,
            "Qualifizierung als Teil der Personalentwicklung (TVöD § 5): Die Arbeitsgruppe "
            "entwickelt Instrumente, mit denen der Weiterbildungsprozess nach Projektende "
            "verstetigt wird.",
        ),
    ),
)

_HL_MANDATE = (
    "Samordne aktivitetar og arenaer for utvikling av kompetanse og karriererettleiing i "
    "fylket. Sikre betre informasjonsflyt. Leggje til rette for tettare samarbeid om tiltak "
    "som kan bidra til å nå måla i regional plan for kompetanse og arbeidskraft."
)
_HL_LOCAL = (
    "Lokal samarbeidsarena som sikrar at geografiske skilnader i fylket blir tekne omsyn til. "
)

HORDALAND = NetworkSpec(
    slug="hordaland",
    name="Hordaland – samarbeidsmodell for kompetanse og arbeidskraft",
    language=Language.NN,
    time_zone=TimeZone.OSLO,
    currency=Currency.NOK,
    region="NO-12",
    since=dt.date(2018, 1, 1),
    names="no",
    description=(
        "Samarbeidsmodellen skal dekke dei viktigaste sektorane i fylket og ta omsyn til "
        "geografiske skilnader gjennom å sikre gode samarbeidsarenaer på lokalt nivå. "
        "Samarbeidet må gjerast gjensidig forpliktande.\n\n*Kommunane utanom Bergen, Karriere "
        "Hordaland, fagskulen og bedrifta i denne demoen er døme.*"
    ),
    organisations=organisations("""
        Hordaland fylkeskommune | county | O | NO-12 | 500000 | @styring @sunn @voss
        Universitetet i Bergen (UiB) | university | P | NO-4601 | 100000 | @styring
        Høgskulen på Vestlandet (HVL) | university | P | NO-4601 | 100000 | @styring @sunn
        NAV Hordaland | employment_agency | O | NO-12 | 150000 | @styring @sunn @voss
        Innovasjon Norge (IN) | state_agency | N | NO-12 | 100000 | @styring
        NHO Hordaland | employers_association | S | NO-12 | 50000 | @styring
        LO i Hordaland | trade_union | S | NO-12 | 50000 | @styring
        Bergen kommune | municipality | O | NO-4601 | 200000 | rep:full partner @styring
        Karriere Hordaland | other | P | NO-12 | | example
        Stord kommune | municipality | O | NO-12-stord | 40000 | example @sunn
        Voss herad | municipality | O | NO-12-voss | 40000 | example @voss
        Askøy kommune | municipality | O | NO-12-askoy | 40000 | example rep:none
        Fagskulen i Hordaland | training_provider | P | NO-4601 | 30000 | example rep:unauthorised @voss
        Vestlandsk Havteknologi AS | company | C | NO-4601 | | example register
    """),  # noqa: E501
    arenas=(
        ArenaSpec(
            "styring",
            "Styringsgruppa",
            ArenaKind.STEERING_GROUP,
            "Styringsgruppa omfattar øvste leiarnivå hjå dei viktigaste aktørane. Ho gjev "
            "styringssignal for vidare utvikling av samarbeidsmodellen og gjer vedtak om "
            "samarbeidsmodell etter innspel frå referansegruppa.",
        ),
        ArenaSpec(
            "referanse",
            "Referansegruppa",
            ArenaKind.REFERENCE_GROUP,
            "Ei breitt samansett referansegruppe som gjev innspel til forslag til "
            "samarbeidsmodell og tek ansvar for ein brei diskusjon om endringsdrivarar og "
            "framtidige kompetansebehov.",
            everyone=True,
        ),
        ArenaSpec(
            "fylke", "Samarbeidsarena på fylkesnivå", ArenaKind.PLENARY, _HL_MANDATE, everyone=True
        ),
        ArenaSpec(
            "sunn",
            "Lokal arena Sunnhordland",
            ArenaKind.LOCAL_ARENA,
            _HL_LOCAL + _HL_MANDATE,
            ArenaLevel.LOCAL,
        ),
        ArenaSpec(
            "voss",
            "Lokal arena Voss og Hardanger",
            ArenaKind.LOCAL_ARENA,
            _HL_LOCAL + _HL_MANDATE,
            ArenaLevel.LOCAL,
        ),
    ),
)

MORE_OG_ROMSDAL = NetworkSpec(
    slug="more-og-romsdal",
    name="Møre og Romsdal – partnarskap for kompetanse",
    language=Language.NN,
    time_zone=TimeZone.OSLO,
    currency=Currency.NOK,
    region="NO-15",
    since=dt.date(2018, 1, 1),
    names="no",
    description=(
        "Samarbeid som fungerer godt har nokre felles kjenneteikn: partane har eit felles mål "
        "som skal nåast, samarbeidet er formalisert med fastsette møtetidspunkt, og "
        "deltakarane har fullmakter til å forplikte organisasjonen dei representerer.\n\n"
        "*Kjelda nemner ingen partnarar: organisasjonane i denne demoen er døme.*"
    ),
    organisations=organisations("""
        Møre og Romsdal fylkeskommune | county | O | NO-15 | 400000 | @kunnskap
        NAV Møre og Romsdal | employment_agency | O | NO-15 | 100000 | example @kunnskap
        NTNU i Ålesund | university | P | NO-1508 | 80000 | example @kunnskap
        Høgskulen i Volda | university | P | NO-15-volda | 60000 | example @kunnskap
        Høgskolen i Molde | university | P | NO-1506 | 60000 | example
        Ålesund kommune | municipality | O | NO-1508 | 80000 | example rep:full partner
        Molde kommune | municipality | O | NO-1506 | 60000 | example rep:unauthorised
        Kristiansund kommune | municipality | O | NO-1505 | 60000 | example rep:none
        NHO Møre og Romsdal | employers_association | S | NO-15 | 40000 | example
        LO i Møre og Romsdal | trade_union | S | NO-15 | 40000 | example
        Innovasjon Noreg Møre og Romsdal | state_agency | N | NO-15 | | example role:observer
        Sunnmøre Maritime Komponentar AS | company | C | NO-1508 | | example register
    """),
    arenas=(
        ArenaSpec(
            "partnarskap",
            "Partnarskap for kompetanse",
            ArenaKind.PLENARY,
            "Partnarskapet er ein forpliktande møteplass med fastsette møtetidspunkt. "
            "Deltakarane skal ha fullmakter til å forplikte organisasjonen dei representerer, "
            "og partnarskapet blir einig om felles mål å arbeide mot.",
            everyone=True,
        ),
        ArenaSpec(
            "kunnskap",
            "Arbeidsgruppe for kunnskapsgrunnlag",
            ArenaKind.WORKING_GROUP,
            "Arbeidsgruppa sørgjer for at kunnskapsgrunnlaget som sakene byggjer på er kjent "
            "for alle deltakarane før kvart møte.",
        ),
    ),
)

OSTFOLD = NetworkSpec(
    slug="ostfold",
    name="Østfold – regionalt kompetansesamarbeid",
    language=Language.NB,
    time_zone=TimeZone.OSLO,
    currency=Currency.NOK,
    region="NO-31",
    since=dt.date(2017, 6, 1),
    names="no",
    description=(
        "Forankring og involvering, etablering av møteplass og nettverk og styrking av "
        "kunnskapsgrunnlaget er det som har vært vellykket. Aktørene må føle seg forpliktet "
        "og være villige til å sette av tid, jobbe mellom møtene og ta arbeidet inn i egen "
        "organisasjon.\n\n*Kilden nevner ingen partnere: organisasjonene i denne demoen er "
        "eksempler.*"
    ),
    organisations=organisations("""
        Østfold fylkeskommune | county | O | NO-31 | 400000 | @styring @kunnskap
        NAV Østfold | employment_agency | O | NO-31 | 100000 | example @styring @kunnskap
        Høgskolen i Østfold | university | P | NO-3101 | 60000 | example @styring @kunnskap
        Fredrikstad kommune | municipality | O | NO-3107 | 80000 | example rep:full partner @styring
        Sarpsborg kommune | municipality | O | NO-3105 | 70000 | example
        Halden kommune | municipality | O | NO-3101 | 50000 | example rep:ended
        Moss kommune | municipality | O | NO-3103 | 50000 | example rep:none
        NHO Østfold | employers_association | S | NO-31 | 40000 | example @styring
        LO i Østfold | trade_union | S | NO-31 | 40000 | example @styring
        Karrieresenter Østfold | other | P | NO-3105 | | example
        Glommen Prosessteknikk AS | company | C | NO-3105 | | example register
    """),
    arenas=(
        ArenaSpec(
            "forum",
            "Kompetanseforum Østfold",
            ArenaKind.PLENARY,
            "Møteplass og nettverk for regional kompetansepolitikk. Forumet samarbeider om "
            "konkrete oppgaver som gir resultater raskt, og følger opp beslutninger som er "
            "fattet.",
            everyone=True,
        ),
        ArenaSpec(
            "styring",
            "Styringsgruppe for regional kompetansepolitikk",
            ArenaKind.STEERING_GROUP,
            "Styringsgruppen sikrer forankring og forpliktelser hos toppledelsen, avklarer "
            "ansvar og roller mellom kommune, fylke og stat og setter av dedikerte ressurser.",
        ),
        ArenaSpec(
            "kunnskap",
            "Arbeidsgruppe for kunnskapsgrunnlag",
            ArenaKind.WORKING_GROUP,
            "Arbeidsgruppen sammenstiller nasjonale og regionale data til et felles, pålitelig "
            "kunnskapsgrunnlag om etterspørselen etter arbeidskraft.",
        ),
    ),
)

# Member fees in SEK are invented, roughly by population.
NORRBOTTEN = NetworkSpec(
    slug="norrbotten",
    name="Kommunförbundet Norrbotten",
    language=Language.SV,
    time_zone=TimeZone.STOCKHOLM,
    currency=Currency.SEK,
    region="SE-BD",
    since=dt.date(2015, 1, 1),
    names="sv",
    description=(
        "Kommunförbundet Norrbotten är en fristående intresseorganisation som ägs av länets 14 "
        "kommuner. Förbundets grunduppdrag är att i nära samarbete med medlemmarna, "
        "organisera, driva och utveckla arenor och nätverk för dialog och "
        "kunskapsutveckling.\n\n*Personerna i denna demo är påhittade.*"
    ),
    organisations=organisations("""
        Arvidsjaurs kommun | municipality | O | SE-2505 | 100000 | role:member
        Arjeplogs kommun | municipality | O | SE-2506 | 45000 | role:member rep:none
        Jokkmokks kommun | municipality | O | SE-2510 | 80000 | role:member @kompetens
        Överkalix kommun | municipality | O | SE-2513 | 50000 | role:member rep:ended
        Kalix kommun | municipality | O | SE-2514 | 250000 | role:member @styrelse
        Övertorneå kommun | municipality | O | SE-2518 | 70000 | role:member
        Pajala kommun | municipality | O | SE-2521 | 95000 | role:member rep:unauthorised
        Gällivare kommun | municipality | O | SE-2523 | 280000 | role:member @styrelse
        Älvsbyns kommun | municipality | O | SE-2560 | 125000 | role:member @kompetens
        Luleå kommun | municipality | O | SE-2580 | 1250000 | role:member @styrelse @kompetens
        Piteå kommun | municipality | O | SE-2581 | 660000 | role:member rep:full partner @styrelse @kompetens
        Bodens kommun | municipality | O | SE-2582 | 450000 | role:member @styrelse @kompetens
        Haparanda stad | municipality | O | SE-2583 | 145000 | role:member @styrelse
        Kiruna kommun | municipality | O | SE-2584 | 370000 | role:member @styrelse
        Region Norrbotten | county | O | SE-BD | | register
        IT Norrbotten | company | J | SE-2580 | | register
        Luleå tekniska universitet | university | P | SE-2580 | | example register
    """),  # noqa: E501
    arenas=(
        ArenaSpec(
            "fullmaktige",
            "Förbundsfullmäktige",
            ArenaKind.ASSEMBLY,
            "Förbundsfullmäktige är förbundets högsta beslutande organ. Inriktningen omsätts "
            "årligen till verksamhetsplan och budget som föreläggs styrelsen och "
            "förbundsfullmäktige för beslut.",
            everyone=True,
        ),
        ArenaSpec(
            "styrelse",
            "Styrelsen",
            ArenaKind.BOARD,
            "Styrelsen leder förbundets arbete, bereder ärenden till förbundsfullmäktige och "
            "utvecklar dialogen med beredningarna och med medlemmarna.",
        ),
        ArenaSpec(
            "kompetens",
            "Nätverk för kompetensförsörjning",
            ArenaKind.WORKING_GROUP,
            "Nätverket delger kommunvisa kompetensförsörjningsplaner och utvecklar samarbetet "
            "inom utbildningsområdet.",
        ),
    ),
)

NETWORKS: tuple[NetworkSpec, ...] = (
    BARNIM,
    UCKERMARK,
    NORDSACHSEN,
    ZUKUNFT_BEWEGEN,
    HORDALAND,
    MORE_OG_ROMSDAL,
    OSTFOLD,
    NORRBOTTEN,
)
