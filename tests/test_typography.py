"""Typography measured on the real outputs: hyphenation, spacing, pagination, agenda tables.

Everything is built once per session with the command line (both languages, every kind of
output) and read back with `typometrics`; the assertions are the measures of `typomeasures`.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import helpers
import pytest
import typomeasures as tm
from typometrics import Document, Line

BUILD = helpers.ROOT / "build.py"
LANGS = ("en", "es")
CONTINUED = {"en": "(continued)", "es": "(continuación)"}
TINT = (232, 238, 245)


def build(content: Path, out: Path, *args: str) -> None:
    """Run build.py on ``content`` into ``out``; fail the test with its stderr otherwise."""
    result = subprocess.run([sys.executable, str(BUILD), "--content", str(content),
                             "--output", str(out), *args], capture_output=True, text=True,
                            cwd=helpers.ROOT, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def typeset(content_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output of the real content, built once."""
    out = tmp_path_factory.mktemp("typeset")
    build(content_snapshot, out)
    return out


@pytest.fixture(scope="session")
def read(typeset: Path) -> Callable[[str], Document]:
    """``read("en/booklet.pdf")``: a built PDF, read once."""
    cache: dict[str, Document] = {}

    def get(name: str) -> Document:
        if name not in cache:
            cache[name] = Document.read(typeset / name)
        return cache[name]

    return get


def handouts(typeset: Path, lang: str) -> list[Path]:
    return sorted((typeset / lang / "handouts").glob("*.pdf"))


# -- 1. hyphenation ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["booklet", "handouts"])
def test_hyphenation_follows_the_policy(typeset: Path, lang: str, kind: str) -> None:
    paths = [typeset / lang / "booklet.pdf"] if kind == "booklet" else handouts(typeset, lang)
    measures = [tm.measure_hyphenation(Document.read(p)) for p in paths]
    lines = sum(m.lines for m in measures)
    hyphenated = sum(m.hyphenated for m in measures)
    assert lines > 100
    assert hyphenated / lines <= 0.08
    assert max(m.longest_run for m in measures) <= 2
    for field in ("capitalised", "short_fragments", "last_full_line", "in_ragged",
                  "in_compound"):
        assert [b for m in measures for b in getattr(m, field)] == [], field


@pytest.mark.parametrize("lang", LANGS)
def test_justified_text_is_still_hyphenated(read: Callable[[str], Document], lang: str) -> None:
    """The policy restricts hyphenation; it does not switch it off."""
    assert tm.measure_hyphenation(read(f"{lang}/booklet.pdf")).hyphenated >= 3


# -- 2. loose lines ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_justified_line_is_set_loose(read: Callable[[str], Document], lang: str) -> None:
    ratios = tm.word_space_ratios(read(f"{lang}/booklet.pdf"))
    assert len(ratios) > 80
    assert ratios[0][0] < 2.0, ratios[:3]
    assert sum(1 for r in ratios if r[0] >= 1.75) <= 18  # lines left ragged, not stretched


# -- 3. pagination -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_blank_page_and_whole_sheets(read: Callable[[str], Document], lang: str) -> None:
    booklet = read(f"{lang}/booklet.pdf")
    imposed = read(f"{lang}/booklet-print.pdf")
    assert tm.blank_pages(booklet) == []
    assert len(booklet.pages) % 4 == 0
    assert tm.blank_pages(imposed, halves=True) == []
    assert len(imposed.pages) == len(booklet.pages) // 2


def chapter_pages(doc: Document) -> list[int]:
    """Pages that open a numbered chapter (the large light chapter number)."""
    return [line.page for line in doc.lines if line.size > 40 and line.text.isdigit()]


def test_chapters_open_on_either_side_by_default(read: Callable[[str], Document]) -> None:
    pages = chapter_pages(read("en/booklet.pdf"))
    assert len(pages) == 3
    assert any(page % 2 == 0 for page in pages)


def test_chapter_start_right_opens_chapters_on_odd_pages(
        make_content: Callable[..., Path], tmp_path: Path) -> None:
    content = make_content(tmp_path, report=helpers.append("print:\n  chapter_start: right\n"))
    build(content, tmp_path / "out", "--lang", "en", "--only", "booklet")
    doc = Document.read(tmp_path / "out" / "en" / "booklet.pdf")
    assert [page % 2 for page in chapter_pages(doc)] == [1, 1, 1]


def test_chapter_start_is_validated(make_content: Callable[..., Path], tmp_path: Path) -> None:
    content = make_content(tmp_path, report=helpers.append("print:\n  chapter_start: left\n"))
    result = subprocess.run([sys.executable, str(BUILD), "check", "--content", "content"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1
    line = (content / "report.yaml").read_text(encoding="utf-8").count("\n")
    assert re.search(rf"content/report\.yaml:{line}:\d+: error: print\.chapter_start: "
                     r"expected one of 'any', 'right'", result.stderr), result.stderr


# -- 4. agenda tables --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_tables_do_not_repeat_their_heading(read: Callable[[str], Document],
                                                    lang: str) -> None:
    assert tm.repeated_titles(read(f"{lang}/booklet.pdf")) == []


@pytest.mark.parametrize("lang", LANGS)
def test_repeated_table_heads_say_continued(read: Callable[[str], Document], lang: str) -> None:
    doc = read(f"{lang}/booklet.pdf")
    word = CONTINUED[lang]
    seen: set[str] = set()
    continued = 0
    for page in doc.pages:
        for line in page:
            if line.marker:
                seen.add(line.text[len(line.marker):])
            if line.fill != tm.WHITE or not 9 <= line.size <= 11:
                continue
            base = line.text.removesuffix(f" {word}")
            if base != line.text:
                continued += 1
                assert line is _first_content_line(page), line.text
            else:
                assert base not in seen, line.text
            seen.add(base)
    assert continued >= 1


def _first_content_line(page: list[Line]) -> Line:
    body = [line for line in page if line.size < 40 and 40 < line.y < 540]
    return max(body, key=lambda line: line.y)


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_letters_sit_on_their_text_baseline(read: Callable[[str], Document],
                                                   lang: str) -> None:
    offsets = tm.letter_offsets(read(f"{lang}/booklet.pdf"))
    assert len(offsets) == 33
    assert max(abs(o) for _, o in offsets) <= 0.05


@pytest.mark.parametrize("lang", LANGS)
def test_bullets_match_their_text(read: Callable[[str], Document], lang: str) -> None:
    offsets = tm.bullet_offsets(read(f"{lang}/booklet.pdf"))
    assert len(offsets) > 10
    assert {size for size, _ in offsets} == {0.0}
    assert max(abs(x) for _, x in offsets) <= 0.05


@pytest.mark.parametrize("lang", LANGS)
def test_no_spacer_piles_up_at_a_page_top(read: Callable[[str], Document], lang: str) -> None:
    doc = read(f"{lang}/booklet.pdf")
    frame_top = doc.sizes[0][1] - 19 * 72 / 25.4
    openers = set(chapter_pages(doc))
    gaps = tm.page_top_gaps(doc, frame_top)
    titled = {page[0].page for page in doc.pages if page and max(
        (line for line in page if line.size < 40), key=lambda line: line.y).size > 12}
    late = {page: gap for page, gap in gaps.items() if 2 < page < len(doc.pages)
            and page not in openers | titled and gap > 4}
    assert late == {}


# -- 10. handouts ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_handouts_keep_clear_of_the_sheet_edge(typeset: Path, lang: str) -> None:
    edge = 6 * 72 / 25.4
    for path in handouts(typeset, lang):
        doc = Document.read(path)
        for number, (size, boxes) in enumerate(zip(doc.sizes, doc.boxes, strict=True), 1):
            for left, bottom, right, top in boxes:
                where = (path.name, number)
                assert left >= edge, where
                assert bottom >= edge, where
                assert right <= size[0] - edge, where
                assert top <= size[1] - edge, where


def test_handout_pages_after_the_first_name_the_actor(typeset: Path) -> None:
    doc = Document.read(typeset / "en" / "handouts" / "executive.pdf")
    assert len(doc.pages) >= 2
    name = max(doc.pages[0], key=lambda line: line.size).text
    for page in doc.pages[1:]:
        assert any(line.text == name for line in page if line.y > doc.sizes[0][1] - 60)


def test_spanish_handout_footer_reads_naturally(typeset: Path) -> None:
    doc = Document.read(typeset / "es" / "handouts" / "mef.pdf")
    footer = min((line for line in doc.pages[0] if not line.text.isdigit()),
                 key=lambda line: line.y)
    assert footer.text.startswith("Tomado de «Proceso de Descentralización 2009")


def test_handouts_follow_the_sheet(content_snapshot: Path, tmp_path: Path) -> None:
    build(content_snapshot, tmp_path, "--sheet", "Letter", "--only", "handouts", "--lang", "en")
    doc = Document.read(tmp_path / "en" / "handouts" / "mef.pdf")
    assert [round(v) for v in doc.sizes[0]] == [612, 792]


# -- 5. lists and boxes ------------------------------------------------------------------


def test_list_items_keep_their_spacing_after_a_nested_list(
        read: Callable[[str], Document]) -> None:
    doc = read("en/booklet.pdf")
    page = next(p for p in doc.pages if any(line.marker == "7." for line in p))
    top = next(line.y for line in page if line.marker == "1.")
    bottom = next(line.y for line in page if line.marker == "7.")
    items = sorted((p for p in doc.paragraphs() if p.page == page[0].page
                    and p.lines[0].size == 9.5 and bottom <= p.lines[0].y <= top),
                   key=lambda p: -p.lines[0].y)
    steps = {round(a.lines[-1].y - b.lines[0].y, 1) for a, b in itertools.pairwise(items)}
    assert len(items) >= 13
    assert steps == {16.5}
    lettered = [line for line in page if re.fullmatch(r"[a-c]\.", line.marker)]
    assert len(lettered) == 6
    assert all(line.glyphs[0].y == line.glyphs[-1].y for line in lettered)


@pytest.mark.parametrize("lang", LANGS)
def test_boxes_have_even_space_around_their_text(read: Callable[[str], Document],
                                                  lang: str) -> None:
    doc = read(f"{lang}/booklet.pdf")
    checked = 0
    for page, shapes in zip(doc.pages, doc.shapes, strict=True):
        for box in (s for s in shapes if s.fill == TINT and s.top - s.bottom > 30):
            inside = [g for line in page for g in line.glyphs
                      if box.left < g.x < box.right and box.bottom < g.y < box.top]
            above = box.top - max(g.top for g in inside)
            below = min(g.bottom for g in inside) - box.bottom
            assert abs(above - below) <= 1.0, (page[0].page, above, below)
            checked += 1
    assert checked >= 2


# -- 6. characters -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_stay_with_their_abbreviation(read: Callable[[str], Document],
                                              lang: str) -> None:
    for line in (line for line in read(f"{lang}/booklet.pdf").lines if len(line.text) > 3):
        assert not re.search(r"(\bN[°º]|\bNo\.|\bp\.)$", line.text), line.text


def test_content_uses_dashes_not_spaced_hyphens(content_snapshot: Path) -> None:
    for path in sorted(content_snapshot.glob("*.yaml")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.lstrip().startswith("#"):
                continue
            assert not re.search(r"\w - \w|\b(1[89]|20)\d\d-(1[89]|20)\d\d\b", text), (
                path.name, number, text)


def _note_calls(doc: Document) -> list[tuple[str, str]]:
    """(character before, character after) each superscript note number in the text."""
    calls = []
    for line in doc.lines:
        glyphs = line.glyphs
        for i, glyph in enumerate(glyphs):
            if glyph.ch.isdigit() and glyph.y > line.y + 1 and (
                    i == 0 or not glyphs[i - 1].ch.isdigit() or glyphs[i - 1].y <= line.y):
                after = next((g.ch for g in glyphs[i + 1:] if not g.ch.isdigit()), " ")
                calls.append((glyphs[i - 1].ch if i else " ", after))
    return calls


def test_english_note_calls_follow_punctuation(read: Callable[[str], Document]) -> None:
    calls = _note_calls(read("en/booklet.pdf"))
    assert len(calls) >= 3
    assert [c for c in calls if c[1] in ".,;:"] == []


def test_spanish_note_calls_precede_punctuation(read: Callable[[str], Document]) -> None:
    calls = _note_calls(read("es/booklet.pdf"))
    assert len(calls) >= 3
    assert [c for c in calls if c[0] in ".,;:"] == []


# -- 7. contents and running heads -------------------------------------------------------


def _contents_page(doc: Document) -> list[Line]:
    return next(page for page in doc.pages if page and any(
        line.text in ("Contents", "Contenido") and line.size > 15 for line in page))


@pytest.mark.parametrize("lang", LANGS)
def test_contents_have_leaders_and_aligned_turnovers(read: Callable[[str], Document],
                                                     lang: str) -> None:
    page = _contents_page(read(f"{lang}/booklet.pdf"))
    entries = [line for line in page if line.size < 11 and line.y > 60]
    assert sum(1 for line in entries if re.search(r"(\. ){5,}\.? ?\d+$", line.text)) >= 12
    for size in (9.0, 10.0):
        texts = [line for line in entries if line.size == size
                 and not re.fullmatch(r"\d(\.\d)?\.?", line.text)
                 and not line.text.lstrip().startswith(".")]
        assert len(texts) >= 4
        assert max(line.x0 for line in texts) - min(line.x0 for line in texts) <= 0.05
    title = max(page, key=lambda line: line.y)
    assert title.size > 15  # no running head above the contents title


def test_agenda_pages_name_their_section_on_the_right(read: Callable[[str], Document]) -> None:
    doc = read("en/booklet.pdf")
    height = doc.sizes[0][1]
    current = None
    checked = 0
    for page in doc.pages:
        heads = [line for line in page if line.y > height - 36 and line.size < 8]
        for line in page:
            if line.marker.startswith("3.") and line.size == 12:
                current = current or line.text
        if page[0].page % 2 == 1 and current is not None and heads:
            assert heads[0].text.startswith("3."), (page[0].page, heads[0].text)
            checked += 1
        sections = [line.text for line in page if line.marker.startswith("3.")
                    and line.size == 12]
        current = sections[-1] if sections else current
    assert checked >= 3


# -- 8. covers and imprint ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_cover_has_one_year_and_a_balanced_title(read: Callable[[str], Document],
                                                 lang: str) -> None:
    cover = read(f"{lang}/booklet.pdf").pages[0]
    years = {y for line in cover for y in re.findall(r"\b(?:19|20)\d\d\b", line.text)}
    assert len(years) == 1, years
    title = [line for line in cover if line.size == max(line.size for line in cover)]
    assert len(title) >= 2
    widths = [line.x1 - line.x0 for line in title]
    assert min(widths) / max(widths) >= 0.45, [line.text for line in title]
    assert not any(re.fullmatch(r"\d{4}", line.text) for line in title)


@pytest.mark.parametrize("lang", LANGS)
def test_imprint_is_printed_on_the_inside_cover(read: Callable[[str], Document],
                                                lang: str) -> None:
    text = " ".join(line.text for line in read(f"{lang}/booklet.pdf").pages[1])
    assert "ProDescentralization" in text or "ProDescentralización" in text
    assert "2010" in text
    assert "USAID" in text


def test_imprint_is_validated(make_content: Callable[..., Path], tmp_path: Path) -> None:
    misspelt = helpers.replace("imprint:\n  publisher:", "imprint:\n  publsher:")
    make_content(tmp_path, report=misspelt)
    result = subprocess.run([sys.executable, str(BUILD), "check", "--content", "content"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert re.search(r"content/report\.yaml:\d+:\d+: error: imprint\.publsher: unknown key",
                     result.stderr), result.stderr
    assert "did you mean 'publisher'" in result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_back_cover_note_sits_on_the_colour_field(read: Callable[[str], Document],
                                                  lang: str) -> None:
    doc = read(f"{lang}/booklet.pdf")
    back = doc.pages[-1]
    field = max((s for s in doc.shapes[-1] if s.fill == (23, 65, 107)),
                key=lambda s: (s.right - s.left) * (s.top - s.bottom))
    note = [line for line in back if line.y > field.top]
    assert note
    assert min(line.y for line in note) - field.top <= 20 * 72 / 25.4


# -- 9. chart ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_chart_labels_and_legend(read: Callable[[str], Document], lang: str) -> None:
    doc = read(f"{lang}/booklet.pdf")
    number = next(i for i, shapes in enumerate(doc.shapes)
                  if sum(1 for s in shapes if s.fill and 10 < s.top - s.bottom < 14) >= 4)
    shapes, page = doc.shapes[number], doc.pages[number]
    bars = [s for s in shapes if s.fill and 10 < s.top - s.bottom < 14]
    labels = [line for line in page if line.text.isdigit() and line.size == 8]
    for bar in bars:
        label = min(labels, key=lambda line: abs(line.y - (bar.bottom + bar.top) / 2 + 2.5)
                    + abs(line.x0 - bar.right))
        assert label.x0 - bar.right >= 2.0
    swatches = [s for s in shapes if s.fill and 5 < s.top - s.bottom < 9
                and 5 < s.right - s.left < 9]
    assert len(swatches) == 2
    for swatch in swatches:
        nearest = min((line for line in page if abs(line.y - swatch.bottom) < 4),
                      key=lambda line: abs(line.x0 - swatch.right))
        assert 1 <= nearest.x0 - swatch.right <= 6
    title = [line for line in page if "Bold" in line.font and line.size == 10]
    assert all(len(line.text.split()) > 1 for line in title)
