"""Number: section numbers, agenda letters and footnote numbers, computed from the structure.

In: a validated `Report`. Out: `Numbering`, plain mappings from ids to labels. ReportLab's
``<seq>`` counters are process-global and its letter formatter wraps z -> a, so we count
ourselves: letters run a … z, aa, ab … (bijective base 26), continuous through the agenda.
"""

from __future__ import annotations

from msgspec import Struct

from layout.content.markup import note_ids
from layout.content.model import Report, Section, iter_texts


def agenda_letter(n: int) -> str:
    """The letter of the n-th agenda item, from 1: 1 -> a, 26 -> z, 27 -> aa, 32 -> af."""
    if n < 1:
        raise ValueError(f"agenda items are counted from 1, got {n}")
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class Numbering(Struct, frozen=True):
    """Labels computed from the report's structure."""

    sections: dict[str, str]
    """Section id -> "1", "1.1"; unnumbered sections are absent."""
    notes: dict[str, int]
    """Footnote id -> number, in order of first citation in the source language."""

    def letter(self, row_index: int) -> str:
        """The letter of the agenda row at ``row_index`` (0-based)."""
        return agenda_letter(row_index + 1)


def _number_sections(sections: tuple[Section, ...], prefix: str, out: dict[str, str]) -> None:
    count = 0
    for section in sections:
        if not section.numbered:
            continue
        count += 1
        label = f"{prefix}{count}"
        out[section.id] = label
        _number_sections(section.sections, f"{label}.", out)


def number_report(report: Report) -> Numbering:
    """Compute every section number and footnote number of ``report``."""
    sections: dict[str, str] = {}
    _number_sections(report.sections, "", sections)
    notes: dict[str, int] = {}
    for text in iter_texts(report.sections):
        for note in note_ids(text.get(report.source_language)):
            notes.setdefault(note, len(notes) + 1)
    return Numbering(sections, notes)
