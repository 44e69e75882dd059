"""The quorum rule, as a pure function (property-tested with hypothesis)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext

from samverk.networks.choices import QuorumRule


@dataclass(frozen=True)
class QuorumResult:
    rule: str
    required: int
    represented: int
    total: int
    missing: frozenset[int] = field(default_factory=frozenset)

    @property
    def has_rule(self) -> bool:
        """False for an arena without a quorum rule: there is nothing to reach, and the
        result says "no quorum rule", never "quorate, 0 of 4"."""
        return self.rule in (QuorumRule.ALL_MEMBERS, QuorumRule.PERCENT)

    @property
    def is_quorate(self) -> bool:
        """Without a rule every meeting may decide (nothing is required)."""
        return self.represented >= self.required

    @property
    def headline(self) -> str:
        """ "No quorum rule", "Quorate" or "Not quorate" (translated)."""
        if not self.has_rule:
            return gettext("No quorum rule")
        return gettext("Quorate") if self.is_quorate else gettext("Not quorate")

    @property
    def text(self) -> str:
        """The result in one sentence, for pages, mails and the minutes."""
        if not self.has_rule:
            return ngettext(
                "No quorum rule; %(represented)s of %(total)s member organisation represented "
                "with authority.",
                "No quorum rule; %(represented)s of %(total)s member organisations represented "
                "with authority.",
                self.total,
            ) % {"represented": self.represented, "total": self.total}
        values = {"represented": self.represented, "total": self.total, "required": self.required}
        if self.is_quorate:
            return (
                ngettext(
                    "Quorate: %(represented)s of %(total)s member organisation represented with "
                    "authority; %(required)s required.",
                    "Quorate: %(represented)s of %(total)s member organisations represented with "
                    "authority; %(required)s required.",
                    self.total,
                )
                % values
            )
        return (
            ngettext(
                "Not quorate: %(represented)s of %(total)s member organisation represented with "
                "authority; %(required)s required.",
                "Not quorate: %(represented)s of %(total)s member organisations represented with "
                "authority; %(required)s required.",
                self.total,
            )
            % values
        )


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
