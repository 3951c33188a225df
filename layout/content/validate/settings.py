"""Validate the report-level settings of `report.yaml`: languages, metadata texts, back cover,
interface words and print settings.

In: the marked tree of report.yaml. Out: plain values and `Text`s for `Report`.
"""

from __future__ import annotations

import math
import re

from layout.content.load import MarkedList, MarkedMap
from layout.content.model import (
    BLEED_MAX_MM,
    CREEP_MAX_MM,
    OUTPUT_CONDITIONS,
    BackCover,
    Imprint,
    PrintSettings,
    Text,
)
from layout.content.validate.checker import LANGUAGE, Checker, empty_text, type_name
from layout.diagnostics import Location, did_you_mean

SHEETS = ("A4", "Letter")
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
        if not isinstance(code, str) or not LANGUAGE.match(code):
            check.error(value.item_where[i], f"languages[{i}]",
                        f"invalid language code {value.item_where[i].written or repr(code)}",
                        "use a code such as 'en' or 'es'")
        elif code in found:
            check.error(value.item_where[i], f"languages[{i}]", f"duplicate language '{code}'")
        else:
            found.append(code)
    return tuple(found)


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
    check.keys(node, "back_cover", dict.fromkeys(keys, False))
    return BackCover(*(check.text_at(node, key, "back_cover") or empty_text(node.where)
                       for key in keys))


def _check_hyphenation(check: Checker, text: Text, where: Location) -> None:
    """Each language's hyphenation must name a dictionary pyphen has."""
    import pyphen  # type: ignore[import-untyped]

    for lang, value in text.values:
        if pyphen.language_fallback(value) is None:
            check.error(where, f"interface.hyphenation.{lang}",
                        f"no hyphenation dictionary for '{value}'",
                        did_you_mean(value, pyphen.LANGUAGES) or "use a code such as 'en_US', "
                        "'es' or 'fr'")


def read_interface(check: Checker, report: MarkedMap) -> tuple[tuple[str, Text], ...]:
    """Interface words the content overrides, their placeholders checked."""
    from layout.content.strings import EN

    node = report.get("interface")
    if "interface" not in report or not check.mapping(
            node, report.value_where["interface"], "interface"):
        return ()
    check.keys(node, "interface", dict.fromkeys(EN, False))
    found = []
    for key in node:
        text = check.text_at(node, key, "interface") if key in EN else None
        if text is None:
            continue
        wanted = set(re.findall(r"\{\w+\}", EN[key]))
        for lang, value in text.values:
            if key == "note_call" and value not in NOTE_CALLS:
                check.error(node.value_where[key], f"interface.{key}.{lang}",
                            f"expected 'after' or 'before'; got {value!r}",
                            "where a footnote reference goes against punctuation")
            if set(re.findall(r"\{\w+\}", value)) != wanted:
                check.error(node.value_where[key], f"interface.{key}.{lang}",
                            f"expected the placeholders {', '.join(sorted(wanted)) or 'none'}",
                            f"for example: {EN[key]!r}")
        if key == "hyphenation":
            _check_hyphenation(check, text, node.value_where[key])
        found.append((key, text))
    return tuple(found)


def read_print_settings(check: Checker, report: MarkedMap) -> PrintSettings:
    """The print edition's settings, each checked against its range."""
    node = report.get("print")
    if "print" not in report or not check.mapping(node, report.value_where["print"], "print"):
        return PrintSettings()
    check.keys(node, "print", {"sheet": False, "marks": False, "bleed": False, "creep": False,
                               "output_condition": False, "chapter_start": False})
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
    check.keys(node, "imprint", dict.fromkeys((*IMPRINT_TEXTS, "year"), False))
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
