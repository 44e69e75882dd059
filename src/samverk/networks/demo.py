"""The demo data: one network for every system in the seed documents.

``samverk demo`` (networks/management/commands/demo.py) loads it through the service functions.
Names, places and kinds of partner come from the seeds (``shared/seeds``). Where a seed names
no organisations, the demo invents plausible ones and marks them ``is_example``. People are
invented. Official codes (AGS, kommunenummer, kommunkod, NUTS) are given only where certain;
everything else is left blank.

The regions, organisations, arenas and networks are in ``samverk.networks.demo_data`` and
re-exported here; this module adds the invented people and the demo accounts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from samverk.core.choices import RoleKind
from samverk.networks.demo_data import (
    CHANGED,
    ENDED,
    FEDERATIONS,
    FULL,
    NETWORKS,
    NONE,
    PRINCIPAL,
    REGIONS,
    REPRESENTATION,
    UNAUTHORISED,
    ArenaSpec,
    NetworkSpec,
    OrgSpec,
    RegionSpec,
    organisations,
)

__all__ = [
    "ADMIN_EMAIL",
    "CHANGED",
    "EARLIEST_TODAY",
    "ENDED",
    "FEDERATIONS",
    "FULL",
    "NAMES",
    "NETWORKS",
    "NONE",
    "PASSWORD",
    "PRINCIPAL",
    "REGIONS",
    "REPRESENTATION",
    "TIME_ZONE",
    "UNAUTHORISED",
    "ArenaSpec",
    "DemoAccount",
    "NetworkSpec",
    "OrgSpec",
    "RegionSpec",
    "accounts",
    "email",
    "organisations",
    "people",
]

# The demo is loaded as it is on a given day ("today"). Its networks keep Central European
# Time (Berlin, Oslo, Stockholm: the same day at every moment), so one today serves them all.
TIME_ZONE = "Europe/Berlin"
# Its networks were founded by 2018 and its members have worked together for years by today:
# the demo is made for a today from 2020 on (any later day).
EARLIEST_TODAY = dt.date(2020, 1, 1)

PASSWORD = "samverk-demo"  # noqa: S105 -- published on purpose: demo accounts only
ADMIN_EMAIL = "admin@example.org"

# --- invented people ---------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


# First names and surnames: 30 and 31 (coprime), so pairs repeat only after 930 people.
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "de": (
        _words("""Anja Katrin Sabine Jens Thomas Matthias Claudia Stefan Ines Frank Heike Ronny
            Sandra Uwe Franziska Tobias Kerstin Marco Susanne Andreas Juliane René Doreen Peter
            Manuela Sven Birgit Lars Christin Mario"""),
        _words("""Schulze Wendt Krüger Lehmann Neumann Richter Hoffmann Schröder Zimmermann Braun
            Hartmann Lange Köhler Vogel Kühn Pohl Winkler Berger Scholz Fiedler Böhme Seidel
            Franke Ulbrich Lorenz Kaiser Haase Jahn Günther Thiele Fröhlich"""),
    ),
    "no": (
        _words("""Ingrid Kari Solveig Sigrid Marit Ragnhild Astrid Liv Torunn Gunnhild Ola Knut
            Eirik Håkon Sindre Arne Bjørn Steinar Magnus Trond Kjetil Øystein Vegard Eli Hilde
            Randi Jorunn Tone Geir Svein"""),
        _words("""Haugland Nygård Bakke Solheim Vik Dale Lie Berg Hauge Myklebust Strand Eide Moen
            Sæther Lunde Aasen Kvamme Brekke Tveit Holm Fjeld Rønning Sandvik Nes Hovland Helle
            Skaar Tangen Ulvestad Ødegård Rygg"""),
    ),
    "sv": (
        _words("""Anna Eva Maria Karin Lena Kristina Sara Ingrid Elin Malin Lars Anders Johan Per
            Mikael Erik Nils Olof Henrik Jonas Åsa Britt Sofia Göran Stefan Tomas Linnea Hanna
            Fredrik Magnus"""),
        _words("""Lindqvist Nilsson Eriksson Lundberg Holmberg Johansson Andersson Lindström
            Nyström Pettersson Öberg Sundström Lindgren Bergström Karlsson Isaksson Wikström Björk
            Forsberg Marklund Lundmark Burman Granström Nordqvist Lantto Strömbäck Sandberg
            Larsson Öhman Bergman Rova"""),
    ),
}

_ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "å": "aa", "ø": "o", "æ": "ae", "é": "e"}
)


def people(pool: str, slug: str) -> Iterator[tuple[str, str]]:
    """Invented (name, email) pairs for one network, never repeating."""
    firsts, lasts = NAMES[pool]
    offset = sum(map(ord, slug))
    for i in itertools.count():
        first = firsts[(i + offset) % len(firsts)]
        last = lasts[(i * 7 + offset) % len(lasts)]
        local = f"{first}.{last}".lower().translate(_ASCII)
        yield f"{first} {last}", f"{local}@{slug}.example.org"


# --- accounts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    network: str  # slug, or "" for the platform admin


def accounts() -> list[DemoAccount]:
    """Every account the demo creates (all with the password ``PASSWORD``)."""
    rows = [DemoAccount(ADMIN_EMAIL, "platform admin", "")]
    roles = {"partner": RoleKind.PARTNER_REPRESENTATIVE, "company": RoleKind.COMPANY_CONTACT}
    for spec in NETWORKS:
        rows.append(DemoAccount(email("coordinator", spec.slug), RoleKind.COORDINATOR, spec.slug))
        for prefix, role in roles.items():
            if any(o.account == prefix for o in spec.organisations):
                rows.append(DemoAccount(email(prefix, spec.slug), role, spec.slug))
    return rows


def email(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.example.org"
