"""FilterSets of the strategy lists (the API's; a list page with filters uses the same).

Model filters (``?direction=``, ``?goal=``, ``?indicator=``) choose among the scoped default
querysets; ``core.api.ScopedFilterBackend`` limits them to what the user may see, so a filter
by another network's goal answers 400, never a leak. (A self-check answer's ``?obligation=``
takes the obligation's id: the obligation may be of the charter another network of the
federation shares, which ``Obligation.objects.visible_to`` does not list.)"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from samverk.networks.filters import _NetworkSlugFilterSet
from samverk.strategy.models import (
    AnnualPlan,
    Charter,
    Commitment,
    Contribution,
    Direction,
    Goal,
    IncomeLine,
    Indicator,
    Measurement,
    Obligation,
    PlanActivity,
    SelfCheck,
)


class DirectionFilter(_NetworkSlugFilterSet):
    class Meta:
        model = Direction
        fields = ["network"]


class GoalFilter(_NetworkSlugFilterSet):
    network_path = "direction__network__slug"

    class Meta:
        model = Goal
        fields = ["network", "direction"]


class CommitmentFilter(_NetworkSlugFilterSet):
    network_path = "goal__direction__network__slug"

    class Meta:
        model = Commitment
        fields = ["network", "goal", "side", "status"]


class IndicatorFilter(_NetworkSlugFilterSet):
    network_path = "goal__direction__network__slug"

    class Meta:
        model = Indicator
        fields = ["network", "goal"]


class MeasurementFilter(_NetworkSlugFilterSet):
    network_path = "indicator__goal__direction__network__slug"

    class Meta:
        model = Measurement
        fields = ["network", "indicator", "status"]


class CharterFilter(_NetworkSlugFilterSet):
    class Meta:
        model = Charter
        fields = ["network", "shared"]


class ObligationFilter(_NetworkSlugFilterSet):
    network_path = "charter__network__slug"

    class Meta:
        model = Obligation
        fields = ["network", "charter"]


class SelfCheckFilter(_NetworkSlugFilterSet):
    obligation = django_filters.NumberFilter(label=_("obligation"))

    class Meta:
        model = SelfCheck
        fields = ["network", "obligation", "organisation", "year", "answer"]


class AnnualPlanFilter(_NetworkSlugFilterSet):
    class Meta:
        model = AnnualPlan
        fields = ["network", "year", "status"]


class PlanActivityFilter(_NetworkSlugFilterSet):
    network_path = "plan__network__slug"

    class Meta:
        model = PlanActivity
        fields = ["network", "plan", "goal", "status"]


class IncomeLineFilter(_NetworkSlugFilterSet):
    network_path = "plan__network__slug"

    class Meta:
        model = IncomeLine
        fields = ["network", "plan", "kind"]


class ContributionFilter(_NetworkSlugFilterSet):
    class Meta:
        model = Contribution
        fields = ["network", "organisation", "year", "activity", "kind", "status"]
