"""The hyphenation policy and the character rules, on single paragraphs (no build).

The policy is what ReportLab's own hyphenation calls (``hyphenationLang``), so the hyphen at
a line end stays ReportLab's; `PolicedParagraph` re-breaks a paragraph without the breaks the
policy forbids across lines.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import helpers
import pytest
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth

from layout.content.markup import typeset_characters
from layout.typeset import hyphenation as hy
from layout.typeset.styles import make_styles

SPANISH = ("La descentralización administrativa requiere coordinación intergubernamental y "
           "fortalecimiento institucional de los gobiernos regionales y municipales, con "
           "participación ciudadana y transparencia presupuestaria permanente.")


def lines_of(paragraph: hy.PolicedParagraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    return [" ".join(words) for _, words in paragraph.blPara.lines]


@pytest.mark.parametrize("word", ["Amazonas", "CEPLAN", "REMURPE", "inter-regional",
                                  "Martín", "re2port"])
def test_names_acronyms_and_compounds_never_break(word: str) -> None:
    assert hy.HyphenationPolicy("es").pairs(word) == []


@pytest.mark.parametrize(("lang", "word"), [("en_US", "decentralization"),
                                             ("es", "descentralización"),
                                             ("en_US", "quality"), ("en_US", "report")])
def test_breaks_keep_three_letters_on_each_side(lang: str, word: str) -> None:
    pairs = hy.HyphenationPolicy(lang).pairs(word)
    assert all(len(head) >= 3 and len(tail) >= 3 for head, tail in pairs)
    assert all(head + tail == word for head, tail in pairs)


def test_a_language_without_patterns_breaks_nothing() -> None:
    assert hy.HyphenationPolicy("xx").pairs("decentralization") == []


def test_only_justified_styles_hyphenate() -> None:
    styles = make_styles("es")
    assert isinstance(styles.body.hyphenationLang, hy.HyphenationPolicy)
    assert styles.body.alignment == TA_JUSTIFY
    assert styles.agenda_text.alignment == TA_LEFT
    assert styles.agenda_text.hyphenationLang == ""
    assert styles.agenda_text.embeddedHyphenation == 0


@pytest.mark.parametrize("width", [90.0, 120.0, 150.0, 200.0])
def test_paragraph_breaks_follow_the_policy(width: float) -> None:
    style = make_styles("es").body
    paragraph = hy.PolicedParagraph(SPANISH, style)
    lines = lines_of(paragraph, width)
    assert paragraph._hyphenations > 0 or width >= 150  # ReportLab's mechanism, policed
    ends = [line.endswith("-") for line in lines]
    assert not ends[-2], lines  # never on the last full line
    assert not any(all(ends[i:i + 3]) for i in range(len(ends) - 2)), lines
    space = stringWidth(" ", style.fontName, style.fontSize)
    for extra, words in paragraph.blPara.lines[:-1]:
        if len(words) > 1:
            assert extra / (len(words) - 1) <= space * (hy.MAX_WORD_SPACE - 1) + 1e-6


def test_the_policy_records_nothing_outside_a_paragraph() -> None:
    policy = hy.HyphenationPolicy("en_US")
    assert list(policy("decentralization"))
    assert policy._calls is None


@pytest.mark.parametrize(("text", "call", "expected"), [
    ("Law N° 29332 and p. 4", "after", "Law N°\u00a029332 and p.\u00a04"),
    ("Decreto Nº 1025, No. 7", "after", "Decreto Nº\u00a01025, No.\u00a07"),
    ("and discussion[^web].", "after", "and discussion.[^web]"),
    ("grew.[^o] In", "after", "grew.[^o] In"),
    ("aumentó.[^o] En", "before", "aumentó[^o]. En"),
    ("discusión[^web].", "before", "discusión[^web]."),
    ("the No. of cases", "after", "the No. of cases"),
])
def test_characters(text: str, call: str, expected: str) -> None:
    assert typeset_characters(text, call) == expected


def test_note_call_rule_is_validated(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(report=helpers.append('interface:\n  note_call: {en: "sideways"}\n'))
    result = subprocess.run([sys.executable, str(helpers.ROOT / "build.py"), "check",
                             "--content", str(root)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "interface.note_call.en: expected 'after' or 'before'; got 'sideways'" in (
        result.stderr)


# -- the patterns, read as words need them ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en_US", "es", "de_DE", "nl_NL", "pt_BR", "ca"])
def test_patterns_read_on_demand_are_pyphens_own(lang: str) -> None:
    """Every pattern pyphen's own parse makes is the same when looked up, and no other
    exists (de_DE has slots of two digits; ca has nonstandard hyphenation, left to pyphen)."""
    import pyphen

    from layout.typeset.patterns import LazyPatterns, hyph_dict

    path = Path(pyphen.LANGUAGES[lang])
    ours, theirs = hyph_dict(path), pyphen.HyphDict(path)
    assert ours.maxlen == theirs.maxlen
    assert {k: ours.patterns.get(k) for k in theirs.patterns} == theirs.patterns
    if isinstance(ours.patterns, LazyPatterns):
        assert len(ours.patterns) == len(theirs.patterns)
    else:
        assert lang == "ca"


def test_every_word_of_the_content_breaks_where_pyphen_breaks_it(content_snapshot: Path
                                                                 ) -> None:
    import re

    import pyphen

    from layout.typeset.patterns import hyph_dict

    text = " ".join(p.read_text(encoding="utf-8") for p in content_snapshot.glob("*.yaml"))
    words = set(re.findall(r"[^\W\d_]{4,}", text.lower()))
    assert len(words) > 1000
    for lang in ("en_US", "es"):
        path = Path(pyphen.LANGUAGES[lang])
        ours, theirs = hyph_dict(path), pyphen.HyphDict(path)
        assert [ours.positions(w) for w in sorted(words)] == [
            theirs.positions(w) for w in sorted(words)]
