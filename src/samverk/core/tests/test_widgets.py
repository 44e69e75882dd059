"""LightSelect writes the HTML of Django's Select without the template engine: the same
options, attributes, selection and escaping (whitespace between the tags aside)."""

from __future__ import annotations

import re

import pytest
from django import forms

from samverk.core.widgets import LightFormMixin, LightNullBooleanSelect, LightSelect

CHOICES = [
    ("", "---------"),
    ("a", "A & <b>bold</b>"),
    (3, "Three"),
    ("Group “x”", [("x", "X"), ("y", 'Y "quoted"')]),
]


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", ["a", 3, "3", None, "", "y", "unknown"])
def test_light_select_renders_what_django_renders(value):
    attrs = {"id": "id_f", "required": True, "data-off": False, "class": "wide"}

    django_html = forms.Select(choices=CHOICES, attrs=attrs).render("f", value)
    light_html = LightSelect(choices=CHOICES, attrs=attrs).render("f", value)

    assert light_html == _compact(django_html)


@pytest.mark.parametrize("value", [None, True, False, "true", "false"])
def test_light_yes_no_select_renders_what_django_renders(value):
    django_html = forms.NullBooleanSelect(attrs={"id": "o"}).render("o", value)
    light_html = LightNullBooleanSelect(attrs={"id": "o"}).render("o", value)

    assert light_html == _compact(django_html)


def test_light_select_escapes_labels_and_values():
    html = LightSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("f", None)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'value="&quot;&gt;&lt;script&gt;"' in html


# --- LightFormMixin: a form's {{ form }} written in Python ---------------------------------


class _Fields(forms.Form):
    text = forms.CharField(label="decision", widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.ChoiceField(
        label="method", choices=[("a", "A & b"), ("b", "B")], initial="b", widget=LightSelect
    )
    votes = forms.IntegerField(label="for", min_value=0, required=False)
    topic = forms.CharField(label="topic?", max_length=20, required=False)
    binding = forms.BooleanField(
        label="binding", required=False, initial=True, help_text="A <em>recommendation</em>."
    )
    due = forms.DateField(
        label="due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label="kind", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, required=False
    )
    plain = forms.ChoiceField(label="plain", choices=[("1", "One")], required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("topic") == "bad":
            raise forms.ValidationError("Not <this> topic.")
        return cleaned


class _LightFields(LightFormMixin, _Fields):
    pass


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": 'A "quoted" <b>text</b> & more', "method": "a", "votes": "3", "binding": "on"},
        {"text": "", "method": "zzz", "votes": "-1", "topic": "x" * 30, "due": "soon"},
        {"text": "ok", "method": "b", "topic": "bad", "secret": "<s>", "kind": "y"},
    ],
)
@pytest.mark.parametrize("prefix", [None, "decision"])
def test_a_light_form_renders_what_django_renders(data, prefix):
    django_form, light_form = (cls(data, prefix=prefix) for cls in (_Fields, _LightFields))
    if data is not None:
        django_form.is_valid(), light_form.is_valid()

    assert _compact(str(light_form)) == _compact(str(django_form))


def test_a_light_form_renders_a_hidden_fields_error_and_without_ids():
    django_form = _Fields({"text": "t", "secret": "x" * 3}, auto_id=False)
    light_form = _LightFields({"text": "t", "secret": "x" * 3}, auto_id=False)
    django_form.add_error("secret", "Hidden <wrong>.")
    light_form.add_error("secret", "Hidden <wrong>.")

    # Without ids a label is bare text: the whitespace around it aside, the same.
    def tags_apart(html: str) -> str:
        return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html)

    assert tags_apart(str(light_form)) == tags_apart(str(django_form))
    assert "Hidden &lt;wrong&gt;." in str(light_form)
