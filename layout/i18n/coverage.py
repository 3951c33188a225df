"""Coverage: how complete each translation is, and what a translation was made from.

In: a validated `Report`. Out: `Coverage` (counts and one diagnostic per missing or stale text)
and the identities the PO files use (`context_of`: the text's stable `Text.ident`, which with
the source text is the PO entry's key). A translation is *current* when
``<lang>_src`` beside it holds the `fingerprint` of today's source text; otherwise it is
*stale* (the source changed, or nobody recorded what it was translated from).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from layout.content.model import Report, Text, iter_texts
from layout.content.strings import SETTINGS
from layout.content.validate.checker import FINGERPRINT_SUFFIX
from layout.diagnostics import Diagnostic, Location

INTERFACE = "report.yaml/interface."
"""Identities of interface words start so: they print as written, without markup."""
_SETTINGS = frozenset(f"{INTERFACE}{key}" for key in SETTINGS)
"""Identities of per-language settings (the PDF's language tag, the hyphenation dictionary):
they are not texts for translators."""


def fingerprint(text: str) -> str:
    """8 hex digits of the SHA-1 of ``text`` with its whitespace normalised (reflow-proof)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def stamp_key(lang: str) -> str:
    """The key beside a translation that records its source's fingerprint."""
    return lang + FINGERPRINT_SUFFIX


def translatable_texts(report: Report) -> Iterator[Text]:
    """Every non-empty `Text` of the report once, in reading order; settings left out."""
    seen: set[tuple[str, str]] = set()
    for text in iter_texts(report):
        place = (text.where.file, text.path)
        if text.values and place not in seen and text.ident not in _SETTINGS:
            seen.add(place)
            yield text


def file_name(text: Text) -> str:
    """The content file holding ``text``; content files sit flat in the content folder."""
    return Path(text.where.file).name


def context_of(text: Text) -> str:
    """The PO ``msgctxt`` of a text: its stable identity (`Text.ident`)."""
    return text.ident


def is_current(text: Text, lang: str, source: str) -> bool:
    """True when the ``lang`` text was translated from today's source text."""
    return dict(text.fingerprints).get(lang) == fingerprint(text.get(source))


class Coverage(Struct, frozen=True):
    """How complete one language is: counts, and one diagnostic per text that needs work."""

    lang: str
    translated: int
    """Texts with a current translation (its ``<lang>_src`` matches today's source text)."""
    missing: int
    """Texts with no translation: they print in the source language."""
    stale: int
    """Texts whose translation was made from another source text, or was never stamped."""
    problems: tuple[Diagnostic, ...] = ()
    """One per missing or stale text, at the text's file:line:col and key path."""


def coverage(report: Report, lang: str, history: dict[str, str] | None = None) -> Coverage:
    """Count translated, missing and stale texts of ``lang``; the source language is complete.
    With the source ``history``, a stale text's hint quotes the source it was made from."""
    source = report.source_language
    translated = missing = stale = 0
    problems: list[Diagnostic] = []
    for text in translatable_texts(report):
        if lang == source or (text.has(lang) and is_current(text, lang, source)):
            translated += 1
        elif not text.has(lang):
            missing += 1
            problems.append(Diagnostic(
                text.where, text.path, f"missing '{lang}' translation",
                f"add '{lang}:' beside '{source}:', or translate it in a PO file: "
                f"python build.py i18n export --lang {lang}"))
        else:
            stale += 1
            problems.append(_stale_problem(text, lang, source, history or {}))
    return Coverage(lang, translated, missing, stale, tuple(problems))


def _stale_problem(text: Text, lang: str, source: str,
                   history: dict[str, str]) -> Diagnostic:
    """Why a translation counts as stale, with the command that fixes it."""
    review = f"python build.py i18n stamp --lang {lang}"
    stamp = dict(text.fingerprints).get(lang)
    if stamp is None:
        return Diagnostic(
            text.where, text.path, f"stale '{lang}' translation: no '{stamp_key(lang)}' "
            "records the source text it was translated from", f"review it, then run: {review}")
    before = history.get(stamp)
    was = f" (it was: {before[:160] + '...' if len(before) > 160 else before!r})" if before else ""
    return Diagnostic(
        text.where, text.path,
        f"stale '{lang}' translation: the source text changed after it was translated",
        f"bring it in line with the '{source}' text{was}, then run: {review}")


def missing_count(report: Report, lang: str) -> int:
    """How many texts have no ``lang`` text and so fall back to the source language."""
    return sum(1 for text in translatable_texts(report) if not text.has(lang))


def stale_count(report: Report, lang: str) -> int:
    """How many ``lang`` translations were made from another source text (or never stamped)."""
    source = report.source_language
    return sum(1 for text in translatable_texts(report)
               if text.has(lang) and not is_current(text, lang, source))


def translation_warnings(report: Report, langs: list[str],
                         fallback: Location) -> list[Diagnostic]:
    """What a build warns about each translation: texts printed in the source language
    instead, and translations made from an older source text; each with a count and a hint,
    at the language's place in report.yaml's ``languages`` (``fallback`` if unknown)."""
    source = report.source_language
    places = dict(zip(report.languages, report.languages_where, strict=False))
    warnings = []
    for lang in langs:
        if lang == source:
            continue
        where = places.get(lang, fallback)
        path = f"languages[{report.languages.index(lang)}]" if lang in places else ""
        missing, stale = missing_count(report, lang), stale_count(report, lang)
        if missing:
            warnings.append(Diagnostic(
                where, path, f"'{lang}': {missing} text(s) have no translation and are printed "
                f"in '{source}'", f"python build.py check --lang {lang} lists them",
                severity="warning"))
        if stale:
            warnings.append(Diagnostic(
                where, path, f"'{lang}': {stale} translation(s) are stale: made from an older "
                f"'{source}' text, or never reviewed", f"python build.py check --lang {lang} "
                f"lists them; send them to the translator (i18n export --lang {lang}), or "
                f"after review run: python build.py i18n stamp --lang {lang}",
                severity="warning"))
    return warnings


def check_target(report: Report, lang: str) -> None:
    """Refuse a language that is not a translation language of the report."""
    if lang not in report.languages[1:]:
        raise ValueError(f"'{lang}' is not a translation language of this report "
                         f"(translations: {', '.join(report.languages[1:]) or 'none'})")
