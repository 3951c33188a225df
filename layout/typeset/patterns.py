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

_NO_DIGITS = str.maketrans("", "", "0123456789")
_NONZERO = re.compile("[1-9]")
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
    """pyphen's HyphDict for ``path``, its patterns parsed as they are looked up."""
    with path.open("rb") as file:
        encoding = file.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":  # as pyphen reads it
        encoding = "cp1251"
    lines: dict[str, str] = {}
    for raw in path.read_text(encoding).split("\n")[1:]:
        line = raw.strip()
        if not line or line.startswith(_IGNORED):
            continue
        if "^^" in line or "/" in line:
            return pyphen.HyphDict(path)
        if _NONZERO.search(line):  # pyphen drops patterns of zeros only
            lines[line.translate(_NO_DIGITS)] = line
    if not lines:
        return pyphen.HyphDict(path)
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
