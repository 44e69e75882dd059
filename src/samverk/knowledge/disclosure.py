"""Disclosure control of survey results: no published table may reveal one respondent.

A results table is a grid of cells (rows x columns) with its row totals, column totals and
grand total, all published. Each cell carries the contributions of the respondents in it.

* **Primary suppression**: a cell (totals included) with fewer than ``min_respondents``
  respondents, or where one respondent contributes more than ``dominance`` of the cell's
  total (the (1, k) dominance rule), is suppressed.
* **Secondary suppression**: the published totals are equations (each row's cells sum to its
  total, each column's likewise). A suppressed cell must not be computable from them: not
  from one line (a line with exactly one suppressed cell gives it away), nor from any
  combination of lines. After the line rule, every suppressed cell is tested exactly — it
  is computable iff its unit vector lies in the row space of the equations restricted to the
  suppressed cells (a rank test) — and while one is, another cell of its row or column is
  suppressed: the smallest positive published one (a zero tells little, and suppressing
  small cells loses least information).

The result never has a suppressed cell that linear algebra on the published figures can
recompute; ``knowledge/tests/test_disclosure.py`` checks that over random tables with an
independent test (the null space of the equations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

Key = tuple[int, int]  # (row, column); row == R is the column totals' row, column == C the rows'


@dataclass
class Grid:
    """A table with its margins: ``contributions[r][c]`` maps each respondent (an id) to its
    value in cell (r, c), for r < R, c < C; the margins are computed."""

    contributions: list[list[dict[int, float]]]
    suppressed: set[Key] = field(default_factory=set)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.contributions), len(self.contributions[0]) if self.contributions else 0

    def cell(self, key: Key) -> list[float]:
        """Each respondent's value in any cell, margins included (a respondent in several
        cells of a margin counts once, with the sum of its values)."""
        rows, columns = self.shape
        r, c = key
        picked_rows = range(rows) if r == rows else [r]
        picked_columns = range(columns) if c == columns else [c]
        summed: dict[int, float] = {}
        for i in picked_rows:
            for j in picked_columns:
                for respondent, value in self.contributions[i][j].items():
                    summed[respondent] = summed.get(respondent, 0.0) + value
        return list(summed.values())

    def total(self, key: Key) -> float:
        return float(sum(self.cell(key)))

    def all_cells(self) -> list[Key]:
        rows, columns = self.shape
        return [(r, c) for r in range(rows + 1) for c in range(columns + 1)]

    def lines(self) -> list[list[Key]]:
        """Each equation as its cells, the total last."""
        rows, columns = self.shape
        result = [[(r, c) for c in range(columns + 1)] for r in range(rows + 1)]
        result += [[(r, c) for r in range(rows + 1)] for c in range(columns + 1)]
        return result


def is_sensitive(values: Sequence[float], min_respondents: int, dominance: float) -> bool:
    """A cell that would show one respondent: too few, or one dominating. A cell nobody
    contributes to is published (as zero)."""
    if not values:
        return False
    if len(values) < min_respondents:
        return True
    total = sum(values)
    return total > 0 and max(values) > dominance * total


def primary(grid: Grid, min_respondents: int, dominance: float) -> set[Key]:
    return {
        key for key in grid.all_cells() if is_sensitive(grid.cell(key), min_respondents, dominance)
    }


def determinable(grid: Grid, suppressed: set[Key]) -> list[Key]:
    """The suppressed cells that the published figures determine (rank test)."""
    unknowns = sorted(suppressed)
    if not unknowns:
        return []
    index = {key: i for i, key in enumerate(unknowns)}
    equations = []
    for line in grid.lines():
        hidden = [key for key in line if key in index]
        if not hidden:
            continue
        row = np.zeros(len(unknowns))
        for key in hidden:
            row[index[key]] = -1.0 if key == line[-1] else 1.0
        equations.append(row)
    if not equations:
        return []
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for key, i in index.items():
        unit = np.zeros(len(unknowns))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(key)
    return found


def _next_to(grid: Grid, key: Key, suppressed: set[Key]) -> Key | None:
    """The smallest positive published cell in the row or column of ``key`` (else the
    smallest published one)."""
    rows, columns = grid.shape
    r, c = key
    candidates = [(r, j) for j in range(columns + 1)] + [(i, c) for i in range(rows + 1)]
    published = [k for k in candidates if k not in suppressed]
    if not published:
        return None
    return min(published, key=lambda k: (grid.total(k) <= 0, grid.total(k), k))


def protect(grid: Grid, min_respondents: int = 3, dominance: float = 0.85) -> set[Key]:
    """The cells to suppress (primary and secondary); also stored on ``grid.suppressed``."""
    suppressed = primary(grid, min_respondents, dominance)
    while True:
        changed = False
        for line in grid.lines():  # the quick rule first: never one hidden cell in a line
            hidden = [key for key in line if key in suppressed]
            if len(hidden) == 1:
                extra = _next_to(grid, hidden[0], suppressed)
                if extra is not None:
                    suppressed.add(extra)
                    changed = True
        if changed:
            continue
        exposed = determinable(grid, suppressed)
        if not exposed:
            break
        extra = _next_to(grid, exposed[0], suppressed)
        if extra is None:
            break
        suppressed.add(extra)
    grid.suppressed = suppressed
    return suppressed
