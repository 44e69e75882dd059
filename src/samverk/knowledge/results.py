"""A company needs survey's results: per measure (vacancies now, hires within 12 and 24
months) a table of occupations x regions (or sectors) with its totals, protected by
``disclosure`` (the survey's fewest respondents and largest share); and the results as a
data set of the knowledge base (suppressed cells missing, status "x")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.core import audit
from samverk.core.models import Region
from samverk.core.services import require, save_audited
from samverk.knowledge import disclosure, permissions, services
from samverk.knowledge.choices import DimensionRole, SourceFormat
from samverk.knowledge.formats import Category, Dimension, Table
from samverk.knowledge.models import ResponseLine, Survey, Vintage
from samverk.networks.choices import NaceSection

if TYPE_CHECKING:
    from samverk.accounts.models import User

MEASURES = {
    "vacancies": gettext_lazy("vacancies now"),
    "hires_12": gettext_lazy("hires within 12 months"),
    "hires_24": gettext_lazy("hires within 24 months"),
}
TOTAL = "_T"
SUPPRESSED = "x"


@dataclass
class Result:
    """One measure's table: ``cells[r][c]`` the figure or None (suppressed), the last row and
    column the totals."""

    measure: str
    label: Any
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: list[list[float | None]]
    suppressed: int

    def lines(self) -> list[tuple[str, str, list[float | None]]]:
        """(code, label, cells) of each row, the totals' row last (code ``TOTAL``)."""
        names = [*self.rows, (TOTAL, _("Total"))]
        return [
            (code, label, cells) for (code, label), cells in zip(names, self.cells, strict=True)
        ]


def _columns(survey: Survey, lines: list[ResponseLine], by: str) -> list[tuple[str, str]]:
    if by == "sector":
        labels = dict(NaceSection.choices)
        codes = sorted({line.response.sector or "?" for line in lines})
        return [(code, str(labels.get(code, _("unknown")))) for code in codes]
    regions = {line.response.region_id for line in lines}
    named = {r.pk: r for r in Region.objects.filter(pk__in=[r for r in regions if r])}
    columns = sorted(
        ((named[pk].code, named[pk].name) for pk in regions if pk in named), key=lambda c: c[1]
    )
    if None in regions:
        columns.append(("?", _("unknown")))
    return columns


def _column_of(line: ResponseLine, by: str) -> str:
    if by == "sector":
        return line.response.sector or "?"
    region = line.response.region
    return region.code if region is not None else "?"


def results(survey: Survey, by: str = "region") -> list[Result]:
    lines = list(
        ResponseLine.objects.filter(response__invitation__survey=survey).select_related(
            "response__region", "occupation"
        )
    )
    occupations = list(survey.occupations.order_by("code"))
    rows = [(o.code, o.localised_label) for o in occupations]
    row_index = {o.pk: i for i, o in enumerate(occupations)}
    columns = _columns(survey, lines, by)
    column_index = {code: i for i, (code, _label) in enumerate(columns)}
    tables = []
    for measure, label in MEASURES.items():
        contributions: list[list[dict[int, float]]] = [[{} for _c in columns] for _r in rows]
        for line in lines:
            value = float(getattr(line, measure))
            if value and line.occupation_id in row_index:
                cell = contributions[row_index[line.occupation_id]][
                    column_index[_column_of(line, by)]
                ]
                cell[line.response_id] = cell.get(line.response_id, 0.0) + value
        grid = disclosure.Grid(contributions)
        hidden = (
            disclosure.protect(
                grid, min_respondents=survey.min_respondents, dominance=float(survey.dominance)
            )
            if rows and columns
            else set()
        )
        cells = [
            [None if (r, c) in hidden else grid.total((r, c)) for c in range(len(columns) + 1)]
            for r in range(len(rows) + 1)
        ]
        tables.append(Result(measure, label, rows, columns, cells, len(hidden)))
    return tables


def as_table(survey: Survey) -> Table:
    """The results by occupation x region x measure, totals included, as a table."""
    tables = results(survey, "region")
    rows, columns = tables[0].rows, tables[0].columns
    values: list[float | None] = []
    for r in range(len(rows) + 1):
        for c in range(len(columns) + 1):
            for table in tables:
                values.append(table.cells[r][c])
    return Table(
        title=survey.title,
        dimensions=[
            Dimension(
                "occupation",
                _("occupation (ISCO-08)"),
                [*(Category(code, label) for code, label in rows), Category(TOTAL, _("total"))],
            ),
            Dimension(
                "region",
                _("region"),
                [*(Category(code, label) for code, label in columns), Category(TOTAL, _("total"))],
            ),
            Dimension("measure", _("measure"), [Category(t.measure, str(t.label)) for t in tables]),
        ],
        values=values,
        status=[SUPPRESSED if v is None else "" for v in values],
        source=survey.network.name,
        unit=_("persons"),
    )


@transaction.atomic
def publish(*, actor: User, survey: Survey, now: dt.datetime | None = None) -> Vintage:
    """The protected results as a new vintage of the survey's data set (made on first use)."""
    network = survey.network
    require(permissions.can_run_surveys(actor, network))
    now = now or timezone.now()
    table = as_table(survey)
    title = _("Company needs survey: %(title)s") % {"title": survey.title}
    vintage = services.import_vintage(
        actor=actor,
        network=network,
        table=table,
        source_format=SourceFormat.SURVEY,
        original_name=survey.title[:200],
        label=timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
        roles={
            "occupation": DimensionRole.OCCUPATION,
            "region": DimensionRole.REGION,
            "measure": DimensionRole.MEASURE,
        },
        data_set=survey.results,
        title=title[:300],
        publisher=network.name,
        licence=_("the network's own survey"),
        now=now,
    )
    if survey.results_id is None:
        before = audit.snapshot(survey)
        survey.results = vintage.data_set
        save_audited(actor=actor, obj=survey, network=network, before=before)
    return vintage
