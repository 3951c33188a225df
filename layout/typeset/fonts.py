"""Fonts: the faces the report is set in, registered once per process, and their coverage.

In: the theme's font files (or none, for Source Sans Pro). Out: a `FontSet`, the registered
names of the six faces the design uses. Only TrueType faces are used, so every glyph in every
PDF is embedded (none of the standard 14 fonts appears). A theme gives four faces; its bold
stands in for the semibold and its regular for the light face. `check_glyphs` reports each
character of the content that the faces cannot draw, at its text's file:line with its code
point; a theme font that is no usable TrueType file is reported at its key in report.yaml.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import font_source_sans_pro  # type: ignore[import-untyped]
from msgspec import Struct
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from layout.content.model import ContentFile, Report, Theme, iter_texts
from layout.diagnostics import ContentError, Diagnostic


class FontSet(Struct, frozen=True):
    """Registered ReportLab names of the faces the design uses; ``regular`` names the family,
    so ``<b>`` and ``<i>`` in paragraphs find their faces."""

    regular: str
    italic: str
    bold: str
    bold_italic: str
    semibold: str
    light: str


DEFAULT_FONTS = FontSet("SourceSans", "SourceSans-Italic", "SourceSans-Bold",
                        "SourceSans-BoldItalic", "SourceSans-Semibold", "SourceSans-Light")
"""Today's design: Source Sans Pro (SIL OFL 1.1), from the font-source-sans-pro package."""
_DEFAULT_FILES = {
    "regular": "SourceSansPro-Regular.ttf", "italic": "SourceSansPro-It.ttf",
    "bold": "SourceSansPro-Bold.ttf", "bold_italic": "SourceSansPro-BoldIt.ttf",
    "semibold": "SourceSansPro-Semibold.ttf", "light": "SourceSansPro-Light.ttf",
}
FONT_DIRECTORY: str = font_source_sans_pro.font_directory


class MeasuredFont(TTFont):
    """A TrueType face that remembers the widths it has measured, and the subsets it has
    made: line breaking measures the same words at the same sizes again and again (about
    16,500 measurements of 2,000 distinct words and sizes in the booklet), and handouts
    embed the same subsets (424 subsets of 6 distinct glyph lists in 100 synthetic ones)."""

    _LIMIT = 200_000
    """Widths kept per face; past it they are forgotten, so memory stays bounded."""
    _SUBSETS = 32
    """Subsets kept per face."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self._widths: dict[tuple[str, float], float] = {}
        made: dict[tuple[int, ...], bytes] = {}
        make = self.face.makeSubset

        def make_subset(subset: Sequence[Any]) -> bytes:
            key = tuple(subset)
            found = made.get(key)
            if found is None:
                if len(made) >= self._SUBSETS:
                    made.clear()
                found = made[key] = make(subset)
            return found

        # the same bytes for the same glyphs, made once
        self.face.makeSubset = make_subset  # type: ignore[method-assign]

    def splitString(self, text: Any, doc: Any,  # noqa: N802 - ReportLab's name
                    encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """ReportLab's split of ``text`` into runs of one subset each, with their codes; a
        text whose characters all have codes in the first subset already (most lines, once
        a page or two is drawn) is encoded in one step."""
        state = self.state.get(doc)
        if state is None or not isinstance(text, str) or not text:
            return super().splitString(text, doc, encoding)  # type: ignore[no-any-return]
        known = _first_subset(state)
        if known.chars.issuperset(text):
            return [(0, text.translate(known.codes).encode("latin-1"))]
        return super().splitString(text, doc, encoding)  # type: ignore[no-any-return]

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= self._LIMIT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


class _FirstSubset:
    """The characters with codes in a document's first subset of a face, and their codes
    as a ``str.translate`` table (no-break space as space, as ReportLab draws it)."""

    __slots__ = ("chars", "codes", "seen")

    def __init__(self) -> None:
        self.chars: set[str] = set()
        self.codes: dict[int, int] = {}
        self.seen = 0
        """How many of the state's assignments are taken in (they are only ever added)."""


def _first_subset(state: Any) -> _FirstSubset:
    """The `_FirstSubset` of a ReportLab font state, brought up to date with the codes
    assigned since it was last asked for."""
    known: _FirstSubset | None = getattr(state, "_first_subset", None)
    if known is None:
        known = state._first_subset = _FirstSubset()
    assignments = state.assignments
    if known.seen != len(assignments):
        for code, n in itertools.islice(assignments.items(), known.seen, None):
            if n < 256:
                known.chars.add(chr(code))
                known.codes[code] = n
                if code == 32:
                    known.chars.add("\u00a0")
                    known.codes[0xA0] = n
        known.seen = len(assignments)
    return known


def _register_family(fonts: FontSet, files: dict[str, str]) -> None:
    for face, path in files.items():
        pdfmetrics.registerFont(MeasuredFont(getattr(fonts, face), path))
    pdfmetrics.registerFontFamily(fonts.regular, normal=fonts.regular, bold=fonts.bold,
                                  italic=fonts.italic, boldItalic=fonts.bold_italic)


@functools.cache
def register_fonts() -> FontSet:
    """Register Source Sans Pro's faces and family, once; the default `FontSet`."""
    _register_family(DEFAULT_FONTS, {face: os.path.join(FONT_DIRECTORY, name)
                                     for face, name in _DEFAULT_FILES.items()})
    return DEFAULT_FONTS


@functools.cache
def _theme_fonts(faces: tuple[tuple[str, ContentFile], ...], digest: str) -> FontSet:
    """Register a theme's faces under names made from their bytes' digest (so an edited font
    file is a new font); its bold also serves as semibold and its regular as light."""
    base = f"Theme-{digest}"
    names = {face: f"{base}-{face}" for face, _ in faces}
    fonts = FontSet(names["regular"], names["italic"], names["bold"], names["bold_italic"],
                    names["bold"], names["regular"])
    for face, file in faces:
        try:
            pdfmetrics.registerFont(MeasuredFont(names[face], file.path))
        except (TTFError, OSError, ValueError, KeyError, IndexError) as error:
            raise ContentError([Diagnostic(
                file.where, f"theme.fonts.{face}", f"cannot use font '{file.name}': {error}",
                "give a TrueType font (.ttf); PostScript-outline .otf files cannot be embedded",
            )]) from None
    pdfmetrics.registerFontFamily(fonts.regular, normal=fonts.regular, bold=fonts.bold,
                                  italic=fonts.italic, boldItalic=fonts.bold_italic)
    return fonts


def font_set(theme: Theme) -> FontSet:
    """The faces of ``theme``, registered: its own font, or Source Sans Pro."""
    if not theme.fonts:
        return register_fonts()
    hasher = hashlib.sha256()
    for face, file in theme.fonts:
        hasher.update(face.encode() + b"\0" + Path(file.path).read_bytes())
    return _theme_fonts(theme.fonts, hasher.hexdigest()[:12])


@functools.cache
def _drawable(regular: str, italic: str, bold: str) -> frozenset[str]:
    """The characters all three faces can draw (worked out once per set of faces)."""
    covered = None
    for name in (regular, italic, bold):
        codes = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
        covered = codes if covered is None else covered & codes
    return frozenset(map(chr, covered or ())) | {"\n", "\t"}


def unsupported_characters(text: str, fonts: FontSet | None = None) -> list[tuple[int, str]]:
    """(offset, character) of every character the faces cannot draw (emoji, CJK …)."""
    fonts = fonts or register_fonts()
    covered = _drawable(fonts.regular, fonts.italic, fonts.bold)
    if covered.issuperset(text):
        return []
    return [(i, ch) for i, ch in enumerate(text) if ch not in covered]


def check_glyphs(report: Report) -> list[Diagnostic]:
    """Every character the fonts cannot draw, at its text's file:line with its code point."""
    try:
        fonts = font_set(report.theme)
    except ContentError as error:
        return list(error.diagnostics)
    problems = []
    for text in iter_texts(report):
        for lang, value in text.values:
            for offset, char in unsupported_characters(value, fonts)[:3]:
                problems.append(Diagnostic(
                    text.where, f"{text.path}.{lang}" if text.path else lang,
                    f"character U+{ord(char):04X} ({char!r}) at offset {offset} cannot be "
                    "printed with the report's fonts",
                    "remove it or replace it with a character the fonts have",
                ))
    return problems
