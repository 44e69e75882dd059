"""``samverk serve`` in development mode keeps the number of PostgreSQL connections bounded
(issue 7, §7: the development server answers each request in a new thread, and with
persistent connections each thread left its connection open — about 6,000 requests took all
of the server's 100 connections).

The real command in a subprocess, against the test database, under concurrent load."""

from __future__ import annotations

import concurrent.futures
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from samverk.networks.tests.factories import NetworkFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REQUESTS = 1500
CLIENTS = 8
BOUND = 20  # connections of the test database at any time (the test's own included)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
            [connection.settings_dict["NAME"]],
        )
        return int(cursor.fetchone()[0])


@pytest.fixture(params=["default", "CONN_MAX_AGE=60"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The development server; also with persistent connections asked for explicitly."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samverk.settings",
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "SAMVERK_HOME": str(tmp_path),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("CONN_MAX_AGE", None)
    if request.param != "default":
        name, value = request.param.split("=")
        env[name] = value
    command = [sys.executable, "-m", "samverk.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        "samverk serve did not start:\n" + (tmp_path / "serve.log").read_text()
                    )
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_the_development_server_keeps_connections_bounded(server: str) -> None:
    assert connection.vendor == "postgresql"
    NetworkFactory.create(slug="barnim", name="Netzwerk Barnim")
    url = f"{server}/calendar/network/barnim.ics"  # public, and reads the database
    highest = _connections()

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(_get, url) for _ in range(REQUESTS)]
        while not all(f.done() for f in futures):
            highest = max(highest, _connections())
            time.sleep(0.05)
    statuses = Counter(f.result() for f in futures)
    after = _connections()

    assert statuses == {200: REQUESTS}
    assert max(highest, after) <= BOUND, (highest, after)
