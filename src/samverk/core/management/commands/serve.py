"""``samverk serve``: the development server with DEBUG on, gunicorn otherwise.

Database connections stay bounded either way: gunicorn's sync workers each answer one request
at a time and may keep one connection (CONN_MAX_AGE); the development server answers every
request in a new thread, so there each connection is closed at the end of its request — kept
open, it would never be used again (one leaked PostgreSQL connection per request)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections


class Command(BaseCommand):
    help = "Serve samverk (runserver when DEBUG is on, gunicorn otherwise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="address:port")
        parser.add_argument("--workers", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            for database in connections.settings.values():
                database["CONN_MAX_AGE"] = 0
            call_command("runserver", options["bind"], use_reloader=False)
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "samverk.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
        ]
        os.execv(sys.executable, argv)  # noqa: S606 — hands the process to gunicorn
