"""The shortage picture: job ads (any source with the columns below) → a panel per region x
occupation x quarter → a method's verdict per cell.

Job ads, one row each: ``region`` (a region code), ``occupation`` (an ISCO-08 code),
``quarter`` ("2025Q1"), ``days_open`` (days from posting to filling or ending), ``vacancies``
(openings) and ``filled`` (whether it was filled).

The panel (``panel``, an Ibis expression, so the same runs on DuckDB, PostgreSQL and Spark):
ads, vacancies, the **exact** median of days open, the share filled, and the ratio of the
median to the national median of the occupation in the quarter. ``panel_sql`` is the same as
hand-written DuckDB SQL: the benchmark compares the two and the tests check they agree.

Methods (configuration with documented defaults and a version, recorded with every result):

* ``ba`` — after the Bundesagentur's Engpassanalyse: each indicator scored 0-3 by thresholds
  (vacancy duration relative to the national median; share of ads not filled); the mean
  decides: shortage >= 2.0, watch 1.5-2.0, else none;
* ``af`` — after Arbetsförmedlingen's categories: shortage, balance or surplus by the
  duration ratio;
* ``nav`` — after NAV's estimated shortage: the vacancies not filled, in persons.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import ibis

COLUMNS = ("region", "occupation", "quarter", "days_open", "vacancies", "filled")


def panel(ads: Any) -> Any:
    cells = ads.group_by(["region", "occupation", "quarter"]).aggregate(
        ads=ads.count(),
        vacancies=ads.vacancies.sum(),
        median_days=ads.days_open.median(),
        share_filled=ads.filled.cast("int32").cast("float64").mean(),
    )
    national = ads.group_by(["occupation", "quarter"]).aggregate(
        national_median=ads.days_open.median()
    )
    joined = cells.join(national, ["occupation", "quarter"])
    return joined.mutate(
        ratio=ibis.ifelse(
            joined.national_median > 0,
            joined.median_days / joined.national_median,
            ibis.null("float64"),
        )
    ).order_by(["region", "occupation", "quarter"])


PANEL_SQL = """
WITH cells AS (
    SELECT region, occupation, quarter, count(*) AS ads, sum(vacancies) AS vacancies,
           median(days_open) AS median_days,
           avg(CAST(CAST(filled AS INTEGER) AS DOUBLE)) AS share_filled
    FROM ads GROUP BY region, occupation, quarter
), national AS (
    SELECT occupation, quarter, median(days_open) AS national_median
    FROM ads GROUP BY occupation, quarter
)
SELECT c.region, c.occupation, c.quarter, c.ads, c.vacancies, c.median_days, c.share_filled,
       n.national_median,
       CASE WHEN n.national_median > 0 THEN c.median_days / n.national_median END AS ratio
FROM cells c JOIN national n USING (occupation, quarter)
ORDER BY region, occupation, quarter
"""


def panel_sql(connection: Any, table: str = "ads") -> Any:
    """The panel as hand-written DuckDB SQL over ``table`` (a DuckDB connection)."""
    return connection.sql(PANEL_SQL.replace("FROM ads", f"FROM {table}")).arrow().read_all()


@dataclass(frozen=True)
class Method:
    name: str
    version: str
    parameters: dict[str, Any] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        return asdict(self)


BA = Method(
    "ba",
    "1",
    {
        # score 0..3 at or above each threshold
        "duration_ratio": [1.0, 1.2, 1.4],
        "share_not_filled": [0.2, 0.35, 0.5],
        "shortage_from": 2.0,
        "watch_from": 1.5,
    },
)
AF = Method("af", "1", {"shortage_from": 1.25, "surplus_below": 0.8})
NAV = Method("nav", "1", {})
METHODS = {m.name: m for m in (BA, AF, NAV)}


def _score(value: Any, thresholds: list[float]) -> Any:
    low, middle, high = thresholds
    return ibis.cases(
        (value >= high, 3),
        (value >= middle, 2),
        (value >= low, 1),
        else_=0,
    )


def verdict(cells: Any, method: Method) -> Any:
    """The panel with the method's figures: ``score`` and ``category`` (ba, af) or
    ``shortage_persons`` (nav)."""
    p = method.parameters
    if method.name == "ba":
        duration = _score(cells.ratio.fill_null(0.0), p["duration_ratio"])
        unfilled = _score(1.0 - cells.share_filled, p["share_not_filled"])
        scored = cells.mutate(score=(duration + unfilled) / 2.0)
        return scored.mutate(
            category=ibis.cases(
                (scored.score >= p["shortage_from"], "shortage"),
                (scored.score >= p["watch_from"], "watch"),
                else_="none",
            )
        )
    if method.name == "af":
        return cells.mutate(
            score=cells.ratio,
            category=ibis.cases(
                (cells.ratio >= p["shortage_from"], "shortage"),
                (cells.ratio < p["surplus_below"], "surplus"),
                else_="balance",
            ),
        )
    if method.name == "nav":
        return cells.mutate(
            score=(cells.vacancies * (1.0 - cells.share_filled)).round(0),
            category=ibis.literal(""),
        )
    raise ValueError(method.name)


__all__ = ["AF", "BA", "COLUMNS", "METHODS", "NAV", "Method", "panel", "panel_sql", "verdict"]
