"""Images that cannot be printed: too many pixels (refused from the header, before decoding),
truncated or corrupt PNG and JPEG files, files whose bytes are not what their name says; each
is an error at its block's line, and --watch survives them."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import hostile
import pytest
from hostile import build, content, section
from PIL import Image as PILImage

IMAGE = '  - image:\n      file: {file}\n      alt: {{en: "A picture"}}\n'


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), 0).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def _image_build(tmp_path: Path, name: str, data: bytes) -> tuple[hostile.Run, Path]:
    root = content(tmp_path, **{"one.yaml": section(IMAGE.format(file=name)), name: data})
    return build(root, tmp_path / "out", "--only", "booklet"), root


def _assert_at_block(run: hostile.Run, root: Path, *words: str) -> None:
    assert run.code == 1, run
    assert "Traceback" not in run.err
    line = hostile.line_of(root / "one.yaml", "image:")  # the block, or its first key
    assert f"one.yaml:{line}:" in run.err or f"one.yaml:{line + 1}:" in run.err, run
    for word in words:
        assert word in run.err, run


def test_small_png_and_jpeg_are_printed(tmp_path: Path) -> None:
    run, _ = _image_build(tmp_path, "a.png", png(40, 30))
    assert run.code == 0, run
    run, _ = _image_build(tmp_path / "j", "a.jpg", jpeg(40, 30))
    assert run.code == 0, run


def test_decompression_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    data = png(13000, 13000, "1")  # about 21 KB on disk, 169 megapixels decoded
    assert len(data) < 100_000
    run, root = _image_build(tmp_path, "bomb.png", data)
    _assert_at_block(run, root, "13000\u00d713000", "40 megapixels")


@pytest.mark.parametrize(("width", "height"), [(6400, 6400), (40_001, 1000), (3, 15_000_000)])
def test_pixel_limit(tmp_path: Path, width: int, height: int) -> None:
    run, root = _image_build(tmp_path, "big.png", png(width, height, "1"))
    _assert_at_block(run, root, "megapixels")


def test_jpeg_bomb_is_refused(tmp_path: Path) -> None:
    data = bytearray(jpeg(16, 16))
    marker = data.index(b"\xff\xc0")  # baseline frame header: height and width follow
    data[marker + 5:marker + 9] = (60000).to_bytes(2, "big") + (60000).to_bytes(2, "big")
    run, root = _image_build(tmp_path, "big.jpg", bytes(data))
    _assert_at_block(run, root)


@pytest.mark.parametrize("cut", [0.9, 0.5, 0.2, 60, 20, 8, 0])
@pytest.mark.parametrize("kind", ["png", "jpg"])
def test_truncated_images_are_errors_at_their_block(tmp_path: Path, kind: str,
                                                    cut: float) -> None:
    data = png(300, 200, "RGB") if kind == "png" else jpeg(300, 200)
    keep = int(len(data) * cut) if isinstance(cut, float) else cut
    run, root = _image_build(tmp_path, f"cut.{kind}", data[:keep])
    _assert_at_block(run, root, f"cut.{kind}")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    b"\xff\xd8\xff\xe0" + b"\x00" * 500,
    b"GIF89a" + b"\x00" * 100,
    b"not an image at all",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
], ids=["png-garbage", "jpeg-garbage", "gif", "text", "svg-named-png"])
def test_corrupt_or_mislabelled_images(tmp_path: Path, data: bytes) -> None:
    run, root = _image_build(tmp_path, "bad.png", data)
    _assert_at_block(run, root, "bad.png")


def test_png_with_a_damaged_chunk(tmp_path: Path) -> None:
    data = bytearray(png(200, 200, "RGB"))
    start = data.index(b"IDAT") + 20
    data[start:start + 40] = b"\xaa" * 40
    run, root = _image_build(tmp_path, "crc.png", bytes(data))
    _assert_at_block(run, root, "crc.png")


def test_gif_bytes_with_a_gif_name_is_an_unsupported_type(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    PILImage.new("P", (10, 10)).save(buffer, "GIF")
    run, _root = _image_build(tmp_path, "a.gif", buffer.getvalue())
    assert run.code == 1, run
    assert "unsupported image type" in run.err, run


@pytest.mark.parametrize("body", [
    '<image href="data:image/png;base64,{bomb}" width="10" height="10"/>',
    '<image href="data:image/png;base64,{cut}" width="10" height="10"/>',
    '<image href="data:image/png;base64,!!!" width="10" height="10"/>',
], ids=["bomb", "truncated", "bad-base64"])
def test_images_embedded_in_svg_obey_the_same_rules(tmp_path: Path, body: str) -> None:
    bomb = base64.b64encode(png(13000, 13000, "1")).decode()
    cut = base64.b64encode(png(100, 100)[:60]).decode()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
           f'{body.format(bomb=bomb, cut=cut)}</svg>')
    run, root = _image_build(tmp_path, "e.svg", svg.encode())
    _assert_at_block(run, root, "e.svg")


@pytest.mark.parametrize("svg", [
    b"",
    b"<svg",
    b"\xff\xfe<\x00s\x00",
    b'<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg" width="nan" height="nan"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg" width="-5" height="10"/>',
    b'<html><body>not svg</body></html>',
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>&b;</text></svg>',
], ids=["empty", "unclosed", "utf16-junk", "zero-size", "nan-size", "negative", "html",
        "entities"])
def test_svg_that_cannot_be_drawn_is_an_error_at_its_block(tmp_path: Path, svg: bytes) -> None:
    run, root = _image_build(tmp_path, "d.svg", svg)
    _assert_at_block(run, root, "d.svg")


def test_watch_survives_a_truncated_image_and_recovers(tmp_path: Path) -> None:
    data = png(120, 80)
    root = content(tmp_path, **{"one.yaml": section(IMAGE.format(file="w.png")),
                                "w.png": data[: len(data) // 2]})
    out = tmp_path / "out"
    watch = hostile.Watch(root, out, "--only", "booklet")
    try:
        seen = watch.wait_for(lambda log: "waiting for a fix" in log)
        assert "w.png" in watch.log
        assert "Traceback" not in watch.log
        (root / "w.png").write_bytes(data)
        watch.wait_for(lambda log: "built 1" in log, since=seen)
    finally:
        code = watch.stop()
    assert code in (0, 130), watch.log
    assert "Traceback" not in watch.log
    assert (out / "en" / "booklet.pdf").is_file()
