"""PO export: a report's texts in one language as a PO file for translators.

In: a validated `Report` and a translation language. Out: the PO file's bytes, deterministic;
missing translations are empty entries, stale ones are marked fuzzy.
"""

from __future__ import annotations

import polib

from layout.content.model import Report
from layout.i18n.coverage import check_target, context_of, file_name, is_current, translatable_texts


def export_po(report: Report, lang: str) -> bytes:
    """A PO file of every text in ``lang``: missing ones empty, stale ones fuzzy; deterministic."""
    check_target(report, lang)
    source = report.source_language
    po = polib.POFile()
    po.header = (f"Translation of '{report.title.get(source)}' into '{lang}'.\n"
                 f"Merge it back with: python build.py i18n import FILE.po")
    po.metadata = {
        "Project-Id-Version": report.title.get(source),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source,
    }
    for text in translatable_texts(report):
        entry = polib.POEntry(
            msgctxt=context_of(text), msgid=text.get(source),
            msgstr=dict(text.values).get(lang, ""),
            occurrences=[(file_name(text), str(text.where.line))])
        if entry.msgstr and not is_current(text, lang, source):
            entry.flags.append("fuzzy")
            entry.comment = (f"the '{source}' text may have changed since this was translated: "
                             "review it, then clear the fuzzy flag")
        po.append(entry)
    return str(po).encode("utf-8")
