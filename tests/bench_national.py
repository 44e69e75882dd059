"""``make bench-national``: samverk's main pages at national scale, under concurrent load.

On PostgreSQL (``--database-url``, default
postgres://postgres@127.0.0.1:5432/samverk_bench_national; the database is dropped and
created), it

1. builds the national data set in bulk (tests/bench_data.py: 508 networks, 30,000 member
   organisations, 50,000 meetings, one meeting of 60 members) and reports the build time;
2. serves it as ``samverk serve`` does (gunicorn, 3 workers, DEBUG off; static files collected
   once, not at every start), as in production behind
   a TLS proxy: requests carry ``X-Forwarded-Proto: https``);
3. drives each main page with 10 concurrent clients (threads, each with its own
   ``requests`` session holding a coordinator's session cookie) for ``--seconds`` seconds,
   the login page first (the stack's floor);
4. reports per page: requests/s, p50/p95/p99 latency, errors, the ratio to the floor's
   requests/s, the queries of one request (Django's test client against the same database,
   in this process) and the page's size.

The table is printed and written to var/bench-national.md (the numbers also to
var/bench/national-<label>.json; ``--compare`` puts an earlier run's numbers beside them).
Load goes only to 127.0.0.1, bounded in time (``--seconds`` per page) and count
(``--max-requests`` per page); the server is stopped at the end.

    python -m tests.bench_national                      # build, serve, measure (~5 minutes)
    python -m tests.bench_national --keep               # keep the database for the next run
    python -m tests.bench_national --reuse --label after --compare var/bench/national-before.json
    python -m tests.bench_national --reuse --profile members   # cProfile of one request
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/samverk_bench_national"
REPORT = ROOT / "var" / "bench-national.md"
RESULTS_DIR = ROOT / "var" / "bench"
CLIENTS, SECONDS, WORKERS, MAX_REQUESTS = 10, 10.0, 3, 50_000
RENDER_REPEAT = 15
FLOOR = "login page"


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Any], str]  # from the NationalDataset
    signed_in: bool = True


PAGES = [
    Page(FLOOR, lambda d: "/accounts/login/", signed_in=False),
    Page("dashboard", lambda d: d.base),
    Page("organisations", lambda d: d.base + "organisations/"),
    Page("members", lambda d: d.base + "members/"),
    Page("actions", lambda d: d.base + "meetings/actions/"),
    Page("meeting (60 members)", lambda d: d.base + f"meetings/{d.big_meeting.pk}/"),
    Page("decisions", lambda d: d.base + "meetings/decisions/"),
    Page("meetings", lambda d: d.base + "meetings/"),
]


@dataclass
class Result:
    page: str
    url: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    queries: int
    bytes: int
    single_ms: float = 0.0
    ratio: float = 0.0


# --- the database ----------------------------------------------------------------------------


def _admin_dsn(url: str) -> tuple[str, str]:
    """The server's maintenance database URL and the bench database's name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or not name:
        raise SystemExit(f"The national bench needs a PostgreSQL DATABASE_URL, not {url!r}")
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), name


def recreate_database(url: str) -> None:
    import psycopg

    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "samverk.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SAMVERK_HOME": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }


def find_dataset() -> Any:
    """The data set of an earlier run (``--reuse``)."""
    from samverk.accounts.models import User
    from samverk.core.models import Network
    from samverk.meetings.models import Meeting
    from tests.bench_data import NationalDataset, Scale

    network = Network.objects.get(slug="network-000")
    big = (
        Meeting.objects.filter(network=network, status="closed", arena__kind="plenary")
        .order_by("-starts_at")
        .first()
    )
    scale = Scale(
        networks=Network.objects.filter(slug__startswith="network-").count(),
        organisations=network.organisations.model.objects.count(),
        meetings=Meeting.objects.count(),
    )
    coordinator = User.objects.get(email="coordinator000@example.org")
    return NationalDataset(scale, network, coordinator, big)


# --- serving and load ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def collect_static() -> None:
    """The pages name their static files through the manifest: collect them once (it takes
    a minute or two on this machine, compressing every file), again only when a file changed."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [p for d in settings.STATICFILES_DIRS for p in Path(d).rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0.0)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        print("Collecting static files …", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)


def start_server(
    env: dict[str, str], workers: int, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    import requests

    port = _free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    # What `samverk serve` runs with DEBUG off (core/management/commands/serve.py), without
    # its collectstatic, which collect_static() has done.
    argv = [
        *(sys.executable, "-m", "gunicorn", "samverk.wsgi:application"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--access-logfile", "-"),
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(
            argv,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,  # the access log: one line per request
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"samverk serve stopped: see {log}")
            try:
                requests.get(base + "/accounts/login/", timeout=20, headers=_HEADERS)
                return server, base
            except requests.RequestException:
                time.sleep(0.3)
        raise SystemExit(f"samverk serve did not answer within a minute: see {log}")
    except BaseException:
        stop_server(server)  # never leave a server behind
        raise


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


_HEADERS = {"X-Forwarded-Proto": "https"}  # as behind the TLS proxy: no redirect to https


def session_cookie(user: Any) -> str:
    """A signed-in session of ``user`` in the session store, as the login page makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _as_browser(http: Any, cookie: str | None) -> None:
    """Send what a browser sends: the headers, the session cookie, and the cookies the server
    sets (the CSRF cookie: the signed-in pages carry forms)."""
    http.headers.update(_HEADERS)
    if cookie:
        name, _sep, value = cookie.partition("=")
        http.cookies.set(name, value)


def _behind_tls(http: Any) -> None:
    """The server sets its cookies ``Secure`` (it is told the request came over HTTPS, as from
    the TLS proxy in production); a browser on that HTTPS site sends them back. The load goes to
    plain HTTP on 127.0.0.1, so the cookies are kept as sent over it."""
    for kept in http.cookies:
        kept.secure = False


def drive(
    base: str, path: str, cookie: str | None, clients: int, seconds: float, max_requests: int
) -> tuple[list[float], int, float]:
    """``clients`` threads requesting ``path`` until ``seconds`` have passed: latencies (ms)
    of the answered requests, errors (not 200, or no answer) and the elapsed time."""
    import requests

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0

    # One browser per client, kept from the warm-up to the end: its cookies (the CSRF cookie the
    # server sets) are sent back as a browser does.
    browsers = [requests.Session() for _ in range(clients)]
    for http in browsers:
        _as_browser(http, cookie)

    def client(http: Any, deadline: float) -> None:
        nonlocal errors, issued
        while time.monotonic() < deadline:
            with lock:
                if issued >= max_requests:
                    return
                issued += 1
            start = time.perf_counter()
            try:
                response = http.get(base + path, timeout=30, allow_redirects=False)
                ok = response.status_code == 200 and bool(response.content)
                _behind_tls(http)
            except requests.RequestException:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    try:
        # A short warm-up: every worker renders the page before the clock starts.
        warm = time.monotonic() + min(2.0, seconds)
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, browsers, [warm] * clients))
        latencies.clear()
        errors, issued = 0, 0
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, browsers, [started + seconds] * clients))
    finally:
        for http in browsers:
            http.close()
    return latencies, errors, time.monotonic() - started


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def instrumented(dataset: Any, page: Page) -> tuple[int, int]:
    """Queries and bytes of one request, after a warm-up, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    if page.signed_in:
        client.force_login(dataset.coordinator)
    url = page.url(dataset)
    client.get(url, secure=True)
    # The page as rendered (not served again from the page cache): its queries and size.
    with (
        override_settings(SAMVERK_PAGE_CACHE_SECONDS=0),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{page.name}: GET {url} answered {response.status_code}")
    return len(queries), len(response.content)


def profile(dataset: Any, name: str, top: int = 35) -> str:
    """cProfile of one request of the page (after a warm-up): where its time goes."""
    from django.test import Client
    from django.test.utils import override_settings

    page = next(p for p in PAGES if name.lower() in p.name.lower())
    client = Client()
    client.force_login(dataset.coordinator)
    url = page.url(dataset)
    with override_settings(SAMVERK_PAGE_CACHE_SECONDS=0):  # the page as rendered
        return _profile(client, page, url, top)


def _profile(client: Any, page: Page, url: str, top: int) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url, secure=True)
    started = time.perf_counter()
    client.get(url, secure=True)
    wall = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as capture:
        client.get(url, secure=True)
    queries = list(capture.captured_queries)  # now: the next request clears the log
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url, secure=True)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    slowest = sorted(queries, key=lambda q: -float(q["time"]))[:5]
    head = (
        f"{page.name} ({url}): {wall:.1f} ms wall, {len(queries)} queries, "
        f"{sql_ms:.1f} ms SQL (DEBUG cursor timing)\nslowest queries:\n"
        + "\n".join(f"  {float(q['time']) * 1000:.1f} ms {q['sql'][:300]}" for q in slowest)
    )
    return head + "\n" + out.getvalue()


# --- the report ------------------------------------------------------------------------------


def table(results: list[Result], earlier: dict[str, dict[str, Any]] | None = None) -> str:
    head = (
        "| page | req/s | × floor | p50 ms | p95 ms | p99 ms | errors | queries | kB "
        "| 1 client ms |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if earlier:
        head += " before: req/s | × floor | p95 ms | 1 client ms |"
        rule += "---:|---:|---:|---:|"
    lines = [head, rule]
    for r in results:
        line = (
            f"| {r.page} | {r.rps:.1f} | {r.ratio:.2f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | "
            f"{r.p99_ms:.0f} | {r.errors} | {r.queries} | {r.bytes / 1024:.0f} | "
            f"{r.single_ms:.0f} |"
        )
        if earlier:
            before = earlier.get(r.page)
            line += (
                f" {before['rps']:.1f} | {before.get('ratio', 0):.2f} | {before['p95_ms']:.0f} | "
                f"{before.get('single_ms', 0):.0f} |"
                if before
                else " – | – | – | – |"
            )
        lines.append(line)
    return "\n".join(lines)


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench_national",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seconds", type=float, default=SECONDS, help="of load per page")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS, help="per page")
    parser.add_argument("--pages", default=None, help="only pages whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the kept database, no build")
    parser.add_argument("--build-only", action="store_true", help="build (and keep), no load")
    parser.add_argument("--profile", default=None, help="cProfile one request of this page")
    parser.add_argument(
        "--scale", default=None, help="networks,organisations,meetings (a smaller trial run)"
    )
    parser.add_argument("--label", default="latest", help="names the JSON of this run")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier run's JSON")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="another checkout's src/ (e.g. /work/main/src): served beside this one, in turns",
    )
    parser.add_argument(
        "--writes",
        type=float,
        default=0.0,
        help="writes a second in the network during the load (each renews its pages)",
    )
    parser.add_argument("--rounds", type=int, default=2, help="turns per page (with --baseline)")
    parser.add_argument("--output", type=Path, default=REPORT)
    parser.add_argument(
        "--jobs",
        type=int,
        default=200_000,
        help="job offers written across the networks, whose public board is measured "
        "(tests/bench_jobs.py; 0: none)",
    )
    args = parser.parse_args(argv)

    env = _environment(args.database_url)
    os.environ.update(env)
    keep = args.keep or args.reuse or args.build_only or bool(args.profile)
    build_seconds: float | None = None
    if not args.reuse:
        print(f"Creating {_admin_dsn(args.database_url)[1]} …", flush=True)
        recreate_database(args.database_url)

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    try:
        if args.reuse:
            # The code may have new migrations since the data set was built: apply them.
            call_command("migrate", verbosity=0, interactive=False)
            dataset = find_dataset()
        else:
            started = time.perf_counter()
            call_command("migrate", verbosity=0, interactive=False)
            migrated = time.perf_counter() - started
            print(f"Migrated in {migrated:.1f} s; building the national data set:", flush=True)
            from tests.bench_data import NATIONAL, Scale, build_national

            scale = Scale(*map(int, args.scale.split(","))) if args.scale else NATIONAL
            dataset = build_national(scale, progress=lambda line: print(line, flush=True))
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            build_seconds = time.perf_counter() - started - migrated
            rows = sum(dataset.counts.values())
            print(f"Built {rows:,} rows in {build_seconds:.0f} s.", flush=True)
        collect_static()
        if args.jobs and not args.profile:
            from tests import bench_jobs

            args.jobs_report, _rows = bench_jobs.run(args.jobs)
            print(args.jobs_report, flush=True)
        if args.profile:
            print(profile(dataset, args.profile))
            return
        if args.build_only:
            return
        run_load(args, env, dataset, build_seconds)
    finally:
        connection.close()
        if not keep:
            drop_database(args.database_url)


def single_client_ms(base: str, path: str, cookie: str | None, repeat: int) -> float:
    """The fastest of ``repeat`` requests one at a time (ms): the page's own cost on the
    server, little moved by the load of other processes on the machine."""
    import requests

    timings = []
    with requests.Session() as http:
        _as_browser(http, cookie)
        for _ in range(repeat):
            started = time.perf_counter()
            http.get(base + path, timeout=30, allow_redirects=False)
            timings.append((time.perf_counter() - started) * 1000)
    return round(min(timings), 1)


@contextlib.contextmanager
def writing(network_id: int, per_second: float) -> Iterator[None]:
    """While the load runs, ``per_second`` times a second what every write in the network
    does to its pages (core.page_cache.changed: the network's data version rises, so every
    page of it is rendered anew for every user)."""
    if per_second <= 0:
        yield
        return
    from django.db import connection

    from samverk.core import page_cache

    stop = threading.Event()

    def write() -> None:
        try:
            while not stop.wait(1 / per_second):
                page_cache.changed((network_id,))
        finally:
            connection.close()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_load(
    args: argparse.Namespace, env: dict[str, str], dataset: Any, build_seconds: float | None
) -> None:
    """Load on the server of this checkout; with ``--baseline SRC`` also on a second server
    running that source (e.g. main's), the two taking turns page by page and round by round,
    so that both see the same load from the rest of the machine."""
    from django.db import close_old_connections

    pages = [p for p in PAGES if p.name == FLOOR or not args.pages or args.pages in p.name]
    cookie = session_cookie(dataset.coordinator)
    measured = {p.name: instrumented(dataset, p) for p in pages}
    close_old_connections()
    variants = {"": env}
    if args.baseline:
        variants["baseline"] = {**env, "PYTHONPATH": str(args.baseline)}
    servers: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    rounds = args.rounds
    results: dict[str, list[Result]] = {name: [] for name in variants}
    try:
        for name, variant in variants.items():
            log = RESULTS_DIR / f"national-server{'-' + name if name else ''}.log"
            servers[name] = start_server(variant, args.workers, log)
        for page in pages:
            url = page.url(dataset)
            page_cookie = cookie if page.signed_in else None
            runs: dict[str, tuple[list[float], int, float]] = {n: ([], 0, 0.0) for n in servers}
            for _ in range(rounds):
                for name, (_server, base) in servers.items():
                    with writing(dataset.network.pk, args.writes):
                        latencies, errors, elapsed = drive(
                            base,
                            url,
                            page_cookie,
                            args.clients,
                            args.seconds / rounds,
                            args.max_requests,
                        )
                    before = runs[name]
                    runs[name] = (before[0] + latencies, before[1] + errors, before[2] + elapsed)
            queries, size = measured[page.name]
            for name, (_server, base) in servers.items():
                latencies, errors, elapsed = runs[name]
                result = Result(
                    page=page.name,
                    url=url,
                    requests=len(latencies),
                    errors=errors,
                    seconds=round(elapsed, 1),
                    rps=round(len(latencies) / elapsed, 1),
                    p50_ms=round(statistics.median(latencies), 1) if latencies else 0.0,
                    p95_ms=_percentile(latencies, 95),
                    p99_ms=_percentile(latencies, 99),
                    queries=queries,
                    bytes=size,
                    single_ms=single_client_ms(base, url, page_cookie, RENDER_REPEAT),
                )
                results[name].append(result)
                print(
                    f"  {page.name}{f' ({name})' if name else ''}: {result.rps:.1f} req/s, "
                    f"p95 {result.p95_ms:.0f} ms, {errors} errors",
                    flush=True,
                )
    finally:
        for server, _base in servers.values():
            stop_server(server)
    for group in results.values():
        floor = next((r.rps for r in group if r.page == FLOOR), 0.0)
        for r in group:
            r.ratio = round(r.rps / floor, 2) if floor else 0.0
    if args.baseline:
        (RESULTS_DIR / f"national-{args.label}-baseline.json").write_text(
            json.dumps({"results": [asdict(r) for r in results["baseline"]]}, indent=2) + "\n"
        )
    report(args, dataset, build_seconds, results[""], results.get("baseline"))


def report(
    args: argparse.Namespace,
    dataset: Any,
    build_seconds: float | None,
    results: list[Result],
    baseline: list[Result] | None,
) -> None:
    earlier = None
    if baseline:
        earlier = {r.page: asdict(r) for r in baseline}
    elif args.compare:
        earlier = {r["page"]: r for r in json.loads(args.compare.read_text())["results"]}
    import django

    s = dataset.scale
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    built = f"built in {build_seconds:.0f} s" if build_seconds is not None else "reused"
    text = "\n".join(
        [
            "# samverk at national scale",
            "",
            f"{when}, commit {_git_commit()}, run “{args.label}”. Data: {s.networks} networks, "
            f"{s.organisations:,} organisations, {s.meetings:,} meetings on PostgreSQL "
            f"({built}). `samverk serve` (gunicorn, {args.workers} workers) on "
            f"{os.cpu_count()} cores; {args.clients} concurrent clients for {args.seconds:.0f} s "
            f"per page, signed in as the coordinator of {dataset.network.name}"
            + (f", {args.writes:g} writes a second in that network" if args.writes else "")
            + ". Python "
            f"{platform.python_version()}, Django {django.get_version()}.",
            "",
            table(results, earlier),
            "",
            "× floor: requests/s relative to the login page (the stack's floor). Queries and "
            "size: one request of the page, in the bench process; 1 client ms: the fastest of "
            f"{RENDER_REPEAT} requests one at a time (the page's own cost, less moved by other "
            "load on the machine). “before”: "
            + (
                f"the same pages served from {args.baseline} beside this checkout, the two "
                f"taking turns ({args.rounds} rounds per page)"
                if baseline
                else f"{args.compare}"
                if args.compare
                else "–"
            )
            + ". Goal: p95 ≤ 100 ms and at least half the floor's "
            "requests/s.",
            "",
            getattr(args, "jobs_report", ""),
        ]
    )
    print()
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    data = {
        "generated": when,
        "label": args.label,
        "build_seconds": build_seconds,
        "scale": asdict(s),
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "results": [asdict(r) for r in results],
    }
    (RESULTS_DIR / f"national-{args.label}.json").write_text(json.dumps(data, indent=2) + "\n")
    print(f"Written to {args.output} and {RESULTS_DIR / f'national-{args.label}.json'}.")


if __name__ == "__main__":
    main(sys.argv[1:])
