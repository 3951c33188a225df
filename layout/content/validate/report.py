"""Validate a whole report: loaded YAML trees -> a typed, frozen `Report`.

In: `RawContent` from `load`. Out: `model.Report`, or `ContentError` carrying every problem found
in one pass; the footnotes' citations are checked across all section files.
"""


from __future__ import annotations

from layout.content.load import MarkedMap, RawContent
from layout.content.model import Footnote, Report
from layout.content.shapes import keys_of
from layout.content.validate.actors import read_actors
from layout.content.validate.blocks import read_footnotes, read_section
from layout.content.validate.checker import Checker, type_name
from layout.content.validate.settings import (
    read_back_cover,
    read_imprint,
    read_interface,
    read_languages,
    read_print_settings,
    read_texts,
)
from layout.content.validate.theme import read_theme
from layout.diagnostics import ContentError, Location, did_you_mean, known_list


def to_report(raw: RawContent) -> Report:
    """Convert loaded content into a `Report`; raise `ContentError` with every problem found."""
    check = Checker((), raw.root)
    check.keys(raw.report, "", keys_of("report"))
    check.languages = read_languages(check, raw.report)
    if not check.languages:
        raise ContentError(check.problems)
    texts = read_texts(check, raw.report)
    year = check.string(raw.report, "year", "") if "year" in raw.report else ""
    back = read_back_cover(check, raw.report)
    intro = check.text_at(raw.report, "handout_intro", "")
    print_settings = read_print_settings(check, raw.report)
    imprint = read_imprint(check, raw.report)
    interface = read_interface(check, raw.report)
    theme = read_theme(check, raw.report)
    for name, where, path in check.items(raw.report, "sections", ""):
        if not isinstance(name, str):
            check.error(where, path, f"expected a section file name; got {type_name(name, where)}")
    branches, actors = read_actors(check, raw.actors)
    seen: dict[str, Location] = {}
    notes: dict[str, Footnote] = {}
    sections = []
    for _name, tree in raw.sections:
        check.block_ids = {}  # block key paths are counted within one file
        check.citing = True
        section = read_section(check, tree, tree.where, "", True, seen)
        check.citing = False
        read_footnotes(check, tree, notes)
        if section is not None:
            sections.append(section)
    _check_citations(check, notes)
    if check.problems:
        raise ContentError(check.problems)
    return Report(
        languages=check.languages, year=year or "", back_cover=back, handout_intro=intro,
        branches=branches, actors=actors, sections=tuple(sections),
        footnotes=tuple(notes.values()), print_settings=print_settings, interface=interface,
        theme=theme, languages_where=_language_places(raw.report, check.languages),
        imprint=imprint, **texts,
    )


def _language_places(report: MarkedMap, languages: tuple[str, ...]) -> tuple[Location, ...]:
    """Where each language of ``languages`` is named in the ``languages:`` list."""
    value = report["languages"]
    return tuple(value.item_where[list(value).index(code)] for code in languages)


def _check_citations(check: Checker, notes: dict[str, Footnote]) -> None:
    for note_id, places in check.cited.items():
        if note_id not in notes:
            for where, path in places:
                hint = did_you_mean(note_id, notes) or (known_list(notes) if notes else
                                                        "define it under 'footnotes:'")
                check.error(where, path, f"unknown footnote '[^{note_id}]'", hint)
    for note_id, note in notes.items():
        if note_id not in check.cited:
            check.error(note.where, f"footnotes.{note_id}",
                        f"footnote '{note_id}' is defined but never cited",
                        f"cite it in a text as [^{note_id}] or delete it")
