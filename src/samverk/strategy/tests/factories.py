from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from samverk.networks.tests.factories import NetworkFactory
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement


class DirectionFactory(factory.django.DjangoModelFactory[Direction]):
    class Meta:
        model = Direction

    network = factory.SubFactory(NetworkFactory)
    title = "Inriktning"
    start_year = 2015
    end_year = 2018


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    direction = factory.SubFactory(DirectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Goal {n}")


class CommitmentFactory(factory.django.DjangoModelFactory[Commitment]):
    class Meta:
        model = Commitment

    goal = factory.SubFactory(GoalFactory)
    side = "network"
    text = factory.Sequence(lambda n: f"Commitment {n}")


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "percent"
    desired = "at_most"
    baseline_value = Decimal("14.00")
    baseline_date = dt.date(2015, 1, 1)
    target_value = Decimal("10.00")
    target_date = dt.date(2018, 12, 31)


class MeasurementFactory(factory.django.DjangoModelFactory[Measurement]):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period_end = dt.date(2016, 12, 31)
    value = Decimal("12.00")
    status = "approved"
