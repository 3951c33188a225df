"""Typography measured on the real outputs: hyphenation, word spaces, pagination, agenda tables.

Everything is built once per session with the command line (both languages, every kind of
output; fixtures `typeset` and `read` in conftest) and read back with `typometrics`; the
assertions are the measures of `typomeasures`.
"""

from __future__ import annotations

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


# -- 1. hyphenation ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["booklet", "handouts"])
def test_hyphenation_follows_the_policy(typeset: Path, lang: str, kind: str) -> None:
    paths = ([typeset / lang / "booklet.pdf"] if kind == "booklet"
             else helpers.handout_paths(typeset, lang))
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


def test_chapters_open_on_either_side_by_default(read: Callable[[str], Document]) -> None:
    pages = tm.chapter_pages(read("en/booklet.pdf"))
    assert len(pages) == 3
    assert any(page % 2 == 0 for page in pages)


def test_chapter_start_right_opens_chapters_on_odd_pages(
        make_content: Callable[..., Path], tmp_path: Path) -> None:
    content = make_content(tmp_path, report=helpers.append("print:\n  chapter_start: right\n"))
    helpers.run_build(content, tmp_path / "out", "--lang", "en", "--only", "booklet")
    doc = Document.read(tmp_path / "out" / "en" / "booklet.pdf")
    assert [page % 2 for page in tm.chapter_pages(doc)] == [1, 1, 1]


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
    openers = set(tm.chapter_pages(doc))
    gaps = tm.page_top_gaps(doc, frame_top)
    titled = {page[0].page for page in doc.pages if page and max(
        (line for line in page if line.size < 40), key=lambda line: line.y).size > 12}
    late = {page: gap for page, gap in gaps.items() if 2 < page < len(doc.pages)
            and page not in openers | titled and gap > 4}
    assert late == {}
