"""Typography of the page furniture, measured on the real outputs: lists and boxes, characters,
contents and running heads, covers and imprint, the chart, the handouts.

Built once per session (fixtures `typeset` and `read` in conftest), read with `typometrics`.
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
from typometrics import Document, Line

from layout.typeset.colors import DEFAULT_PALETTE

BUILD = helpers.ROOT / "build.py"
LANGS = ("en", "es")
TINT = DEFAULT_PALETTE.tint.rgb
PRIMARY = DEFAULT_PALETTE.primary.rgb


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
    # translation-sources.yaml keeps earlier source texts as they were, for translators
    for path in sorted(p for p in content_snapshot.glob("*.yaml")
                       if p.name != "translation-sources.yaml"):
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
    field = max((s for s in doc.shapes[-1] if s.fill == PRIMARY),
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


# -- 10. handouts ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_handouts_keep_clear_of_the_sheet_edge(typeset: Path, lang: str) -> None:
    edge = 6 * 72 / 25.4
    for path in helpers.handout_paths(typeset, lang):
        doc = Document.read(path)
        for number, (size, boxes) in enumerate(zip(doc.sizes, doc.boxes, strict=True), 1):
            for left, bottom, right, top in boxes:
                where = (path.name, number)
                assert left >= edge, where
                assert bottom >= edge, where
                assert right <= size[0] - edge, where
                assert top <= size[1] - edge, where


def test_handout_pages_after_the_first_name_the_actor(typeset: Path) -> None:
    doc = Document.read(helpers.handout_file(typeset, "en", "executive"))
    assert len(doc.pages) >= 2
    name = max(doc.pages[0], key=lambda line: line.size).text
    for page in doc.pages[1:]:
        assert any(line.text == name for line in page if line.y > doc.sizes[0][1] - 60)


def test_spanish_handout_footer_reads_naturally(typeset: Path) -> None:
    doc = Document.read(helpers.handout_file(typeset, "es", "mef"))
    footer = min((line for line in doc.pages[0] if not line.text.isdigit()),
                 key=lambda line: line.y)
    assert footer.text.startswith("Tomado de «Proceso de Descentralización 2009")


def test_handouts_follow_the_sheet(content_snapshot: Path, tmp_path: Path) -> None:
    helpers.run_build(content_snapshot, tmp_path, "--sheet", "Letter", "--only", "handouts",
                      "--lang", "en")
    doc = Document.read(helpers.handout_file(tmp_path, "en", "mef"))
    assert [round(v) for v in doc.sizes[0]] == [612, 792]


def _short_list_booklet(tmp_path: Path, before: int) -> Document:
    filler = '  - paragraph: {en: "A line of filler."}\n'
    items = "  - bullets:\n      - {en: \"First item of a short list.\"}\n" \
            "      - {en: \"Second item of a short list.\"}\n"
    one = 'id: one\ntitle: {en: "One"}\nblocks:\n' + filler * before + items + filler * 3
    root = helpers.make_content(tmp_path / str(before), base=helpers.TINY, one=one)
    helpers.run_build(root, tmp_path / str(before) / "out", "--only", "booklet")
    return Document.read(tmp_path / str(before) / "out" / "en" / "booklet.pdf")


def test_a_short_list_is_not_split_across_pages(tmp_path: Path) -> None:
    moved = 0
    for before in range(15, 21):
        doc = _short_list_booklet(tmp_path, before)
        pages = {line.page for line in doc.lines if "item of a short list" in line.text}
        assert len(pages) == 1, (before, pages)
        moved += min(pages) > 3
    assert moved  # at least one layout put the list at a page foot, and it moved whole
