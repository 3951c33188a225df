"""Coverage: how complete each translation is, and what a translation was made from.

In: a validated `Report`. Out: `Coverage` (counts and one diagnostic per missing or stale text)
and the identities the PO files use (`context_of`). A translation is *current* when
``<lang>_src`` beside it holds the `fingerprint` of today's source text; otherwise it is
*stale* (the source changed, or nobody recorded what it was translated from).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from layout.content.model import Report, Text, iter_texts
from layout.content.validate.checker import FINGERPRINT_SUFFIX
from layout.diagnostics import Diagnostic


def fingerprint(text: str) -> str:
    """8 hex digits of the SHA-1 of ``text`` with its whitespace normalised (reflow-proof)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def stamp_key(lang: str) -> str:
    """The key beside a translation that records its source's fingerprint."""
    return lang + FINGERPRINT_SUFFIX


def translatable_texts(report: Report) -> Iterator[Text]:
    """Every non-empty `Text` of the report once, in reading order."""
    seen: set[str] = set()
    for text in iter_texts(report):
        context = context_of(text)
        if text.values and context not in seen:
            seen.add(context)
            yield text


def file_name(text: Text) -> str:
    """The content file holding ``text``; content files sit flat in the content folder."""
    return Path(text.where.file).name


def context_of(text: Text) -> str:
    """The PO ``msgctxt`` of a text: ``file.yaml:key.path``."""
    return f"{file_name(text)}:{text.path}"


def is_current(text: Text, lang: str, source: str) -> bool:
    """True when the ``lang`` text was translated from today's source text."""
    return dict(text.fingerprints).get(lang) == fingerprint(text.get(source))


@dataclass(frozen=True)
class Coverage:
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


def coverage(report: Report, lang: str) -> Coverage:
    """Count translated, missing and stale texts of ``lang``; the source language is complete."""
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
            problems.append(_stale_problem(text, lang, source))
    return Coverage(lang, translated, missing, stale, tuple(problems))


def _stale_problem(text: Text, lang: str, source: str) -> Diagnostic:
    """Why a translation counts as stale, with the command that fixes it."""
    review = f"python build.py i18n stamp --lang {lang}"
    if lang not in dict(text.fingerprints):
        return Diagnostic(
            text.where, text.path, f"stale '{lang}' translation: no '{stamp_key(lang)}' "
            "records the source text it was translated from", f"review it, then run: {review}")
    return Diagnostic(
        text.where, text.path,
        f"stale '{lang}' translation: the source text changed after it was translated",
        f"bring it in line with the '{source}' text, then run: {review}")


def missing_count(report: Report, lang: str) -> int:
    """How many texts have no ``lang`` text and so fall back to the source language."""
    return sum(1 for text in translatable_texts(report) if not text.has(lang))


def check_target(report: Report, lang: str) -> None:
    """Refuse a language that is not a translation language of the report."""
    if lang not in report.languages[1:]:
        raise ValueError(f"'{lang}' is not a translation language of this report "
                         f"(translations: {', '.join(report.languages[1:]) or 'none'})")
