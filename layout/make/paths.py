"""Output paths: where each output of a build goes inside the output folder."""

from __future__ import annotations

from pathlib import Path


def booklet_path(out: Path, lang: str) -> Path:
    """Where the booklet of ``lang`` goes."""
    return out / lang / "booklet.pdf"


def press_path(out: Path, lang: str) -> Path:
    """Where the press edition (single pages with bleed and crop marks) of ``lang`` goes."""
    return out / lang / "booklet-press.pdf"


def print_path(out: Path, lang: str) -> Path:
    """Where the imposed print edition of ``lang`` goes."""
    return out / lang / "booklet-print.pdf"


def handout_path(out: Path, lang: str, handout_id: str) -> Path:
    """Where the handout of ``handout_id`` in ``lang`` goes."""
    return out / lang / "handouts" / f"{handout_id}.pdf"


def relative(path: Path, out: Path) -> str:
    """``path`` as the manifest records it: relative to the output folder, with slashes."""
    return path.relative_to(out).as_posix()
