"""Shapes: the declared structure of the content files, shared by validation and JSON Schema.

In: nothing (declarations only). Out: `SHAPES`, every mapping of the content files as its keys
with a value type, whether it is required and a one-line description, and `BLOCKS`, the block
kinds. `validate` takes its allowed and required keys from here and `schema` turns the same
declarations into JSON Schema 2020-12, so the two cannot drift apart.
"""

from __future__ import annotations

from msgspec import Struct

from layout.content.model import OUTPUT_CONDITIONS
from layout.content.strings import EN
from layout.content.units import BLEED_MAX_MM, CREEP_MAX_MM

LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
"""The shape of a BCP 47 tag (`validate` checks the tag itself with langcodes)."""
IDENT_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
FOOTNOTE_PATTERN = r"^[A-Za-z0-9_-]+$"
FINGERPRINT_SUFFIX = "_src"
"""``es_src`` holds the fingerprint of the source text the ``es`` text was translated from."""
TEXT_KEY_PATTERN = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*(?:_src)?$"
"""Keys of a text mapping: a language code, or one with `FINGERPRINT_SUFFIX`."""
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
LOGO_TYPES = (".svg", ".png")
FONT_TYPES = (".ttf", ".otf")


class Kind(Struct, frozen=True):
    """A value type of the content; subclasses say which."""


class TextKind(Kind, frozen=True):
    """A translatable text: a mapping of language code (and ``<lang>_src``) to a string."""


class StringKind(Kind, frozen=True):
    """A non-empty string, optionally matching a pattern or one of some choices."""

    pattern: str = ""
    choices: tuple[str, ...] = ()


class BoolKind(Kind, frozen=True):
    """true or false."""


class NumberKind(Kind, frozen=True):
    """A number (not a boolean) within limits; ``above`` is an exclusive lower limit."""

    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None


class ListKind(Kind, frozen=True):
    """A list of values of one kind."""

    item: Kind
    min_items: int = 0
    max_items: int | None = None


class ShapeKind(Kind, frozen=True):
    """A mapping declared in `SHAPES` under ``name``."""

    name: str


class MapKind(Kind, frozen=True):
    """A mapping of free keys (matching ``key_pattern``) to values of one kind."""

    value: Kind
    key_pattern: str = ""


class EitherKind(Kind, frozen=True):
    """One of several kinds (an actor id or a list of them)."""

    options: tuple[Kind, ...]


class BlockKind(Kind, frozen=True):
    """A block: a mapping with exactly one key, a kind of `BLOCKS`."""


class Field(Struct, frozen=True):
    """One key of a mapping: its value type, whether it is required, what it means."""

    kind: Kind
    doc: str
    required: bool = False


TEXT = TextKind()
IDENT = StringKind(IDENT_PATTERN)
TEXTS = ListKind(TEXT)
CMYK = ListKind(NumberKind(0, 100), 4, 4)
LIST_ENTRY = EitherKind((TEXT, ShapeKind("list_item")))
"""A list entry: a text, or a text with sub-items."""

BLOCKS: dict[str, Field] = {
    "paragraph": Field(TEXT, "a paragraph of body text with *italic*, **bold** and [^note]"),
    "bullets": Field(ListKind(LIST_ENTRY, 1), "a bullet list"),
    "numbered": Field(ListKind(LIST_ENTRY, 1), "a numbered list"),
    "quote": Field(TEXT, "a pull quote, set apart from the text"),
    "box": Field(ShapeKind("box"), "a boxed note with a title"),
    "agenda": Field(ShapeKind("agenda"), "lettered action items for one or more actors"),
    "chart": Field(ShapeKind("chart"), "a bar chart drawn from the data"),
    "image": Field(ShapeKind("image"), "a PNG, JPEG or SVG image of the content folder"),
}
"""Block kinds: a block is ``{kind: value}`` with exactly one of these keys."""

SHAPES: dict[str, dict[str, Field]] = {
    "report": {
        "languages": Field(ListKind(StringKind(LANGUAGE_PATTERN), 1),
                           "language codes; the first is the source language", True),
        "title": Field(TEXT, "the report's title (cover, metadata)", True),
        "subtitle": Field(TEXT, "the subtitle under the title on the cover"),
        "series": Field(TEXT, "the series label on the cover and in the footers"),
        "programme": Field(TEXT, "the programme named at the foot of the cover"),
        "year": Field(StringKind(), "the year on the cover (a quoted string)"),
        "author": Field(TEXT, "the PDF's author"),
        "subject": Field(TEXT, "the PDF's subject"),
        "keywords": Field(TEXT, "the PDF's keywords"),
        "running_title": Field(TEXT, "running head where a chapter has none"),
        "back_cover": Field(ShapeKind("back_cover"), "the back cover's texts"),
        "handout_intro": Field(TEXT, "the paragraph that opens every handout"),
        "sections": Field(ListKind(StringKind(), 1), "section files in reading order", True),
        "print": Field(ShapeKind("print"), "settings of the print edition"),
        "interface": Field(ShapeKind("interface"), "the words the layout adds, per language"),
        "theme": Field(ShapeKind("theme"), "colours, fonts and logo; today's design if absent"),
        "imprint": Field(ShapeKind("imprint"), "publisher, edition, credits and licence, printed "
                         "on the inside front cover"),
    },
    "imprint": {
        "publisher": Field(TEXT, "who publishes the report"),
        "address": Field(TEXT, "the publisher's address"),
        "year": Field(StringKind(), "the year of this edition (a quoted string)"),
        "edition": Field(TEXT, "which edition this is"),
        "credits": Field(TEXT, "authors, editors, designers"),
        "licence": Field(TEXT, "the terms of reuse"),
        "disclaimer": Field(TEXT, "the publisher's disclaimer"),
    },
    "interface": {key: Field(TEXT, f"the interface word '{key}', e.g. {word!r}")
                  for key, word in EN.items()},
    "back_cover": {
        "publisher": Field(TEXT, "the publisher, at the foot of the back cover"),
        "motto": Field(TEXT, "the motto on the colour field"),
        "note": Field(TEXT, "the note at the top of the back cover"),
    },
    "print": {
        "sheet": Field(StringKind(choices=("A4", "Letter")), "sheet the booklet is imposed on"),
        "marks": Field(BoolKind(), "crop and fold marks"),
        "bleed": Field(NumberKind(0, BLEED_MAX_MM), "bleed around each page, in millimetres"),
        "creep": Field(NumberKind(0, CREEP_MAX_MM), "creep compensation per sheet, in mm"),
        "output_condition": Field(StringKind(choices=tuple(OUTPUT_CONDITIONS)),
                                  "the registered printing condition of the press files"),
        "chapter_start": Field(StringKind(choices=("any", "right")),
                               "chapters open on any page (default) or on right-hand pages"),
    },
    "theme": {
        "colors": Field(ShapeKind("theme_colors"), "CMYK colours, in percent, per role"),
        "fonts": Field(ShapeKind("theme_fonts"), "TrueType files of the text font"),
        "logo": Field(StringKind(), "an SVG or PNG file for the cover and back cover"),
    },
    "theme_colors": {
        "primary": Field(CMYK, "the report's main colour: cover field, headings, table heads"),
        "accent": Field(CMYK, "chapter numbers, agenda letters, bullets, the cover label"),
        "text": Field(CMYK, "body text, footnotes, running heads, chart labels"),
        "muted": Field(CMYK, "captions and page references"),
        "rule": Field(CMYK, "hairlines: table rules, the footnote and running-head rules"),
        "tint": Field(CMYK, "background of boxed notes"),
        "zebra": Field(CMYK, "background of every other agenda row"),
        "band_1": Field(CMYK, "cover: the first band under the colour field"),
        "band_2": Field(CMYK, "cover: the second band; also the third chart series"),
        "band_3": Field(CMYK, "cover: the third band"),
        "chart_4": Field(CMYK, "the fourth chart series"),
        "highlight": Field(CMYK, "proofs: behind texts that fall back to the source language"),
        "paper": Field(CMYK, "text on colour fields, table backgrounds (no ink by default)"),
    },
    "theme_fonts": {
        "regular": Field(StringKind(), "the upright face (a .ttf file)", True),
        "italic": Field(StringKind(), "the italic face", True),
        "bold": Field(StringKind(), "the bold face", True),
        "bold_italic": Field(StringKind(), "the bold italic face", True),
    },
    "actors": {
        "branches": Field(ListKind(ShapeKind("branch")), "groups of actors"),
        "actors": Field(ListKind(ShapeKind("actor")), "who is responsible for agenda items",
                        True),
    },
    "branch": {
        "id": Field(IDENT, "the id units name as their branch", True),
        "name": Field(TEXT, "the branch's name", True),
        "branch": Field(IDENT, "the actor or branch this branch is a unit of"),
        "contact": Field(ShapeKind("contact"), "who receives the branch's handout"),
    },
    "actor": {
        "id": Field(IDENT, "the id agenda tables refer to", True),
        "name": Field(TEXT, "the actor's name", True),
        "branch": Field(IDENT, "the actor or branch this actor is a unit of"),
        "contact": Field(ShapeKind("contact"), "who receives the actor's handout"),
    },
    "contact": {
        "name": Field(StringKind(), "the contact person's name"),
        "email": Field(StringKind(), "the e-mail address the handout goes to"),
    },
    "section": {
        "id": Field(IDENT, "a unique id (lowercase letters, digits, hyphens)", True),
        "title": Field(TEXT, "the heading", True),
        "numbered": Field(BoolKind(), "false for an unnumbered section (a presentation)"),
        "blocks": Field(ListKind(BlockKind()), "the section's blocks in reading order"),
        "sections": Field(ListKind(ShapeKind("section")), "sub-sections"),
    },
    "list_item": {
        "text": Field(TEXT, "the item's text", True),
        "items": Field(TEXTS, "sub-items"),
    },
    "box": {
        "title": Field(TEXT, "the box's title", True),
        "blocks": Field(ListKind(BlockKind()), "the box's blocks", True),
    },
    "agenda": {
        "actor": Field(EitherKind((IDENT, ListKind(IDENT, 1))), "actor id or ids", True),
        "title": Field(TEXT, "the heading; the actors' names if absent"),
        "items": Field(ListKind(ShapeKind("agenda_item"), 1), "the lettered items", True),
    },
    "agenda_item": {
        "text": Field(TEXT, "what is to be done", True),
        "bullets": Field(TEXTS, "details under the item"),
        "actor": Field(EitherKind((IDENT, ListKind(IDENT, 1))), "other actors than the table's"),
    },
    "chart": {
        "title": Field(TEXT, "the chart's title", True),
        "categories": Field(TEXTS, "the bars' labels", True),
        "series": Field(ListKind(ShapeKind("series"), 1), "the data series", True),
        "source": Field(TEXT, "the source line under the chart"),
        "alt": Field(TEXT, "what the chart shows, for a screen reader"),
    },
    "series": {
        "name": Field(TEXT, "the series' name (legend)", True),
        "values": Field(ListKind(NumberKind(0)), "one value per category", True),
    },
    "image": {
        "file": Field(StringKind(), "path inside the content folder", True),
        "alt": Field(TEXT, "the text a screen reader reads", True),
        "caption": Field(TEXT, "a caption under the image"),
        "width": Field(NumberKind(above=0), "width in millimetres; the text width if absent"),
    },
}
"""Every mapping of the content files, by name."""

SECTION_FILE_EXTRA = {
    "footnotes": Field(MapKind(TEXT, FOOTNOTE_PATTERN), "footnote texts by id, cited as [^id]"),
}
"""Keys a section file's top-level section has besides those of any section."""


def keys_of(name: str) -> dict[str, bool]:
    """The keys of shape ``name`` and whether each is required (for validation)."""
    return {key: spec.required for key, spec in SHAPES[name].items()}
