from __future__ import annotations

import datetime as dt

import factory

from samverk.events.models import Event, EventSite, Registration, Session
from samverk.networks.tests.factories import NetworkFactory

#: A fixed moment the tests build around (no test reads the clock).
NOW = dt.datetime(2030, 11, 1, 9, 0, tzinfo=dt.UTC)
SITE_DAY = dt.datetime(2030, 12, 27, 9, 0, tzinfo=dt.UTC)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    kind = "returnee_day"
    is_public = True
    registration_open = True


class SiteFactory(factory.django.DjangoModelFactory[EventSite]):
    class Meta:
        model = EventSite

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    venue = "Town hall"
    starts_at = SITE_DAY
    ends_at = SITE_DAY + dt.timedelta(hours=6)
    capacity = 10


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    site = factory.SubFactory(SiteFactory)
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Workshop {n}")
    starts_at = factory.LazyAttribute(lambda s: s.site.starts_at + dt.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda s: s.site.starts_at + dt.timedelta(hours=2))
    capacity = 5


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    status = "registered"
