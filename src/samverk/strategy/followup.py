"""The follow-up of a year: activities planned and done, budget planned and spent, the
indicators against their targets at the year's end, the commitments kept. One builder feeds
the page, the PDF and the XLSX."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from samverk.strategy import charts
from samverk.strategy.choices import ActivityStatus, CommitmentStatus, IndicatorStatus
from samverk.strategy.models import AnnualPlan, Commitment, Indicator, Measurement, PlanActivity
from samverk.strategy.status import status

ZERO = Decimal("0.00")


@dataclass
class IndicatorLine:
    indicator: Indicator
    latest: tuple[dt.date, Decimal] | None
    status: IndicatorStatus
    chart: str | None = None
    chart_text: str = ""


@dataclass
class FollowUp:
    plan: AnnualPlan
    activities: list[PlanActivity]
    activity_counts: dict[str, int]
    planned: Decimal
    spent: Decimal
    income: Decimal
    indicators: list[IndicatorLine] = field(default_factory=list)
    commitment_counts: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.activity_counts.get(ActivityStatus.DONE, 0)

    @property
    def unspent(self) -> Decimal:
        return self.planned - self.spent


def follow_up(plan: AnnualPlan, measurements: Any) -> FollowUp:
    """``measurements``: the approved values the viewer may see (a scoped queryset)."""
    activities = list(plan.activities.select_related("goal").order_by("starts_on", "pk"))
    counts = Counter(a.status for a in activities)
    result = FollowUp(
        plan=plan,
        activities=activities,
        activity_counts={s: counts.get(s, 0) for s in ActivityStatus.values},
        planned=sum((a.budget for a in activities), ZERO),
        spent=sum((a.spent or ZERO for a in activities), ZERO),
        income=sum((line.amount for line in plan.income.all()), ZERO),
    )
    if plan.direction_id is None:
        return result
    year_end = dt.date(plan.year, 12, 31)
    indicators = list(
        Indicator.objects.filter(goal__direction_id=plan.direction_id)
        .select_related("goal")
        .order_by("goal__position", "pk")
    )
    latest: dict[int, tuple[dt.date, Decimal]] = {}
    drawn: dict[int, list[Measurement]] = {i.pk: [] for i in indicators}
    for measurement in measurements.filter(
        indicator__in=indicators, status="approved", period_end__lte=year_end
    ).order_by("indicator_id", "period_end", "part"):
        drawn[measurement.indicator_id].append(measurement)
        if not measurement.part:
            latest[measurement.indicator_id] = (measurement.period_end, measurement.value)
    result.indicators = [
        IndicatorLine(
            i,
            latest.get(i.pk),
            status(i.path, latest.get(i.pk)),
            charts.svg_data_uri(i, drawn[i.pk]),
            charts.description(i, drawn[i.pk]),
        )
        for i in indicators
    ]
    kept = Counter(
        Commitment.objects.filter(goal__direction_id=plan.direction_id).values_list(
            "status", flat=True
        )
    )
    result.commitment_counts = {s: kept.get(s, 0) for s in CommitmentStatus.values}
    return result


__all__ = ["FollowUp", "IndicatorLine", "Measurement", "follow_up"]
