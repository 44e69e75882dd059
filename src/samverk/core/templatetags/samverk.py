from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from samverk.core import markdown
from samverk.core.querysets import person_label

register = template.Library()


def viewer(context: Any) -> Any:
    """Who the page is for: ``viewer`` when the caller names one (the minutes PDF), otherwise
    the request's user. Without either nobody is shown (fails closed)."""
    if "viewer" in context:
        return context["viewer"]
    return getattr(context.get("request"), "user", None)


@register.simple_tag(takes_context=True)
def person_name(context: Any, person: Any, organisation: bool = False) -> str:
    """A person as the viewer may see them (the one rule: core.querysets.may_see_person): the
    name, or "a person" — with ``organisation=True`` "a person (Organisation)", where the row
    does not already say whose. Never the name, email or a link of a hidden person."""
    return person_label(viewer(context), person, organisation)


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    return markdown.render(text)


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    request: HttpRequest = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


def _audit_value(value: Any) -> str:

    if value is None or value == "" or value == []:
        return "–"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, list):
        return ", ".join(_audit_value(v) for v in value)
    if isinstance(value, str):
        return _local_moment(value)
    return str(value)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
)


def _local_moment(value: str) -> str:
    """Dates and times that the history stores as ISO text, in the user's format (a
    date-time in the current time zone: the network's)."""
    try:
        if _ISO_DATE.fullmatch(value):
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if _ISO_DATETIME.fullmatch(value):
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    except ValueError:
        pass
    return value


def _choice(choices: dict[Any, Any], value: Any) -> Any:
    return choices.get(value, value) if isinstance(value, str | int) else value


@register.filter
def audit_changes(record: Any) -> list[tuple[str, str, str]]:
    """(field label, old, new) rows of an audit record, with the fields' translated names."""
    model = record.content_type.model_class()
    rows = []
    for name, values in record.changes.items():
        label, choices = name, {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except Exception:
                field = None
            if field is not None:
                label = str(getattr(field, "verbose_name", name))
                choices = dict(getattr(field, "flatchoices", None) or [])
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        old, new = _choice(choices, old), _choice(choices, new)
        rows.append((label, _audit_value(old), _audit_value(new)))
    return rows


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, name: str, panel_context: dict[str, Any]) -> str:
    """Render a registered panel's template with its own context on top of the page's."""
    tmpl = context.template.engine.get_template(name) if context.template else None
    if tmpl is None:
        return ""
    with context.push(**panel_context):
        return tmpl.render(context)
