"""The faces' own split of text into subsets (`MeasuredFont.splitString`): the codes are
ReportLab's, whatever path encodes them."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont

from layout.typeset.fonts import register_fonts

TEXTS = ["Decentralization Process 2009", "N\u00ba\u00a01, p.\u00a07", "", " ",
         "a\u00a0b c", "\u00c1gora del Per\u00fa \u2014 \u201cqu\u00e9\u201d",
         "".join(chr(c) for c in range(0x100, 0x250)),  # past the first subset
         "Decentralization \u0101\u0175 again", "\u00ad soft\u00adhyphen"]


def test_text_is_encoded_as_reportlab_encodes_it() -> None:
    font = pdfmetrics.getFont(register_fonts().regular)
    ours, theirs = PDFDocument(), PDFDocument()
    for _ in range(2):  # the second time, most characters have their codes already
        for text in TEXTS:
            assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs), text
    assert font.state[ours].assignments == font.state[theirs].assignments
    assert len(font.state[ours].subsets) > 1  # the test reached past the first subset
