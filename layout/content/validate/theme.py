"""Validate the theme of `report.yaml`: CMYK colours per role, the text font's four faces and
the logo, each a file inside the content folder.

In: the marked tree of report.yaml. Out: a `Theme` (empty when the report has none, which
keeps today's design). Whether a font file really is a TrueType font is known only when it is
registered for typesetting (`typeset.fonts`), which reports it at the same key path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layout.content.images import read_image
from layout.content.load import MarkedList, MarkedMap
from layout.content.model import ContentFile, Theme
from layout.content.shapes import FONT_TYPES, LOGO_TYPES, SHAPES, keys_of
from layout.content.sources import read_inside
from layout.content.validate.blocks import content_file
from layout.content.validate.checker import Checker, type_name
from layout.diagnostics import Location

FACES = tuple(SHAPES["theme_fonts"])
"""The faces a theme's font gives, in this order: regular, italic, bold, bold_italic."""


def read_theme(check: Checker, report: MarkedMap) -> Theme:
    """The report's theme; every problem at its file:line:col."""
    node = report.get("theme")
    if "theme" not in report or not check.mapping(node, report.value_where["theme"], "theme"):
        return Theme()
    check.keys(node, "theme", keys_of("theme"))
    colors = _colors(check, node)
    fonts = _fonts(check, node)
    logo = None
    if "logo" in node:
        logo = _file(check, node, "logo", "theme", LOGO_TYPES, "logo")
    return Theme(colors, fonts, logo)


def _colors(check: Checker, theme: MarkedMap
            ) -> tuple[tuple[str, tuple[float, float, float, float]], ...]:
    node = theme.get("colors")
    if "colors" not in theme or not check.mapping(
            node, theme.value_where["colors"], "theme.colors"):
        return ()
    check.keys(node, "theme.colors", keys_of("theme_colors"))
    found = []
    for role, value in node.items():
        if role in SHAPES["theme_colors"]:
            cmyk = _cmyk(check, value, node.value_where[role], f"theme.colors.{role}")
            if cmyk is not None:
                found.append((role, cmyk))
    return tuple(found)


def _cmyk(check: Checker, value: Any, where: Location, path: str
          ) -> tuple[float, float, float, float] | None:
    """Four percentages, cyan magenta yellow black, each 0 to 100."""
    hint = "write cyan, magenta, yellow and black in percent, e.g. [100, 72, 0, 38]"
    if not isinstance(value, MarkedList) or len(value) != 4:
        got = f"a list of {len(value)}" if isinstance(value, list) else type_name(value)
        check.error(where, path, f"expected a CMYK colour of 4 percentages; got {got}", hint)
        return None
    inks = []
    for i, ink in enumerate(value):
        if isinstance(ink, bool) or not isinstance(ink, int | float) or not 0 <= ink <= 100:
            check.error(value.item_where[i], f"{path}[{i}]",
                        f"expected a percentage between 0 and 100; got {type_name(ink)}", hint)
            return None
        inks.append(float(ink))
    return inks[0], inks[1], inks[2], inks[3]


def _fonts(check: Checker, theme: MarkedMap) -> tuple[tuple[str, ContentFile], ...]:
    node = theme.get("fonts")
    if "fonts" not in theme or not check.mapping(
            node, theme.value_where["fonts"], "theme.fonts"):
        return ()
    check.keys(node, "theme.fonts", keys_of("theme_fonts"))
    faces = [(face, _file(check, node, face, "theme.fonts", FONT_TYPES, "font"))
             for face in FACES if face in node]
    if len(faces) != len(FACES) or any(file is None for _, file in faces):
        return ()
    return tuple((face, file) for face, file in faces if file is not None)


def _file(check: Checker, node: MarkedMap, key: str, path: str, types: tuple[str, ...],
          what: str) -> ContentFile | None:
    name = check.string(node, key, path)
    if name is None:
        return None
    where, key_path = node.value_where[key], f"{path}.{key}"
    read = read_image if what == "logo" else _read_font
    found = content_file(check, name, (where, where), key_path, types, what, read)
    return None if found is None else ContentFile(name, str(found[0]), where)


def _read_font(root: Path, path: Path) -> bytes:
    return read_inside(root, path, MAX_FONT_BYTES, "a font", "use a font file under 50 MB")


MAX_FONT_BYTES = 50_000_000
"""The largest font file a theme may name (CJK fonts run to 20 MB)."""
