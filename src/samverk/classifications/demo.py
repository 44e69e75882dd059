"""The ISCO-08 groups the demo's job offers need, without the ESCO download: ``make run`` works
on a fresh machine, where nobody imported ESCO (``samverk import_esco``) and the shared data
folder is absent. ``ensure_demo_groups()`` creates each unit group with its whole chain (major,
sub-major, minor group) where it is missing and leaves existing rows — e.g. from a real
import — as they are. It reads neither files nor the clock.

The English labels are ESCO's (``ISCOGroups_en.csv``, checked by the tests); the German ones
are the German ISCO-08 titles (Statistisches Bundesamt's translation).
"""

from __future__ import annotations

from django.db import transaction

from samverk.classifications.models import IscoGroup

__all__ = ["DEMO_GROUPS", "DEMO_UNIT_GROUPS", "ensure_demo_groups"]

# code → (English, German)
DEMO_GROUPS: dict[str, tuple[str, str]] = {
    "2": ("Professionals", "Akademische Berufe"),
    "21": (
        "Science and engineering professionals",
        "Naturwissenschaftler, Mathematiker und Ingenieure",
    ),
    "214": (
        "Engineering professionals (excluding electrotechnology)",
        "Ingenieure (ohne Elektrotechnik)",
    ),
    "2144": ("Mechanical engineers", "Maschinenbauingenieure"),
    "22": ("Health professionals", "Akademische und verwandte Gesundheitsberufe"),
    "222": (
        "Nursing and midwifery professionals",
        "Akademische und vergleichbare Krankenpflege- und Geburtshilfefachkräfte",
    ),
    "2221": ("Nursing professionals", "Akademische und vergleichbare Krankenpflegefachkräfte"),
    "25": (
        "Information and communications technology professionals",
        "Akademische und vergleichbare Fachkräfte in der Informations- und "
        "Kommunikationstechnologie",
    ),
    "251": (
        "Software and applications developers and analysts",
        "Entwickler und Analytiker von Software und Anwendungen",
    ),
    "2512": ("Software developers", "Softwareentwickler"),
    "3": (
        "Technicians and associate professionals",
        "Techniker und gleichrangige nichttechnische Berufe",
    ),
    "31": (
        "Science and engineering associate professionals",
        "Ingenieurtechnische und vergleichbare Fachkräfte",
    ),
    "311": (
        "Physical and engineering science technicians",
        "Material- und ingenieurtechnische Fachkräfte",
    ),
    "3115": ("Mechanical engineering technicians", "Maschinenbautechniker"),
    "33": (
        "Business and administration associate professionals",
        "Nicht akademische betriebswirtschaftliche und kaufmännische Fachkräfte",
    ),
    "331": (
        "Financial and mathematical associate professionals",
        "Nicht akademische Fachkräfte im Bereich Finanzen und mathematische Verfahren",
    ),
    "3313": (
        "Accounting associate professionals",
        "Nicht akademische Fachkräfte im Rechnungswesen",
    ),
    "5": ("Service and sales workers", "Dienstleistungsberufe und Verkäufer"),
    "51": (
        "Personal service workers",
        "Berufe im Bereich personenbezogener Dienstleistungen",
    ),
    "512": ("Cooks", "Köche"),
    "5120": ("Cooks", "Köche"),
    "53": ("Personal care workers", "Betreuungsberufe"),
    "532": ("Personal care workers in health services", "Betreuungsberufe im Gesundheitswesen"),
    "5321": ("Health care assistants", "Pflegehelfer"),
    "7": ("Craft and related trades workers", "Handwerks- und verwandte Berufe"),
    "71": (
        "Building and related trades workers, excluding electricians",
        "Bau- und Ausbaufachkräfte sowie verwandte Berufe, ausgenommen Elektriker",
    ),
    "712": (
        "Building finishers and related trades workers",
        "Ausbaufachkräfte und verwandte Berufe",
    ),
    "7126": ("Plumbers and pipe fitters", "Installateure und Rohrleitungsbauer"),
    "72": (
        "Metal, machinery and related trades workers",
        "Metallarbeiter, Mechaniker und verwandte Berufe",
    ),
    "721": (
        "Sheet and structural metal workers, moulders and welders, and related workers",
        "Blechkaltverformer, Baumetallverformer, Former (für Metallguss), Schweißer und "
        "verwandte Berufe",
    ),
    "7212": ("Welders and flamecutters", "Schweißer und Brennschneider"),
    "723": ("Machinery mechanics and repairers", "Maschinenmechaniker und -schlosser"),
    "7231": ("Motor vehicle mechanics and repairers", "Kraftfahrzeugmechaniker und -schlosser"),
    "74": ("Electrical and electronic trades workers", "Elektriker und Elektroniker"),
    "741": (
        "Electrical equipment installers and repairers",
        "Elektroinstallateure und -mechaniker",
    ),
    "7411": ("Building and related electricians", "Elektroinstallateure"),
    "8": (
        "Plant and machine operators and assemblers",
        "Bediener von Anlagen und Maschinen und Montageberufe",
    ),
    "83": ("Drivers and mobile plant operators", "Fahrzeugführer und Bediener mobiler Anlagen"),
    "832": ("Car, van and motorcycle drivers", "Kraftfahrzeugführer"),
    "8322": ("Car, taxi and van drivers", "Pkw-, Taxi- und Kleintransporterfahrer"),
}

DEMO_UNIT_GROUPS = tuple(code for code in DEMO_GROUPS if len(code) == 4)


@transaction.atomic
def ensure_demo_groups() -> dict[str, IscoGroup]:
    """Every group of ``DEMO_GROUPS`` (created where missing, parents first), by code."""
    groups: dict[str, IscoGroup] = {}
    for code in sorted(DEMO_GROUPS, key=lambda code: (len(code), code)):
        english, german = DEMO_GROUPS[code]
        groups[code], _created = IscoGroup.objects.get_or_create(
            code=code,
            defaults={
                "level": len(code),
                "label": english,
                "labels": {"en": english, "de": german},
                "uri": f"http://data.europa.eu/esco/isco/C{code}",
                "parent": groups[code[:-1]] if len(code) > 1 else None,
            },
        )
    return groups
