"""An indicator's chart: its approved values (per part of the breakdown) and the straight path
from baseline to target, as Vega-Lite rendered to SVG on the server (vl-convert: no
JavaScript in the browser, the same picture in the PDF). The SVG is served as an image (a data
URI: nothing in it runs) beside the table of the same numbers. Parts differ by shape and line
style as well as colour, so the chart reads without colour."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from samverk.strategy.models import Indicator, Measurement

logger = logging.getLogger(__name__)

# d3-format's number conventions of the UI languages (decimal comma, thin space groups).
_NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]},
    "nb": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]},
    "nn": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]},
    "sv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]},
}
_TIME_LOCALES = {"de": "de-DE", "nb": "nb-NO", "nn": "nb-NO", "sv": "sv-SE", "en": "en-GB"}


def spec(indicator: Indicator, values: list[Measurement]) -> dict[str, Any]:
    """The Vega-Lite specification (values: approved measurements of the indicator)."""
    total = _("total")
    points = [
        {"date": m.period_end.isoformat(), "value": float(m.value), "part": m.part or total}
        for m in sorted(values, key=lambda m: (m.part, m.period_end))
    ]
    path = [
        {"date": indicator.baseline_date.isoformat(), "value": float(indicator.baseline_value)},
        {"date": indicator.target_date.isoformat(), "value": float(indicator.target_value)},
    ]
    x = {"field": "date", "type": "temporal", "title": _("As of")}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": f"{indicator.name} ({indicator.get_unit_display()})",
        "scale": {"zero": False},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 260,
        "layer": [
            {
                "data": {"values": path},
                "mark": {"type": "line", "strokeDash": [6, 4], "color": "#555"},
                "encoding": {"x": x, "y": y},
            },
            {
                "data": {"values": path[1:]},
                "mark": {"type": "point", "shape": "diamond", "size": 120, "color": "#555"},
                "encoding": {"x": x, "y": y},
            },
            {
                "data": {"values": points},
                "mark": {"type": "line", "point": {"size": 60, "filled": True}},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": {"field": "part", "type": "nominal", "title": _("Part")},
                    "shape": {"field": "part", "type": "nominal", "title": _("Part")},
                    "strokeDash": {"field": "part", "type": "nominal", "title": _("Part")},
                },
            },
        ],
        "config": {"font": "sans-serif", "axis": {"labelFontSize": 11, "titleFontSize": 12}},
    }


def svg_data_uri(indicator: Indicator, values: list[Measurement]) -> str | None:
    """The chart as a data URI (cached by its specification and language), or None when there
    is nothing to draw or rendering failed (the table shows the numbers anyway)."""
    if not values:
        return None
    language = (translation.get_language() or "en").split("-")[0]
    chart = spec(indicator, values)
    key = (
        "strategy-chart:"
        + hashlib.sha256(json.dumps([chart, language], sort_keys=True).encode()).hexdigest()
    )
    found = cache.get(key)
    if found is not None:
        return str(found)
    try:
        import vl_convert

        svg = vl_convert.vegalite_to_svg(
            chart,
            format_locale=_NUMBER_LOCALES.get(language, "en-US"),
            time_format_locale=_TIME_LOCALES.get(language, "en-US"),  # type: ignore[arg-type]
        )
    except Exception:  # a chart that cannot be drawn must not take the page down
        logger.exception("The chart of indicator %s could not be rendered.", indicator.pk)
        return None
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    cache.set(key, uri, 3600)
    return uri


def description(indicator: Indicator, values: list[Measurement]) -> str:
    """The chart's text alternative."""
    return _(
        "Chart of %(name)s: %(count)s approved values and the straight path from the baseline "
        "%(baseline)s to the target %(target)s; the table lists the same numbers."
    ) % {
        "name": indicator.name,
        "count": len(values),
        "baseline": indicator.baseline_value,
        "target": indicator.target_value,
    }
