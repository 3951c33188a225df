"""Colours: the palette, defined once in CMYK as a designer specifies it for print.

In: nothing (the defaults below), or CMYK percentages per role from the content's theme.
Out: a frozen `Palette` of `Ink`s by role. Each ink gives its process values (``cmyk``, 0-1,
for the press editions, written as ``c m y k k``) and its screen equivalent (``rgb``, 0-255,
for the reading edition and the handouts), so both editions come from the same definition.
Text, rules and greys are black ink alone (K only): small type and hairlines in one ink
cannot misregister on press. Pure values, no ReportLab.
"""

from __future__ import annotations

import math

from msgspec import Struct
from msgspec.structs import fields, replace

from layout.content.model import Report

SOLIDS = ((0, 159, 227), (230, 0, 126), (255, 237, 0), (29, 29, 27))
"""Full-strength cyan, magenta, yellow and black on coated paper, as sRGB: the printed
primaries of ISO coated stock (FOGRA39), from which the screen equivalents are made."""


class Ink(Struct, frozen=True):
    """A process colour in percent of cyan, magenta, yellow and black (0-100 each)."""

    c: float = 0.0
    m: float = 0.0
    y: float = 0.0
    k: float = 0.0

    def __post_init__(self) -> None:
        for name in ("c", "m", "y", "k"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                    math.isfinite(value) and 0 <= value <= 100):
                raise ValueError(f"{name} must be a percentage between 0 and 100; got {value!r}")

    @property
    def cmyk(self) -> tuple[float, float, float, float]:
        """The tints as fractions (0-1), as PDF's ``k`` operator takes them."""
        return (self.c / 100, self.m / 100, self.y / 100, self.k / 100)

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The screen equivalent (sRGB, 0-255): a soft proof multiplying each ink's solid
        colour by its coverage, so 100 % K shows as the dark grey black ink prints, not as
        #000000, and a navy blue stays navy."""
        out = []
        for channel in range(3):
            value = 1.0
            for tint, solid in zip(self.cmyk, SOLIDS, strict=True):
                value *= 1 - tint * (1 - solid[channel] / 255)
            out.append(round(value * 255))
        return out[0], out[1], out[2]

    @property
    def hex(self) -> str:
        """The screen equivalent as ``#rrggbb``."""
        return "#{:02x}{:02x}{:02x}".format(*self.rgb)


class Palette(Struct, frozen=True):
    """Every colour the layout uses, by role."""

    text: Ink = Ink(k=100)
    """Body text, footnotes, running heads, chart labels: black ink only."""
    muted: Ink = Ink(k=72)
    """Captions and page references (italic): a grey of black ink only."""
    rule: Ink = Ink(k=30)
    """Hairlines: table rules, the footnote rule, the running-head rule."""
    primary: Ink = Ink(85, 55, 15, 20)
    """The report's blue: cover field, headings, table heads."""
    accent: Ink = Ink(5, 70, 65, 10)
    """The report's red: chapter numbers, agenda letters, bullets, cover label."""
    tint: Ink = Ink(9, 3, 0, 0)
    """Background of boxed notes."""
    zebra: Ink = Ink(3, 1, 0, 0)
    """Background of every other agenda row."""
    band_1: Ink = Ink(70, 40, 10, 10)
    """Cover: the first (national government) band under the colour field."""
    band_2: Ink = Ink(60, 28, 5, 0)
    """Cover: the regional band; also the third chart series."""
    band_3: Ink = Ink(38, 15, 0, 0)
    """Cover: the local band."""
    chart_4: Ink = Ink(8, 35, 70, 0)
    """The fourth chart series."""
    highlight: Ink = Ink(0, 10, 60, 0)
    """Proofs: behind texts printed in the source language for want of a translation."""
    paper: Ink = Ink()
    """White: text on colour fields, table backgrounds (no ink)."""

    @classmethod
    def roles(cls) -> tuple[str, ...]:
        """The role names, in declaration order."""
        return tuple(f.name for f in fields(cls))

    def with_roles(self, roles: dict[str, tuple[float, float, float, float]]) -> Palette:
        """This palette with some roles given as CMYK percentages; ValueError for an unknown
        role or a value outside 0-100."""
        unknown = sorted(set(roles) - set(self.roles()))
        if unknown:
            raise ValueError(f"unknown colour role(s) {', '.join(unknown)}; "
                             f"roles: {', '.join(self.roles())}")
        return replace(self, **{role: Ink(*values) for role, values in roles.items()})

    def inks(self) -> tuple[Ink, ...]:
        """Every role's ink, in declaration order."""
        return tuple(getattr(self, role) for role in self.roles())

    def by_rgb(self) -> dict[tuple[int, int, int], Ink]:
        """Screen equivalent -> ink, for turning a screen rendering back into process
        colour; where two roles show alike on screen the first role wins."""
        table: dict[tuple[int, int, int], Ink] = {}
        for ink in self.inks():
            table.setdefault(ink.rgb, ink)
        return table


DEFAULT_PALETTE = Palette()
"""The report's colours unless its theme changes some roles."""


def palette_for(report: Report) -> Palette:
    """The palette ``report`` is printed in: the defaults, with the roles its theme sets.

    Every edition takes its palette from here, so the reading edition's screen colours and
    the press editions' process colours always come from the same definition. A theme that
    sets ``primary`` but not the cover's bands gets bands in tints of its primary colour, so
    they never clash with it.
    """
    roles = dict(report.theme.colors)
    if "primary" in roles:
        c, m, y, k = roles["primary"]
        for band, tint in BAND_TINTS.items():
            roles.setdefault(band, (c * tint, m * tint, y * tint, k * tint))
    return DEFAULT_PALETTE.with_roles(roles)


BAND_TINTS = {"band_1": 0.8, "band_2": 0.6, "band_3": 0.4}
"""How much of the primary colour's inks each cover band takes when a theme leaves it out."""


def process_equivalent(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """CMYK tints (0-1) for an RGB colour (0-1) that is not in a palette (an SVG's own
    colours): greys go to black ink alone, colours get full grey-component replacement."""
    k = 1 - max(r, g, b)
    if k >= 1 - 1e-9:
        return 0.0, 0.0, 0.0, 1.0
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return c, m, y, k
