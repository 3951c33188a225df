"""Validate the report-level settings of `report.yaml`: languages, metadata texts, back cover,
interface words and print settings.

In: the marked tree of report.yaml. Out: plain values and `Text`s for `Report`.
"""

from __future__ import annotations

import math
import re

import pyphen  # type: ignore[import-untyped]

from layout.content.load import MarkedList, MarkedMap
from layout.content.model import (
    OUTPUT_CONDITIONS,
    BackCover,
    Imprint,
    PrintSettings,
    Text,
)
from layout.content.shapes import SHAPES, keys_of
from layout.content.strings import EN, TABLES, hyphenation_dictionary
from layout.content.units import BLEED_MAX_MM, CREEP_MAX_MM
from layout.content.validate.checker import Checker, empty_text, type_name
from layout.diagnostics import Location, did_you_mean

_PLACEHOLDER = re.compile(r"\{\w+\}")

SHEETS = SHAPES["print"]["sheet"].kind.choices  # type: ignore[attr-defined]
CHAPTER_STARTS = ("any", "right")
NOTE_CALLS = ("after", "before")
IMPRINT_TEXTS = ("publisher", "address", "edition", "credits", "licence", "disclaimer")


def read_languages(check: Checker, report: MarkedMap) -> tuple[str, ...]:
    """The report's language codes, the source language first."""
    value = report.get("languages")
    where = report.value_where.get("languages", report.where)
    if not isinstance(value, MarkedList) or not value:
        check.error(where, "languages", f"expected a list of language codes such as [en, es]; "
                    f"got {type_name(value, where)}")
        return ()
    found: list[str] = []
    for i, code in enumerate(value):
        problem = language_problem(code)
        if problem and not isinstance(code, str):  # a YAML 1.1 value: show it as written
            problem = (f"invalid language tag {value.item_where[i].written or repr(code)}",
                       problem[1])
        if problem:
            check.error(value.item_where[i], f"languages[{i}]", *problem)
        elif code in found:
            check.error(value.item_where[i], f"languages[{i}]", f"duplicate language '{code}'")
        else:
            found.append(code)
    return tuple(found)


def language_problem(code: object) -> tuple[str, str] | None:
    """(message, hint) unless ``code`` is a valid BCP 47 tag in its standard form."""
    example = "use a BCP 47 language tag such as 'es', 'es-419', 'pt-BR' or 'qu'"
    if not isinstance(code, str) or not code:
        return f"invalid language tag {code!r}", example
    if code in TABLES:
        return None  # a language the layout has its own words for: a valid tag as it is
    import langcodes  # its data tables take about 20 ms to load: only for other tags

    try:
        standard = langcodes.standardize_tag(code) if langcodes.tag_is_valid(code) else ""
    except ValueError:
        standard = ""
    if not standard:
        return f"invalid language tag '{code}'", example
    if standard != code:
        return f"language tag '{code}' is not in its standard form", f"write '{standard}'"
    return None


def read_texts(check: Checker, report: MarkedMap) -> dict[str, Text]:
    """The report's metadata texts; absent ones are empty."""
    names = ("title", "subtitle", "series", "programme", "author", "subject", "keywords",
             "running_title")
    texts = {name: check.text_at(report, name, "") or empty_text(report.where) for name in names}
    return texts


def read_back_cover(check: Checker, report: MarkedMap) -> BackCover:
    """The back cover's texts; absent ones are empty."""
    node = report.get("back_cover")
    keys = ("publisher", "motto", "note")
    if "back_cover" not in report or not check.mapping(
            node, report.value_where["back_cover"], "back_cover"):
        return BackCover(*(empty_text(report.where) for _ in keys))
    check.keys(node, "back_cover", keys_of("back_cover"))
    return BackCover(*(check.text_at(node, key, "back_cover") or empty_text(node.where)
                       for key in keys))


def read_interface(check: Checker, report: MarkedMap) -> tuple[tuple[str, Text], ...]:
    """Interface words the content overrides, their placeholders checked."""
    node = report.get("interface")
    if "interface" not in report or not check.mapping(
            node, report.value_where["interface"], "interface"):
        return ()
    check.keys(node, "interface", keys_of("interface"))
    found = []
    check.markup = False  # interface words print as written: no markup, no footnotes
    for key in node:
        text = check.text_at(node, key, "interface") if key in EN else None
        if text is None:
            continue
        for lang, value in text.values:
            problem = interface_problem(key, value)
            if problem:
                check.error(node.value_where[key], f"interface.{key}.{lang}", *problem)
        found.append((key, text))
    check.markup = True
    return tuple(found)


def interface_problem(key: str, value: str) -> tuple[str, str] | None:
    """(message, hint) when interface word ``key`` cannot be ``value``: placeholders other
    than the English ones, a stray brace, or a setting that is not a language tag, a
    hyphenation dictionary or a note-call position."""
    if key == "lang_tag":
        return language_problem(value)
    if key == "note_call":
        if value in NOTE_CALLS:
            return None
        return (f"expected 'after' or 'before'; got {value!r}",
                "where a footnote reference goes against punctuation")
    if key == "hyphenation":
        if hyphenation_dictionary(value) or value == "none":
            return None
        return (f"no hyphenation dictionary for '{value}'",
                did_you_mean(value, pyphen.LANGUAGES) or "name a pyphen dictionary such as "
                "'es', 'en_US' or 'pt_BR', or 'none'")
    wanted = set(_PLACEHOLDER.findall(EN[key]))
    if set(_PLACEHOLDER.findall(value)) != wanted:
        return (f"expected the placeholders {', '.join(sorted(wanted)) or 'none'}",
                f"for example: {EN[key]!r}")
    stray = next((c for c in _PLACEHOLDER.sub("", value) if c in "{}"), "")
    if stray:
        return (f"stray '{stray}': braces are only for the placeholders "
                f"{', '.join(sorted(wanted)) or '(none here)'}", f"for example: {EN[key]!r}")
    return None


def read_print_settings(check: Checker, report: MarkedMap) -> PrintSettings:
    """The print edition's settings, each checked against its range."""
    node = report.get("print")
    if "print" not in report or not check.mapping(node, report.value_where["print"], "print"):
        return PrintSettings()
    check.keys(node, "print", keys_of("print"))
    sheet = node.get("sheet", "A4")
    if sheet not in SHEETS:
        sheet_where = node.value_where.get("sheet", node.where)
        check.error(sheet_where, "print.sheet",
                    f"unknown sheet {sheet_where.written or repr(sheet)}",
                    did_you_mean(str(sheet), SHEETS) or f"sheets: {', '.join(SHEETS)}")
        sheet = "A4"
    marks = node.get("marks", False)
    if not isinstance(marks, bool):
        check.error(node.value_where["marks"], "print.marks",
                    f"expected true or false; got {type_name(marks, node.value_where['marks'])}")
        marks = False
    sizes = {}
    for key, limit in (("bleed", BLEED_MAX_MM), ("creep", CREEP_MAX_MM)):
        value = node.get(key, 0)
        problem = millimetres_problem(value, limit, node.value_where.get(key))
        if problem:
            check.error(node.value_where[key], f"print.{key}", problem)
            value = 0
        sizes[key] = float(value)
    condition = node.get("output_condition", "FOGRA39")
    if condition not in OUTPUT_CONDITIONS:
        check.error(node.value_where.get("output_condition", node.where),
                    "print.output_condition", f"unknown printing condition {condition!r}",
                    did_you_mean(str(condition), OUTPUT_CONDITIONS)
                    or f"registered conditions: {', '.join(OUTPUT_CONDITIONS)}")
        condition = "FOGRA39"
    start = node.get("chapter_start", "any")
    if start not in CHAPTER_STARTS:
        check.error(node.value_where["chapter_start"], "print.chapter_start",
                    f"expected one of 'any', 'right'; got {start!r}",
                    did_you_mean(str(start), CHAPTER_STARTS)
                    or "'any' opens a chapter on the next page, 'right' on a right-hand page")
        start = "any"
    return PrintSettings(str(sheet), marks, sizes["bleed"], sizes["creep"],
                         output_condition=str(condition), chapter_start=str(start))


def read_imprint(check: Checker, report: MarkedMap) -> Imprint | None:
    """The imprint's texts and year, or None when report.yaml has no ``imprint:``."""
    node = report.get("imprint")
    if "imprint" not in report or not check.mapping(
            node, report.value_where["imprint"], "imprint"):
        return None
    check.keys(node, "imprint", keys_of("imprint"))
    texts = {key: check.text_at(node, key, "imprint") for key in IMPRINT_TEXTS if key in node}
    year = check.string(node, "year", "imprint") if "year" in node else ""
    return Imprint(year=year or "", **texts)


def millimetres_problem(value: object, limit: float, where: Location | None = None
                        ) -> str | None:
    """Why ``value`` is not a length in millimetres from 0 to ``limit`` (None when it is);
    the command line words its --bleed and --creep errors with it too. ``where`` is the
    value's place in the content, so it is shown as written."""
    if (isinstance(value, bool) or not isinstance(value, int | float)
            or not (math.isfinite(value) and 0 <= value <= limit)):
        return f"expected millimetres between 0 and {limit:g}; got {type_name(value, where)}"
    return None
