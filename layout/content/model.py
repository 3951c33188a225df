"""The report model: typed, frozen values that every stage after `validate` works on.

`validate.to_report` builds it from the loaded YAML; nothing downstream sees YAML. Every node
keeps `where` (its file:line:col) so later stages can point back at the content. Translatable
strings are `Text` values holding every language; `Text.get` picks one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from msgspec import Struct, field

from layout.content.units import PRESS_BLEED_MM
from layout.diagnostics import Location


class Text(Struct, frozen=True):
    """A translatable string: language code -> text, written in the content's inline markup."""

    values: tuple[tuple[str, str], ...]
    """(language, text) pairs in the order they were written."""
    where: Location
    """Where the mapping starts in its file."""
    path: str = ""
    """Key path of the mapping, e.g. ``sections[1].blocks[0].paragraph``."""
    fingerprints: tuple[tuple[str, str], ...] = ()
    """(language, fingerprint of the source text it was translated from)."""
    ident: str = ""
    """Stable identity for translators' files (the PO ``msgctxt``): the section id and the
    text's role in it (``economic-scenario/paragraph``), an author's block id
    (``economic-scenario#unrest``), ``[^note]``, ``actors.yaml/ceplan`` or
    ``report.yaml/title``. Unlike ``path`` it does not change when blocks are inserted,
    moved or deleted around the text; with the source text it identifies the text."""

    def get(self, lang: str, fallback: str = "") -> str:
        """The text in ``lang``, else in ``fallback`` (the source language), else ``""``."""
        found = dict(self.values)
        return found.get(lang) or found.get(fallback, "")

    def has(self, lang: str) -> bool:
        """True when a non-empty text exists for ``lang``."""
        return bool(dict(self.values).get(lang))


class Paragraph(Struct, frozen=True):
    """A paragraph of body text."""

    text: Text
    where: Location


class ListEntry(Struct, frozen=True):
    """One entry of a bullet or numbered list, with optional sub-items."""

    text: Text
    children: tuple[Text, ...] = ()


class BulletList(Struct, frozen=True):
    """A bullet list."""

    entries: tuple[ListEntry, ...]
    where: Location


class NumberedList(Struct, frozen=True):
    """A numbered list (1, 2, 3); sub-items are lettered a, b, c."""

    entries: tuple[ListEntry, ...]
    where: Location


class Quote(Struct, frozen=True):
    """A pull quote: a sentence from the text set apart to catch the eye."""

    text: Text
    where: Location


class Box(Struct, frozen=True):
    """A boxed note: a title and its own blocks, never split across pages."""

    title: Text
    blocks: tuple[Block, ...]
    where: Location


class AgendaRow(Struct, frozen=True):
    """One lettered action item of the critical agenda."""

    index: int
    """Position in the whole agenda, from 0; the letter is computed from it by `number`."""
    text: Text
    bullets: tuple[Text, ...]
    actors: tuple[str, ...]
    """Ids of the actors responsible (an item can belong to several)."""
    where: Location


class Agenda(Struct, frozen=True):
    """A table of agenda items addressed to one or more actors."""

    actors: tuple[str, ...]
    title: Text | None
    rows: tuple[AgendaRow, ...]
    where: Location


class ChartSeries(Struct, frozen=True):
    """One series of a bar chart: a name and one value per category."""

    name: Text
    values: tuple[float, ...]


class Chart(Struct, frozen=True):
    """A bar chart drawn as vector graphics; its data lives in the content."""

    title: Text
    categories: tuple[Text, ...]
    series: tuple[ChartSeries, ...]
    source: Text | None
    where: Location
    alt: Text | None = None
    """What the chart says, for readers who cannot see it (default: made from its data)."""


class Image(Struct, frozen=True):
    """A picture from the content folder (PNG, JPEG or SVG), with alternative text and a
    caption."""

    file: str
    """Path relative to the content folder, checked to stay inside it."""
    alt: Text
    caption: Text | None
    width_mm: float | None
    where: Location
    path: str = ""
    """Absolute path of the file, resolved at validation."""
    data: bytes = b""
    """The file's bytes, read and checked at validation (an SVG with its references
    confined and its raster images inlined): compose reads no file."""

    def __repr__(self) -> str:  # without the bytes
        return f"Image(file={self.file!r}, path={self.path!r}, {len(self.data)} bytes)"


Block = Paragraph | BulletList | NumberedList | Quote | Box | Agenda | Chart | Image


class Section(Struct, frozen=True):
    """A section (chapter) or subsection; top-level numbered sections get 1, 2, 3."""

    id: str
    title: Text
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...] = ()
    numbered: bool = True
    where: Location = field(default_factory=lambda: Location(""))


class Footnote(Struct, frozen=True):
    """A footnote, defined once and cited from text as ``[^id]``."""

    id: str
    text: Text
    where: Location


class Contact(Struct, frozen=True):
    """Who receives a handout: a contact person and an e-mail address (either may be absent)."""

    name: str | None = None
    """The contact person's name, as written (not translated)."""
    email: str | None = None
    """A checked e-mail address."""


class Unit(Struct, frozen=True):
    """An actor or a branch: what agenda items and handouts are addressed to."""

    id: str
    name: Text
    branch: str | None = None
    """The actor or branch this unit belongs to, if any (the Prime Minister's Office's
    secretariats name it; it names the Executive Branch): its handout gathers theirs."""
    contact: Contact | None = None


class Branch(Unit, frozen=True):
    """A group of actors (the Executive Branch's units)."""


class Actor(Unit, frozen=True):
    """Someone responsible for agenda items."""


class BackCover(Struct, frozen=True):
    """The back cover's texts."""

    publisher: Text
    motto: Text
    note: Text


OUTPUT_CONDITIONS: dict[str, str] = {
    "FOGRA39": "Coated FOGRA39 (ISO 12647-2:2004)",
    "FOGRA51": "PSO Coated v3 (ISO 12647-2:2013, FOGRA51)",
    "FOGRA52": "PSO Uncoated v3 (ISO 12647-2:2013, FOGRA52)",
    "FOGRA29": "Uncoated FOGRA29 (ISO 12647-2:2004)",
    "FOGRA27": "Coated FOGRA27 (ISO 12647-2:2004)",
    "CGATS21-2-CRPC6": "GRACoL 2013 coated (CGATS 21-2, CRPC6)",
    "CGATS TR 001": "SWOP coated web offset (CGATS TR 001)",
    "JC200103": "Japan Color 2001 Coated",
}
"""Printing conditions of the ICC characterization registry a press file may name, with the
description written into its output intent."""


class PrintSettings(Struct, frozen=True):
    """How the print shop wants the imposed edition (content/report.yaml ``print:``)."""

    sheet: str = "A4"
    """Sheet the booklet is imposed on, landscape: "A4" (A5 pages) or "Letter" (half-letter)."""
    marks: bool = False
    """Crop and fold marks outside the trimmed sheet."""
    bleed_mm: float = 0.0
    """Bleed around each page, in millimetres (3 is usual when marks are on)."""
    creep_mm: float = 0.0
    """Creep compensation per sheet, in millimetres, for thick booklets."""
    output_condition: str = "FOGRA39"
    """The registered printing condition the press files are made for (`OUTPUT_CONDITIONS`)."""
    chapter_start: str = "any"
    """Where chapters open: "any" (the next page) or "right" (the next right-hand page)."""

    @property
    def press_bleed_mm(self) -> float:
        """The press edition's bleed: the print bleed, or 3 mm when that is 0."""
        return self.bleed_mm or PRESS_BLEED_MM


class ContentFile(Struct, frozen=True):
    """A file of the content folder that the design uses (a font face, a logo); its bytes,
    not its name, are part of the build keys."""

    name: str
    """The path as written in the content, relative to the content folder."""
    path: str
    """The resolved path, inside the content folder."""
    where: Location


class Theme(Struct, frozen=True):
    """The report's design from content (report.yaml ``theme:``); empty means today's design."""

    colors: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()
    """(role, CMYK in percent) for the roles the content sets; other roles keep their colour."""
    fonts: tuple[tuple[str, ContentFile], ...] = ()
    """(face, TrueType file) for regular, italic, bold and bold_italic; empty: Source Sans Pro."""
    logo: ContentFile | None = None
    """An SVG or PNG drawn on the cover and the back cover."""


class Imprint(Struct, frozen=True):
    """Who publishes the report and under what terms, printed on the inside front cover."""

    publisher: Text | None = None
    address: Text | None = None
    year: str = ""
    edition: Text | None = None
    credits: Text | None = None
    licence: Text | None = None
    disclaimer: Text | None = None


class Report(Struct, frozen=True, dict=True):  # dict: for cached properties
    """The whole report: metadata, actors, sections in reading order, footnotes."""

    languages: tuple[str, ...]
    """Languages of the content; the first is the source language."""
    title: Text
    subtitle: Text
    series: Text
    programme: Text
    year: str
    author: Text
    subject: Text
    keywords: Text
    running_title: Text
    back_cover: BackCover
    handout_intro: Text | None
    branches: tuple[Branch, ...]
    actors: tuple[Actor, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    print_settings: PrintSettings = field(default_factory=PrintSettings)
    imprint: Imprint | None = None
    """The imprint (``imprint:``), or None for a booklet without one."""
    interface: tuple[tuple[str, Text], ...] = ()
    """Interface words given by the content (``interface:``), overriding layout/strings.py:
    how a language without a table there gets its "Contents", "Notes" ... by content alone."""
    theme: Theme = field(default_factory=Theme)
    """Colours, fonts and logo from the content."""
    languages_where: tuple[Location, ...] = ()
    """Where each language is named in report.yaml's ``languages:`` (for warnings about it)."""

    @property
    def source_language(self) -> str:
        """The language every translation is made from."""
        return self.languages[0]

    @functools.cached_property
    def actor_names(self) -> dict[str, Text]:
        """Each actor's name by id, made once (every agenda table's title looks its actors
        up, in thousands of handouts)."""
        return {actor.id: actor.name for actor in self.actors}


def iter_texts(value: object) -> Iterator[Text]:
    """Every `Text` inside a model value, in reading order (fields in declaration order)."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from iter_texts(item)
    elif isinstance(value, Struct):
        for name in value.__struct_fields__:
            yield from iter_texts(getattr(value, name))


def iter_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    """Every section and subsection, depth first, in reading order."""
    for section in sections:
        yield section
        yield from iter_sections(section.sections)


def iter_rows(sections: tuple[Section, ...]) -> Iterator[AgendaRow]:
    """Every agenda row of the report, in reading order."""
    for section in iter_sections(sections):
        for block in section.blocks:
            if isinstance(block, Agenda):
                yield from block.rows
