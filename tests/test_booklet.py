"""The real booklet, built once per session from content/ (see conftest.booklet).

Expected titles, letters and texts come from the validated model, never from the PDF itself;
the PDF is read back with pypdf (text, positions, outline, fonts, metadata).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import helpers
import pytest
from conftest import Booklet
from helpers import (
    Fragment,
    fragments,
    leading_words,
    normalize,
    outline_entries,
    sections_with_depth,
    squash,
)
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from layout.content.markup import note_ids, plain
from layout.content.model import Section, iter_rows, iter_sections, iter_texts
from layout.content.number import agenda_letter, number_report
from layout.content.strings import strings_for
from layout.diagnostics import ContentError
from layout.make.paths import booklet_path
from layout.make.targets import build_all, load_report
from layout.typeset import styles as st

A5 = (419.53, 595.28)
STANDARD_14 = ("Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats")


def title_of(booklet: Booklet, section: Section) -> str:
    return plain(booklet.local(section.title))


def heading_text(booklet: Booklet, section: Section) -> str:
    """What the heading prints: its number (if any) followed by its title."""
    number = booklet.numbering.sections.get(section.id, "")
    return f"{number} {title_of(booklet, section)}".strip()


def contents_index(booklet: Booklet) -> int:
    """The page whose text starts with the contents title."""
    word = strings_for(booklet.lang)["contents"]
    found = [i for i, text in enumerate(booklet.texts) if text.lstrip().startswith(word)]
    assert len(found) == 1, f"expected one contents page, found {found}"
    return found[0]


def heading_page(booklet: Booklet, section: Section) -> int:
    """0-based index of the first page after the contents that prints the section's heading."""
    needle = squash(heading_text(booklet, section))
    start = contents_index(booklet) + 1
    for index in range(start, len(booklet.texts)):
        if needle in squash(booklet.texts[index]):
            return index
    raise AssertionError(f"heading {heading_text(booklet, section)!r} is on no page")


def body_text(booklet: Booklet) -> str:
    """The squashed text of every page after the contents, in page order."""
    return "".join(squash(text) for text in booklet.texts[contents_index(booklet) + 1:])


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in order (each after the previous match); [] when all are."""
    missing, position = [], 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing


# -- text ---------------------------------------------------------------------------------------


def test_every_section_heading_is_printed_with_its_number_in_reading_order(
    booklet: Booklet,
) -> None:
    headings = [heading_text(booklet, s) for s in iter_sections(booklet.report.sections)]
    assert len(headings) >= 2
    assert in_order(body_text(booklet), [squash(h) for h in headings]) == []


def test_every_agenda_item_is_printed_with_consecutive_letters(booklet: Booklet) -> None:
    rows = list(iter_rows(booklet.report.sections))
    assert rows, "the report has an agenda"
    letters = [booklet.numbering.letter(row.index) for row in rows]
    assert letters == [agenda_letter(n) for n in range(1, len(rows) + 1)]
    labelled = [
        squash(f"{letter}.{leading_words(booklet.local(row.text), 6)}")
        for letter, row in zip(letters, rows, strict=True)
    ]
    assert in_order(body_text(booklet), labelled) == []


def test_every_agenda_label_is_set_on_one_line(booklet: Booklet) -> None:
    rows = list(iter_rows(booklet.report.sections))
    text = "\n".join(booklet.texts)
    broken = [booklet.numbering.letter(row.index) for row in rows
              if not re.search(rf"(?<![A-Za-z]){booklet.numbering.letter(row.index)}\.", text)]
    assert broken == []


def test_footnotes_are_printed_on_the_page_that_cites_them(booklet: Booklet) -> None:
    """Each note's text shares a page with the citing words and the note's number."""
    notes = {note.id: note for note in booklet.report.footnotes}
    if not notes:
        pytest.skip("the content has no footnotes")
    checked = 0
    for text in iter_texts(booklet.report.sections):
        raw = booklet.local(text)
        for note_id in note_ids(raw):
            number = booklet.numbering.notes[note_id]
            before = raw.split(f"[^{note_id}]", 1)[0].rsplit("]", 1)[-1]
            cited = squash(" ".join(plain(before).split()[-2:]) + str(number))
            note = squash(f"{number}{leading_words(booklet.local(notes[note_id].text), 6)}")
            pages = [i for i, page in enumerate(booklet.texts) if cited in squash(page)]
            assert pages, f"citation {cited!r} of note {note_id!r} is on no page"
            assert note in squash(booklet.texts[pages[0]]), (
                f"note {number} ({note_id}) is not on page {pages[0] + 1}, which cites it")
            checked += 1
    assert checked >= len(notes)  # validation guarantees every note is cited at least once


def test_hyphenation_is_active_in_the_booklet(booklet: Booklet) -> None:
    """Some line ends in a hyphen that is not in the source: a word was hyphenated."""
    corpus = " ".join(plain(booklet.local(t)) for t in iter_texts(booklet.report.sections))
    hyphenated = []
    for page in booklet.texts:
        for head, tail in re.findall(r"([A-Za-z]{2,})-\n([a-z]{2,})", page):
            if re.search(rf"\b{head}{tail}", corpus) and f"{head}-{tail}" not in corpus:
                hyphenated.append(f"{head}-{tail}")
    assert hyphenated


@pytest.mark.parametrize(
    ("hyphenation", "text"),
    [
        (strings_for("en")["hyphenation"],
         "The institutionalization of intergovernmental coordination mechanisms "
         "notwithstanding, decentralization remains incomplete."),
        (strings_for("es")["hyphenation"],
         "La institucionalización de los mecanismos de coordinación intergubernamental "
         "permanece incompleta, descentralización mediante."),
    ],
)
def test_narrow_paragraphs_are_hyphenated(hyphenation: str, text: str) -> None:
    style = st.make_styles(hyphenation).body
    para = Paragraph(text, style)
    para.wrap(110, 1000)
    assert para._hyphenations > 0
    control = Paragraph(text, ParagraphStyle("control", parent=style, hyphenationLang=""))
    control.wrap(110, 1000)
    assert control._hyphenations == 0


# -- structure ----------------------------------------------------------------------------------


def expected_outline(booklet: Booklet) -> list[tuple[int, str]]:
    return [(depth, heading_text(booklet, section))
            for depth, section in sections_with_depth(booklet.report.sections)]


def shown(entry_title: str) -> str:
    """An outline or contents title with the full stop after a chapter number dropped."""
    return re.sub(r"^(\d+(?:\.\d+)*)\.\s", r"\1 ", normalize(entry_title))


def test_outline_lists_every_section_in_order(booklet: Booklet) -> None:
    entries = outline_entries(booklet.reader)
    assert [(e.level, shown(e.title)) for e in entries] == expected_outline(booklet)


def test_outline_entries_point_at_their_headings(booklet: Booklet) -> None:
    entries = outline_entries(booklet.reader)
    sections = list(iter_sections(booklet.report.sections))
    assert len(entries) == len(sections)
    wrong = [(e.title, e.page_index + 1, heading_page(booklet, s) + 1)
             for e, s in zip(entries, sections, strict=True)
             if e.page_index != heading_page(booklet, s)]
    assert wrong == []


def contents_lines(booklet: Booklet) -> list[tuple[str, int]]:
    """(entry text, page number) of every contents line, read by position on the page.

    A page number is a run of digits at the right of the text frame; an entry is the text of
    the lines down to the line that carries its page number.
    """
    index = contents_index(booklet)
    width, height = st.PAGE_SIZE
    inside = [f for f in fragments(booklet.reader, index)
              if st.MARGIN_BOTTOM < f.y < height - st.MARGIN_TOP]
    title = strings_for(booklet.lang)["contents"]
    def is_number(f: Fragment) -> bool:  # alone at the right, or at the end of the leader
        return bool(re.fullmatch(r"(\.\s*)+\d+", f.text.strip())) or (
            f.text.isdigit() and f.x > width / 2)

    numbers = {f.y: int(f.text.split()[-1].lstrip(".")) for f in inside if is_number(f)}
    entries, pending = [], []
    ordered = sorted(inside, key=lambda f: (-f.y, f.x))
    for i, fragment in enumerate(ordered):
        if fragment.text == title or is_number(fragment):
            continue
        pending.append(fragment.text)
        later = ordered[i + 1:]
        if later and abs(later[0].y - fragment.y) < 1.5 and not is_number(later[0]):
            continue  # more text on this line (the hanging number comes first)
        page = next((n for y, n in numbers.items() if abs(y - fragment.y) < 1.5), None)
        if page is not None:
            entries.append((" ".join(pending), page))
            pending = []
    assert not pending, f"contents text without a page number: {pending}"
    return entries


def folio(reader: PdfReader, index: int) -> int | None:
    """The page number printed in the bottom margin of page ``index``, if any."""
    printed = [int(f.text) for f in fragments(reader, index)
               if f.text.isdigit() and f.y < st.MARGIN_BOTTOM]
    return printed[0] if len(printed) == 1 else None


def test_contents_lists_every_section_with_the_page_of_its_heading(booklet: Booklet) -> None:
    lines = contents_lines(booklet)
    assert [shown(text) for text, _ in lines] == [text for _, text in expected_outline(booklet)]
    actual = [heading_page(booklet, s) for s in iter_sections(booklet.report.sections)]
    printed_folios = [folio(booklet.reader, index) for index in actual]
    assert [page for _, page in lines] == printed_folios
    assert printed_folios == [index + 1 for index in actual]


def test_numbered_chapters_open_on_the_next_page(booklet: Booklet) -> None:
    """``print.chapter_start: any`` (the default): no page is left blank before a chapter."""
    chapters = [s for s in booklet.report.sections if s.id in booklet.numbering.sections]
    assert chapters
    pages = {s.id: heading_page(booklet, s) for s in chapters}
    assert {sid: index for sid, index in pages.items()
            if not booklet.texts[index - 1].strip()} == {}


def test_pages_left_blank_before_a_chapter_print_nothing(booklet: Booklet) -> None:
    """A left-hand page with no text in the frame carries no running head and no folio."""
    _, height = st.PAGE_SIZE
    chapters = [s for s in booklet.report.sections if s.id in booklet.numbering.sections]
    blank = 0
    for section in chapters:
        index = heading_page(booklet, section) - 1
        printed = fragments(booklet.reader, index)
        if not [f for f in printed if st.MARGIN_BOTTOM < f.y < height - st.MARGIN_TOP]:
            blank += 1
            assert printed == [], f"page {index + 1} is blank but prints {printed}"
    if not blank:
        pytest.skip("no chapter is preceded by a blank page in this content")


# -- the PDF file -------------------------------------------------------------------------------


def test_every_page_is_a5(booklet: Booklet) -> None:
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in booklet.reader.pages]
    assert len(sizes) >= 4
    off = [(i + 1, size) for i, size in enumerate(sizes)
           if abs(size[0] - A5[0]) > 0.5 or abs(size[1] - A5[1]) > 0.5]
    assert off == []
    assert all(p.get("/Rotate", 0) == 0 for p in booklet.reader.pages)


def _fonts(resources: object, seen: set[int]) -> list[DictionaryObject]:
    """Every font of a resource dictionary and of the form XObjects it uses."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return []
    fonts = resources.get("/Font", DictionaryObject()).get_object()
    found = [ref.get_object() for ref in fonts.values()]
    for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            found += _fonts(xobject.get("/Resources"), seen)
    return found


def test_every_font_is_embedded_and_none_is_a_standard_14_font(booklet: Booklet) -> None:
    fonts = [font for page in booklet.reader.pages
             for font in _fonts(page.get("/Resources"), set())]
    assert fonts, "no fonts found: the walk is broken"
    problems = []
    for font in fonts:
        name = str(font.get("/BaseFont", "?"))
        if any(name.lstrip("/").split("+")[-1].startswith(std) for std in STANDARD_14):
            problems.append(f"{name}: a standard 14 font")
        described = font
        if font.get("/Subtype") == "/Type0":
            described = font["/DescendantFonts"][0].get_object()
        descriptor = described.get("/FontDescriptor")
        if descriptor is None:
            problems.append(f"{name} ({font.get('/Subtype')}): no /FontDescriptor")
            continue
        descriptor = descriptor.get_object()
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{name}: not embedded")
    assert problems == []


def test_document_information(booklet: Booklet) -> None:
    report = booklet.report
    info = booklet.reader.metadata
    assert info.title
    assert info.title.startswith(plain(booklet.local(report.title)))
    assert info.author
    assert info.author == plain(booklet.local(report.author))
    assert info.subject
    assert info.subject == plain(booklet.local(report.subject))


def test_catalog_language(booklet: Booklet) -> None:
    root = booklet.reader.trailer["/Root"]
    assert root.get("/Lang") == strings_for(booklet.lang)["lang_tag"] == "en-US"


def test_building_twice_gives_identical_bytes(booklet: Booklet, tmp_path: Path) -> None:
    build_all(booklet.content, tmp_path, [booklet.lang], kinds=("booklet",))
    again = booklet_path(tmp_path, booklet.lang).read_bytes()
    assert again == booklet.pdf


# -- footnotes in a tiny booklet full of them ---------------------------------------------------

PLACES = {
    "box": ("A claim in a box", '  - box:\n      title: {en: "A box"}\n      blocks:\n'
                                '        - paragraph: {en: "A claim in a box[^box]."}\n'),
    "agenda": ("A claim in an agenda item", '  - agenda:\n      actor: mef\n      items:\n'
               '        - text: {en: "A claim in an agenda item[^agenda]."}\n'),
    "bullets": ("A claim in a bullet",
                '  - bullets:\n      - {en: "A claim in a bullet[^bullets]."}\n'),
    "quote": ("A claim in a quote", '  - quote: {en: "A claim in a quote[^quote]."}\n'),
}
"""Note id -> (the words before its mark, the block citing it)."""
HEADING = 'id: one\ntitle: {en: "A heading with a note[^heading]"}\nblocks:\n'
PARAGRAPHS = 24
"""Paragraph k makes "claim <k-th letter>": single letters, so no mark is a prefix of another."""


def _paragraph(k: int) -> str:
    return (f'  - paragraph: {{en: "Paragraph {k} runs on long enough to fill two or three lines '
            f'of the page before it makes claim {agenda_letter(k)}[^p{k}]."}}\n')


@dataclass(frozen=True)
class NotesBooklet:
    reader: PdfReader
    texts: list[str]
    citing: dict[str, str]
    """Note id -> the words just before its mark."""
    starts: dict[str, str]
    """Note id -> the first words of its text."""
    numbers: dict[str, int]


@pytest.fixture(scope="module")
def notes_booklet(tmp_path_factory: pytest.TempPathFactory) -> NotesBooklet:
    """A tiny booklet with a note cited from a heading, a box, an agenda item, a list, a quote
    and two dozen paragraphs, so that many citations fall near the foot of a page."""
    tmp = tmp_path_factory.mktemp("notes")
    blocks = [_paragraph(k) for k in range(1, PARAGRAPHS + 1)]
    for position, (_, place) in zip((3, 8, 13, 18), PLACES.values(), strict=True):
        blocks.insert(position, place)
    ids = ["heading", *PLACES, *(f"p{k}" for k in range(1, PARAGRAPHS + 1))]
    starts = {i: f"Note {i} explains the claim at some length" for i in ids}
    one = HEADING + "".join(blocks) + "footnotes:\n" + "".join(
        f'  {i}: {{en: "{start}, so that it needs more than one line of notes."}}\n'
        for i, start in starts.items())
    root = helpers.make_content(tmp, base=helpers.TINY, one=one)
    build_all(root, tmp / "out", kinds=("booklet",))
    citing = {"heading": "A heading with a note",
              **{note_id: words for note_id, (words, _) in PLACES.items()},
              **{f"p{k}": f"makes claim {agenda_letter(k)}" for k in range(1, PARAGRAPHS + 1)}}
    reader = PdfReader(booklet_path(tmp / "out", "en"))
    numbers = number_report(load_report(root)).notes
    return NotesBooklet(reader, [p.extract_text() for p in reader.pages], citing, starts, numbers)


def test_every_note_is_printed_once_on_the_page_that_cites_it(notes_booklet: NotesBooklet) -> None:
    misplaced = {}
    for note_id, number in notes_booklet.numbers.items():
        note = squash(f"{number}{notes_booklet.starts[note_id]}")
        # English sets the call after the punctuation that follows the cited words
        marks = [squash(f"{notes_booklet.citing[note_id]}{stop}{number}") for stop in ("", ".")]
        note_pages = [i + 1 for i, t in enumerate(notes_booklet.texts) if note in squash(t)]
        mark_pages = [i + 1 for i, t in enumerate(notes_booklet.texts)
                      if any(mark in squash(t) for mark in marks)]
        if len(note_pages) != 1 or note_pages != mark_pages:
            misplaced[note_id] = (mark_pages, note_pages)
    assert len(notes_booklet.numbers) == len(notes_booklet.citing)
    assert misplaced == {}, "note id: (pages citing it, pages printing it)"


def overlapping(reader: PdfReader, starts: list[str], lang: str) -> dict[int, list[str]]:
    """Page number -> lines of text set below the top line of that page's notes."""
    note_style = st.make_styles(strings_for(lang)["hyphenation"]).note
    found = {}
    for index in range(len(reader.pages)):
        printed = fragments(reader, index)
        tops = [f.y for f in printed if any(squash(f.text).startswith(s) for s in starts)]
        if tops:
            intruders = [f.text for f in printed if f.size != note_style.fontSize
                         and st.MARGIN_BOTTOM < f.y < max(tops) + note_style.leading]
            if intruders:
                found[index + 1] = intruders
    return found


def test_notes_never_overlap_the_text(notes_booklet: NotesBooklet) -> None:
    starts = [squash(" ".join(start.split()[:3])) for start in notes_booklet.starts.values()]
    assert overlapping(notes_booklet.reader, starts, "en") == {}


def test_notes_of_the_real_booklet_never_overlap_the_text(booklet: Booklet) -> None:
    starts = [squash(leading_words(booklet.local(note.text), 3))
              for note in booklet.report.footnotes]
    if not starts:
        pytest.skip("the content has no footnotes")
    assert overlapping(booklet.reader, starts, booklet.lang) == {}


# -- footnotes that validation lets through ---------------------------------------------------


def test_footnote_cited_outside_the_sections_is_printed_or_refused(tmp_path: Path) -> None:
    root = helpers.make_content(
        tmp_path, base=helpers.TINY,
        report=helpers.append('subtitle: {en: "A subtitle[^aside]"}\n'),
        one=helpers.append('footnotes:\n  aside: {en: "An aside about the subtitle."}\n'),
    )
    try:
        load_report(root)
    except ContentError:
        return  # refused: acceptable
    build_all(root, tmp_path / "out", kinds=("booklet",))
    reader = PdfReader(booklet_path(tmp_path / "out", "en"))
    assert any("An aside about the subtitle." in normalize(p.extract_text()) for p in reader.pages)
