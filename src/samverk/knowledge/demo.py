"""Demo data of the knowledge base, all through the services an upload or a respondent uses:

* Norrbotten's 14 municipal competence-supply plans as studies (invented summaries, marked as
  examples, linking to example.org), every second shared with all networks;
* Nordsachsen's company needs survey: its member companies invited, three quarters answered
  (example figures; the results page shows suppressed cells);

and two small tables in the offices' own formats with **example values** (their titles and
notes say so; the codes are real):

* Norrbotten: employed persons by municipality (the 14 municipalities, kommunkod), sex and
  year, as a JSON-stat 2.0 document in the layout of SCB's PxWebApi;
* Nordsachsen: employees subject to social insurance by district (AGS) and year, as a
  PC-Axis file (iso-8859-1, as German PxWeb exports are)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from samverk.core.models import Network
from samverk.knowledge import formats, services
from samverk.knowledge.models import DataSet

if TYPE_CHECKING:
    from samverk.accounts.models import User

NORRBOTTEN = {
    "2505": "Arvidsjaur",
    "2506": "Arjeplog",
    "2510": "Jokkmokk",
    "2513": "Överkalix",
    "2514": "Kalix",
    "2518": "Övertorneå",
    "2521": "Pajala",
    "2523": "Gällivare",
    "2560": "Älvsbyn",
    "2580": "Luleå",
    "2581": "Piteå",
    "2582": "Boden",
    "2583": "Haparanda",
    "2584": "Kiruna",
}
NORDSACHSEN = {"14730": "Nordsachsen", "14729": "Landkreis Leipzig", "14713": "Leipzig, Stadt"}


def _years(today: dt.date) -> list[str]:
    return [str(today.year - 3 + i) for i in range(3)]


def _value(code: str, year: int, share: float = 1.0) -> int:
    """A stable example number for a code and year (not a statistic): a size per code that
    grows by about one per cent a year."""
    base = 800 + sum(ord(c) * (i + 1) for i, c in enumerate(code)) * 131 % 20000
    return round(base * share * (1 + 0.01 * (year % 10)))


def norrbotten_jsonstat(today: dt.date) -> bytes:
    years = _years(today)
    sexes = {"1": "män", "2": "kvinnor"}
    values = [
        _value(code, int(year), 0.52 if sex == "1" else 0.48)
        for code in NORRBOTTEN
        for sex in sexes
        for year in years
    ]
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Förvärvsarbetande efter kommun, kön och år (exempelvärden)",
        "source": "Exempel i SCB:s format",
        "updated": today.isoformat(),
        "id": ["Region", "Kon", "Tid"],
        "size": [len(NORRBOTTEN), len(sexes), len(years)],
        "role": {"geo": ["Region"], "time": ["Tid"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": list(NORRBOTTEN),
                    "label": {code: f"{code} {name}" for code, name in NORRBOTTEN.items()},
                },
            },
            "Kon": {"label": "kön", "category": {"index": list(sexes), "label": sexes}},
            "Tid": {"label": "år", "category": {"index": years}},
        },
        "value": values,
    }
    return json.dumps(document, ensure_ascii=False).encode()


def nordsachsen_px(today: dt.date) -> bytes:
    years = _years(today)
    codes = ",".join(f'"{code}"' for code in NORDSACHSEN)
    names = ",".join(f'"{name}"' for name in NORDSACHSEN.values())
    data = "\n".join(
        " ".join(str(_value(code, int(year))) for year in years) for code in NORDSACHSEN
    )
    text = (
        'CHARSET="ANSI";\nCODEPAGE="iso-8859-1";\nLANGUAGE="de";\n'
        'TITLE="Sozialversicherungspflichtig Beschäftigte nach Kreis (Beispielwerte)";\n'
        'SOURCE="Beispiel im Format der Statistischen Landesämter";\n'
        'UNITS="Personen";\nSTUB="Kreis";\nHEADING="Jahr";\n'
        f'VALUES("Kreis")={names};\nVALUES("Jahr")={",".join(f"{y!r}" for y in years)};\n'
        f'CODES("Kreis")={codes};\nTIMEVAL("Jahr")=TLIST(A1),{",".join(f"{y!r}" for y in years)};\n'
        f"DATA=\n{data};\n"
    ).replace("'", '"')
    return text.encode("iso-8859-1")


def _load(
    actor: User,
    network: Network,
    name: str,
    data: bytes,
    roles: dict[str, str],
    licence: str,
    today: dt.date,
) -> None:
    if DataSet.objects.filter(network=network).exists():
        return
    [table] = formats.read(name, data)
    noon = dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.UTC)
    services.import_vintage(
        actor=actor,
        network=network,
        table=table,
        source_format=formats.sniff(name, data),
        original_name=name,
        label=f"{today.year}-{today.month:02d}",
        roles=roles,
        title=table.title,
        publisher=table.source,
        licence=licence,
        now=noon,
    )


def load(*, actor: User, today: dt.date) -> None:
    norrbotten = Network.objects.filter(slug="norrbotten").first()
    if norrbotten is not None:
        _studies(actor, norrbotten, today)
        _load(
            actor,
            norrbotten,
            "forvarvsarbetande.json",
            norrbotten_jsonstat(today),
            {"Region": "region", "Kon": "sex", "Tid": "time"},
            "CC0 (exempel)",
            today,
        )
    nordsachsen = Network.objects.filter(slug="nordsachsen").first()
    if nordsachsen is not None:
        _survey(actor, nordsachsen, today)
        _load(
            actor,
            nordsachsen,
            "beschaeftigte.px",
            nordsachsen_px(today),
            {"Kreis": "region", "Jahr": "time"},
            "dl-de/by-2-0 (Beispiel)",
            today,
        )


# --- studies and a company needs survey ------------------------------------------------------

NEEDS = (
    "undersköterskor och sjuksköterskor",
    "lärare i grundskolan och förskolan",
    "ingenjörer inom gruv- och stålindustrin",
    "elektriker och installatörer",
    "fordonsmekaniker och maskinförare",
    "IT-utvecklare",
    "kockar och restaurangpersonal",
)


def _studies(actor: User, network: Network, today: dt.date) -> None:
    from samverk.knowledge import study_services
    from samverk.knowledge.models import Study

    if Study.objects.filter(network=network).exists():
        return
    year = today.year - 1
    for index, (code, name) in enumerate(NORRBOTTEN.items()):
        first, second = NEEDS[index % len(NEEDS)], NEEDS[(index + 3) % len(NEEDS)]
        study_services.add_study(
            actor=actor,
            network=network,
            title=f"Kompetensförsörjningsplan {name} kommun {year}",
            year=year,
            language="sv",
            publisher=f"{name} kommun",
            summary=(
                f"Exempel: {name} kommun beskriver sitt behov av {first} och {second} "
                "de kommande fem åren, pensionsavgångar och hur kommunen vill rekrytera, "
                "utbilda och behålla personal. (Påhittad sammanfattning för demon.)"
            ),
            topics="kompetensförsörjning, rekrytering, kommun",
            url=f"https://example.org/norrbotten/{code}/kompetensforsorjningsplan.pdf",
            visibility="shared" if index % 2 == 0 else "internal",
            regions=[],
            is_example=True,
        )


def _survey(actor: User, network: Network, today: dt.date) -> None:
    from samverk.classifications.demo import ensure_demo_groups
    from samverk.knowledge import survey_services
    from samverk.knowledge.models import Invitation, Survey
    from samverk.networks.forms import current_members, network_regions
    from samverk.networks.models import Organisation

    if Survey.objects.filter(network=network).exists():
        return
    groups = ensure_demo_groups()
    occupations = [groups[code] for code in ("2221", "5321", "7212", "7411", "8322")]
    survey = survey_services.create_survey(
        actor=actor,
        network=network,
        title=f"Fachkräftebedarf der Unternehmen {today.year}",
        intro="Wie viele Fachkräfte suchen Sie jetzt, und wie viele in den nächsten zwei Jahren?",
        deadline=today + dt.timedelta(days=30),
        occupations=occupations,
    )
    companies = list(
        current_members(network).filter(kind="company").order_by("name").prefetch_related("people")
    )
    # the member companies, and other employers of the region by address (invented)
    others = [(f"Beispielbetrieb {n} (Beispiel)", f"betrieb{n}@example.org") for n in range(1, 16)]
    survey_services.invite(actor=actor, survey=survey, organisations=companies, addresses=others)
    survey_services.open_survey(actor=actor, survey=survey, today=today)
    places = list(network_regions(network).filter(level="municipality")[:4]) or [None]
    invitations = list(Invitation.objects.filter(survey=survey).order_by("pk"))
    regions = {
        o.pk: o.region
        for o in Organisation.objects.filter(pk__in=[i.organisation_id for i in invitations])
    }
    for number, invitation in enumerate(invitations):
        if number % 4 == 3:  # a quarter has not answered yet
            continue
        lines = [
            survey_services.Line(
                occupation,
                vacancies=(number * 3 + position * 5) % 7,
                hires_12=(number * 5 + position * 3) % 9,
                hires_24=(number * 7 + position * 2) % 12,
            )
            for position, occupation in enumerate(occupations)
        ]
        survey_services.answer(
            token=invitation.token,
            lines=lines,
            region=regions.get(invitation.organisation_id or 0) or places[number % len(places)],
            difficulties=("some", "severe", "none")[number % 3],
            training_needs="Deutschkurse für internationale Fachkräfte" if number % 5 == 0 else "",
            today=today,
        )
