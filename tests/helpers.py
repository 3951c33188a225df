"""Helpers shared by the tests: temp content folders and reading text back out of PDFs.

Plain functions (no fixtures) so that test modules can import them; `conftest.py` wraps the
ones that need pytest's temporary directories.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from layout.content.markup import plain
from layout.content.model import Section

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny"
"""A minimal valid content folder: report.yaml, actors.yaml (ceplan, mef) and one.yaml."""

Change = str | bytes | None | Callable[[str], str | bytes]
"""What `make_content` does to a file: new text or bytes, delete it (None), or edit its text."""


def append(text: str) -> Callable[[str], str]:
    """A `make_content` change that adds ``text`` at the end of a file."""
    return lambda old: old + text


def replace(old: str, new: str) -> Callable[[str], str]:
    """A `make_content` change that replaces the first ``old`` (which must be there)."""

    def change(text: str) -> str:
        assert old in text, f"{old!r} is not in the file any more; update the test"
        return text.replace(old, new, 1)

    return change


def make_content(tmp_path: Path, base: Path = CONTENT, **replacements: Change) -> Path:
    """Copy the content folder ``base`` to ``tmp_path/content`` and change some of its files.

    Keyword names are file names without ``.yaml`` (``report=...``, ``one=...``); a value is the
    file's new text or bytes, ``None`` to delete it, or a function from old text to new text
    (see `append` and `replace`). Returns the new content folder.
    """
    dest = tmp_path / "content"
    shutil.copytree(base, dest)
    for name, change in replacements.items():
        path = dest / f"{name}.yaml"
        if change is None:
            path.unlink()
        elif isinstance(change, bytes):
            path.write_bytes(change)
        elif isinstance(change, str):
            path.write_text(change, encoding="utf-8")
        else:
            new = change(path.read_text(encoding="utf-8"))
            if isinstance(new, bytes):
                path.write_bytes(new)
            else:
                path.write_text(new, encoding="utf-8")
    return dest


# -- reading PDFs -------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_SQUASH = re.compile(r"[\s\u00ad-]+")


def normalize(text: str) -> str:
    """Collapse every run of whitespace (no-break spaces included) to one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def squash(text: str) -> str:
    """Drop all whitespace and hyphens, so line breaks and hyphenation cannot hide a match."""
    return _SQUASH.sub("", text.replace("\u00a0", " "))


def page_texts(reader: PdfReader) -> list[str]:
    """The extracted text of every page."""
    return [page.extract_text() or "" for page in reader.pages]


@dataclass(frozen=True)
class Fragment:
    """A piece of text drawn on a page, with the position of its baseline start."""

    x: float
    y: float
    text: str
    size: float


def fragments(reader: PdfReader, index: int) -> list[Fragment]:
    """The non-blank text fragments of page ``index`` with their positions in points."""
    found: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(round(x, 1), round(y, 1), text.strip(), size))

    reader.pages[index].extract_text(visitor_text=visit)
    return found


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page_index: int


def outline_entries(reader: PdfReader) -> list[OutlineEntry]:
    """The document outline flattened in reading order, with depth and 0-based page index."""
    entries: list[OutlineEntry] = []

    def walk(items: list, level: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append(OutlineEntry(level, item.title,
                                            reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def handout_file(out: Path, lang: str, ident: str) -> Path:
    """The handout of actor or branch ``ident`` in ``lang``, found as a user finds it: by its
    row in the handouts' index (``output/<lang>/handouts/index.json``)."""
    folder = out / lang / "handouts"
    rows = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return folder / next(row["file"] for row in rows if row["actor"] == ident)


# -- the model, as tests need it ----------------------------------------------------------------


def sections_with_depth(sections: tuple[Section, ...], depth: int = 0
                        ) -> Iterator[tuple[int, Section]]:
    """Every section and subsection in reading order, with its depth (0 for chapters)."""
    for section in sections:
        yield depth, section
        yield from sections_with_depth(section.sections, depth + 1)


def leading_words(raw: str, count: int) -> str:
    """The first ``count`` words of a content text as printed, stopping at a footnote mark."""
    before_note = raw.split("[^", 1)[0]
    return " ".join(plain(before_note).split()[:count])


def run_build(content: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run build.py on ``content`` into ``out``; fail the test with its stderr otherwise."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content",
                             str(content), "--output", str(out), *args], capture_output=True,
                            text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    return result


def handout_paths(out: Path, lang: str) -> list[Path]:
    """The handout PDFs of ``lang`` in the output folder ``out``."""
    return sorted((out / lang / "handouts").glob("*.pdf"))
