"""Disclosure control: sensitive cells are suppressed, and over many random tables no
suppressed cell can be recomputed from the published figures — checked with the null space
of the equations, independently of the rank test the code uses."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samverk.knowledge.disclosure import Grid, Key, is_sensitive, protect


def test_the_rules_of_a_sensitive_cell() -> None:
    assert is_sensitive([5, 5], min_respondents=3, dominance=0.85)  # two respondents
    assert is_sensitive([90, 5, 5], min_respondents=3, dominance=0.85)  # one dominates
    assert not is_sensitive([40, 30, 30], min_respondents=3, dominance=0.85)
    assert not is_sensitive([0, 0, 0], min_respondents=3, dominance=0.85)


def recomputable(grid: Grid, suppressed: set[Key]) -> set[Key]:
    """Suppressed cells fixed by the published figures: those on which every solution of the
    homogeneous equations is zero (the null space's component is zero)."""
    unknowns = sorted(suppressed)
    if not unknowns:
        return set()
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for line in grid.lines():
        row = np.zeros(len(unknowns))
        for key in line:
            if key in index:
                row[index[key]] = -1.0 if key == line[-1] else 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return set(unknowns)
    return {key for key, i in index.items() if np.all(np.abs(null[:, i]) < 1e-9)}


def test_a_small_table_hides_its_one_sensitive_cell_and_enough_others() -> None:
    # occupations x regions; each list: the vacancies of respondents (one each) in the cell
    cells = [
        [[4, 3, 5], [2, 2, 3, 1], [6, 1, 1]],
        [[3, 3, 2], [7], [2, 2, 2]],  # (1, 1): one respondent
        [[1, 1, 1], [3, 2, 4], [5, 5, 5]],
    ]
    ids = iter(range(1000))
    grid = Grid([[{next(ids): float(v) for v in cell} for cell in row] for row in cells])
    hidden = protect(grid, min_respondents=3, dominance=0.85)
    assert (1, 1) in hidden
    assert len(hidden) >= 4  # a second cell in its row and column, closing a cycle
    assert recomputable(grid, hidden) == set()
    assert (3, 3) not in hidden  # the grand total stays


# a cell: respondent id (few, so that respondents answer in several cells) → value
contributions = st.dictionaries(
    st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=40), max_size=5
)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda columns: st.lists(
            st.lists(contributions, min_size=columns, max_size=columns), min_size=1, max_size=5
        )
    ),
    st.integers(min_value=1, max_value=4),
    st.sampled_from([0.6, 0.85, 1.0]),
)
def test_no_suppressed_cell_can_be_recomputed(
    table: list[list[dict[int, int]]], min_respondents: int, dominance: float
) -> None:
    grid = Grid([[{k: float(v) for k, v in cell.items()} for cell in row] for row in table])
    hidden = protect(grid, min_respondents=min_respondents, dominance=dominance)
    for key in grid.all_cells():
        if is_sensitive(grid.cell(key), min_respondents, dominance):
            assert key in hidden, key
    assert recomputable(grid, hidden) == set()
