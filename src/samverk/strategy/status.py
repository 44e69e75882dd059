"""How an indicator stands: from its baseline, its target and the latest approved value.

The straight path runs from the baseline (value on its date) to the target (value on its date).
On a day between them, the path expects the share of the way that the share of the time passed
gives (before the baseline day nothing, after the target day the whole way). With the latest
approved value:

- **on track**: the target is reached, or the value is at least as far along as the path;
- **at risk**: behind the path, but closer to the target than the baseline was;
- **off track**: not closer to the target than the baseline (standing still or moving away);
- **no data**: no approved value yet.

"At most" and "decrease" want the value to fall, "at least" and "increase" to rise; an "at
most" or "at least" target is reached when the value is on the right side of it, an
"increase" or "decrease" target when the value has gone at least as far. Pure functions, so
``tests/test_status.py`` checks them over many baselines, targets, values and days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from samverk.strategy.choices import UPWARD, Desired, IndicatorStatus


@dataclass(frozen=True)
class Path:
    desired: str
    baseline_value: Decimal
    baseline_date: dt.date
    target_value: Decimal
    target_date: dt.date


def expected_share(path: Path, on: dt.date) -> Decimal:
    """The share of the way (0 to 1) the straight path expects on ``on``."""
    span = (path.target_date - path.baseline_date).days
    if span <= 0 or on >= path.target_date:
        return Decimal(1)
    if on <= path.baseline_date:
        return Decimal(0)
    return Decimal((on - path.baseline_date).days) / Decimal(span)


def expected_value(path: Path, on: dt.date) -> Decimal:
    """The value the straight path expects on ``on``."""
    return path.baseline_value + (path.target_value - path.baseline_value) * expected_share(
        path, on
    )


def progress(path: Path, value: Decimal) -> Decimal:
    """How far along the way from baseline to target ``value`` is (0 at the baseline, 1 at
    the target, negative when it moved away). The target differs from the baseline (checked
    when the indicator is saved)."""
    return (value - path.baseline_value) / (path.target_value - path.baseline_value)


def target_reached(path: Path, value: Decimal) -> bool:
    if path.desired in UPWARD:
        return value >= path.target_value
    return value <= path.target_value


def status(path: Path, latest: tuple[dt.date, Decimal] | None) -> IndicatorStatus:
    """The indicator's status from its latest approved value (date, value), or no data."""
    if latest is None:
        return IndicatorStatus.NO_DATA
    on, value = latest
    if target_reached(path, value):
        return IndicatorStatus.ON_TRACK
    expected = expected_value(path, on)
    if value >= expected if path.desired in UPWARD else value <= expected:
        return IndicatorStatus.ON_TRACK
    if progress(path, value) > 0:
        return IndicatorStatus.AT_RISK
    return IndicatorStatus.OFF_TRACK


def target_in_desired_direction(desired: str, baseline: Decimal, target: Decimal) -> bool:
    """A target that lies the way the indicator should move from its baseline."""
    if desired in UPWARD:
        return target > baseline
    return target < baseline


__all__ = [
    "Desired",
    "Path",
    "expected_share",
    "expected_value",
    "progress",
    "status",
    "target_in_desired_direction",
    "target_reached",
]
