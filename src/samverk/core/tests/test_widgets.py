"""LightSelect writes the HTML of Django's Select without the template engine: the same
options, attributes, selection and escaping (whitespace between the tags aside)."""

from __future__ import annotations

import re

import pytest
from django import forms

from samverk.core.widgets import LightNullBooleanSelect, LightSelect

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
