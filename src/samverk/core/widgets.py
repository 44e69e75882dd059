"""Form widgets that render without the template engine.

Django renders every ``<option>`` of a select through a template include: a select of 60
organisations costs milliseconds per request, and a page with a few of them (filters, choices)
is Python-bound at scale. ``LightSelect`` (and ``LightNullBooleanSelect``) write the same HTML
in Python: same name, id, attributes, ``selected`` and optgroups, escaped the same way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html, in order: ``True`` a bare name, ``False`` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class LightSelectMixin:
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    f'<option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


class LightSelect(LightSelectMixin, forms.Select):
    pass


class LightNullBooleanSelect(LightSelectMixin, forms.NullBooleanSelect):
    pass
