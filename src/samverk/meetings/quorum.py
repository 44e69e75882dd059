"""The quorum rule, as a pure function (property-tested with hypothesis)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from samverk.networks.choices import QuorumRule


@dataclass(frozen=True)
class QuorumResult:
    rule: str
    required: int
    represented: int
    total: int
    missing: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_quorate(self) -> bool:
        return self.represented >= self.required


def evaluate(
    rule: str, percent: int | None, members: Collection[int], authorised: Collection[int]
) -> QuorumResult:
    """``members``: ids of the arena's member organisations; ``authorised``: ids of the
    organisations represented with authority. Organisations that are not members don't count."""
    member_set = frozenset(members)
    represented = member_set & frozenset(authorised)
    total = len(member_set)
    if rule == QuorumRule.ALL_MEMBERS:
        required = total
    elif rule == QuorumRule.PERCENT:
        required = math.ceil(total * (percent or 0) / 100)
    else:
        required = 0
    return QuorumResult(
        rule=rule,
        required=required,
        represented=len(represented),
        total=total,
        missing=member_set - represented,
    )


def counting(attendances: Iterable[Any]) -> list[int]:
    """Ids of the organisations the check-ins ``attendances`` represent with authority, as
    the quorum counts them: people who have left (``left_at`` set) no longer count."""
    return [
        a.organisation_id
        for a in attendances
        if a.with_authority and a.organisation_id and a.left_at is None
    ]
