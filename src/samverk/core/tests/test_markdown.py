"""User-written Markdown is rendered to HTML without anything that could run script."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from samverk.core.markdown import render


def test_markdown_is_rendered():
    assert render("## Ziele\n\n*Fachkräfte* sichern\n\n- eins\n- zwei") == (
        "<h2>Ziele</h2>\n<p><em>Fachkräfte</em> sichern</p>\n"
        "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>"
    )


def test_empty_text():
    assert render(None) == ""
    assert render("") == ""


def test_script_elements_are_removed():
    html = render("Hallo <script>alert('x')</script> Welt")

    assert "<script" not in html
    assert "alert(" not in html
    assert html.startswith("<p>Hallo")


def test_event_handler_attributes_are_removed():
    html = render(
        '<a href="https://example.org" onclick="steal()">Link</a> <b onmouseover="x()">b</b>'
    )

    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "steal()" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">Link</a>' in html
    assert "<b>b</b>" in html


@pytest.mark.parametrize(
    "text",
    [
        "[klick](javascript:alert(1))",
        '<a href="javascript:alert(1)">klick</a>',
        '<a href="JaVaScRiPt:alert(1)">klick</a>',
        '<a href="&#106;avascript:alert(1)">klick</a>',
        '<a href=" javascript:alert(1)">klick</a>',
    ],
)
def test_javascript_links_are_removed(text):
    assert render(text) == '<p><a rel="noopener noreferrer nofollow">klick</a></p>'


def test_other_dangerous_markup_is_removed():
    html = render(
        '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
        '<style>body{display:none}</style><form action="/x"><input name="a"></form>'
    )

    for fragment in ("<img", "onerror", "<iframe", "<style", "<form", "<input"):
        assert fragment not in html


def test_safe_links_are_kept_with_rel():
    assert render("[Netzwerk](https://example.org/netzwerk) <mailto:info@example.org>") == (
        '<p><a href="https://example.org/netzwerk" rel="noopener noreferrer nofollow">Netzwerk</a> '
        '<a href="mailto:info@example.org" rel="noopener noreferrer nofollow">'
        "info@example.org</a></p>"
    )


def test_template_filter_uses_the_sanitiser():
    template = Template("{% load samverk %}{{ text|markdown }}")

    html = template.render(Context({"text": "**fett** <script>alert(1)</script>"}))

    assert html == "<p><strong>fett</strong> </p>"
