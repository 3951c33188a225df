"""Image blocks: SVG drawn as vector graphics in our fonts; unreadable images located."""

from __future__ import annotations

from pathlib import Path

import helpers
import pikepdf
import pytest
from pypdf import PdfReader

from layout.diagnostics import ContentError
from layout.make.paths import booklet_path
from layout.make.targets import build_all

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">
  <rect x="0" y="0" width="60" height="60" fill="#17416b"/>
  <text x="70" y="38" font-family="Arial" font-size="22">Vector logo</text>
</svg>
"""
BLOCK = ('blocks:\n  - image:\n      file: {file}\n      width: 50\n'
         '      alt: {{en: "Logo"}}\n      caption: {{en: "Figure one."}}\n')


def _content(tmp_path: Path, file: str, data: bytes) -> Path:
    content = helpers.make_content(tmp_path, presentation=lambda text: text.replace(
        "blocks:\n", BLOCK.format(file=file), 1))
    (content / file).write_bytes(data)
    return content


def test_svg_is_drawn_as_vectors_with_embedded_fonts(tmp_path: Path) -> None:
    content = _content(tmp_path, "logo.svg", SVG.encode())
    build_all(content, tmp_path / "out", ["en"], ("booklet",))
    pdf = booklet_path(tmp_path / "out", "en")
    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    assert any("Vector logo" in text and "Figure one." in text for text in texts)
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                assert "/FontFile2" in font.get("/FontDescriptor", {}), font.BaseFont
                assert "Helvetica" not in str(font.BaseFont)


def test_unreadable_image_is_reported_at_its_block(tmp_path: Path) -> None:
    content = _content(tmp_path, "broken.svg", b"<svg this is not xml")
    with pytest.raises(ContentError) as caught:
        build_all(content, tmp_path / "out", ["en"], ("booklet",))
    (problem,) = caught.value.diagnostics
    assert problem.where.file.endswith("presentation.yaml")
    assert problem.where.line == 5
    assert "cannot read image 'broken.svg'" in problem.message


def test_layout_errors_from_pool_workers_keep_their_location(tmp_path: Path) -> None:
    """Both languages render in worker processes; the error still names file and line."""
    from layout.make.options import BuildOptions

    content = _content(tmp_path, "broken.svg", b"<svg this is not xml")
    with pytest.raises(ContentError) as caught:
        build_all(content, tmp_path / "out", kinds=("booklet",),
                  options=BuildOptions(workers=2))
    assert all(p.where.line == 5 for p in caught.value.diagnostics), caught.value.diagnostics
