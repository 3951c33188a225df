"""The composing context: what every block builder needs to know, and what compose returns.

`Context` holds the report, its numbering, the language, the styles and the interface words,
and turns texts into safe paragraph markup. `Composition` is compose's result: the story and
what the page templates print around it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct
from reportlab.platypus import (
    Flowable,
    TableStyle,
)

from layout.content.markup import (
    note_numbers_marker,
    plain,
    to_paragraph_markup,
    typeset_characters,
)
from layout.content.model import (
    Report,
    Text,
)
from layout.content.number import Numbering
from layout.pdf.tagging import SE, Structure
from layout.typeset import styles as st
from layout.typeset.fonts import FontSet
from layout.typeset.hyphenation import PolicedParagraph
from layout.typeset.tagged import TaggedParagraph
from layout.typeset.templates import Furniture


class Composition(Struct, frozen=True):
    """A story ready for one build, and the texts the page templates print."""

    story: list[Flowable]
    furniture: Furniture
    styles: st.Styles
    notes: dict[int, str]
    """Footnote number -> markup of the note as printed at the foot of the page."""
    metadata: dict[str, Any]
    page_size: tuple[float, float] = st.PAGE_SIZE
    """The trimmed page the story was composed for."""
    structure: Structure | None = None
    """The structure elements of the story and of the texts the templates draw, in reading
    order; a tagged render records on them where their content was drawn."""
    again: Callable[[], Composition] | None = None
    """The same composition made anew, for another layout pass (a render consumes its
    story)."""


class Context(Struct, frozen=True):
    report: Report
    numbering: Numbering
    lang: str
    styles: st.Styles
    words: dict[str, str]
    mark_untranslated: bool = False
    page_size: tuple[float, float] = st.PAGE_SIZE
    source_tag: str = ""
    """The source language's tag when composing another language (fallback texts' /Lang)."""
    heading: str = ""
    """Plain title of the section whose blocks are being composed."""

    @property
    def column(self) -> float:
        """Width of the text column."""
        return float(self.page_size[0] - st.MARGIN_INNER - st.MARGIN_OUTER)

    def markup(self, text: Text) -> str:
        """Paragraph markup of ``text`` in this language, footnote markers included.

        With ``mark_untranslated``, a text printed in the source language for want of a
        translation is highlighted so proofreaders see what is missing.
        """
        raw = typeset_characters(text.get(self.lang, self.report.source_language),
                                 self.words.get("note_call", "after"))
        markup = to_paragraph_markup(raw, note_numbers_marker(self.numbering.notes))
        if self.mark_untranslated and text.values and not text.has(self.lang):
            return f'<span backColor="{self.styles.palette.highlight.hex}">{markup}</span>'
        return markup

    def tag(self, role: str, parent: SE | None, text: Text | None = None, **attrs: Any) -> SE:
        """A new element under ``parent``; it carries the source language's tag when
        ``text`` is printed in the source language for want of a translation."""
        if text is not None and text.values and not text.has(self.lang) and self.source_tag:
            attrs["lang"] = self.source_tag
        return SE(role, parent, **attrs)

    def para(self, text: Text, style: Any, parent: SE, role: str = "P",
             policed: bool = False) -> TaggedParagraph:
        """A paragraph of ``text``, the content of a new ``role`` element under ``parent``;
        ``policed``: its line breaks follow the hyphenation policy (running text)."""
        kind = PolicedParagraph if policed else TaggedParagraph
        return kind(self.markup(text), style, tag=self.tag(role, parent, text))

    def plain(self, text: Text) -> str:
        """The text without markup, for outlines and metadata."""
        return plain(text.get(self.lang, self.report.source_language))

    def safe(self, text: Text) -> str:
        """The text without note references, as safe markup (cover, running heads)."""
        return to_paragraph_markup(typeset_characters(
            text.get(self.lang, self.report.source_language)))


def table_style(fonts: FontSet, *commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle whose cells use our font, so no standard-14 Helvetica sneaks in."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.regular), *commands])
