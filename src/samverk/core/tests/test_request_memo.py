"""Values computed once while a read-only page is built, and never cached outside it."""

from __future__ import annotations

from samverk.core.request_memo import memoized, request_memo


def test_inside_a_block_a_value_is_computed_once_per_key():
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    with request_memo():
        assert memoized("a", lambda: compute("a")) == "A"
        assert memoized("a", lambda: compute("a")) == "A"
        assert memoized("b", lambda: compute("b")) == "B"
        with request_memo():  # a nested block shares the outer one
            assert memoized("a", lambda: compute("a")) == "A"

    assert calls == ["a", "b"]


def test_outside_a_block_nothing_is_cached():
    calls: list[int] = []
    with request_memo():
        memoized("a", lambda: calls.append(1))
    memoized("a", lambda: calls.append(2))
    memoized("a", lambda: calls.append(3))

    assert calls == [1, 2, 3]
