"""An indicator's values taken from a data set of the knowledge base (e.g. a municipality's
share of 18-24-year-olds without upper secondary education, from an SCB table).

The coordinator (or a partner representative: whoever may enter values) picks a vintage and,
for every dimension but time, one category; each time category then gives one value, as of
the last day of its period (``knowledge.periods``), source "official statistics" with the
data set, its vintage and licence named. Values outside the direction's years and missing
cells are left out (and counted); a value the indicator already has for that day and part is
corrected when it differs, else left alone; new values are drafts. All or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core.services import check_same_network, require
from samverk.knowledge import store
from samverk.knowledge.choices import DimensionRole
from samverk.knowledge.models import Vintage
from samverk.knowledge.periods import period_end
from samverk.strategy import permissions, services
from samverk.strategy.models import Indicator, Measurement

if TYPE_CHECKING:
    from samverk.accounts.models import User


@dataclass
class Taken:
    entered: int = 0
    corrected: int = 0
    unchanged: int = 0
    outside: int = 0  # periods outside the direction's years
    missing: int = 0  # missing or suppressed cells


def time_position(vintage: Vintage) -> int:
    """The position of the vintage's time dimension; refused when it has none."""
    for position, dimension in enumerate(vintage.dimensions):
        if dimension["role"] == DimensionRole.TIME:
            return position
    raise ValidationError(
        {"vintage": _("This vintage has no time dimension: mark one when importing it.")}
    )


def source_detail(vintage: Vintage) -> str:
    data_set = vintage.data_set
    return f"{data_set.title} ({data_set.publisher}, {vintage.label}; {data_set.licence})"[:200]


@transaction.atomic
def take_from_data_set(
    *,
    actor: User,
    indicator: Indicator,
    vintage: Vintage,
    selection: Mapping[int, str],
    part: str = "",
) -> Taken:
    network = indicator.goal.direction.network
    require(permissions.can_enter_measurement(actor, network))
    check_same_network(network, field="vintage", obj=vintage)
    if indicator.uses_ratio:
        raise ValidationError(
            _("This indicator is entered as a numerator and a denominator: enter its values.")
        )
    when = time_position(vintage)
    filters: dict[int, list[str]] = {}
    for position, dimension in enumerate(vintage.dimensions):
        if position == when:
            continue
        code = selection.get(position, "")
        known = {c for c, _label in dimension["categories"]}
        if code not in known:
            raise ValidationError(
                {
                    f"d{position}": _("Choose one category of “%(dimension)s”.")
                    % {"dimension": dimension["label"]}
                }
            )
        filters[position] = [code]
    direction = indicator.goal.direction
    detail = source_detail(vintage)
    taken = Taken()
    for row in store.all_rows(vintage.parquet.path, filters):
        day = period_end(row[store.column(when)])
        if row["value"] is None:
            taken.missing += 1
            continue
        if day is None or not direction.first_day <= day <= direction.last_day:
            taken.outside += 1
            continue
        value = Decimal(str(row["value"])).quantize(Decimal("0.01"))
        existing = (
            Measurement.objects.select_for_update()
            .filter(indicator=indicator, period_end=day, part=part.strip())
            .first()
        )
        if existing is None:
            services.enter_measurement(
                actor=actor,
                indicator=indicator,
                period_end=day,
                value=value,
                part=part,
                source="official",
                source_detail=detail,
            )
            taken.entered += 1
        elif existing.value == value:
            taken.unchanged += 1
        else:
            services.correct_measurement(
                actor=actor,
                measurement=existing,
                value=value,
                source="official",
                source_detail=detail,
            )
            taken.corrected += 1
    if not (taken.entered or taken.corrected or taken.unchanged):
        raise ValidationError(
            _("No value of this selection lies within the direction's years (%(first)s–%(last)s).")
            % {"first": direction.start_year, "last": direction.end_year}
        )
    return taken
