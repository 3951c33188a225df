"""Inline markup: ``*italic*``, ``**bold**`` and ``[^id]``; everything else prints as written.

Markup is checked the way ReportLab reads it (a `Paragraph` built from it: its fragments, their
fonts and links) and, for what the layout puts around the content, in a tiny real PDF.
"""

from __future__ import annotations

import itertools
import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import helpers
import pytest
from helpers import normalize, outline_entries, page_texts, replace, squash
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from layout.content.markup import note_ids, note_numbers_marker, plain, to_paragraph_markup
from layout.make.paths import booklet_path
from layout.make.targets import build_all
from layout.typeset import styles as st
from layout.typeset.fonts import DEFAULT_FONTS

STYLE = st.make_styles("en_US").body
FONTS = DEFAULT_FONTS


def paragraph(text: str, notes: dict[str, int] | None = None) -> Paragraph:
    marker = note_numbers_marker(notes) if notes is not None else None
    return Paragraph(to_paragraph_markup(text, marker), STYLE)


def runs(para: Paragraph) -> list[tuple[str, str]]:
    """(text, font) of each fragment, neighbours with the same font merged."""
    merged: list[tuple[str, str]] = []
    for frag in para.frags:
        if merged and merged[-1][1] == frag.fontName:
            merged[-1] = (merged[-1][0] + frag.text, frag.fontName)
        else:
            merged.append((frag.text, frag.fontName))
    return merged


LITERALS = [
    "a < b",
    "AT&T and R&D",
    "x > y",
    "<b>not bold</b>",
    "</para>",
    "<para>still text</para>",
    "&amp; &lt; &#60; &nbsp;",
    '<font color="red">plain</font>',
    '<a href="https://example.org">no link</a>',
    "<br/> <img src='x.png'/> <seq id='x'/>",
    "\"double\" and 'single' quotes",
    "5 < 6 && 7 > 3 <<>>",
]


@pytest.mark.parametrize("text", LITERALS)
def test_markup_characters_print_literally(text: str) -> None:
    para = paragraph(text)
    assert para.getPlainText() == text
    assert {font for _, font in runs(para)} == {FONTS.regular}
    assert all(not frag.link for frag in para.frags)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**bold** and *italic*", [("bold", FONTS.bold), (" and ", FONTS.regular),
                                   ("italic", FONTS.italic)]),
        ("**bold *both* bold**", [("bold ", FONTS.bold), ("both", FONTS.bold_italic),
                                  (" bold", FONTS.bold)]),
        ("*núcleos ejecutores* were set up", [("núcleos ejecutores", FONTS.italic),
                                               (" were set up", FONTS.regular)]),
        ("**a < b & c**", [("a < b & c", FONTS.bold)]),
    ],
)
def test_bold_and_italic(text: str, expected: list[tuple[str, str]]) -> None:
    assert runs(paragraph(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["2*3*4 = 24", "a * b * c", "snake_case_name", "**", "a ** b", "* not a list", "*", "x*"],
)
def test_asterisks_that_are_not_markup_print(text: str) -> None:
    para = paragraph(text)
    assert para.getPlainText() == text
    assert {font for _, font in runs(para)} == {FONTS.regular}


def _tricky_texts() -> list[str]:
    """Hand-picked overlaps, every short string of '*', 'a' and ' ', and a seeded sample."""
    texts = [
        "*a **b* c**", "**a *b** c*", "***x***", "**a**b**", "*a*b*", "** a **", "*a **b** c*",
        "**[^n]**", "*x[^n]*", "[^n]*x*", "**x [^n] *y***", "*<b>*", "**&**", "*a\nb*",
    ]
    texts += ["".join(p) for n in range(1, 7) for p in itertools.product("*a ", repeat=n)]
    pieces = ["*", "**", "***", "a", "bc", " ", "<", ">", "&", "[^n]", "_", "\u00e9", "\n"]
    rng = random.Random(20100101)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
              for _ in range(600)]
    return texts


def test_overlapping_markers_never_make_malformed_markup() -> None:
    for text in _tricky_texts():
        markup = to_paragraph_markup(text, note_numbers_marker({"n": 7}))
        ET.fromstring(f"<para>{markup}</para>")  # well formed and well nested
        para = Paragraph(markup, STYLE)  # ReportLab's parser accepts it
        printed = para.getPlainText()
        # Only asterisks may disappear (as markers); note references become their number;
        # ReportLab folds runs of white space, as it does for every paragraph.
        expected = text.replace("[^n]", "7").replace("*", "")
        assert printed.replace("*", "").split() == expected.split(), (text, markup)


def test_footnote_references_become_numbered_superscript_links() -> None:
    para = paragraph("Seen[^a] and said[^b].", {"a": 1, "b": 2})
    assert para.getPlainText() == "Seen1 and said2."
    # the empty fragments are the markers that open and close each reference's Link
    linked = [(frag.text, frag.link[0][1]) for frag in para.frags if frag.link and frag.text]
    assert linked == [("1", "#fn-1"), ("2", "#fn-2")]
    assert all(frag.rise > 0 for frag in para.frags if frag.link)
    assert all(frag.rise == 0 for frag in para.frags if not frag.link)


def test_footnote_reference_inside_bold_stays_nested() -> None:
    para = paragraph("**Bold claim[^a]** then plain.", {"a": 3})
    assert para.getPlainText() == "Bold claim3 then plain."
    linked = [(f.text, f.fontName) for f in para.frags if f.link and f.text]
    assert linked == [("3", FONTS.bold)]


def test_footnote_references_without_marker_or_number_are_dropped() -> None:
    assert paragraph("No marker[^a].").getPlainText() == "No marker."
    assert paragraph("Unknown[^zz].", {"a": 1}).getPlainText() == "Unknown."


def test_note_ids_in_order_with_repeats() -> None:
    assert note_ids("a[^x] b[^y-2] c[^x] d[^ bad] e[^]") == ["x", "y-2", "x"]


def test_plain_drops_markup_and_references() -> None:
    assert plain("**Bold** and *italic*[^a] & <kept>") == "Bold and italic & <kept>"


# -- in a real PDF ------------------------------------------------------------------------------

LITERAL_PARAGRAPH = "Literal: a < b & c > d, <b>not bold</b>, </para>, &amp; and &lt; stay."
REPORT_TITLE = "R&D *in* Peru <2010>"
SECTION_TITLE = "Costs & <benefits>"


@dataclass(frozen=True)
class Special:
    reader: PdfReader
    texts: list[str]


@pytest.fixture(scope="module")
def special(tmp_path_factory: pytest.TempPathFactory) -> Special:
    """A tiny booklet whose title, series, heading and text are full of markup characters."""
    tmp = tmp_path_factory.mktemp("special")
    root = helpers.make_content(
        tmp, base=helpers.TINY,
        report=replace('title: {en: "Tiny report"}',
                       f'title: {{en: "{REPORT_TITLE}"}}\nseries: {{en: "Q&A <summary>"}}'),
        one=lambda text: text.replace('title: {en: "One"}', f'title: {{en: "{SECTION_TITLE}"}}')
                             .replace('"Text."', f"'{LITERAL_PARAGRAPH}'"),  # YAML single quotes
    )
    build_all(root, tmp / "out", kinds=("booklet",))
    reader = PdfReader(booklet_path(tmp / "out", "en"))
    return Special(reader, page_texts(reader))


def test_body_text_prints_markup_characters_literally(special: Special) -> None:
    assert any(squash(LITERAL_PARAGRAPH) in squash(text) for text in special.texts)


def test_heading_outline_and_metadata_print_markup_characters_literally(
    special: Special,
) -> None:
    assert any(squash(f"1{SECTION_TITLE}") in squash(text) for text in special.texts)
    titles = [entry.title for entry in outline_entries(special.reader)]
    assert any(title.endswith(SECTION_TITLE) for title in titles), titles
    assert special.reader.metadata.title.startswith("R&D in Peru <2010>")


def test_contents_prints_markup_characters_literally(special: Special) -> None:
    contents = next(text for text in special.texts if text.startswith("Contents"))
    assert squash(SECTION_TITLE) in squash(contents)


def test_page_footers_print_title_and_series_literally(special: Special) -> None:
    # the literal paragraph itself contains "&amp;" as written by its author
    pages = [text for text in special.texts if squash(LITERAL_PARAGRAPH) not in squash(text)]
    for text in pages:
        for escaped in ("&amp;", "&lt;", "<i>"):
            assert escaped not in text
    assert "R&D in Peru <2010>" in normalize(special.texts[1])
    assert any("Q&A <summary>" in normalize(text) for text in special.texts[2:])


def test_title_with_closing_para_tag_builds(tmp_path: Path) -> None:
    root = helpers.make_content(tmp_path, base=helpers.TINY,
                                one=replace('title: {en: "One"}', 'title: {en: "End </para>"}'))
    build_all(root, tmp_path / "out", kinds=("booklet",))
    reader = PdfReader(booklet_path(tmp_path / "out", "en"))
    assert any("End </para>" in normalize(text) for text in page_texts(reader))


def test_remembered_trees_and_note_lists_are_not_shared_with_callers() -> None:
    """`parse` and `note_ids` remember their answers; what a caller does with a list it was
    given does not change the next caller's."""
    text = "A note[^one], *emphasis* and another[^two]; \\[^not] one."
    first = note_ids(text)
    assert first == ["one", "two"]
    first.append("three")
    assert note_ids(text) == ["one", "two"]
    assert note_ids("No notes at all.") == []
    assert to_paragraph_markup(text) == to_paragraph_markup(text)
    assert plain(text) == "A note, emphasis and another; [^not] one."
