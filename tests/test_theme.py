"""A theme from content: another organisation's fonts and logo in its PDFs, validated at its
lines, part of the build keys. The fixture tests/fixtures/themed names Bitstream Vera, which the
tests copy in from ReportLab's own fonts (so no font file is kept in the repository)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import font_source_sans_pro  # type: ignore[import-untyped]
import pytest
import reportlab
from helpers import FIXTURES, replace
from pdfxcheck import check_pdfx
from pypdf import PdfReader

from layout.content.read import read_report
from layout.diagnostics import ContentError
from layout.make.paths import booklet_path
from layout.make.targets import build_all, load_report

VERA = Path(reportlab.__file__).parent / "fonts"
LOGO_FILL = re.compile(r"^\.070588 \.203922 \.337255 rg$", re.MULTILINE)
"""The logo's square, #123456, as a fill colour operator."""
CMYK_HINT = "write cyan, magenta, yellow and black in percent, e.g. [100, 72, 0, 38]"


def themed(folder: Path, **changes: object) -> Path:
    """The themed fixture in ``folder/content`` with its fonts; ``changes`` edit report.yaml."""
    content = folder / "content"
    shutil.copytree(FIXTURES / "themed", content)
    (content / "fonts").mkdir()
    for name in ("Vera.ttf", "VeraIt.ttf", "VeraBd.ttf", "VeraBI.ttf"):
        shutil.copy(VERA / name, content / "fonts" / name)
    report = content / "report.yaml"
    text = report.read_text(encoding="utf-8")
    for change in changes.values():
        text = change(text)  # type: ignore[operator]
    report.write_text(text, encoding="utf-8")
    return content


def font_names(pdf: Path) -> set[str]:
    """BaseFont of every font any page of ``pdf`` uses, subset prefixes dropped."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_report(content)
    return [d.format() for d in caught.value.diagnostics]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("themed")
    content = themed(folder)
    build_all(content, folder / "output", kinds=("booklet", "handouts"))
    return content, folder / "output"


def test_the_theme_fonts_are_embedded_instead_of_source_sans(built: tuple[Path, Path]) -> None:
    _, out = built
    assert font_names(booklet_path(out, "en")) == {
        "BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold", "BitstreamVeraSans-Oblique",
        "BitstreamVeraSans-BoldOblique"}
    (handout,) = (out / "en" / "handouts").glob("*.pdf")
    assert font_names(handout) <= {
        "BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold", "BitstreamVeraSans-Oblique"}


def test_the_logo_is_on_the_cover_and_the_back_cover_only(built: tuple[Path, Path]) -> None:
    _, out = built
    pages = PdfReader(booklet_path(out, "en")).pages
    drawn = [bool(LOGO_FILL.search(page.get_contents().get_data().decode("latin-1")))
             for page in pages]
    assert drawn == [True] + [False] * (len(pages) - 2) + [True]


def test_changing_a_font_file_rebuilds(tmp_path: Path) -> None:
    content = themed(tmp_path)
    out = tmp_path / "output"
    build_all(content, out, kinds=("booklet",))
    assert build_all(content, out, kinds=("booklet",)).written == []
    shutil.copy(VERA / "VeraBd.ttf", content / "fonts" / "Vera.ttf")
    assert build_all(content, out, kinds=("booklet",)).written == [booklet_path(out, "en")]
    assert "BitstreamVeraSans-Roman" not in font_names(booklet_path(out, "en"))


def test_a_character_the_theme_font_lacks_is_reported_with_its_code_point(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = themed(tmp_path)
    one = content / "one.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace("Plan the plan.", "Plan Győr."),
                   encoding="utf-8")
    assert problems(content) == [
        "content/one.yaml:8:17: error: blocks[1].agenda.items[0].text.en: character U+0151 "
        "('ő') at offset 7 cannot be printed with the report's fonts\n"
        "    hint: remove it or replace it with a character the fonts have"]


def test_a_postscript_outline_font_is_refused_at_its_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = themed(tmp_path, font=replace("fonts/Vera.ttf", "fonts/Body.otf"))
    shutil.copy(Path(font_source_sans_pro.font_directory) / "SourceSansPro-Regular.otf",
                content / "fonts" / "Body.otf")
    found = problems(content)
    assert len(found) == 1
    assert found[0].startswith("content/report.yaml:16:14: error: theme.fonts.regular: "
                               "cannot use font 'fonts/Body.otf': ")
    assert "postscript outlines are not supported" in found[0]
    assert found[0].endswith("hint: give a TrueType font (.ttf); PostScript-outline .otf "
                             "files cannot be embedded")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("primary: [0, 60, 100, 0]", "primary: [0, 60, 100]",
     "content/report.yaml:13:14: error: theme.colors.primary: expected a CMYK colour of 4 "
     "percentages; got a list of 3\n    hint: " + CMYK_HINT),
    ("accent: [100, 0, 40, 20]", "accent: [100, 0, 140, 20]",
     "content/report.yaml:14:22: error: theme.colors.accent[2]: expected a percentage between "
     "0 and 100; got a number (140)\n    hint: " + CMYK_HINT),
    ("primary:", "primery:",
     "content/report.yaml:13:5: error: theme.colors.primery: unknown key 'primery'\n"
     "    hint: did you mean 'primary'?"),
    ("fonts/Vera.ttf", "../Vera.ttf",
     "content/report.yaml:16:14: error: theme.fonts.regular: '../Vera.ttf' points outside the "
     "content folder\n    hint: keep fonts inside the content folder (no '..', no links out)"),
    ("fonts/VeraBI.ttf", "fonts/VeraBI.woff",
     "content/report.yaml:19:18: error: theme.fonts.bold_italic: unsupported font type '.woff'\n"
     "    hint: use one of: .ttf, .otf"),
    ("    bold_italic: fonts/VeraBI.ttf\n", "",
     "content/report.yaml:16:5: error: theme.fonts: missing required key 'bold_italic'"),
    ("logo: images/logo.svg", "logo: one.yaml",
     "content/report.yaml:20:9: error: theme.logo: unsupported logo type '.yaml'\n"
     "    hint: use one of: .svg, .png"),
])
def test_theme_problems_are_reported_at_their_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   old: str, new: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    content = themed(tmp_path, edit=replace(old, new))
    with pytest.raises(ContentError) as caught:
        read_report(content)
    assert [d.format() for d in caught.value.diagnostics] == [expected]


def test_no_theme_keeps_source_sans(tmp_path: Path) -> None:
    content = themed(tmp_path, edit=lambda text: re.sub(r"(?ms)^theme:.*?(?=^sections:)", "",
                                                        text))
    assert read_report(content).theme.fonts == ()


@pytest.mark.parametrize("profile", ["ua1", "2a"])
def test_the_themed_booklet_stays_tagged_and_valid(built: tuple[Path, Path], profile: str) -> None:
    import page

    _, out = built
    result = page.validate_pdf(str(booklet_path(out, "en")), profile=profile)
    assert result.rules.failed == 0, sorted({f.rule_id for f in result.failures})


def _operators(pdf: Path, page: int, operator: str) -> list[tuple[float, ...]]:
    """The operands of every ``operator`` (``rg``, ``k``) on one page, as numbers."""
    data = PdfReader(pdf).pages[page].get_contents().get_data().decode("latin-1")
    pattern = rf"^((?:[-.\d]+ )+){operator}$"
    return [tuple(float(v) for v in m.group(1).split())
            for m in re.finditer(pattern, data, re.MULTILINE)]


def test_the_theme_colours_are_the_palette_of_both_editions(tmp_path: Path) -> None:
    from layout.content.shapes import SHAPES
    from layout.make.paths import press_path
    from layout.typeset.colors import Ink, Palette, palette_for

    assert set(SHAPES["theme_colors"]) == set(Palette.roles())
    content = themed(tmp_path)
    palette = palette_for(read_report(content))
    assert (palette.primary, palette.accent) == (Ink(0, 60, 100, 0), Ink(100, 0, 40, 20))
    out = tmp_path / "output"
    build_all(content, out, kinds=("booklet", "press"))
    screen = tuple(round(v / 255, 4) for v in palette.primary.rgb)
    fills = [tuple(round(v, 4) for v in rgb) for rgb in _operators(booklet_path(out, "en"), 0,
                                                                     "rg")]
    assert screen in fills
    assert (0.0, 0.6, 1.0, 0.0) in _operators(press_path(out, "en"), 0, "k")
    assert check_pdfx(press_path(out, "en")).problems == []


def test_bands_follow_a_themes_primary_colour(tmp_path: Path) -> None:
    from layout.typeset.colors import Ink, palette_for

    palette = palette_for(read_report(themed(tmp_path)))
    assert palette.band_1 == Ink(0, 48, 80, 0)
    assert palette.band_3 == Ink(0, 24, 40, 0)
