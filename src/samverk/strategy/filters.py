"""FilterSets of the strategy lists (the API's; a list page with filters uses the same).

Model filters (``?direction=``, ``?goal=``, ``?indicator=``) choose among the scoped default
querysets; ``core.api.ScopedFilterBackend`` limits them to what the user may see, so a filter
by another network's goal answers 400, never a leak."""

from __future__ import annotations

from samverk.networks.filters import _NetworkSlugFilterSet
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement


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
