"""Containment: every file a build reads is a regular file inside the content folder, checked
before it is opened and sized before it is read. Real symlinks, FIFOs, devices, directories
and sparse files, driven through build.py in a real process."""

from __future__ import annotations

import os
from pathlib import Path

import hostile
import pytest
from hostile import build, content, section

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs")

SECRET = "TOPSECRET-do-not-print"


def _outside(tmp_path: Path) -> Path:
    """A file outside the content folder that would parse as YAML content if it were read."""
    secret = tmp_path / "secret.yaml"
    secret.write_text(f'actors:\n  - id: ceplan\n    name: {{en: "{SECRET}"}}\n'
                      f'languages: [en]\ntitle: {{en: "{SECRET}"}}\nsections: []\n')
    return secret


def _replace(path: Path, make: str, target: Path | str = "") -> None:
    path.unlink()
    if make == "symlink":
        path.symlink_to(target)
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "dir":
        path.mkdir()


@pytest.mark.parametrize("name", ["report.yaml", "actors.yaml", "one.yaml"])
@pytest.mark.parametrize("kind", ["outside", "etc-passwd", "dev-zero", "fifo", "dir", "loop",
                                  "dangling", "chain-outside"])
def test_content_files_are_refused_unless_regular_and_inside(
        tmp_path: Path, name: str, kind: str) -> None:
    root = content(tmp_path)
    path = root / name
    if kind == "outside":
        _replace(path, "symlink", _outside(tmp_path))
    elif kind == "etc-passwd":
        _replace(path, "symlink", "/etc/passwd")
    elif kind == "dev-zero":
        _replace(path, "symlink", "/dev/zero")
    elif kind == "fifo":
        _replace(path, "fifo")
    elif kind == "dir":
        _replace(path, "dir")
    elif kind == "loop":
        _replace(path, "symlink", root / "loop.yaml")
        (root / "loop.yaml").symlink_to(path)
    elif kind == "dangling":
        _replace(path, "symlink", root / "nowhere.yaml")
    else:  # a link to a link inside the folder that leaves it
        (root / "hop.yaml").symlink_to(_outside(tmp_path))
        _replace(path, "symlink", "hop.yaml")
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert "Traceback" not in run.err
    assert SECRET not in run.err
    assert "root:" not in run.err
    assert f"{name}" in run.err, run
    assert "error:" in run.err, run
    assert not (tmp_path / "out" / "en").exists()


@pytest.mark.parametrize(("kind", "words"), [
    ("fifo", "not a regular file"), ("dir", "is a directory"), ("dev-zero", "outside"),
    ("loop", "symlink loop"), ("outside", "outside the content folder")])
def test_refusals_say_why(tmp_path: Path, kind: str, words: str) -> None:
    root = content(tmp_path)
    path = root / "actors.yaml"
    if kind == "fifo":
        _replace(path, "fifo")
    elif kind == "dir":
        _replace(path, "dir")
    elif kind == "dev-zero":
        _replace(path, "symlink", "/dev/zero")
    elif kind == "loop":
        _replace(path, "symlink", "actors.yaml")
    else:
        _replace(path, "symlink", _outside(tmp_path))
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert words in run.err, run


def test_a_section_that_is_a_directory_is_not_called_missing(tmp_path: Path) -> None:
    root = content(tmp_path)
    _replace(root / "one.yaml", "dir")
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert "is a directory" in run.err, run
    assert "not found" not in run.err, run
    assert f"report.yaml:{hostile.line_of(root / 'report.yaml', 'one.yaml')}:" in run.err


def test_sparse_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    root = content(tmp_path)
    with open(root / "actors.yaml", "r+b") as handle:
        handle.truncate(1 << 30)  # 1 GiB, sparse: refused by stat, never read
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert "over the limit" in run.err, run
    assert "1,073,741,824 bytes" in run.err


def test_symlinks_inside_the_folder_are_followed(tmp_path: Path) -> None:
    root = content(tmp_path)
    (root / "parts").mkdir()
    (root / "one.yaml").rename(root / "parts" / "real.yaml")
    (root / "one.yaml").symlink_to(Path("parts") / "real.yaml")
    linked = tmp_path / "linked-content"
    linked.symlink_to(root)
    run = build(linked, tmp_path / "out", "--only", "booklet")
    assert run.code == 0, run
    assert (tmp_path / "out" / "en" / "booklet.pdf").is_file()


def test_content_folder_that_is_a_file_or_fifo(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    os.mkfifo(tmp_path / "fifo")
    for name in ("file", "fifo", "missing"):
        run = build(tmp_path / name, tmp_path / "out")
        assert run.code in (1, 2), run
        assert "Traceback" not in run.err, run
        assert name in run.err


# -- images -----------------------------------------------------------------------------------

IMAGE = '  - image:\n      file: {file}\n      alt: {{en: "A picture"}}\n'


@pytest.mark.parametrize("kind", ["outside", "etc-passwd", "dev-zero", "fifo", "dir", "loop",
                                  "absolute", "dotdot", "sparse"])
def test_image_files_are_refused_unless_regular_and_inside(tmp_path: Path, kind: str) -> None:
    from test_hostile_images import png

    file = {"absolute": "/etc/passwd.png", "dotdot": "../outside.png"}.get(kind, "img/a.png")
    root = content(tmp_path, **{"one.yaml": section(IMAGE.format(file=file))})
    (tmp_path / "outside.png").write_bytes(png(10, 10))
    path = root / "img" / "a.png"
    path.parent.mkdir()
    path.write_bytes(png(10, 10))
    if kind == "outside":
        _replace(path, "symlink", tmp_path / "outside.png")
    elif kind == "etc-passwd":
        _replace(path, "symlink", "/etc/passwd")
    elif kind == "dev-zero":
        _replace(path, "symlink", "/dev/zero")
    elif kind in ("fifo", "dir"):
        _replace(path, kind)
    elif kind == "loop":
        _replace(path, "symlink", "a.png")
    elif kind == "sparse":
        with open(path, "r+b") as handle:
            handle.truncate(1 << 30)
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert "Traceback" not in run.err
    assert "root:" not in run.err
    line = hostile.line_of(root / "one.yaml", "image:")  # the block, or its file: line
    assert f"one.yaml:{line}:" in run.err or f"one.yaml:{line + 1}:" in run.err, run


# -- SVG references ---------------------------------------------------------------------------

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
       'width="100" height="50">{body}</svg>')


def _svg_content(tmp_path: Path, body: str) -> Path:
    from test_hostile_images import png

    root = content(tmp_path, **{"one.yaml": section(IMAGE.format(file="pic/logo.svg")),
                                "pic/logo.svg": SVG.format(body=body)})
    (root / "pic" / "inside.png").write_bytes(png(8, 8))
    (tmp_path / "outside.png").write_bytes(png(8, 8))
    (tmp_path / "outside.svg").write_text(SVG.format(body='<rect id="r" width="9" height="9"/>'))
    (root / "pic" / "escape.png").symlink_to(tmp_path / "outside.png")
    return root


@pytest.mark.parametrize("body", [
    '<image href="../../outside.png" width="10" height="10"/>',
    '<image xlink:href="../../outside.png" width="10" height="10"/>',
    '<image href="/etc/passwd" width="10" height="10"/>',
    '<image href="escape.png" width="10" height="10"/>',
    '<image href="file:///etc/passwd" width="10" height="10"/>',
    '<image href="http://127.0.0.1:9/x.png" width="10" height="10"/>',
    '<image href="//example.org/x.png" width="10" height="10"/>',
    '<use href="../../outside.svg#r"/>',
    '<use xlink:href="/etc/hosts#r"/>',
    '<use href="https://example.org/a.svg#r"/>',
], ids=lambda body: body.split('"')[1])
def test_svg_references_leaving_the_folder_are_refused(tmp_path: Path, body: str) -> None:
    root = _svg_content(tmp_path, body)
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert run.code == 1, run
    assert "Traceback" not in run.err
    line = hostile.line_of(root / "one.yaml", "image:")
    assert f"one.yaml:{line}:" in run.err or f"one.yaml:{line + 1}:" in run.err, run
    assert "logo.svg" in run.err, run


def test_svg_reference_to_an_image_inside_the_folder_is_drawn(tmp_path: Path) -> None:
    from pypdf import PdfReader

    root = _svg_content(tmp_path, '<rect width="20" height="20" fill="#336699"/>'
                                  '<image href="inside.png" x="30" width="10" height="10"/>')
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert run.code == 0, run
    reader = PdfReader(tmp_path / "out" / "en" / "booklet.pdf")
    assert any(page.images for page in reader.pages)


@pytest.mark.parametrize("body", [
    '<image href="inside.svg#r"/>',  # an SVG file drawn from another SVG file
    '<image href="fifo.png" width="10" height="10"/>',
    '<image href="sub" width="10" height="10"/>',
], ids=["svg-in-svg", "fifo", "directory"])
def test_svg_references_to_files_that_cannot_be_read_are_refused(
        tmp_path: Path, body: str) -> None:
    root = _svg_content(tmp_path, body)
    os.mkfifo(root / "pic" / "fifo.png")
    (root / "pic" / "sub").mkdir()
    (root / "pic" / "inside.svg").write_text(SVG.format(body='<rect id="r" width="9"/>'))
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert run.code == 1, run
    assert "Traceback" not in run.err, run


def test_svg_entities_are_never_expanded(tmp_path: Path) -> None:
    root = content(tmp_path, **{
        "one.yaml": section(IMAGE.format(file="x.svg")),
        "x.svg": ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY s SYSTEM "/etc/passwd">]>\n'
                  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                  '<text y="5">&s;</text></svg>')})
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert run.code == 1, run
    assert "Traceback" not in run.err, run
    assert "x.svg" in run.err
