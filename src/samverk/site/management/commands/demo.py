"""``samverk demo``: load the demo (data in ``samverk.networks.demo``) — each app's part is a
DemoLoader it registered (core.registry), run in order in one transaction with the platform
admin as the actor: the demo loads completely or not at all.

The demo is told what day it is: everything in it (mandates that ended, representatives who
left, a year of meetings) is placed relative to that ``today``. The command takes the demo
networks' today (``samverk.core.clock``) once, or ``--today YYYY-MM-DD`` for a reproducible
demo; tests pass a fixed day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from argparse import ArgumentTypeError
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from samverk.accounts.models import User
from samverk.core import clock, email
from samverk.core.choices import RoleKind
from samverk.core.models import Network
from samverk.core.registry import registry
from samverk.networks import demo


class Command(BaseCommand):
    help = (
        "Load the demo: a network for every system in the seed documents, with demo accounts "
        f"(password “{demo.PASSWORD}”). Development only: refuses to run with DEBUG off "
        "unless given --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but list the demo accounts) when the database has networks.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (its accounts have a published password).",
        )
        parser.add_argument(
            "--today",
            type=_day,
            help=(
                "Load the demo as if today were this day (YYYY-MM-DD, from "
                f"{demo.EARLIEST_TODAY.isoformat()} on); by default the networks' today."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: the demo is not loaded, because its accounts share a published "
                f"password (“{demo.PASSWORD}”). Run it with DEBUG=1 on a development database, "
                "or add --force if you really want demo data here."
            )
        today = options["today"] or clock.today_in(demo.TIME_ZONE)
        if today < demo.EARLIEST_TODAY:
            raise CommandError(
                f"--today {today.isoformat()} is too early: the demo's networks were founded "
                "until 2018 and their members have worked together for years by its today, "
                f"so its today is {demo.EARLIEST_TODAY.isoformat()} at the earliest."
            )
        if Network.objects.exists():
            if options["if_empty"]:
                self.stdout.write(
                    "demo already loaded (the database has networks; nothing changed)"
                )
                self.print_accounts(existing_only=True)
                return
            raise CommandError(
                "The database already has networks: the demo loads only into an empty database. "
                "Use --if-empty to skip loading when data exists."
            )
        taken = User.objects.filter(email__in=[a.email for a in demo.accounts()])
        if taken.exists():
            raise CommandError(
                "These demo accounts exist already, remove them first: "
                + ", ".join(taken.order_by("email").values_list("email", flat=True))
            )
        load(today)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(demo.NETWORKS)} networks."))
        self.print_summary()
        self.print_accounts()

    def print_summary(self) -> None:
        """What was loaded, in one block (no line per meeting or mail), and where mail goes."""
        from samverk.core.models import OutgoingMail
        from samverk.meetings.models import Meeting
        from samverk.networks.models import Organisation, Person

        counts = [
            ("networks", Network.objects.count()),
            ("organisations", Organisation.objects.count()),
            ("people", Person.objects.count()),
            ("meetings", Meeting.objects.count()),
            ("mails queued", OutgoingMail.objects.count()),
        ]
        self.stdout.write("  " + ", ".join(f"{n} {what}" for what, n in counts))
        backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
        if backend == "console":
            self.stdout.write(
                "  Mail the platform sends while you try it is printed to the console "
                "(by the worker), not delivered: the demo's addresses are invented."
            )
        else:
            self.stdout.write(
                "  The demo queues no mail itself; mail sent while you try it goes through "
                f"{settings.EMAIL_BACKEND}."
            )

    def print_accounts(self, existing_only: bool = False) -> None:
        rows = demo.accounts()
        if existing_only:
            emails = [a.email for a in rows]
            existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
            rows = [a for a in rows if a.email in existing]
        if not rows:
            return
        width = max(len(a.email) for a in rows)
        self.stdout.write("")
        self.stdout.write(f"{'email':<{width}}  {'role':<22}  network")
        for a in rows:
            role = RoleKind(a.role).label if a.role in RoleKind.values else a.role
            self.stdout.write(f"{a.email:<{width}}  {role:<22}  {a.network or '–'}")
        self.stdout.write(f"\nPassword for every demo account: {demo.PASSWORD}")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No log line per meeting or mail while the demo loads (the summary says what it did)."""
    logger = logging.getLogger("samverk")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def load(today: dt.date) -> None:
    """Load the whole demo into an empty database, all or nothing, as it is on ``today``
    (the networks' day): the platform admin, then every app's registered DemoLoader in order.
    It queues no mail (the meetings' invitations, for instance): its addresses are invented."""
    with email.no_mail(), _quiet(), transaction.atomic():
        admin = User.objects.create_superuser(demo.ADMIN_EMAIL, name="samverk admin")
        for loader in registry.demo_loaders:
            loader.load(actor=admin, today=today)
