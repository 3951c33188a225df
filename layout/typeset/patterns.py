"""Hyphenation patterns, read when a word needs them rather than all at once.

In: a pyphen dictionary file (``hyph_*.dic``). Out: pyphen's own `pyphen.HyphDict`, whose
pattern table parses a pattern the first time a word looks it up. pyphen parses all of a
dictionary's patterns when it is opened: 11,015 for English, about 50 ms, on every build,
though a booklet looks up a few hundred of them. Here a pattern's line is only filed under its
letters (the line without its digits), and a look-up turns it into pyphen's
``(offset, values)`` as pyphen would. Hyphenation itself stays pyphen's: the same positions,
checked word by word against pyphen's own parse in the tests. A dictionary with nonstandard
hyphenation (``/``) or ``^^`` escapes is left to pyphen entirely.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyphen  # type: ignore[import-untyped]

_PATTERN_LINE = re.compile(r"^[ \t\r\f\v]*([^\n]*?[1-9][^\n]*?)[ \t\r\f\v]*$", re.MULTILINE)
_SLOTS = re.compile(r"(\d?)(\D?)")
_IGNORED = tuple(getattr(pyphen, "ignored", ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN")))


class LazyPatterns:
    """Pattern letters -> pyphen's ``(offset, values)``, parsed on first look-up; what
    `pyphen.HyphDict.positions` asks of its table (``get``)."""

    __slots__ = ("_lines", "_parsed")

    def __init__(self, lines: dict[str, str]) -> None:
        self._lines = lines
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}

    def get(self, letters: str) -> tuple[int, tuple[int, ...]] | None:
        try:
            return self._parsed[letters]
        except KeyError:
            line = self._lines.get(letters)
            found = self._parsed[letters] = None if line is None else parse_pattern(line)
            return found

    def __len__(self) -> int:
        return len(self._lines)


def parse_pattern(line: str) -> tuple[int, tuple[int, ...]]:
    """``.ach4`` -> ``(offset, values)`` as pyphen makes them: a value for each letter and
    digit slot (``(digit?)(letter?)`` pairs, read as pyphen reads them), zeros chopped from
    both ends, the offset counting those chopped in front."""
    values = [int(digit or 0) for digit, _letter in _SLOTS.findall(line)]
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


def hyph_dict(path: Path) -> Any:
    """pyphen's HyphDict for ``path``, its patterns parsed as they are looked up. The lines
    are sorted out by whole-text operations (a regular expression, one translate), not one by
    one: of pyphen's reading, only what a look-up needs is left for later."""
    with path.open("rb") as file:
        encoding = file.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":  # as pyphen reads it
        encoding = "cp1251"
    text = path.read_text(encoding)
    body = text.split("\n", 1)[1] if "\n" in text else ""
    # lines with a digit other than 0 (pyphen drops patterns of zeros only), stripped
    found = [line for line in _PATTERN_LINE.findall(body) if not line.startswith(_IGNORED)]
    joined = "\n".join(found)
    if not found or "^^" in joined or "/" in joined or " " in joined or "\t" in joined:
        return pyphen.HyphDict(path)  # escapes, nonstandard hyphenation: pyphen's own way
    # digits are single bytes in UTF-8, so deleting them from the bytes is exact (and fast)
    letters = joined.encode("utf-8").translate(None, b"0123456789").decode("utf-8")
    lines = dict(zip(letters.split("\n"), found, strict=True))
    table = pyphen.HyphDict.__new__(pyphen.HyphDict)
    table.patterns, table.cache = LazyPatterns(lines), {}
    table.maxlen = max(len(letters) for letters in lines)
    return table


def hyphenator(lang: str, left: int, right: int) -> Any:
    """A `pyphen.Pyphen` for ``lang`` (or its closest language) that reads its dictionary
    with `hyph_dict`; None when pyphen has no dictionary for it."""
    found = pyphen.language_fallback(lang)
    if not found:
        return None
    path = Path(pyphen.LANGUAGES[found])
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = hyph_dict(path)
    return pyphen.Pyphen(filename=path, left=left, right=right)
