"""Print-quality layout of the real English booklet (conftest.booklet, built once per session).

Where things landed is read back from the PDF: pypdf's text visitor for baselines and sizes,
pypdfium2 for the ink boxes of characters and the bounds of images. What should be there comes
from the model (footnote texts, headings, chart data) and from `layout.styles` (page geometry).
"""

from __future__ import annotations

import gc
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import helpers
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import Booklet
from helpers import Fragment, fragments, leading_words, squash
from PIL import Image as PILImage
from pypdf import PdfReader

from layout.content.markup import plain
from layout.content.model import Chart, iter_sections
from layout.content.number import number_report
from layout.content.strings import strings_for
from layout.diagnostics import ContentError
from layout.make.paths import booklet_path
from layout.make.targets import build_all, load_report
from layout.pdf.render import RenderResult, render_pdf
from layout.typeset import styles as st
from layout.typeset.compose import compose_booklet
from layout.typeset.contents import TaggedContents
from layout.typeset.tagged import TaggedParagraph

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)
TOLERANCE = 1.0
"""Points a glyph may stray past a margin (side bearings, the hyphen of a justified line)."""


WORDS = ["regional", "local", "government", "budget", "process", "council", "transfer",
         "planning", "agenda", "capacity", "public", "investment", "decentralized", "authority",
         "national", "policy", "reform", "coordination", "participation", "institutional"]


def filler(seed: int, count: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(count))


def footnote_heavy_section() -> str:
    """Subsections of every length, so headings fall everywhere; many paragraphs cite notes."""
    lines = ['id: one', 'title: {en: "Notes everywhere"}', "sections:"]
    notes = []
    for part in range(12):
        lines += [f"  - id: part-{part}", f'    title: {{en: "Part {part} of the notes test"}}',
                  "    blocks:"]
        for i in range(1 + part % 3):
            n = part * 3 + i
            cite = f"[^n{n}]" if n % 2 == 0 else ""
            half = 10 + (n * 37) % 70
            text = f"{filler(n, half)}{cite} {filler(n + 1, half)}"
            lines.append(f'      - paragraph: {{en: "{text}"}}')
            if cite:
                notes.append(f'  n{n}: {{en: "Note {n}: {filler(n + 2, 12 + 9 * (n % 3))}"}}')
    return "\n".join([*lines, "footnotes:", *notes]) + "\n"


@pytest.fixture(scope="module")
def notes_booklet(tmp_path_factory: pytest.TempPathFactory) -> Booklet:
    """A booklet whose pages are full of text citing notes, built like the real one."""
    root = helpers.make_content(tmp_path_factory.mktemp("notes"), base=helpers.TINY,
                                one=footnote_heavy_section())
    out = root.parent / "out"
    build_all(root, out, ["en"], kinds=("booklet",))
    report = load_report(root)
    path = booklet_path(out, "en")
    return Booklet(root, path, path.read_bytes(), PdfReader(path), report,
                   number_report(report), "en")


@pytest.fixture(params=["real", "footnote-heavy"])
def subject(request: pytest.FixtureRequest, booklet: Booklet) -> Booklet:
    """The real English booklet, and a synthetic one whose every page cites notes."""
    if request.param == "real":
        return booklet
    return request.getfixturevalue("notes_booklet")


@pytest.fixture(scope="module")
def rendered(booklet: Booklet) -> RenderResult:
    """The same booklet rendered directly, for the page map `render_pdf` returns."""
    result = render_pdf(compose_booklet(booklet.report, booklet.numbering, booklet.lang))
    assert result.page_count == len(booklet.reader.pages)
    return result


_FRAGMENTS: dict[Path, list[list[Fragment]]] = {}
_WORDS: dict[Path, list[list[Word]]] = {}


def fragments_of(booklet: Booklet) -> list[list[Fragment]]:
    if booklet.path not in _FRAGMENTS:
        _FRAGMENTS[booklet.path] = [fragments(booklet.reader, i)
                                    for i in range(len(booklet.reader.pages))]
    return _FRAGMENTS[booklet.path]


@pytest.fixture(scope="module")
def page_fragments(booklet: Booklet) -> list[list[Fragment]]:
    return fragments_of(booklet)


def page_size(booklet: Booklet) -> tuple[float, float]:
    box = booklet.reader.pages[0].mediabox
    return float(box.width), float(box.height)


def frame(booklet: Booklet) -> tuple[float, float, float, float]:
    """The text frame of a body page: left, bottom, right, top."""
    width, height = page_size(booklet)
    return st.MARGIN_INNER, st.MARGIN_BOTTOM, width - st.MARGIN_OUTER, height - st.MARGIN_TOP


def body_pages(booklet: Booklet) -> range:
    """Every page but the covers."""
    return range(1, len(booklet.reader.pages) - 1)


def same_line(a: float, b: float) -> bool:
    return abs(a - b) < 0.6


def test_booklet_pages_are_a5(booklet: Booklet) -> None:
    for page in booklet.reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A5, abs=0.5)


# -- footnotes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteOnPage:
    number: int
    page: int
    y: float
    """Baseline of the note's first line."""


def printed_notes(booklet: Booklet, pages: list[list[Fragment]]) -> list[NoteOnPage]:
    """Where each note's first line is: its number, then the start of its text, one baseline."""
    found = []
    for note in booklet.report.footnotes:
        number = booklet.numbering.notes.get(note.id)
        if number is None:
            continue
        start = squash(leading_words(booklet.local(note.text), 4))
        for index, frags in enumerate(pages):
            for fragment in frags:
                if squash(fragment.text).startswith(start) and any(
                        other.text == str(number) and same_line(other.y, fragment.y)
                        for other in frags):
                    found.append(NoteOnPage(number, index, fragment.y))
    return found


def note_markers(frags: list[Fragment]) -> list[Fragment]:
    """Superscript numbers: digits set smaller than text on their own baseline."""
    return [f for f in frags if f.text.isdigit() and any(
        same_line(f.y, other.y) and other.size > f.size * 1.15 and not other.text.isdigit()
        for other in frags)]


def test_every_footnote_is_at_the_foot_of_the_page_that_cites_it(subject: Booklet) -> None:
    booklet, page_fragments = subject, fragments_of(subject)
    notes = printed_notes(booklet, page_fragments)
    numbers = sorted(booklet.numbering.notes.values())
    assert numbers, "the content has footnotes"
    assert sorted({note.number for note in notes}) == numbers, "every note is printed"
    _, bottom, _, top = frame(booklet)
    for index, frags in enumerate(page_fragments):
        here = sorted((n for n in notes if n.page == index), key=lambda n: n.number)
        markers = [m for m in note_markers(frags) if bottom < m.y < top]
        assert sorted({int(m.text) for m in markers}) == [n.number for n in here], (
            f"page {index + 1}: cited notes and printed notes differ")
        if not here:
            continue
        first = max(n.y for n in here)
        for note in here:
            assert all(m.y > first for m in markers if int(m.text) == note.number), (
                f"note {note.number}'s marker is not above the notes on page {index + 1}")
        # below the first note's line there is nothing but the notes, in order
        foot = [f for f in frags if bottom - 5 < f.y <= first + 0.5]
        printed = squash("".join(f.text for f in sorted(foot, key=lambda f: -f.y)))
        by_number = {booklet.numbering.notes[n.id]: n for n in booklet.report.footnotes
                     if n.id in booklet.numbering.notes}
        expected = squash("".join(f"{n.number}{plain(booklet.local(by_number[n.number].text))}"
                                  for n in here))
        assert printed == expected, f"page {index + 1}: the foot holds more than its notes"
        body = [f for f in frags if first + 0.5 < f.y < top + TOLERANCE]
        assert body, f"page {index + 1} has notes but no text above them"
        lowest = min(f.y for f in body)
        note_size = st.make_styles("en_US").note.fontSize
        assert lowest - first > note_size, f"page {index + 1}: text runs into the notes"


# -- boxes of words ---------------------------------------------------------------------------


@dataclass
class Word:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float

    def overlaps(self, other: Word, slack: float = 0.3) -> bool:
        return (self.left < other.right - slack and other.left < self.right - slack
                and self.bottom < other.top - slack and other.bottom < self.top - slack)


def words_of(path: Path) -> list[list[Word]]:
    """The words of every page with the union of their characters' ink boxes."""
    document = pdfium.PdfDocument(path)
    pages = []
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count)
            assert len(text) == count
            words: list[Word] = []
            current: Word | None = None
            for i, char in enumerate(text):
                if char.isspace():
                    current = None
                    continue
                left, bottom, right, top = textpage.get_charbox(i)
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
                if current is not None and (left < current.left - 1 or right > current.right
                                            + 2 * size or abs(bottom - current.bottom) > size):
                    current = None  # a new line or a jump without a generated space
                if current is None:
                    current = Word(char, left, bottom, right, top, size)
                    words.append(current)
                else:
                    current.text += char
                    current.left, current.bottom = min(current.left, left), min(current.bottom,
                                                                                 bottom)
                    current.right, current.top = max(current.right, right), max(current.top, top)
            pages.append(words)
    finally:
        document.close()
    return pages


def words_on_pages(booklet: Booklet) -> list[list[Word]]:
    if booklet.path not in _WORDS:
        _WORDS[booklet.path] = words_of(booklet.path)
    return _WORDS[booklet.path]


def test_no_two_words_overlap(subject: Booklet) -> None:
    page_words = words_on_pages(subject)
    clashes = []
    for index, words in enumerate(page_words):
        ordered = sorted(words, key=lambda w: w.left)
        for i, word in enumerate(ordered):
            for other in ordered[i + 1:]:
                if other.left >= word.right:
                    break
                if word.overlaps(other):
                    clashes.append(f"page {index + 1}: {word.text!r} / {other.text!r}")
    assert sum(len(w) for w in page_words) > 1000
    assert clashes == []


def test_every_word_is_inside_the_margins(subject: Booklet) -> None:
    booklet, page_words = subject, words_on_pages(subject)
    width, height = page_size(booklet)
    left, bottom, right, top = frame(booklet)
    cover_margin = 16 * MM
    local = booklet.local
    report = booklet.report
    heads = {squash(plain(local(report.running_title)))} | {
        squash(plain(local(section.title))) for section in report.sections} | {
        squash(f"{booklet.numbering.sections.get(section.id, '')} {plain(local(section.title))}")
        for section in iter_sections(report.sections)}
    feet = {squash(plain(local(report.series))), squash(plain(local(report.title)))}
    problems = []
    for index, words in enumerate(page_words):
        if not words:
            continue
        if index not in body_pages(booklet):
            for w in words:
                inside = (w.left >= cover_margin - TOLERANCE
                          and w.right <= width - cover_margin + TOLERANCE
                          and w.bottom >= 0 and w.top <= height)
                if not inside:
                    problems.append(f"cover page {index + 1}: {w.text!r}")
            continue
        for w in words:
            if w.left < left - TOLERANCE or w.right > right + TOLERANCE:
                problems.append(f"page {index + 1}: {w.text!r} in the side margin")
        above = [w for w in words if w.bottom >= top - TOLERANCE and w.top > top + TOLERANCE]
        below = [w for w in words if w.top <= bottom + TOLERANCE and w.bottom < bottom
                 - TOLERANCE]
        inside = [w for w in words if w not in above and w not in below]
        for w in inside:
            if w.bottom < bottom - TOLERANCE or w.top > top + TOLERANCE:
                problems.append(f"page {index + 1}: {w.text!r} crosses the frame")
        if above and squash("".join(w.text for w in above)) not in heads:
            problems.append(f"page {index + 1}: top margin holds {[w.text for w in above]}")
        folio = str(index + 1)
        foot = squash("".join(w.text for w in below))
        if below and (folio not in foot or foot.replace(folio, "", 1) not in feet):
            problems.append(f"page {index + 1}: bottom margin holds {[w.text for w in below]}")
        for w in above + below:
            if w.bottom < 8 * MM or w.top > height - 8 * MM:
                problems.append(f"page {index + 1}: {w.text!r} within 8 mm of the edge")
    assert problems == []


# -- headings ---------------------------------------------------------------------------------


def heading_lines(booklet: Booklet) -> list[str]:
    """The squashed texts a heading prints: chapter numbers and numbered titles."""
    found = []
    for section in iter_sections(booklet.report.sections):
        number = booklet.numbering.sections.get(section.id, "")
        title = plain(booklet.local(section.title))
        found += [squash(f"{number} {title}"), squash(title)]
        if number:
            found.append(number)
    return found


def test_no_page_ends_with_a_heading(subject: Booklet) -> None:
    booklet, page_fragments = subject, fragments_of(subject)
    _, bottom, _, top = frame(booklet)
    styles = st.make_styles("en_US")
    smallest = min(styles.section_title.fontSize, styles.chapter_title.fontSize,
                   styles.unnumbered_title.fontSize, styles.chapter_number.fontSize)
    headings = heading_lines(booklet)
    notes = printed_notes(booklet, page_fragments)
    checked = 0
    for index in body_pages(booklet):
        floor = max([n.y for n in notes if n.page == index] + [bottom - TOLERANCE]) + 0.5
        body = [f for f in page_fragments[index] if floor < f.y < top + TOLERANCE]
        if not body:
            continue
        last_y = min(f.y for f in body)
        last = [f for f in body if same_line(f.y, last_y)]
        line = squash("".join(f.text for f in last))
        is_heading = all(f.size >= smallest for f in last) and any(
            line and line in heading for heading in headings)
        assert not is_heading, f"page {index + 1} ends with the heading line {line!r}"
        checked += 1
    assert checked >= len(booklet.report.sections)


def test_chapters_open_on_a_new_page_where_their_heading_is(
    booklet: Booklet, rendered: RenderResult
) -> None:
    """Chapters open on the next page, left or right (``print.chapter_start: any``)."""
    chapters = [s for s in booklet.report.sections if s.id in booklet.numbering.sections]
    assert chapters
    for chapter in chapters:
        page = rendered.section_pages[chapter.id]
        assert squash(booklet.texts[page - 2]), f"a blank page precedes chapter {chapter.id}"
        assert squash(plain(booklet.local(chapter.title))) in squash(booklet.texts[page - 1])


def contents_entries(booklet: Booklet, pages: list[list[Fragment]], last_index: int
                     ) -> list[tuple[str, int]]:
    """(entry text, page number) of every contents line, read from the contents pages."""
    _, bottom, width, top = frame(booklet)
    heading = strings_for(booklet.lang)["contents"]
    entries: list[tuple[str, int]] = []
    pending = ""
    for index in range(1, last_index + 1):
        if not entries and not pending and all(f.text != heading for f in pages[index]):
            continue  # the inside cover (imprint) comes before the contents
        frags = [f for f in pages[index] if bottom - TOLERANCE < f.y < top + TOLERANCE
                 and f.text != heading]
        for y in sorted({round(f.y, 1) for f in frags}, reverse=True):
            line = [f for f in frags if same_line(f.y, y)]
            # a page number stands alone at the right or ends the dot leader
            numbers = [f for f in line if re.fullmatch(r"(\.\s*)+\d+", f.text.strip())
                       or (f.text.isdigit() and f.x > width * 0.6)]
            pending += "".join(f.text for f in line if f not in numbers)
            if numbers:
                entries.append((pending, int(numbers[0].text.split()[-1].lstrip("."))))
                pending = ""
    return entries


def test_contents_page_numbers_are_the_section_pages(
    booklet: Booklet, rendered: RenderResult, page_fragments: list[list[Fragment]]
) -> None:
    sections = list(iter_sections(booklet.report.sections))
    first_page = min(rendered.section_pages.values())
    entries = contents_entries(booklet, page_fragments, first_page - 2)
    assert len(entries) == len(sections)
    for (text, page), section in zip(entries, sections, strict=True):
        number = booklet.numbering.sections.get(section.id)
        title = plain(booklet.local(section.title))
        expected = title if not number else (
            f"{number}. {title}" if section in booklet.report.sections else f"{number} {title}")
        assert squash(text) == squash(expected)
        assert page == rendered.section_pages[section.id], section.id
        assert squash(title) in squash(booklet.texts[page - 1]), (
            f"{section.id}: the heading is not on page {page}")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_booklet_is_laid_out_in_one_pass_with_its_contents_settled(
    booklet: Booklet, lang: str
) -> None:
    """Compose gives the contents their lines, so nothing needs a previous build: one pass
    (a fresh composition, no manifest), and every entry's page is its heading's page."""
    result = render_pdf(compose_booklet(booklet.report, booklet.numbering, lang))
    assert result.passes == 1
    keys = {f"sec-{section.id}": section.id for section in iter_sections(booklet.report.sections)}
    assert [entry[3] for entry in result.contents] == list(keys)
    assert {keys[key]: page for _level, _text, page, key in result.contents} == (
        result.section_pages)


def test_contents_whose_lines_change_while_laying_out_take_a_second_pass(
    booklet: Booklet
) -> None:
    """The lines given beforehand are only a start: wrong ones are replaced by the headings'
    own, and the pages still come out right."""
    composition = compose_booklet(booklet.report, booklet.numbering, booklet.lang)
    contents = next(f for f in composition.story if isinstance(f, TaggedContents))
    contents.prefill([(0, "a line no heading makes", 0, "sec-nowhere")])
    result = render_pdf(composition)
    assert result.passes == 2
    assert "a line no heading makes" not in [entry[1] for entry in result.contents]
    assert len(result.contents) == len(list(iter_sections(booklet.report.sections)))


def test_the_story_is_consumed_and_its_flowables_freed_once_drawn(booklet: Booklet) -> None:
    """A long booklet must not hold every laid-out paragraph until the file is written."""
    composition = compose_booklet(booklet.report, booklet.numbering, booklet.lang)
    drawn = [weakref.ref(f) for f in composition.story if isinstance(f, TaggedParagraph)]
    assert len(drawn) > 30  # the story's own paragraphs (tables hold more)
    result = render_pdf(composition)
    gc.collect()
    assert composition.story == []
    assert [ref for ref in drawn if ref() is not None] == []
    assert result.page_count == len(booklet.reader.pages)


# -- chart and image --------------------------------------------------------------------------


def test_chart_labels_are_printed_on_the_page_of_its_title(
    booklet: Booklet, page_fragments: list[list[Fragment]]
) -> None:
    charts = [b for s in iter_sections(booklet.report.sections) for b in s.blocks
              if isinstance(b, Chart)]
    assert charts, "the content has a chart"
    for chart in charts:
        title = squash(plain(booklet.local(chart.title)))
        pages = [i for i, text in enumerate(booklet.texts) if title in squash(text)]
        assert len(pages) == 1, pages
        text = squash(booklet.texts[pages[0]])
        drawn = {f.text for f in page_fragments[pages[0]]}
        for category in chart.categories:
            assert squash(plain(booklet.local(category))) in text
        for series in chart.series:
            assert squash(plain(booklet.local(series.name))) in text
            for value in series.values:
                assert str(int(value)) in drawn, value  # bar labels use "%d"


def test_image_block_is_embedded_at_its_pixel_size_and_width(
    tiny_content: Callable[..., Path], tmp_path: Path
) -> None:
    pixels = (37, 23)
    root = tiny_content(one='id: one\ntitle: {en: "One"}\nblocks:\n'
                            '  - paragraph: {en: "Before the picture."}\n'
                            '  - image:\n      file: pictures/red.png\n'
                            '      alt: {en: "A red rectangle"}\n'
                            '      caption: {en: "A red rectangle, as a caption"}\n'
                            '      width: 40\n')
    (root / "pictures").mkdir()
    PILImage.new("RGB", pixels, (200, 30, 30)).save(root / "pictures" / "red.png")
    build_all(root, tmp_path / "out", ["en"], kinds=("booklet",))
    path = booklet_path(tmp_path / "out", "en")
    reader = PdfReader(path)
    pages = [i for i, page in enumerate(reader.pages)
             if "A red rectangle, as a caption" in (page.extract_text() or "")]
    assert len(pages) == 1
    sizes = [image.image.size for image in reader.pages[pages[0]].images]
    assert sizes == [pixels]
    document = pdfium.PdfDocument(path)
    try:
        page = document[pages[0]]
        images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5))
        assert len(images) == 1
        left, bottom, right, top = images[0].get_bounds()
        assert right - left == pytest.approx(40 * MM, abs=0.5)
        assert top - bottom == pytest.approx(40 * MM * pixels[1] / pixels[0], abs=0.5)
        width, height = page.get_size()
        assert left >= st.MARGIN_INNER - TOLERANCE
        assert right <= width - st.MARGIN_OUTER + TOLERANCE
        assert bottom >= st.MARGIN_BOTTOM
        assert top <= height - st.MARGIN_TOP
    finally:
        document.close()


# -- blocks too tall for a page ---------------------------------------------------------------


def tall_block(kind: str) -> str:
    """A section file whose second block, at line 5, cannot fit on one page."""
    head = 'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph: {en: "Intro."}\n'
    if kind == "box":
        return head + '  - box:\n      title: {en: "A tall box"}\n      blocks:\n' + "".join(
            f'        - paragraph: {{en: "Paragraph {i} of a box that cannot fit on a page."}}\n'
            for i in range(80))
    words = " ".join(["word"] * 1500)
    return head + f'  - quote:\n      en: "{words}"\n'


TALL_LINE = 5


def too_tall(tiny_content: Callable[..., Path], tmp_path: Path, kind: str) -> ContentError:
    root = tiny_content(one=tall_block(kind))
    with pytest.raises(ContentError) as caught:
        build_all(root, tmp_path / "out", ["en"], kinds=("booklet",))
    assert not (tmp_path / "out" / "en").exists()
    return caught.value


@pytest.mark.parametrize("kind", ["box", "quote"])
def test_too_tall_block_is_a_content_error_at_its_file_and_block(
    tiny_content: Callable[..., Path], tmp_path: Path, kind: str
) -> None:
    error = too_tall(tiny_content, tmp_path, kind)
    assert len(error.diagnostics) == 1
    diagnostic = error.diagnostics[0]
    assert diagnostic.where.file == "content/one.yaml"
    last_line = tall_block(kind).count("\n")
    assert TALL_LINE <= diagnostic.where.line <= last_line
    assert f"{kind} is too tall" in diagnostic.message
    assert diagnostic.severity == "error"


@pytest.mark.parametrize("kind", [
    "box",
    "quote",
])
def test_too_tall_block_is_reported_at_the_line_of_the_block(
    tiny_content: Callable[..., Path], tmp_path: Path, kind: str
) -> None:
    diagnostic = too_tall(tiny_content, tmp_path, kind).diagnostics[0]
    assert diagnostic.where.line == TALL_LINE
