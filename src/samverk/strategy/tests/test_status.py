"""The indicator status over many baselines, targets, values and days (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samverk.strategy.choices import Desired, IndicatorStatus
from samverk.strategy.status import (
    Path,
    expected_share,
    expected_value,
    status,
    target_in_desired_direction,
)

values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def paths(draw: st.DrawFn) -> Path:
    desired = draw(st.sampled_from(list(Desired)))
    baseline = draw(values)
    step = draw(st.decimals(min_value=Decimal("0.01"), max_value=500, places=2))
    up = desired in (Desired.AT_LEAST, Desired.INCREASE)
    start = draw(days)
    span = draw(st.integers(min_value=1, max_value=5000))
    return Path(
        desired=desired,
        baseline_value=baseline,
        baseline_date=start,
        target_value=baseline + step if up else baseline - step,
        target_date=start + dt.timedelta(days=span),
    )


@given(paths(), days)
def test_the_straight_path_runs_from_baseline_to_target(path, on):
    share = expected_share(path, on)
    assert 0 <= share <= 1
    if on <= path.baseline_date:
        assert expected_value(path, on) == path.baseline_value
    if on >= path.target_date:
        assert expected_value(path, on) == path.target_value


@given(paths(), days)
def test_a_value_on_the_path_is_on_track(path, on):
    assert status(path, (on, expected_value(path, on))) == IndicatorStatus.ON_TRACK


@given(paths(), days)
def test_the_target_reached_is_on_track_on_any_day(path, on):
    assert status(path, (on, path.target_value)) == IndicatorStatus.ON_TRACK


@given(paths(), days, st.decimals(min_value=0, max_value=100, places=2))
def test_standing_still_or_moving_away_is_off_track_once_time_has_passed(path, on, away):
    if on <= path.baseline_date:
        return
    step = -away if path.desired in (Desired.AT_LEAST, Desired.INCREASE) else away
    assert status(path, (on, path.baseline_value + step)) == IndicatorStatus.OFF_TRACK


@given(paths(), days, st.floats(min_value=0.01, max_value=0.99))
def test_part_of_the_way_but_behind_the_path_is_at_risk(path, on, fraction):
    share = expected_share(path, on)
    made = Decimal(str(fraction)) * share
    if made <= 0 or made >= share:
        return
    value = path.baseline_value + (path.target_value - path.baseline_value) * made
    assert status(path, (on, value)) == IndicatorStatus.AT_RISK


@given(paths())
def test_without_an_approved_value_there_is_no_status(path):
    assert status(path, None) == IndicatorStatus.NO_DATA


def test_the_norrbotten_examples():
    # At most 10 % of 18-24-year-olds without upper secondary by 2020, from 14 % in 2015.
    path = Path("at_most", Decimal(14), dt.date(2015, 1, 1), Decimal(10), dt.date(2020, 12, 31))
    halfway = dt.date(2018, 1, 1)
    assert status(path, (halfway, Decimal("11.5"))) == IndicatorStatus.ON_TRACK
    assert status(path, (halfway, Decimal("13.0"))) == IndicatorStatus.AT_RISK
    assert status(path, (halfway, Decimal("14.5"))) == IndicatorStatus.OFF_TRACK
    assert status(path, (halfway, Decimal("9.5"))) == IndicatorStatus.ON_TRACK


@given(st.sampled_from(list(Desired)), values, values)
def test_a_target_must_lie_the_desired_way(desired, baseline, target):
    up = desired in (Desired.AT_LEAST, Desired.INCREASE)
    assert target_in_desired_direction(desired, baseline, target) == (
        target > baseline if up else target < baseline
    )
