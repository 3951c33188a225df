"""Tagged flowables on their own: line-end hyphens, split paragraphs, untagged drawing.

Small documents drawn with a `Tagger` and written as tagged PDF/A (`pdfa_canvas`), read back
with pikepdf and the structure checker. The line-end hyphen is found by comparing what is
drawn with the text as written, so it does not matter which hyphenation made it: pyphen, a
callable, or soft hyphens.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest
import tagcheck
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from layout.pdf.pdfa import pdfa_canvas
from layout.pdf.tagging import SE, Structure, Tagger
from layout.typeset.fonts import register_fonts
from layout.typeset.tagged import TaggedParagraph

WORDS = "the decentralization of socio-environmental responsibilities " * 6


class _Doc(BaseDocTemplate):
    def __init__(self, target: Any, tagger: Tagger | None, width: float) -> None:
        register_fonts()
        super().__init__(target, pagesize=(width + 40, 160), invariant=1)
        self.tagger = tagger
        frame = Frame(20, 20, width, 120, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame])])

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab hook
        if self.tagger is not None:
            self.tagger.reset()
            self.tagger.install(self.canv)


def _draw(text: str, hyphenation: Any, width: float = 120, tagged: bool = True) -> Any:
    """(tagged pikepdf document, the untagged bytes) of ``text`` set ``width`` wide."""
    register_fonts()
    structure = Structure("en-US")
    style = ParagraphStyle("p", fontName=register_fonts().regular, fontSize=10, leading=12,
                           hyphenationLang=hyphenation, embeddedHyphenation=1)
    paragraph = TaggedParagraph(text, style, tag=SE("P", structure.root))
    buffer = io.BytesIO()
    if not tagged:
        _Doc(buffer, None, width).build([paragraph])
        return buffer.getvalue()
    _Doc(buffer, Tagger(structure), width).build([paragraph],
                                                 canvasmaker=pdfa_canvas(structure))
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def _spans(pdf: pikepdf.Pdf) -> list[Any]:
    return [s for s in tagcheck.elements(pdf, "Span") if str(s.get("/ActualText")) == "\u00ad"]


def _split_in_half(word: str) -> list[tuple[str, str]]:
    """A hyphenation callable of our own: any word of 8 letters or more, at every letter."""
    return [(word[:i], word[i:]) for i in range(len(word) - 3, 3, -1)] if len(word) > 7 else []


@pytest.mark.parametrize(("text", "hyphenation"), [
    (WORDS, "en_US"),
    (WORDS, _split_in_half),
    (WORDS.replace("decentralization", "de\u00adcen\u00adtral\u00adiza\u00adtion")
     .replace("responsibilities", "re\u00adspon\u00adsi\u00adbil\u00adi\u00adties"), ""),
])
def test_inserted_hyphens_read_as_soft_hyphens_whatever_made_them(text: str,
                                                                  hyphenation: Any) -> None:
    pdf = _draw(text, hyphenation)
    assert tagcheck.check(pdf) == []
    assert _spans(pdf), "no line ended with an inserted hyphen: make the column narrower"
    ((role, read),) = tagcheck.struct_text(pdf)
    assert (role, read) == ("P", " ".join(WORDS.split()))


def test_a_real_hyphen_at_a_line_end_stays_a_hyphen() -> None:
    pdf = _draw("socio-environmental " * 12, "")
    assert not _spans(pdf)
    ((_, read),) = tagcheck.struct_text(pdf)
    assert read == " ".join(["socio-environmental"] * 12)


def test_split_paragraph_parts_share_one_element() -> None:
    """A paragraph longer than a page: its parts' MCIDs on both pages belong to one P."""
    pdf = _draw(WORDS * 4, "en_US", width=200)
    assert len(pdf.pages) > 1
    (paragraph,) = tagcheck.elements(pdf, "P")
    pages = {pikepdf.Dictionary(k).get("/Pg", paragraph.Pg).objgen
             for k in tagcheck.kids(paragraph) if isinstance(k, pikepdf.Dictionary)}
    assert len(pages | {paragraph.Pg.objgen}) == len(pdf.pages)
    ((_, read),) = tagcheck.struct_text(pdf)
    assert read == " ".join((WORDS * 4).split())


def test_without_a_tagger_nothing_is_marked() -> None:
    pdf = pikepdf.open(io.BytesIO(_draw(WORDS, "en_US", tagged=False)))
    ops = {str(i.operator) for page in pdf.pages for i in pikepdf.parse_content_stream(page)}
    assert not ops & {"BDC", "BMC", "EMC"}
