"""The press editions: CMYK PDF/X-1a:2003 press and print files made from the booklet's pages.

The real report is built once (booklet, press and print editions, both languages) and every
file is read back: the PDF/X-1a checker of `pdfxcheck`, boxes and crop marks, black text in
pure K, the same pages and page references as the reading edition. Settings, images and the
command line are tried on the tiny fixture.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import helpers
import page
import pikepdf
import pytest
from conftest import RealBuild
from pdfxcheck import MM, check_pdfx, press_geometry
from PIL import Image
from pypdf import PdfReader

from layout.cli.main import main
from layout.diagnostics import ContentError
from layout.make.paths import booklet_path, press_path, print_path
from layout.make.targets import build_all

EDITIONS = ("booklet", "press", "print")


@dataclass(frozen=True)
class Built:
    out: Path
    messages: tuple[str, ...]

    def pdf(self, kind: str, lang: str) -> bytes:
        path = {"booklet": booklet_path, "press": press_path, "print": print_path}[kind]
        return path(self.out, lang).read_bytes()


@pytest.fixture(scope="module")
def built(real_build: RealBuild) -> Built:
    """The booklets, press and print editions of both languages, from `real_build`."""
    written = real_build.outcome.written
    for kind in EDITIONS:
        for lang in ("en", "es"):
            path = {"booklet": booklet_path, "press": press_path, "print": print_path}[kind]
            assert path(real_build.out, lang) in written
    return Built(real_build.out, tuple(real_build.outcome.notes))


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", ["press", "print"])
def test_press_and_print_editions_pass_the_pdfx_check(built: Built, kind: str,
                                                      lang: str) -> None:
    report = check_pdfx(built.pdf(kind, lang))
    assert report.problems == []
    font, share, others = report.body_k_share()
    assert font == "SourceSansPro-Regular"
    assert share >= 0.95, others


@pytest.mark.parametrize("lang", ["en", "es"])
def test_press_edition_has_the_booklets_pages_with_trim_bleed_and_marks(built: Built,
                                                                        lang: str) -> None:
    press = built.pdf("press", lang)
    booklet = PdfReader(io.BytesIO(built.pdf("booklet", lang)))
    assert len(PdfReader(io.BytesIO(press)).pages) == len(booklet.pages)
    assert press_geometry(press, check_pdfx(press), bleed=3 * MM) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_reads_as_in_the_booklet_so_page_references_agree(built: Built,
                                                                      lang: str) -> None:
    """Same text on every page (contents page numbers, folios, agenda letters included)."""
    booklet = helpers.page_texts(PdfReader(io.BytesIO(built.pdf("booklet", lang))))
    press = helpers.page_texts(PdfReader(io.BytesIO(built.pdf("press", lang))))
    assert press == booklet
    assert any("Contents" in text or "Contenido" in text for text in press[:3])


def test_body_text_is_shown_in_pure_black_ink(built: Built) -> None:
    """Count the text-showing operators of the body font by colour."""
    report = check_pdfx(built.pdf("press", "en"))
    ops = {colour: n for (font, colour), n in report.text_ops.items()
           if font == "SourceSansPro-Regular"}
    black = ops.pop(("DeviceCMYK", (0.0, 0.0, 0.0, 1.0)))
    assert black > 300
    assert not any(space != "DeviceCMYK" for space, _ in ops)
    assert sum(ops.values()) < 0.05 * (black + sum(ops.values()))


def test_reading_edition_stays_rgb_pdfa(built: Built) -> None:
    pdf = built.pdf("booklet", "en")
    # tagged PDF/A-2a, which pikepdf's checker does not cover: page-validation checks it
    result = page.validate_pdf_bytes(pdf, profile="2a")
    assert result.rules.failed == 0, sorted({f.rule_id for f in result.failures})
    report = check_pdfx(pdf)
    assert any("RGB colour operator" in p for p in report.problems)
    assert any("/GTS_PDFX output intents" in p for p in report.problems)


def test_press_files_keep_metadata_and_carry_no_links(built: Built) -> None:
    for kind in ("press", "print"):
        with pikepdf.open(io.BytesIO(built.pdf(kind, "es"))) as pdf:
            assert str(pdf.docinfo.Title).startswith("Proceso de Descentralización")
            assert str(pdf.docinfo.Author)
            assert all("/Annots" not in page.obj for page in pdf.pages)
            assert "/StructTreeRoot" not in pdf.Root


def test_the_build_says_where_each_press_file_went(built: Built) -> None:
    for lang in ("en", "es"):
        assert any(note.startswith(f"{press_path(built.out, lang)}: press edition")
                   for note in built.messages)
        assert any(note.startswith(f"{print_path(built.out, lang)}: print edition")
                   for note in built.messages)


def test_press_pages_from_a_booklet_saved_with_object_streams_are_pdf_1_4(built: Built) -> None:
    """The tagged reading edition is PDF 1.7 with object streams; the press pages are 1.4."""
    from layout.pdf.pdfx import identify, press_pages
    from layout.typeset.colors import DEFAULT_PALETTE

    with pikepdf.open(io.BytesIO(built.pdf("booklet", "en"))) as doc:
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"/ObjStm" in out.getvalue()
    assert not out.getvalue().startswith(b"%PDF-1.4")
    press = identify(press_pages(out.getvalue(), DEFAULT_PALETTE, 3 * MM, marks=True))
    assert press.startswith(b"%PDF-1.4")
    assert check_pdfx(press).problems == []


def _print_settings(lines: str) -> Callable[[str], str]:
    return helpers.append(f"print:\n{lines}")


def test_bleed_condition_and_marks_come_from_the_print_settings(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    content = tiny_content(report=_print_settings(
        "  bleed: 5\n  marks: true\n  output_condition: FOGRA51\n"))
    build_all(content, tmp_path / "out", kinds=("press", "print"))
    press = press_path(tmp_path / "out", "en").read_bytes()
    report = check_pdfx(press)
    assert report.problems == []
    assert press_geometry(press, report, bleed=5 * MM) == []
    for pdf in (press, print_path(tmp_path / "out", "en").read_bytes()):
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            (intent,) = doc.Root.OutputIntents
            assert str(intent.OutputConditionIdentifier) == "FOGRA51"
    imposed = print_path(tmp_path / "out", "en").read_bytes()
    assert check_pdfx(imposed).problems == []


def test_print_edition_with_marks_fits_sra4(tiny_content: Callable[..., Path],
                                            tmp_path: Path) -> None:
    content = tiny_content(report=_print_settings("  marks: true\n  bleed: 3\n"))
    build_all(content, tmp_path / "out", kinds=("print",))
    imposed = print_path(tmp_path / "out", "en").read_bytes()
    assert check_pdfx(imposed).problems == []
    with pikepdf.open(io.BytesIO(imposed)) as pdf:
        for page in pdf.pages:
            _, _, width, height = (float(v) for v in page.obj.MediaBox)
            assert (round(width / MM), round(height / MM)) == (309, 222)  # SRA4: 320 x 225


def test_an_unknown_printing_condition_is_an_error_at_its_line(
        tiny_content: Callable[..., Path]) -> None:
    content = tiny_content(report=_print_settings("  output_condition: FOGRA93\n"))
    with pytest.raises(ContentError) as caught:
        build_all(content, content.parent / "out")
    (problem,) = caught.value.diagnostics
    assert problem.format().startswith("content/report.yaml:6:21: error: "
                                       "print.output_condition: unknown printing condition")


IMAGE_BLOCK = "  - image:\n      file: photo.png\n      width: 40\n      alt: {en: \"A photo\"}\n"


def _with_image(tiny_content: Callable[..., Path], pixels: int, mode: str = "RGB") -> Path:
    content = tiny_content(one=helpers.append(IMAGE_BLOCK))
    colour = (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)
    Image.new(mode, (pixels, pixels // 2), colour).save(content / "photo.png")
    return content


def test_a_low_resolution_image_is_an_error_at_its_block(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    content = _with_image(tiny_content, 200)  # 127 ppi at 40 mm
    with pytest.raises(ContentError) as caught:
        build_all(content, tmp_path / "out", kinds=("booklet", "press"))
    (problem,) = caught.value.diagnostics
    assert problem.format().startswith(
        "content/one.yaml:5:5: error: image.file: 'photo.png' is 127 ppi at its printed width "
        "of 40 mm; print needs 300 ppi and at least 150")
    assert not (tmp_path / "out" / "en").exists()  # nothing was written
    build_all(content, tmp_path / "out", kinds=("booklet",))  # the screen edition is fine


def test_an_image_under_300_ppi_is_a_warning_and_converted_to_cmyk(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    content = _with_image(tiny_content, 400, mode="RGBA")  # 254 ppi, with transparency
    outcome = build_all(content, tmp_path / "out", kinds=("press",))
    (warning,) = [w for w in outcome.warnings if w.path == "image.file"]
    assert warning.format().startswith("content/one.yaml:5:5: warning: image.file: "
                                       "'photo.png' is 254 ppi")
    press = press_path(tmp_path / "out", "en").read_bytes()
    assert check_pdfx(press).problems == []
    with pikepdf.open(io.BytesIO(press)) as pdf:
        images = [x for page in pdf.pages for x in page.get_images().values()]
        assert [str(i.ColorSpace) for i in images] == ["/DeviceCMYK"]
        assert "/SMask" not in images[0]
        pixel = pikepdf.PdfImage(images[0]).as_pil_image().getpixel((0, 0))
    # half-transparent (200, 30, 30) over white paper is (227, 142, 142): no cyan, 28/255
    # black; an alpha dropped instead of flattened would print the full red
    assert (pixel[0], pixel[3]) == (0, 28)


def test_an_svg_with_transparency_warns_and_prints_opaque(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    content = tiny_content(one=helpers.append(IMAGE_BLOCK.replace("photo.png", "logo.svg")))
    (content / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        '<rect width="100" height="50" fill="#17416b" fill-opacity="0.5"/></svg>')
    outcome = build_all(content, tmp_path / "out", kinds=("booklet", "press"))
    (warning,) = [w for w in outcome.warnings if w.path == "image.file"]
    assert warning.format().startswith("content/one.yaml:5:5: warning: image.file: "
                                       "'logo.svg' draws with transparency")
    booklet = check_pdfx(booklet_path(tmp_path / "out", "en").read_bytes())
    assert any("/ca 0.5: transparency" in p for p in booklet.problems)  # kept on screen
    assert check_pdfx(press_path(tmp_path / "out", "en").read_bytes()).problems == []


@pytest.mark.parametrize(("option", "value"), [
    ("--bleed", "nan"), ("--bleed", "inf"), ("--bleed", "-5"), ("--bleed", "500"),
    ("--creep", "-1"), ("--creep", "1e6"), ("--creep", "nan"),
])
def test_print_settings_on_the_command_line_are_checked_like_report_yaml(
        option: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([option, value])
    assert stopped.value.code == 2
    limit = "10" if option == "--bleed" else "2"
    assert f"argument {option}: expected millimetres between 0 and {limit}" in (
        capsys.readouterr().err)


def test_only_press_builds_the_press_edition_alone(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    content = tiny_content()
    assert main(["--content", str(content), "--output", str(tmp_path / "out"),
                 "--only", "press", "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "out" / "en").iterdir()) == ["booklet-press.pdf"]
    first = press_path(tmp_path / "out", "en").read_bytes()
    build_all(content, tmp_path / "again", kinds=("press",))
    assert press_path(tmp_path / "again", "en").read_bytes() == first
