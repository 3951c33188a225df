"""Every language of the content: the Spanish edition, /Lang, fallback for a new language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import helpers
import pytest
from pypdf import PdfReader

from layout.content.markup import plain
from layout.content.model import iter_sections, iter_texts
from layout.content.read import read_report
from layout.content.strings import strings_for
from layout.make.paths import booklet_path
from layout.make.targets import build_all


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Both booklets of the real content, built once."""
    tmp = tmp_path_factory.mktemp("editions")
    content = helpers.make_content(tmp)
    build_all(content, tmp / "out", kinds=("booklet",))
    return content, tmp / "out"


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def _words(text: str) -> str:
    return " ".join(plain(text).split())


def test_spanish_booklet_has_spanish_titles_and_no_english_body(editions: tuple[Path, Path]):
    content, out = editions
    report = read_report(content)
    spanish = re.sub(r"-\s", "", _text(booklet_path(out, "es")))
    assert _words(report.title.get("es")) in spanish
    for section in iter_sections(report.sections):
        assert _words(section.title.get("es"))[:30] in spanish, section.id
    # no English paragraph leaks into the Spanish edition (long texts only: names repeat)
    english = [_words(t.get("en")) for t in iter_texts(report.sections)
               if len(t.get("en")) > 80 and t.get("en") != t.get("es")]
    assert english
    for sentence in english:
        assert sentence[:60] not in spanish


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_pdf_declares_its_language(editions: tuple[Path, Path], lang: str) -> None:
    _, out = editions
    root = PdfReader(booklet_path(out, lang)).trailer["/Root"]
    assert root["/Lang"] == strings_for(lang)["lang_tag"]


def test_interface_strings_follow_the_language(editions: tuple[Path, Path]) -> None:
    _, out = editions
    assert strings_for("es")["contents"] in _text(booklet_path(out, "es"))
    assert strings_for("en")["contents"] not in _text(booklet_path(out, "es"))


def _with_french(tmp_path: Path) -> Path:
    return helpers.make_content(tmp_path, report=helpers.replace(
        "languages: [en, es]", "languages: [en, es, fr]"))


def test_a_third_language_builds_with_fallback_and_a_warning(tmp_path: Path) -> None:
    content = _with_french(tmp_path)
    report = read_report(content)
    result = subprocess.run(
        [sys.executable, str(helpers.ROOT / "build.py"), "--content", str(content),
         "--output", str(tmp_path / "out"), "--lang", "fr", "--only", "booklet"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    missing = sum(1 for t in iter_texts(report) if t.values and not t.has("fr"))
    assert f"'fr': {missing} text(s) have no translation" in result.stderr
    pdf = booklet_path(tmp_path / "out", "fr")
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr"
    assert _words(report.title.get("en")) in _text(pdf)  # the source text stands in


def test_check_fails_while_a_language_is_incomplete(tmp_path: Path) -> None:
    content = _with_french(tmp_path)
    result = subprocess.run([sys.executable, str(helpers.ROOT / "build.py"), "check",
                             "--content", str(content)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert re.search(r"^fr: 0 translated, \d+ missing, 0 stale$", result.stderr, re.M)
    assert re.search(r"presentation\.yaml:\d+:\d+: error: title: missing 'fr' translation",
                     result.stderr)


def test_mark_untranslated_highlights_fallback_text(tmp_path: Path) -> None:
    """Proofs show each fallback text on a highlight; translated text has none."""
    content = _with_french(tmp_path)
    plain_out, marked_out = tmp_path / "plain", tmp_path / "marked"
    build_all(content, plain_out, ["fr"], ("booklet",))
    from layout.make.options import BuildOptions

    build_all(content, marked_out, ["fr"], ("booklet",),
              options=BuildOptions(mark_untranslated=True))
    from reportlab.lib.rl_accel import fp_str

    from layout.typeset.colors import DEFAULT_PALETTE

    # the fill colour of the palette's highlight, as ReportLab writes it
    highlight = (fp_str(*(v / 255 for v in DEFAULT_PALETTE.highlight.rgb)) + " rg").encode()
    import pikepdf

    def fills(path: Path) -> bool:
        with pikepdf.open(path) as pdf:
            return any(highlight in page.Contents.read_bytes() if not isinstance(
                page.Contents, pikepdf.Array) else any(highlight in c.read_bytes()
                                                       for c in page.Contents)
                       for page in pdf.pages)

    assert fills(booklet_path(marked_out, "fr"))
    assert not fills(booklet_path(plain_out, "fr"))


def test_a_new_language_gets_its_interface_words_from_content(tmp_path: Path) -> None:
    """No table in layout/strings.py for 'fr': report.yaml's interface: supplies the words."""
    content = helpers.make_content(tmp_path, report=lambda text: text.replace(
        "languages: [en, es]", "languages: [en, es, fr]") + (
        'interface:\n  contents: {en: "Contents", es: "Contenido", fr: "Sommaire"}\n'
        '  lang_tag: {en: "en-US", es: "es-PE", fr: "fr-FR"}\n'))
    build_all(content, tmp_path / "out", ["fr"], ("booklet",))
    pdf = booklet_path(tmp_path / "out", "fr")
    assert "Sommaire" in _text(pdf)
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr-FR"


def test_unknown_interface_key_is_reported(tmp_path: Path) -> None:
    from layout.diagnostics import ContentError

    content = helpers.make_content(tmp_path, report=helpers.append(
        'interface:\n  contnets: {en: "Contents"}\n'))
    with pytest.raises(ContentError) as caught:
        read_report(content)
    (problem,) = caught.value.diagnostics
    assert problem.path == "interface.contnets"
    assert problem.hint == "did you mean 'contents'?"


def test_interface_text_must_keep_its_placeholders(tmp_path: Path) -> None:
    from layout.diagnostics import ContentError

    content = helpers.make_content(tmp_path, report=helpers.append(
        'interface:\n  booklet_page: {en: "booklet p. {pag}"}\n'))
    with pytest.raises(ContentError) as caught:
        read_report(content)
    (problem,) = caught.value.diagnostics
    assert problem.path == "interface.booklet_page.en"
    assert problem.message == "expected the placeholders {page}"
