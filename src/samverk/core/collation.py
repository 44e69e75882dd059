"""Sorting by what the user reads: choice labels in the current language, in that language's
alphabetical order (Swedish and Norwegian put å, ä/æ, ö/ø after z; German sorts ä as a, ß as
ss), without depending on the operating system's locales.

``choice_order(field, choices)`` gives a database expression that ranks a choice field's codes
by their translated labels, so that a list sorted by it keeps its database pagination."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db.models import Case, Choices, IntegerField, Value, When
from django.utils import translation
from django.utils.encoding import force_str

# Letters after z, in the language's order.
_AFTER_Z = {
    "sv": {"å": 1, "ä": 2, "æ": 2, "ö": 3, "ø": 3},
    "nb": {"æ": 1, "ä": 1, "ø": 2, "ö": 2, "å": 3},
    "nn": {"æ": 1, "ä": 1, "ø": 2, "ö": 2, "å": 3},
    "da": {"æ": 1, "ä": 1, "ø": 2, "ö": 2, "å": 3},
}


def collation_key(text: Any, language: str | None = None) -> str:
    """A key that sorts ``text`` alphabetically in ``language`` (the current language when
    not given): case-insensitive, accents ignored except the language's own letters."""
    language = (language or translation.get_language() or "en").split("-")[0].lower()
    after_z = _AFTER_Z.get(language, {})
    out = []
    for char in force_str(text).casefold():
        if char in after_z:
            out.append("z" + chr(0x10FFF0 + after_z[char]))
            continue
        if char == "ß":
            out.append("ss")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def sorted_choices(
    choices: Iterable[tuple[Any, Any]], language: str | None = None
) -> list[tuple[Any, str]]:
    """The (code, label) pairs in the alphabetical order of their translated labels."""
    labelled = [(code, force_str(label)) for code, label in choices]
    return sorted(labelled, key=lambda pair: collation_key(pair[1], language))


@lru_cache(maxsize=256)
def _choice_labels(choices: type[Choices], language: str) -> tuple[tuple[Any, str], ...]:
    with translation.override(language):
        return tuple((code, force_str(label)) for code, label in choices.choices)


@lru_cache(maxsize=256)
def _sorted_choice_labels(choices: type[Choices], language: str) -> tuple[tuple[Any, str], ...]:
    return tuple(sorted_choices(_choice_labels(choices, language), language))


def _language() -> str:
    return translation.get_language() or "en"


def choice_labels(choices: type[Choices]) -> dict[Any, str]:
    """A ``models.Choices`` class's code → label in the current language, translated once per
    language and process (not once per row of a list)."""
    return dict(_choice_labels(choices, _language()))


def translated_choices(choices: type[Choices], *, ordered: bool = False) -> list[tuple[Any, str]]:
    """A ``models.Choices`` class's (code, label) pairs in the current language, translated
    (and, if ``ordered``, sorted by their labels) once per language and process."""
    language = _language()
    if ordered:
        return list(_sorted_choice_labels(choices, language))
    return list(_choice_labels(choices, language))


def choice_order(field: str, choices: Iterable[tuple[Any, Any]] | type[Choices]) -> Case:
    """An expression for ``order_by``/``annotate``: the rank of ``field``'s code when the
    choices are sorted by their labels in the current language (blank values last). ``choices``
    may be a ``models.Choices`` class, whose labels are then sorted once per language."""
    ranked = (
        translated_choices(choices, ordered=True)
        if isinstance(choices, type)
        else sorted_choices(choices)
    )
    return Case(
        *(When(**{field: code}, then=Value(rank)) for rank, (code, _label) in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )
