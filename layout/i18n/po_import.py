"""PO import: a translated PO file merged back into the content's YAML files.

In: a content folder, its validated `Report` and a PO file (read by `po_read`). Out:
`ImportResult` (applied, unchanged, fuzzy and skipped counts, a warning per skipped entry)
with the YAML files edited in place by `writeback`. An entry is found by its context and
source text (`Text.ident` and the source, as exported); one made before the source text
changed is still found when its context names one text only (a section title, a footnote, a
block with an ``id:``), or when its source text now lives elsewhere. Fuzzy entries, and
entries whose source changed, are written as *stale* translations, recording the source they
were made from (the ``#| msgid`` msgmerge keeps) or, when that is unknown, none;
``fuzzy=True`` writes fuzzy entries as reviewed. A translation that would lose a footnote,
break the markup or hold a forbidden character is refused at its ``msgstr`` line, and
nothing is written; entries that match no text are skipped with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib
from msgspec import Struct, field

from layout.content.model import Report, Text
from layout.content.validate.texts import character_problem, markup_problem, note_problem
from layout.diagnostics import ContentError, Diagnostic, Location
from layout.i18n.coverage import (
    INTERFACE,
    context_of,
    file_name,
    fingerprint,
    translatable_texts,
)
from layout.i18n.po_read import PoFile, read_po
from layout.i18n.writeback import write_translations
from layout.i18n.yamledit import Edit


class ImportResult(Struct, frozen=True):
    """What `import_po` did, entry by entry."""

    lang: str
    applied: int
    """Entries written as reviewed translations (new text, or a stamp that was missing)."""
    unchanged: int
    """Entries the content already held as they are."""
    fuzzy: int
    """Fuzzy entries (and entries made from an older source), imported as stale."""
    skipped: int
    """Entries not imported: untranslated, matching no text, or refused fuzzy ones."""
    files: tuple[Path, ...]
    """Content files that were rewritten."""
    warnings: tuple[Diagnostic, ...] = ()
    """One per entry skipped for a reason the translator should see."""


class _Plan(Struct):
    """What the entries of one PO file do to the content."""

    edits: dict[str, list[Edit]] = field(default_factory=dict)
    places: dict[tuple[str, str], Location] = field(default_factory=dict)
    """(content file, key path) of each edit -> the msgstr line it came from."""
    sources: dict[str, str] = field(default_factory=dict)
    """Fingerprint -> source text for the stale translations written."""
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("applied", "unchanged", "fuzzy", "skipped"), 0))


class _Match(Struct, frozen=True):
    """The texts a PO entry translates, and how it was found."""

    texts: tuple[Text, ...]
    made_from: str | None
    """The source text the translation was made from, when it is not today's."""


def import_po(content_dir: Path, report: Report, po: bytes | str | Path,
              lang: str | None = None, fuzzy: bool = False) -> ImportResult:
    """Write the translations of a PO file (its bytes, or its path) into ``content_dir``."""
    parsed = read_po(po if isinstance(po, bytes) else Path(po), report, lang)
    plan = _Plan()
    for entry, match in _matches(parsed, report, plan):
        _plan_entry(plan, parsed, report, entry, match, fuzzy)
    if plan.problems:
        raise ContentError(plan.problems)
    files = write_translations(content_dir, report, plan.edits, parsed.lang, plan.sources,
                               plan.places)
    return ImportResult(parsed.lang, files=files, warnings=tuple(plan.warnings), **plan.counts)


def _entries(catalog: polib.POFile) -> Iterator[polib.POEntry]:
    for entry in catalog:
        if not entry.obsolete and (entry.msgid or entry.msgctxt):
            yield entry


def _normal(text: str | None) -> str:
    return " ".join((text or "").split())


def _context(entry: polib.POEntry) -> str:
    """The entry's msgctxt as messages show it (cut short: a PO file may hold anything)."""
    context = entry.msgctxt or ""
    return context if len(context) <= 80 else context[:77] + "..."


def _matches(po: PoFile, report: Report,
             plan: _Plan) -> Iterator[tuple[polib.POEntry, _Match]]:
    """Each entry with the texts it translates: exact matches first, then entries made from
    an older source text; entries that match nothing are counted and warned about."""
    source = report.source_language
    exact: dict[tuple[str, str], list[Text]] = {}
    for text in translatable_texts(report):
        exact.setdefault((context_of(text), text.get(source)), []).append(text)
    by_context: dict[str, set[str]] = {}
    by_source: dict[str, set[str]] = {}
    for context, msgid in exact:
        by_context.setdefault(context, set()).add(msgid)
        by_source.setdefault(msgid, set()).add(context)
    claimed: dict[tuple[str, str], Location] = {}
    later = []
    for entry in _entries(po.catalog):
        key = (entry.msgctxt or "", _normal(entry.msgid))
        if key not in exact:
            later.append(entry)
        elif key in claimed:
            plan.problems.append(Diagnostic(
                po.where(entry), _context(entry),
                f"a second entry for this text (the first is at {claimed[key]})",
                "keep one entry per text"))
        else:
            claimed[key] = po.where(entry)
            yield entry, _Match(tuple(exact[key]), None)
    for entry in later:
        context, msgid = entry.msgctxt or "", _normal(entry.msgid)
        moved = by_source.get(msgid, set())
        if len(by_context.get(context, ())) == 1:
            key = (context, next(iter(by_context[context])))
            made_from: str | None = msgid
        elif len(moved) == 1:
            key, made_from = (next(iter(moved)), msgid), None
        else:
            key = ("", "")
        if key in exact and key not in claimed:
            claimed[key] = po.where(entry)
            yield entry, _Match(tuple(exact[key]), made_from)
        elif entry.msgstr:
            plan.counts["skipped"] += 1
            plan.warnings.append(Diagnostic(
                po.where(entry), _context(entry), "matches no text of the report (its source text "
                "was changed or deleted)", "to carry it over, merge the PO file with a "
                "fresh template: python build.py i18n export --pot -o report.pot; "
                "msgmerge FILE.po report.pot -o FILE.po", severity="warning"))
        else:
            plan.counts["skipped"] += 1


def _plan_entry(plan: _Plan, po: PoFile, report: Report, entry: polib.POEntry,
                match: _Match, apply_fuzzy: bool) -> None:
    """Check one matched entry's translation and plan the edits it makes."""
    source, lang = report.source_language, po.lang
    translation = _normal(entry.msgstr)
    if not translation:
        plan.counts["skipped"] += 1
        return
    current_source = match.texts[0].get(source)
    stale = match.made_from is not None or (entry.fuzzy and not apply_fuzzy)
    plain = (entry.msgctxt or "").startswith(INTERFACE)  # printed as written
    problem = (character_problem(translation)
               or (None if plain else markup_problem(translation))
               or note_problem(current_source, translation, source, lang))
    where = po.where(entry)
    if problem and not stale:
        plan.problems.append(Diagnostic(where, _context(entry), *problem))
        return
    if problem:
        plan.counts["skipped"] += 1
        plan.warnings.append(Diagnostic(where, _context(entry), f"not imported: {problem[0]}",
                                        problem[1], severity="warning"))
        return
    # a fuzzy entry was reviewed against nothing, or against the source msgmerge kept
    made_from = _normal(entry.previous_msgid) if entry.fuzzy else match.made_from or ""
    if stale:
        stamp = fingerprint(made_from) if made_from and made_from != current_source else None
    else:
        stamp = fingerprint(current_source)
    changed = False
    for text in match.texts:
        edit = _edit(text, lang, source, translation, stamp, stale)
        if edit is not None:
            plan.edits.setdefault(file_name(text), []).append(edit)
            plan.places[(file_name(text), text.path)] = where
            changed = True
    if stamp and made_from and stale:
        plan.sources[stamp] = made_from
    counter = "fuzzy" if stale else "applied" if changed else "unchanged"
    plan.counts[counter] += 1


def _edit(text: Text, lang: str, source: str, translation: str, stamp: str | None,
          stale: bool) -> Edit | None:
    """The edit that gives ``text`` this translation and stamp, or None if it has them."""
    held = dict(text.values).get(lang)
    recorded = dict(text.fingerprints).get(lang)
    current = recorded == fingerprint(text.get(source))
    if held == translation and (current if not stale else not current):
        return None  # a stale translation kept as it is keeps what it records
    return Edit(text.path, text.get(source), translation if held != translation else None,
                stamp)
