"""Figures: bar charts drawn from content data, and images (PNG, JPEG, SVG).

In: a `Chart` or `Image` block and a `Context`. Out: flowables; an unreadable image is a
`ContentError` at its block's line. `resolution_problems` measures every raster image at the
size it is printed, for the press editions.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
)
from reportlab.platypus import (
    Image as PlatypusImage,
)

from layout.content.model import (
    Box,
    Chart,
    ContentFile,
    Image,
    Report,
    iter_sections,
)
from layout.diagnostics import ContentError, Diagnostic
from layout.pdf.tagging import SE
from layout.typeset import styles as st
from layout.typeset.context import Context
from layout.typeset.flowables import BalancedParagraph, Space
from layout.typeset.fonts import FontSet
from layout.typeset.tagged import TaggedFigure

SERIES_ROLES = ("primary", "accent", "band_2", "chart_4")
"""The palette roles of a chart's series, in order (repeated beyond four)."""


def chart_drawing(block: Chart, ctx: Context, width: float) -> Drawing:
    """A horizontal grouped bar chart with value labels, drawn in our font and colours."""
    n_cat, n_ser = len(block.categories), len(block.series)
    bar, gap = 13.0, 9.0
    plot_h = n_cat * (n_ser * bar + gap)
    legend_h = 22.0
    drawing = Drawing(width, plot_h + legend_h + 4)
    fonts = ctx.styles.fonts
    drawing.initialFontName, drawing.initialFontSize = fonts.regular, 8  # no stray Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = 78, legend_h
    chart.width, chart.height = width - chart.x - 30, plot_h
    # the first category on top, and within it the first series on top, as a reader expects
    chart.data = [list(reversed(series.values)) for series in reversed(block.series)]
    chart.categoryAxis.categoryNames = [ctx.plain(c) for c in reversed(block.categories)]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = ctx.styles.colour("rule")
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visible = 0
    chart.valueAxis.labels.fontName = fonts.regular
    chart.barSpacing = 1.5
    chart.groupSpacing = gap
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.semibold
    chart.barLabels.fontSize = 8
    chart.barLabels.fillColor = ctx.styles.colour("text")
    chart.barLabels.boxAnchor = "w"  # the label starts just past its bar, never over it
    chart.barLabels.nudge = 3
    series_colours = [ctx.styles.colour(SERIES_ROLES[i % len(SERIES_ROLES)])
                      for i in range(n_ser)]
    for i in range(n_ser):
        chart.bars[n_ser - 1 - i].fillColor = series_colours[i]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, 0
    legend.fontName, legend.fontSize = fonts.regular, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    names = [ctx.plain(ser.name) for ser in block.series]
    legend.dx = legend.dy = 7
    legend.dxTextSpace = 4
    # columns as wide as the widest label, so each swatch sits by its own label
    legend.deltax = legend.dx + legend.dxTextSpace + 16 + max(
        (stringWidth(name, legend.fontName, 7.5) for name in names), default=0)
    legend.boxAnchor = "sw"
    legend.strokeColor = None
    legend.colorNamePairs = [(series_colours[i], name) for i, name in enumerate(names)]
    drawing.add(legend)
    return drawing


def chart_alt(block: Chart, ctx: Context) -> str:
    """The chart's alternative text: the content's ``alt``, else its title, categories,
    series and values in words ("Bar chart. Title. Category: Series 12, Series 3; ...")."""
    if block.alt is not None and block.alt.values:
        return ctx.plain(block.alt)
    rows = []
    for i, category in enumerate(block.categories):
        values = ", ".join(f"{ctx.plain(series.name)} {series.values[i]:g}"
                           for series in block.series)
        rows.append(f"{ctx.plain(category)}: {values}")
    return f"{ctx.words['bar_chart']}. {ctx.plain(block.title)}. {'; '.join(rows)}."


def compose_chart(block: Chart, ctx: Context, parent: SE) -> list[Flowable]:
    """A chart: its title in balanced lines, the drawing, its source; kept on one page."""
    title = BalancedParagraph(ctx.markup(block.title), ctx.styles.box_title,
                              tag=ctx.tag("Caption", parent, block.title))
    figure = SE("Figure", parent, alt=chart_alt(block, ctx))
    parts: list[Flowable] = [title, TaggedFigure(chart_drawing(block, ctx, ctx.column), figure)]
    if block.source is not None:
        parts.append(ctx.para(block.source, ctx.styles.caption, parent, "Caption"))
    return [KeepTogether([Space(before=st.BLOCK_SPACE_BEFORE), *parts,
                          Space(after=st.BLOCK_SPACE_AFTER)])]


def svg_drawing(data: bytes, width: float, fonts: FontSet) -> Drawing:
    """SVG bytes (references already confined by validation) as vector graphics ``width``
    wide, its text set in our font; svglib gets the bytes, never a path to open."""
    from reportlab.graphics.shapes import Group, String
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not all(math.isfinite(v) and v > 0
                                  for v in (drawing.width, drawing.height)):
        raise ValueError("it has no drawable size (width and height must be positive)")
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    drawing.initialFontName = fonts.regular
    pending = list(drawing.contents)
    while pending:  # svglib falls back to Helvetica, which would not be embedded
        shape = pending.pop()
        if isinstance(shape, Group):
            pending.extend(shape.contents)
        elif isinstance(shape, String):
            shape.fontName = fonts.bold if "bold" in shape.fontName.lower() else fonts.regular
    return drawing


MIN_PPI = 150
"""Below this resolution at its printed size an image is an error in the press editions."""
GOOD_PPI = 300
"""Below this an image prints visibly soft: a warning."""


def printed_width(block: Image, column: float) -> float:
    """The width (points) ``block`` is printed at: its own width, at most the text column."""
    return float(min(block.width_mm * mm if block.width_mm else column, column))


def resolution_problems(report: Report, page_size: tuple[float, float]) -> list[Diagnostic]:
    """Images that will not print well, at their block's line: a raster image under
    `MIN_PPI` at the size it is printed on ``page_size`` pages is an error, under `GOOD_PPI` a
    warning; an SVG drawing with transparency is a warning."""
    column = page_size[0] - st.MARGIN_INNER - st.MARGIN_OUTER
    problems = []
    for block in _images(report):
        if block.path.lower().endswith(".svg"):
            problems.extend(_svg_transparency(block))
            continue
        try:
            with PILImage.open(io.BytesIO(block.data)) as picture:
                pixels = picture.size[0]
        except Exception:  # unreadable: compose reports it where it is laid out
            continue
        width = printed_width(block, column)
        ppi = pixels / (width / 72)
        if ppi >= GOOD_PPI:
            continue
        severity = "error" if ppi < MIN_PPI else "warning"
        needed = GOOD_PPI if severity == "warning" else MIN_PPI
        problems.append(Diagnostic(
            block.where, "image.file",
            f"'{block.file}' is {ppi:.0f} ppi at its printed width of {width / mm:.0f} mm; "
            f"print needs {GOOD_PPI} ppi" + (f" and at least {MIN_PPI}" if ppi < MIN_PPI
                                               else ""),
            f"use an image at least {round(width / 72 * needed)} pixels wide, or print it "
            f"at most {pixels / needed * 25.4:.0f} mm wide (width: in the image block)",
            severity=severity))
    return problems


def _svg_transparency(block: Image) -> list[Diagnostic]:
    """A warning when an SVG draws with opacity, which PDF/X-1a cannot keep."""
    text = block.data.decode("utf-8", errors="replace")  # read and checked at validation
    if not re.search(r"opacity\s*[:=]", text):
        return []
    return [Diagnostic(block.where, "image.file",
                       f"'{block.file}' draws with transparency (opacity), which the press "
                       "editions cannot keep: those parts print opaque",
                       "give the SVG solid colours", severity="warning")]


def _images(report: Report) -> list[Image]:
    """Every image block of the report, boxes included, in reading order."""
    found: list[Image] = []
    pending: list[Any] = [block for section in iter_sections(report.sections)
                          for block in section.blocks]
    while pending:
        block = pending.pop(0)
        if isinstance(block, Box):
            pending[:0] = list(block.blocks)
        elif isinstance(block, Image):
            found.append(block)
    return found


def logo_picture(logo: ContentFile, fonts: FontSet, box: tuple[float, float]) -> Flowable:
    """The theme's logo as large as fits ``box`` (width, height), its proportions kept."""
    try:
        data = Path(logo.path).read_bytes()  # confined to the content folder by validation
        if logo.path.lower().endswith(".svg"):
            picture: Flowable = svg_drawing(data, box[0], fonts)
            if picture.height > box[1]:
                picture = svg_drawing(data, box[0] * box[1] / picture.height, fonts)
            return picture
        pixel_w, pixel_h = ImageReader(io.BytesIO(data)).getSize()
        scale = min(box[0] / pixel_w, box[1] / pixel_h)
        return PlatypusImage(io.BytesIO(data), width=pixel_w * scale, height=pixel_h * scale)
    except Exception as error:  # any unreadable logo is a content problem
        raise ContentError([Diagnostic(logo.where, "theme.logo",
                                       f"cannot read logo '{logo.name}': {error}",
                                       "save it again as PNG or plain SVG")]) from None


def compose_image(block: Image, ctx: Context, parent: SE) -> list[Flowable]:
    width = printed_width(block, ctx.column)
    picture: Flowable
    try:
        if block.file.lower().endswith(".svg"):
            picture = svg_drawing(block.data, width, ctx.styles.fonts)
        else:
            pixel_w, pixel_h = ImageReader(io.BytesIO(block.data)).getSize()
            picture = PlatypusImage(io.BytesIO(block.data), width=width,
                                    height=width * pixel_h / pixel_w)
    except Exception as error:  # any unreadable image is a content problem
        raise ContentError([Diagnostic(block.where, "image.file",
                                       f"cannot read image '{block.file}': {error}",
                                       "save it again as PNG, JPEG or plain SVG")]) from None
    figure = ctx.tag("Figure", parent, block.alt, alt=ctx.plain(block.alt))
    parts: list[Flowable] = [TaggedFigure(picture, figure)]
    if block.caption is not None:
        parts.append(ctx.para(block.caption, ctx.styles.caption, parent, "Caption"))
    return [KeepTogether([Space(before=st.BLOCK_SPACE_BEFORE), *parts,
                          Space(after=st.BLOCK_SPACE_AFTER)])]
