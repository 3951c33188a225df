"""Interface strings: the words the layout adds around the content, one table per language.

Every table has the same keys (a test checks). Languages without a table use English strings
unless the content gives its own under ``interface:`` in report.yaml (see `words_for`); a
regional tag (``es-419``) takes its language's table. `hyphenation` is a pyphen dictionary,
or ``""`` when there is none for the language (Quechua): the text is then set unhyphenated;
`lang_tag` is the PDF's /Lang; `note_call` is where a footnote reference goes against
punctuation ("after" it, or "before" it as in Spanish). These are `SETTINGS`, not words to
translate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import pyphen  # type: ignore[import-untyped]

from layout.content.model import Text

SETTINGS = ("lang_tag", "hyphenation", "note_call")
"""Interface keys that are per-language settings, not texts for translators."""

EN: dict[str, str] = {
    "lang_tag": "en-US",
    "hyphenation": "en_US",
    "contents": "Contents",
    "and": "and",
    "note_call": "after",
    "booklet_page": "booklet p.\u00a0{page}",
    "handout_footer": "From \u201c{booklet}\u201d ({year})",
    "continued": "(continued)",
    "footnote_link": "Footnote {number}",
    "contents_link": "{entry}, page {page}",
    "bar_chart": "Bar chart",
}

ES: dict[str, str] = {
    "lang_tag": "es-PE",
    "hyphenation": "es",
    "contents": "Contenido",
    "and": "y",
    "note_call": "before",
    "booklet_page": "publicación, p.\u00a0{page}",
    "handout_footer": "Tomado de \u00ab{booklet}\u00bb ({year})",
    "continued": "(continuación)",
    "footnote_link": "Nota {number}",
    "contents_link": "{entry}, página {page}",
    "bar_chart": "Gráfico de barras",
}

TABLES: dict[str, dict[str, str]] = {"en": EN, "es": ES}


def words_for(lang: str, interface: Iterable[tuple[str, Text]] = ()) -> dict[str, str]:
    """The interface strings of ``lang``, with the content's ``interface:`` texts on top."""
    words = dict(strings_for(lang))
    for key, text in interface:
        if text.has(lang):
            words[key] = text.get(lang)
    words["hyphenation"] = hyphenation_dictionary(words["hyphenation"])
    return words


def strings_for(lang: str) -> dict[str, str]:
    """The interface strings of ``lang``: its table, else its language's (``es`` for
    ``es-419``), else English; with its own tag and hyphenation dictionary."""
    if lang in TABLES:
        return TABLES[lang]
    table = TABLES.get(lang.split("-")[0], EN)
    return dict(table, lang_tag=lang, hyphenation=hyphenation_dictionary(lang))


def hyphenation_dictionary(code: str) -> str:
    """The pyphen dictionary for a language tag or dictionary name (``es`` for ``es-419``,
    ``pt_BR`` for ``pt-BR``), or ``""`` when there is none (``qu``, ``none``)."""
    if not code or code == "none":
        return ""
    return pyphen.language_fallback(code.replace("-", "_")) or ""


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: Mapping[str, str],
         literal: Callable[[str], str] = lambda text: text) -> str:
    """``template`` with each ``{name}`` of ``values`` replaced by its value, once.

    No format-spec or attribute lookup ever runs (``{year:x>12}`` and ``{booklet.x}`` print
    as written), and stray braces stay; the template's own text goes through ``literal``
    (an escaper when the result is paragraph markup and the values are markup already)."""
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) in values:
            parts += [literal(template[last:match.start()]), values[match.group(1)]]
            last = match.end()
    parts.append(literal(template[last:]))
    return "".join(parts)
