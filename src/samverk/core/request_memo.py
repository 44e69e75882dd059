"""Values several parts of one page ask for, computed once while the page is built.

A read-only page (the dashboard) runs its panels inside :func:`request_memo`; inside it,
:func:`memoized` computes a value once per key (e.g. the ids of the joint meetings of a
network, which both the meetings' and the actions' scoped querysets look up). Outside such a
block nothing is cached, so services and forms that write and read back always see fresh
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

_T = TypeVar("_T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("samverk_request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """Cache :func:`memoized` values until the block ends (nested blocks share the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoized(key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()``, once per ``key`` inside :func:`request_memo`; every time outside it."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]
