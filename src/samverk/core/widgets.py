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
from django.utils.translation import gettext as django_gettext  # Django's own strings


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


# --- forms rendered without the template engine ---------------------------------------------

# Django's widget templates that only include ``django/forms/widgets/input.html``.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
    )
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
_DIV_TEMPLATE = "django/forms/div.html"


def _widget_html(bound_field: forms.BoundField) -> str:
    """The field's widget as ``BoundField.as_widget`` renders it, written in Python for the
    input, textarea and light select widgets (any other widget: through its template)."""
    field, widget = bound_field.field, bound_field.field.widget
    if isinstance(widget, LightSelectMixin) or field.show_hidden_initial or field.localize:
        return str(bound_field)
    template = getattr(widget, "template_name", "")
    if template not in _INPUT_TEMPLATES and template != _TEXTAREA_TEMPLATE:
        return str(bound_field)
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    name, value = conditional_escape(context["name"]), context["value"]
    if template == _TEXTAREA_TEMPLATE:
        text = conditional_escape(value) if value else ""
        return f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{text}</textarea>'
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return f'<input type="{context["type"]}" name="{name}"{shown}{_attrs(context["attrs"])}>'


def _label_html(bound_field: forms.BoundField) -> str:
    """``BoundField.label_tag`` without the template engine."""
    form, field = bound_field.form, bound_field.field
    contents: Any = bound_field.label
    suffix = field.label_suffix if field.label_suffix is not None else form.label_suffix
    if suffix and contents and contents[-1] not in django_gettext(":?.!"):
        contents = format_html("{}{}", contents, suffix)
    id_ = field.widget.attrs.get("id") or bound_field.auto_id
    if not id_:
        return str(conditional_escape(contents))
    tag = "label"
    attrs: dict[str, Any] = {}
    id_for_label = field.widget.id_for_label(id_)
    if id_for_label:
        attrs["for"] = id_for_label
    if field.required and hasattr(form, "required_css_class"):
        attrs["class"] = form.required_css_class
    return f"<{tag}{_attrs(attrs)}>{conditional_escape(contents)}</{tag}>"


class LightFormMixin:
    """A form whose default rendering (``{{ form }}``: Django's ``div.html`` and
    ``field.html``) is written in Python: the same elements, attributes and texts, one
    template render less per field, label, error list and widget. A form given another
    template, and widgets other than inputs, textareas and light selects, render as before."""

    def render(
        self, template_name: str | None = None, context: Any = None, renderer: Any = None
    ) -> SafeString:
        if context or renderer or (template_name or self.template_name) != _DIV_TEMPLATE:  # type: ignore[attr-defined]
            return super().render(template_name, context, renderer)  # type: ignore[misc,no-any-return]
        context = self.get_context()  # type: ignore[attr-defined]
        errors, fields, hidden = context["errors"], context["fields"], context["hidden_fields"]
        hidden_html = "".join(_widget_html(field) for field in hidden)
        parts = [str(errors) if errors else ""]
        if errors and not fields:
            parts.append(f"<div>{hidden_html}</div>")
        for i, (field, field_errors) in enumerate(fields):
            classes = field.css_classes()
            parts.append(f'<div class="{conditional_escape(classes)}">' if classes else "<div>")
            parts.append(_field_group_html(field, field_errors))
            if i == len(fields) - 1:
                parts.append(hidden_html)
            parts.append("</div>")
        if not fields and not errors:
            parts.append(hidden_html)
        return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped

    def __str__(self) -> SafeString:
        return self.render()

    def __html__(self) -> SafeString:
        return self.render()


def _field_group_html(field: forms.BoundField, errors: Any) -> str:
    """Django's ``django/forms/field.html`` for one field (a group of choices in a fieldset:
    through the template)."""
    if field.use_fieldset:
        return str(field.as_field_group())
    parts = []
    if field.label:
        parts.append(_label_html(field))
    if field.help_text:
        id_attr = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{id_attr}>{field.help_text}</div>')
    if errors:
        parts.append(str(errors))
    parts.append(_widget_html(field))
    return "".join(parts)
