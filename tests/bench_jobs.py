"""The public job board at national scale (issue 11): 200,000 job offers across the networks,
and the latency of the board's first page for searches and filters, with its query count.

Part of ``make bench-national`` (``tests/bench_national.py --jobs N``: the offers go to the
national data set's networks and the table is added to its report), or on its own:

    python -m tests.bench_jobs                       # 200,000 offers, 500 networks (~ minutes)
    python -m tests.bench_jobs --offers 20000 --networks 50 --keep
    python -m tests.bench_jobs --reuse               # measure the kept database again

On PostgreSQL (``--database-url``, default postgres://postgres@127.0.0.1:5432/
samverk_bench_jobs; dropped and created unless ``--reuse``). Offers are written with
``bulk_create`` after ``migrate`` (so the GIN index of ``jobs/0003_board_search`` is
maintained while they are written, as in production), then ``ANALYZE``.

Measured: each case's first page rendered anew (``SAMVERK_PAGE_CACHE_SECONDS=0``: no page
cache, no ETag) by Django's test client in this process, in ``--samples`` networks picked at
random, each network's board once per case: p50/p95/max in ms and the queries of the request
(the same for every network, or the range). The goal: p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BATCH = 5000
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samverk_bench_jobs"
TODAY = dt.date(2027, 1, 15)

# (ISCO-08 unit group, English label, German label, titles of offers)
OCCUPATIONS = [
    ("2221", "Nursing professionals", "Pflegefachkräfte", ["Pflegefachkraft", "Sjuksköterska"]),
    ("2512", "Software developers", "Softwareentwickler", ["Softwareentwickler", "Utvikler"]),
    ("2341", "Primary school teachers", "Grundschullehrer", ["Grundschullehrkraft", "Lärare"]),
    ("3113", "Electrical engineering technicians", "Elektrotechniker", ["Elektrotechniker"]),
    ("3313", "Accounting associate professionals", "Buchhalter", ["Finanzbuchhalter"]),
    ("4110", "General office clerks", "Bürokräfte", ["Kaufmann für Büromanagement"]),
    ("5120", "Cooks", "Köche", ["Koch", "Kokk"]),
    ("5321", "Health care assistants", "Pflegehilfskräfte", ["Pflegehelfer", "Undersköterska"]),
    ("5311", "Child care workers", "Kinderbetreuer", ["Erzieher", "Barnehageassistent"]),
    ("7112", "Bricklayers", "Maurer", ["Maurer", "Murare"]),
    ("7115", "Carpenters and joiners", "Zimmerer und Tischler", ["Tischler", "Tømrer"]),
    ("7126", "Plumbers and pipe fitters", "Installateure", ["Anlagenmechaniker SHK"]),
    ("7231", "Motor vehicle mechanics", "Kfz-Mechaniker", ["Kfz-Mechatroniker", "Bilmekaniker"]),
    ("7411", "Building electricians", "Elektroinstallateure", ["Elektroniker", "Elektriker"]),
    ("7512", "Bakers", "Bäcker", ["Bäcker", "Bagare"]),
    ("8322", "Car, taxi and van drivers", "Kraftfahrer", ["Berufskraftfahrer"]),
    ("8332", "Heavy truck drivers", "Lkw-Fahrer", ["Lastbilschaufför", "Lkw-Fahrer"]),
    ("9333", "Freight handlers", "Lagerarbeiter", ["Fachkraft für Lagerlogistik"]),
    ("9112", "Cleaners in offices", "Reinigungskräfte", ["Gebäudereiniger"]),
    ("2411", "Accountants", "Wirtschaftsprüfer", ["Steuerfachangestellte"]),
]
MAJOR_LABELS = {
    "2": "Professionals",
    "3": "Technicians and associate professionals",
    "4": "Clerical support workers",
    "5": "Service and sales workers",
    "7": "Craft and related trades workers",
    "8": "Plant and machine operators and assemblers",
    "9": "Elementary occupations",
}
PHRASES = [
    "Wir suchen Verstärkung für unser Team.",
    "Sie arbeiten selbstständig und zuverlässig.",
    "Wir bieten eine Vergütung nach Tarif, 30 Tage Urlaub und ein Jobticket.",
    "Quereinsteiger und Rückkehrer sind willkommen.",
    "Vi söker en engagerad medarbetare till vår verksamhet.",
    "Vi tilbyr gode arbeidsvilkår og et hyggelig arbeidsmiljø.",
    "Führerschein Klasse B ist von Vorteil.",
    "Schichtdienst und Wochenendarbeit nach Absprache.",
    "Eine Einarbeitung durch erfahrene Kolleginnen und Kollegen ist selbstverständlich.",
    "Bewerbungen von Menschen mit Behinderung sind ausdrücklich erwünscht.",
]
STATUSES = ["published"] * 17 + ["expired", "draft", "submitted"]
KINDS = ["job"] * 6 + ["apprenticeship", "apprenticeship", "dual_study", "internship"]
GROUPS = ["returnees", "commuters", "career_changers", "school_leavers"]


def _words(rng: random.Random, count: int) -> str:
    # Invented words, so that the text index has a realistic number of distinct words.
    return " ".join(f"wort{rng.randrange(20_000)}" for _ in range(count))


def ensure_isco() -> dict[str, Any]:
    """The ISCO-08 groups the offers use (major, sub-major, minor, unit), created if missing:
    unit code → IscoGroup."""
    from samverk.classifications.models import IscoGroup

    groups = {g.code: g for g in IscoGroup.objects.all()}

    def group(code: str, label: str, parent: Any, de: str = "") -> Any:
        if code not in groups:
            groups[code] = IscoGroup.objects.create(
                code=code,
                level=len(code),
                label=label,
                labels={"de": de} if de else {},
                parent=parent,
            )
        return groups[code]

    units = {}
    for code, label, de, _titles in OCCUPATIONS:
        major = group(code[0], MAJOR_LABELS[code[0]], None)
        sub = group(code[:2], f"{MAJOR_LABELS[code[0]]} ({code[:2]})", major)
        minor = group(code[:3], f"{label} ({code[:3]})", sub)
        units[code] = group(code, label, minor, de)
    return units


def build_offers(
    total: int,
    networks: list[Any],
    today: dt.date = TODAY,
    progress: Callable[[str], None] = lambda line: None,
    seed: int = 11,
) -> int:
    """``total`` job offers spread evenly over ``networks`` (each network's organisations are
    the employers; most offers published, some ended, drafts or awaiting review), a target
    group on every third. Returns the number of offers written."""
    from samverk.core.models import Region
    from samverk.jobs.models import JobOffer, JobOfferTargetGroup
    from samverk.networks.models import Organisation

    rng = random.Random(seed)
    units = ensure_isco()
    municipalities = list(Region.objects.filter(level="municipality").order_by("pk")[:200])
    employers: dict[int, list[int]] = {}
    for org_id, network_id in Organisation.objects.filter(network__in=networks).values_list(
        "pk", "network_id"
    ):
        employers.setdefault(network_id, []).append(org_id)
    started = time.perf_counter()
    written = 0
    batch: list[Any] = []
    group_rows: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal written
        created = JobOffer.objects.bulk_create(batch, batch_size=BATCH)
        JobOfferTargetGroup.objects.bulk_create(
            [JobOfferTargetGroup(offer_id=created[i].pk, group=group) for i, group in group_rows],
            batch_size=BATCH,
        )
        written += len(created)
        batch.clear()
        group_rows.clear()
        progress(f"  job offers: {written:,} ({time.perf_counter() - started:.0f} s)")

    per_network, rest = divmod(total, len(networks))
    for n, network in enumerate(networks):
        own = employers.get(network.pk) or []
        if not own:
            continue
        for i in range(per_network + (1 if n < rest else 0)):
            code, _label, _de, titles = OCCUPATIONS[rng.randrange(len(OCCUPATIONS))]
            status = STATUSES[rng.randrange(len(STATUSES))]
            posted = today - dt.timedelta(days=rng.randrange(120))
            valid = posted + dt.timedelta(days=rng.randrange(1, 180))
            municipality = (
                municipalities[rng.randrange(len(municipalities))] if municipalities else None
            )
            description = " ".join(rng.sample(PHRASES, 4)) + "\n\n" + _words(rng, 40)
            batch.append(
                JobOffer(
                    network_id=network.pk,
                    employer_id=own[rng.randrange(len(own))],
                    status=status,
                    title=f"{rng.choice(titles)} (m/w/d) {_words(rng, 1)}",
                    description=description,
                    kind=KINDS[rng.randrange(len(KINDS))],
                    working_time="part_time" if rng.random() < 0.25 else "full_time",
                    duration="temporary" if rng.random() < 0.2 else "permanent",
                    openings=1 + rng.randrange(3),
                    isco_group_id=units[code].pk,
                    locality=municipality.name if municipality else "Torgau",
                    postal_code=f"{rng.randrange(1000, 99999):05d}",
                    municipality=municipality,
                    date_posted=posted,
                    valid_through=valid,
                    salary="3.200 € brutto im Monat" if i % 5 == 0 else "",
                    apply_email="jobs@example.org",
                )
            )
            if i % 3 == 0:
                group_rows.append((len(batch) - 1, GROUPS[rng.randrange(len(GROUPS))]))
            if len(batch) >= BATCH:
                flush()
    if batch:
        flush()
    return written


@dataclass
class Case:
    name: str
    query: str  # after ``?``; {municipality} and {employer} filled per network


CASES = [
    Case("list, newest first", ""),
    Case("search: an occupation (title)", "q=pflegefachkraft"),
    Case("search: a prefix", "q=elektr"),
    Case("search: two words", "q=koch tarif"),
    Case("search: a rare word", "q=wort12345"),
    Case("search: no match", "q=xyzzy"),
    Case("search: the employer", "q=organisation"),
    Case("search: occupation label (ISCO)", "q=nursing"),
    Case("filter: occupation major group", "occupation=7"),
    Case("filter: sub-major group, by title", "occupation=22&sort=title"),
    Case("filter: kind, ending soonest", "kind=apprenticeship&sort=valid_through"),
    Case("filter: part time, temporary", "working_time=part_time&duration=temporary"),
    Case("filter: target group", "group=returnees"),
    Case("filter: municipality", "municipality={municipality}"),
    Case("filter: employer", "employer={employer}"),
    Case("search and filters", "q=tarif&occupation=5&group=commuters"),
    Case("page 3", "page=3"),
    Case("API: search", "api:q=pflegefachkraft"),
    Case("API: filter", "api:occupation=7&kind=job"),
]


@dataclass
class Row:
    case: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    queries: str
    mean_results: float


COUNT = re.compile(r'<p class="count" role="status">(\d+)')


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def measure(samples: int = 40, seed: int = 7, today: dt.date = TODAY) -> list[Row]:
    """Each case's first page in ``samples`` networks (those with offers), rendered anew."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from samverk.core.models import Network
    from samverk.jobs import board_api, board_views
    from samverk.jobs.models import JobOffer

    rng = random.Random(seed)
    counted = JobOffer.objects.values("network_id").annotate(n=Count("pk")).order_by("network_id")
    network_ids = [row["network_id"] for row in counted]
    picked = rng.sample(network_ids, min(samples, len(network_ids)))
    networks = list(Network.objects.filter(pk__in=picked))
    filters = {}
    for network in networks:
        on_board = JobOffer.objects.on_board(today).for_network(network)
        first = on_board.exclude(municipality=None).values("municipality_id", "employer_id")[:1]
        row = first[0] if first else {"municipality_id": "", "employer_id": ""}
        filters[network.pk] = {
            "municipality": row["municipality_id"],
            "employer": row["employer_id"],
        }
    # The board's "today" is the data set's (the views ask the clock for it).
    board_views.network_today = board_api.network_today = lambda network, now=None: today  # type: ignore[assignment]
    client = Client()
    rows = []
    with override_settings(SAMVERK_PAGE_CACHE_SECONDS=0, DEBUG=False):
        for network in networks[:2]:  # warm-up: templates, URL resolvers, connections
            client.get(f"/p/{network.slug}/jobs/?q=koch", secure=True)
        for case in CASES:
            timings, queries, results = [], set(), []
            for network in networks:
                query = case.query.format(**filters[network.pk])
                if query.startswith("api:"):
                    url = f"/api/v1/public-jobs/offers/?network={network.slug}&{query[4:]}"
                else:
                    url = f"/p/{network.slug}/jobs/?{query}"
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url, secure=True)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{case.name}: GET {url} answered {response.status_code}")
                queries.add(len(captured))
                if query.startswith("api:"):
                    results.append(response.json()["count"])
                else:
                    found = COUNT.search(response.content.decode())
                    results.append(int(found.group(1)) if found else 0)
            low, high = min(queries), max(queries)
            rows.append(
                Row(
                    case=case.name,
                    samples=len(timings),
                    p50_ms=round(statistics.median(timings), 1),
                    p95_ms=_percentile(timings, 95),
                    max_ms=round(max(timings), 1),
                    queries=str(low) if low == high else f"{low}–{high}",
                    mean_results=round(statistics.mean(results), 1),
                )
            )
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| case | networks | p50 ms | p95 ms | max ms | queries | offers found (mean) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.case} | {r.samples} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | {r.max_ms:.0f} | "
        f"{r.queries} | {r.mean_results:g} |"
        for r in rows
    ]
    return "\n".join(lines)


def report(rows: list[Row], offers: int, networks: int, build_seconds: float | None) -> str:
    from django.db import connection

    built = f"written in {build_seconds:.0f} s" if build_seconds is not None else "reused"
    worst = max(r.p95_ms for r in rows)
    return "\n".join(
        [
            "## The public job board (issue 11)",
            "",
            f"{offers:,} job offers across {networks} networks on {connection.vendor} "
            f"({built}); each case's first page (20 offers) rendered anew, without the page "
            f"cache, in {rows[0].samples} networks picked at random. Worst p95: "
            f"{worst:.0f} ms (goal ≤ 100 ms).",
            "",
            table(rows),
            "",
        ]
    )


def _build_base(networks: int, organisations: int) -> list[Any]:
    """Networks with member companies and municipalities, for a run on its own."""
    from samverk.core.choices import RegionLevel
    from samverk.core.models import Network, Region
    from samverk.networks.models import Organisation

    county = Region.objects.create(code="bench-jobs-c", name="County", level=RegionLevel.DISTRICT)
    Region.objects.bulk_create(
        Region(
            code=f"bench-jobs-m{i}",
            name=f"Municipality {i:03d}",
            level=RegionLevel.MUNICIPALITY,
            parent=county,
        )
        for i in range(100)
    )
    created = Network.objects.bulk_create(
        Network(name=f"Network {i:03d}", slug=f"network-{i:03d}", language="de",
                time_zone="Europe/Berlin")
        for i in range(networks)
    )  # fmt: skip
    per_network = max(1, organisations // networks)
    Organisation.objects.bulk_create(
        (
            Organisation(
                network=network,
                name=f"Organisation {n:03d}-{i:03d}",
                kind="company",
                website=f"https://org{n}-{i}.example.org",
            )
            for n, network in enumerate(created)
            for i in range(per_network)
        ),
        batch_size=BATCH,
    )
    return created


def run(
    offers: int, progress: Callable[[str], None] = print, samples: int = 40
) -> tuple[str, list[Row]]:
    """Within a migrated database with networks: write the offers unless there are some
    already, ANALYZE, measure; the report's section and its rows."""
    from django.db import connection

    from samverk.core.models import Network
    from samverk.jobs.models import JobOffer

    build_seconds = None
    if not JobOffer.objects.exists():
        started = time.perf_counter()
        networks = list(Network.objects.order_by("pk"))
        progress(f"Writing {offers:,} job offers across {len(networks)} networks:")
        build_offers(offers, networks, progress=progress)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
    total = JobOffer.objects.count()
    with_offers = JobOffer.objects.values("network_id").distinct().count()
    rows = measure(samples)
    return report(rows, total, with_offers, build_seconds), rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench_jobs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_JOBS_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--offers", type=int, default=200_000)
    parser.add_argument("--networks", type=int, default=500)
    parser.add_argument("--organisations", type=int, default=30_000)
    parser.add_argument("--samples", type=int, default=40, help="networks measured per case")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database")
    args = parser.parse_args(argv)

    from tests.bench_national import (
        _environment,
        collect_static,
        drop_database,
        recreate_database,
    )

    os.environ.update(_environment(args.database_url))
    if not args.reuse:
        recreate_database(args.database_url)
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    try:
        call_command("migrate", verbosity=0, interactive=False)
        if not args.reuse:
            _build_base(args.networks, args.organisations)
        collect_static()
        text, _rows = run(args.offers, samples=args.samples)
        print()
        print(text)
    finally:
        connection.close()
        if not (args.keep or args.reuse):
            drop_database(args.database_url)


if __name__ == "__main__":
    main(sys.argv[1:])
