"""ReportLab's URI pattern is compiled only when a word could be a URI, and it answers as the
real pattern does; textsplit's CJK pattern is compiled on first use (lazypatterns.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

SAMPLES = [
    "decentralization", "co-ordination", "", "://", "a://b", "http://example.org",
    "https://www.mef.gob.pe/contenidos/presu_publ/documentac/informe_2009.pdf",
    "HTTPS://EXAMPLE.ORG/PATH?q=1#top", "ftp://user:pass@192.168.0.1:21/files",
    "http://[2001:db8::1]/", "mailto:someone@example.org", "www.example.org",
    "http://localhost:8000/x", "http://-bad-.org", "see http://example.org",
    "http://exämple.pe/año", "http://example", "file:///etc/passwd",
]


def _real() -> re.Pattern[str]:
    import reportlab.platypus.paragraph as paragraph

    return re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)


def test_a_layout_process_never_compiles_it_for_plain_words() -> None:
    script = textwrap.dedent("""
        import layout.typeset.tagged
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph
        import reportlab.platypus.paragraph as paragraph
        from layout.typeset.fonts import register_fonts
        from layout.typeset.hyphenation import HyphenationPolicy
        fonts = register_fonts()
        style = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=13,
                               alignment=4, hyphenationLang=HyphenationPolicy("en"))
        text = "decentralization administration municipalities responsibilities " * 8
        Paragraph(text, style).wrap(60, 1000)
        import reportlab.lib.textsplit as textsplit
        print(type(paragraph.uri_pat).__name__, paragraph.uri_pat._compiled is None,
              type(textsplit.rx).__name__, textsplit.rx._compiled is None)
        Paragraph("https://www.example.org/a/very/long/path/of/segments " * 3, style).wrap(60, 1000)
        print(paragraph.uri_pat._compiled is None)
        print(textsplit.rx.findall("\u6c11\u4e3b decentralization") == ["\u6c11", "\u4e3b"],
              textsplit.rx._compiled is None)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split() == ["LazyPattern", "True", "LazyPattern", "True", "False",
                                  "True", "False"], run.stdout + run.stderr


@pytest.mark.parametrize("text", SAMPLES)
def test_it_matches_what_the_real_pattern_matches(text: str) -> None:
    from layout.typeset.lazypatterns import LazyPattern

    real = _real()
    lazy = LazyPattern(real.pattern, real.flags)
    ours, theirs = lazy.match(text), real.match(text)
    assert (ours and ours.groups()) == (theirs and theirs.groups())
    assert (ours and ours.span()) == (theirs and theirs.span())


def test_a_long_uri_is_split_as_with_the_real_pattern(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    import reportlab.platypus.paragraph as paragraph
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from layout.typeset.fonts import register_fonts
    from layout.typeset.hyphenation import HyphenationPolicy
    from layout.typeset.lazypatterns import LazyPattern

    fonts = register_fonts()
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=13,
                           alignment=4, hyphenationLang=HyphenationPolicy("en"),
                           uriWasteReduce=0.3)
    text = ("The report is at https://www.mef.gob.pe/contenidos/presu_publ/documentac/"
            "informe_descentralizacion_2009.pdf and in the annex.")

    def lines() -> list[str]:
        para = Paragraph(text, style)
        para.wrap(110, 1000)
        return [" ".join(str(word) for word in line[1]) for line in para.blPara.lines]

    real = _real()
    monkeypatch.setattr(paragraph, "uri_pat", LazyPattern(real.pattern, real.flags))
    ours = lines()
    monkeypatch.setattr(paragraph, "uri_pat", real)
    assert lines() == ours
    assert any(line.endswith("/") for line in ours)  # the URI was split after a slash
