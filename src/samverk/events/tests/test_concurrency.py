"""Capacity under concurrent registrations (PostgreSQL: real row locks). Twenty visitors
register at the same moment for a site with ten places: exactly ten are registered, ten are
on the waiting list, nobody is lost, and a workshop's capacity holds the same way."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from samverk.events import registration_services
from samverk.events.models import Registration
from samverk.events.tests.factories import NOW, SessionFactory, SiteFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VISITORS = 20
PLACES = 10


def _race(site, workshops=()) -> list[object]:
    barrier = threading.Barrier(VISITORS)
    results: list[object] = [None] * VISITORS

    def visitor(n: int) -> None:
        try:
            barrier.wait()
            results[n] = registration_services.register(
                site=site,
                name=f"Visitor {n}",
                email=f"visitor{n}@example.org",
                workshops=workshops,
                join_waiting_list=True,
                now=NOW,
            ).status
        except ValidationError as exc:
            results[n] = exc
        except Exception as exc:
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(VISITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_twenty_visitors_for_ten_places() -> None:
    assert connection.vendor == "postgresql"
    site = SiteFactory.create(capacity=PLACES)

    results = _race(site)

    assert Counter(results) == {"registered": PLACES, "waiting": VISITORS - PLACES}, results
    statuses = Counter(Registration.objects.filter(site=site).values_list("status", flat=True))
    assert statuses == {"registered": PLACES, "waiting": VISITORS - PLACES}


def test_a_workshop_is_never_overbooked() -> None:
    assert connection.vendor == "postgresql"
    site = SiteFactory.create(capacity=None)
    workshop = SessionFactory.create(site=site, capacity=PLACES)

    results = _race(site, workshops=[workshop])

    registered = [r for r in results if r == "registered"]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(registered) == PLACES and len(refused) == VISITORS - PLACES, results
    assert all("is full" in str(r) for r in refused)
    assert workshop.registrations.count() == PLACES
