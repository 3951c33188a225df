"""PO export: a report's texts as a PO file for translators, or as a POT template.

In: a validated `Report`, a translation language (none for the template) and the source
history (`history.read_history`). Out: the file's bytes. Each entry is keyed as gettext keys
it, by context and source text: ``msgctxt`` is the text's stable identity (`Text.ident`),
``msgid`` its source text, so an entry survives blocks inserted, moved or deleted around it,
and identical texts in one place share an entry (one ``#:`` reference per occurrence).
Missing translations are empty; stale ones are fuzzy, with the source they were made from
as ``#| msgid`` when the history knows it. Extracted comments (``#.``) tell translators and
their tools which footnote references and markup each text holds; interface words with
placeholders are ``python-brace-format``, which ``msgfmt -c`` checks. Per-language settings
(the PDF's language tag, the hyphenation dictionary) are not exported. The dates come from
``SOURCE_DATE_EPOCH`` when it is set (reproducible files), else from the clock.
"""

from __future__ import annotations

import os
import time
from collections import Counter

import polib

from layout.content.markup import note_ids
from layout.content.model import Report, Text
from layout.i18n.coverage import (
    INTERFACE,
    check_target,
    context_of,
    file_name,
    is_current,
    translatable_texts,
)


def export_po(report: Report, lang: str, history: dict[str, str] | None = None) -> bytes:
    """The PO file of ``lang``: every text, missing ones empty, stale ones fuzzy."""
    check_target(report, lang)
    return _catalog(report, lang, history or {})


def export_pot(report: Report) -> bytes:
    """The POT template: every source text with an empty translation, for msgmerge and
    translation platforms."""
    return _catalog(report, None, {})


def _catalog(report: Report, lang: str | None, history: dict[str, str]) -> bytes:
    source = report.source_language
    po = polib.POFile(wrapwidth=79)
    title = report.title.get(source)
    po.header = ((f"Translation of '{title}' into '{lang}'." if lang else
                  f"Texts of '{title}' to translate (template).") +
                 "\nMerge a translation back with: python build.py i18n import FILE.po")
    po.metadata = _metadata(title, source, lang)
    groups: dict[tuple[str, str], list[Text]] = {}
    for text in translatable_texts(report):
        groups.setdefault((context_of(text), text.get(source)), []).append(text)
    for (context, msgid), texts in groups.items():
        entry = polib.POEntry(
            msgctxt=context, msgid=msgid, msgstr="",
            occurrences=[(file_name(text), str(text.where.line)) for text in texts],
            comment=_describe(msgid, context.startswith(INTERFACE)))
        if context.startswith(INTERFACE) and "{" in msgid:
            entry.flags.append("python-brace-format")
        if lang is not None:
            _translate(entry, texts, lang, source, history)
        po.append(entry)
    return str(po).encode("utf-8")


def _metadata(title: str, source: str, lang: str | None) -> dict[str, str]:
    stamp = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(_now()))
    fields = {
        "Project-Id-Version": title,
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp if lang else "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "" if lang else "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": lang or "LANGUAGE <LL@li.org>",
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        # No text has plural forms; the header names the common rule so tools accept it.
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Source-Language": source,
    }
    if not lang:
        del fields["Plural-Forms"]
    return fields


def _now() -> float:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(epoch) if epoch.isdigit() else time.time()


def _describe(msgid: str, interface: bool) -> str:
    """The extracted comment: what a translation must keep."""
    if interface:
        return ("Words the layout adds, printed as written (no markup); keep the "
                "{placeholders}: they are filled in when printing." if "{" in msgid else
                "Words the layout adds, printed as written (no markup).")
    lines = []
    notes = Counter(note_ids(msgid))
    if notes:
        cited = ", ".join(f"[^{note}]" + (f" ({count}x)" if count > 1 else "")
                          for note, count in notes.items())
        lines.append(f"Footnote references: {cited}. Keep each one, as often, where its note "
                     "belongs: they print as the note numbers.")
    if "*" in msgid:
        lines.append("Markup: *italic*, **bold**, balanced as in the source; write \\* for a "
                     "literal asterisk.")
    return "\n".join(lines)


def _translate(entry: polib.POEntry, texts: list[Text], lang: str, source: str,
               history: dict[str, str]) -> None:
    """Fill ``entry`` from the texts' ``lang`` translation: fuzzy, with the previous source
    when known, if it was made from another source text."""
    translated = [text for text in texts if text.has(lang)]
    if not translated:
        return
    best = next((t for t in translated if is_current(t, lang, source)), translated[0])
    entry.msgstr = best.get(lang)
    if is_current(best, lang, source):
        return
    entry.flags.insert(0, "fuzzy")
    previous = history.get(dict(best.fingerprints).get(lang, ""), "")
    if previous and previous != entry.msgid:
        entry.previous_msgctxt, entry.previous_msgid = entry.msgctxt, previous
        entry.tcomment = (f"The '{source}' text changed after this was translated (before: "
                          "#| msgid): review it, then clear the fuzzy flag.")
    else:
        entry.tcomment = (f"Nobody recorded which '{source}' text this was translated from: "
                          "review it, then clear the fuzzy flag.")
