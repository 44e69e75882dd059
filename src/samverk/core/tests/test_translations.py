"""Every UI string is translated into all five languages, compiled, with no fuzzy entries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ["de", "en", "nb", "nn", "sv"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_complete(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{language}: untranslated {untranslated[:20]}"
    assert fuzzy == [], f"{language}: fuzzy {fuzzy[:20]}"
    assert len(catalogue) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_current(language: str) -> None:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{language}: not compiled: {entry.msgid}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Organisationen"),
        ("nb", "Organisasjoner"),
        ("nn", "Organisasjonar"),
        ("sv", "Organisationer"),
        ("en", "Organisations"),
    ],
)
def test_ui_speaks_the_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert translation.gettext("Organisations") == expected


def test_every_string_in_the_code_is_in_the_catalogues() -> None:
    """Extract the messages from the code afresh (makemessages) and compare: a string that
    was added to the code but never extracted and translated fails here."""
    package = LOCALE.parent
    catalogues = {
        language: LOCALE / language / "LC_MESSAGES" / "django.po" for language in LANGUAGES
    }
    originals = {language: path.read_bytes() for language, path in catalogues.items()}
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogues["de"]))}
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "samverk.settings"}
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run(
            [sys.executable, "-m", "samverk.cli", "makemessages", "-l", "de",
             "--no-obsolete", "--no-location", "--ignore", "*/tests/*"],
            cwd=package, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogues["de"]))}
    finally:
        for language, content in originals.items():
            catalogues[language].write_bytes(content)
    assert sorted(m for _c, m in extracted - known) == []
