"""PO import: a translated PO file merged back into the content's YAML files.

In: a content folder, its validated `Report` and a PO file. Out: `ImportResult`, with the YAML
files edited in place by `writeback`. A PO file that cannot be parsed, or whose entries match
no text, is refused before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from layout.content.load import display_path
from layout.content.markup import note_ids
from layout.content.model import Report, Text
from layout.diagnostics import ContentError, Diagnostic, Location, did_you_mean
from layout.i18n.coverage import context_of, file_name, fingerprint, is_current, translatable_texts
from layout.i18n.writeback import apply_edits
from layout.i18n.yamledit import Edit

_REFUSED = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_PO_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


@dataclass(frozen=True)
class ImportResult:
    """What `import_po` wrote."""

    lang: str
    changed: int
    """Texts whose translation or fingerprint was written."""
    files: tuple[Path, ...]
    """Content files that were rewritten."""
    fuzzy: int = 0
    """Entries skipped because they are marked fuzzy (not yet reviewed)."""
    untranslated: int = 0
    """Entries skipped because their translation is empty."""


def import_po(content_dir: Path, report: Report, po: bytes | str | Path,
              lang: str | None = None) -> ImportResult:
    """Write the translations of a PO file (its bytes, or its path) into ``content_dir``.

    The language is the PO header's ``Language`` (``lang``, if given, must agree). Fuzzy and
    empty entries are skipped. Refused with `ContentError`, writing nothing: an unreadable PO
    file, entries matching no text, entries exported from another source text.
    """
    name = "PO data" if isinstance(po, bytes) else display_path(Path(po))
    catalog = _parse_po(po, name)
    lang = _po_language(catalog, report, name, lang)
    source = report.source_language
    texts = {context_of(text): text for text in translatable_texts(report)}
    problems: list[Diagnostic] = []
    edits: dict[str, list[Edit]] = {}
    seen: set[str] = set()
    fuzzy = untranslated = changed = 0
    notes = {note.id for note in report.footnotes}
    for entry in catalog:
        if entry.obsolete:
            continue
        where = Location(name, entry.linenum or 0, 1 if entry.linenum else 0)
        context = entry.msgctxt or ""
        text = texts.get(context)
        if text is None:
            problems.append(_unknown_entry(where, context, texts, lang))
            continue
        if context in seen:
            problems.append(Diagnostic(where, "", f"second entry for '{context}'",
                                       "keep one entry per text"))
            continue
        seen.add(context)
        if entry.fuzzy:
            fuzzy += 1
            continue
        translation = " ".join(entry.msgstr.split())
        if not translation:
            untranslated += 1
            continue
        problem = _entry_problem(entry, text, translation, source, lang, where, notes)
        if problem is not None:
            problems.append(problem)
        elif translation != dict(text.values).get(lang) or not is_current(text, lang, source):
            edits.setdefault(file_name(text), []).append(
                Edit(text.path, text.get(source), translation, fingerprint(text.get(source))))
            changed += 1
    if problems:
        raise ContentError(problems)
    files = apply_edits(content_dir, edits, lang, source)
    return ImportResult(lang, changed, files, fuzzy, untranslated)


def _parse_po(po: bytes | str | Path, name: str) -> polib.POFile:
    """Parse a PO file; `ContentError` at the line polib names when it cannot."""
    try:
        data = po if isinstance(po, bytes) else Path(po).read_bytes()
    except OSError as error:
        raise ContentError([Diagnostic(Location(name), "", f"cannot read: {error.strerror}")]
                           ) from None
    encoding = polib.detect_encoding(data)
    try:
        content = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ContentError([Diagnostic(
            Location(name), "", f"the PO file is not valid {encoding}",
            "save it as UTF-8 with 'Content-Type: text/plain; charset=UTF-8'")]) from None
    try:
        # A trailing newline keeps polib from taking a one-line content for a file name.
        return polib.pofile(content + "\n", encoding=encoding)
    except (OSError, ValueError, IndexError, KeyError) as error:
        found = _PO_LINE.search(str(error))
        line = int(found.group(1)) if found else 0
        detail = (found.group(2) or "syntax error") if found else str(error)
        raise ContentError([Diagnostic(
            Location(name, line, 1 if line else 0), "", f"invalid PO file: {detail}",
            "open it in a PO editor (Poedit, Lokalize) or export a fresh one")]) from None


def _po_language(catalog: polib.POFile, report: Report, name: str, lang: str | None) -> str:
    """The translation language named by the PO header (``es_ES`` is taken as ``es``)."""
    header = catalog.metadata.get("Language", "").strip().replace("_", "-")
    if header not in report.languages and header.split("-")[0] in report.languages:
        header = header.split("-")[0]
    found = header or lang
    targets = report.languages[1:]
    problem = ""
    if lang and header and header != lang:
        problem = f"the PO file is in '{header}', not '{lang}'"
    elif not found:
        problem = "the PO file has no 'Language' header"
    elif found == report.source_language:
        problem = f"'{found}' is the source language; only translations can be imported"
    elif found not in targets:
        problem = f"'{found}' is not a translation language of this report"
    if problem:
        hint = (did_you_mean(found or "", targets) or
                f"translation languages: {', '.join(targets) or 'none'}")
        raise ContentError([Diagnostic(Location(name), "", problem, hint)])
    assert found is not None
    return found


def _unknown_entry(where: Location, context: str, texts: dict[str, Text],
                   lang: str) -> Diagnostic:
    """The translation language named by the PO header (``es_ES`` is taken as ``es``)."""
    what = f"msgctxt '{context}'" if context else "an entry without msgctxt"
    fresh = f"export a fresh PO file: python build.py i18n export --lang {lang}"
    close = did_you_mean(context, texts) if context else ""
    return Diagnostic(where, "", f"{what} matches no text of the report",
                      f"{close} otherwise {fresh}" if close else fresh)


def _entry_problem(entry: polib.POEntry, text: Text, translation: str, source: str,
                   lang: str, where: Location, notes: set[str]) -> Diagnostic | None:
    """Why a translated entry cannot be written, or None."""
    context = entry.msgctxt
    if " ".join(entry.msgid.split()) != text.get(source):
        return Diagnostic(
            where, "", f"'{context}': the '{source}' text changed after this PO file was "
            "exported", f"export a fresh PO file (python build.py i18n export --lang {lang}) "
            "and carry the translation over")
    bad = _REFUSED.search(translation)
    if bad:
        return Diagnostic(where, "", f"'{context}': control character "
                          f"U+{ord(bad.group()):04X} in the translation", "delete it")
    unknown = [note for note in note_ids(translation) if note not in notes]
    if unknown:
        return Diagnostic(where, "", f"'{context}': unknown footnote '[^{unknown[0]}]' in the "
                          "translation", f"cite the footnotes of the '{source}' text: "
                          + (", ".join(f"[^{n}]" for n in note_ids(text.get(source))) or "none"))
    return None
