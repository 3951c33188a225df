"""Interface strings: every language table is complete and usable."""

from __future__ import annotations

import string

import pyphen
import pytest

from layout.content.strings import EN, TABLES, strings_for


def fields(text: str) -> set[str]:
    """The ``{placeholder}`` names of a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_table_has_the_same_keys_as_english(lang: str) -> None:
    table = TABLES[lang]
    assert sorted(set(EN) - set(table)) == [], "missing"
    assert sorted(set(table) - set(EN)) == [], "not in EN"


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_table_has_no_empty_strings(lang: str) -> None:
    assert [key for key, value in TABLES[lang].items() if not value.strip()] == []


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_table_uses_the_same_placeholders_as_english(lang: str) -> None:
    table = TABLES[lang]
    assert {key: fields(table[key]) for key in EN if key in table} == {
        key: fields(EN[key]) for key in EN if key in table
    }


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_hyphenation_dictionary_exists(lang: str) -> None:
    assert pyphen.language_fallback(TABLES[lang]["hyphenation"]) is not None


def test_tables_include_english() -> None:
    assert TABLES["en"] is EN


def test_language_without_a_table_gets_english_words_and_its_own_tag() -> None:
    words = strings_for("qu")
    assert words["lang_tag"] == "qu"
    assert {k: v for k, v in words.items() if k not in ("lang_tag", "hyphenation")} == {
        k: v for k, v in EN.items() if k not in ("lang_tag", "hyphenation")
    }
