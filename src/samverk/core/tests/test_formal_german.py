"""German addresses the user formally ("Sie"): no informal pronouns or imperatives in the
German catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import polib

import samverk

CATALOGUE = Path(samverk.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
# Lower-case "ihr"/"ihre" is the third person ("her", "its"), so only the unambiguous forms.
INFORMAL = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|bist|hast|kannst|"
    r"musst|willst|solltest|möchtest)\b"
)


def test_german_translations_use_the_formal_address():
    informal = []
    for entry in polib.pofile(str(CATALOGUE)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if INFORMAL.search(text):
                informal.append(f"{entry.msgid!r} → {text!r}")
    assert informal == []


def test_german_uses_sie():
    entries = polib.pofile(str(CATALOGUE))
    assert sum(1 for e in entries if re.search(r"\bSie\b", e.msgstr)) > 20
