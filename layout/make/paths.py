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


def handouts_folder(out: Path, lang: str) -> Path:
    """The folder of the handouts of ``lang`` and their index."""
    return out / lang / "handouts"


def handout_path(out: Path, lang: str, file_name: str) -> Path:
    """Where a handout of ``lang`` goes, by its file name (`select.file_names`)."""
    return handouts_folder(out, lang) / file_name


def index_paths(out: Path, lang: str) -> tuple[Path, Path]:
    """The handouts' index of ``lang``: the CSV and the JSON."""
    folder = handouts_folder(out, lang)
    return folder / "index.csv", folder / "index.json"


def zip_path(out: Path, lang: str) -> Path:
    """The archive of the handouts of ``lang`` and their index (``--zip``)."""
    return out / lang / f"handouts-{lang}.zip"


def relative(path: Path, out: Path) -> str:
    """``path`` as the manifest records it: relative to the output folder, with slashes."""
    return path.relative_to(out).as_posix()
