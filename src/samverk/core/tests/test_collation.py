"""Alphabetical order in the user's language, for choice labels sorted in the database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from samverk.core.collation import collation_key, sorted_choices


def ordered(words: list[str], language: str) -> list[str]:
    return sorted(words, key=lambda w: collation_key(w, language))


def test_swedish_puts_a_ring_a_umlaut_o_umlaut_after_z():
    words = ["Örebro", "Ängelholm", "Åre", "Zinkgruvan", "alingsås"]
    assert ordered(words, "sv") == ["alingsås", "Zinkgruvan", "Åre", "Ängelholm", "Örebro"]


def test_norwegian_puts_ae_o_slash_a_ring_after_z():
    words = ["Ålesund", "Ørsta", "Ærøy", "Zeta", "Bergen"]
    assert ordered(words, "nb") == ["Bergen", "Zeta", "Ærøy", "Ørsta", "Ålesund"]
    assert ordered(words, "nn") == ordered(words, "nb")


def test_german_sorts_umlauts_with_their_base_letter():
    words = ["Zebra", "Öl", "Ofen", "Äpfel", "Affe", "Straße", "Strasse"]
    assert ordered(words, "de")[:5] == ["Affe", "Äpfel", "Ofen", "Öl", "Straße"]
    assert collation_key("Straße", "de") == collation_key("strasse", "de")


def test_choices_sorted_by_their_labels():
    choices = [("municipality", "Kommune"), ("company", "Unternehmen"), ("agency", "Agentur")]
    assert [code for code, _ in sorted_choices(choices, "de")] == [
        "agency",
        "municipality",
        "company",
    ]


@given(st.lists(st.text(alphabet="abcxyzåäöæøÅÄÖ", max_size=6), max_size=8))
def test_case_does_not_change_the_order(words):
    for language in ("de", "sv", "nb"):
        lower = [collation_key(w, language) for w in words]
        upper = [collation_key(w.upper(), language) for w in words]
        assert lower == upper
