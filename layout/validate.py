"""Validate: loaded YAML trees -> a typed, frozen `Report`.

In: `RawContent` from `load`. Out: `model.Report`, or `ContentError` carrying every problem found
in one pass (unknown keys with a "did you mean", wrong types, empty or missing texts, unknown
languages, dangling actor and footnote references, duplicate ids, footnotes never cited).
Together with `load`, the only module that knows the YAML shape.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeGuard

from layout.diagnostics import ContentError, Diagnostic, Location, did_you_mean, known_list
from layout.load import MarkedList, MarkedMap, RawContent
from layout.markup import note_ids
from layout.model import (
    Actor,
    Agenda,
    AgendaRow,
    BackCover,
    Block,
    Box,
    Branch,
    BulletList,
    Chart,
    ChartSeries,
    Footnote,
    Image,
    ListEntry,
    NumberedList,
    Paragraph,
    PrintSettings,
    Quote,
    Report,
    Section,
    Text,
)

LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
IDENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FINGERPRINT_SUFFIX = "_src"
"""``es_src`` holds the fingerprint of the source text the ``es`` text was translated from."""

REPORT_KEYS = {
    "languages": True, "title": True, "subtitle": False, "series": False, "programme": False,
    "year": False, "author": False, "subject": False, "keywords": False, "running_title": False,
    "back_cover": False, "handout_intro": False, "sections": True, "print": False,
    "interface": False,
}
SHEETS = ("A4", "Letter")
SECTION_KEYS = {"id": True, "title": True, "numbered": False, "blocks": False, "sections": False}
BLOCK_KINDS = ("paragraph", "bullets", "numbered", "quote", "box", "agenda", "chart", "image")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".svg")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


class _Checker:
    """Collects diagnostics while converting marked trees into model values."""

    def __init__(self, languages: tuple[str, ...], root: Path | None = None) -> None:
        self.languages = languages
        self.root = root
        self.problems: list[Diagnostic] = []
        self.actor_ids: set[str] = set()
        self.cited: dict[str, list[tuple[Location, str]]] = {}
        self.citing = False
        """True while reading section texts, the only texts that may cite footnotes."""
        self.row_count = 0

    def error(self, where: Location, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(where, path, message, hint))

    # -- shapes -------------------------------------------------------------------------

    def mapping(self, value: Any, where: Location, path: str,
                what: str = "a mapping") -> TypeGuard[MarkedMap]:
        if isinstance(value, MarkedMap):
            return True
        self.error(where, path, f"expected {what}; got {_type_name(value)}")
        return False

    def sequence(self, value: Any, where: Location, path: str) -> TypeGuard[MarkedList]:
        if isinstance(value, MarkedList):
            return True
        self.error(where, path, f"expected a list; got {_type_name(value)}")
        return False

    def keys(self, node: MarkedMap, path: str, allowed: dict[str, bool]) -> None:
        for key in node:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}"
                self.error(node.key_where[key], _join(path, key), f"unknown key '{key}'", hint)
        for key, required in allowed.items():
            if required and key not in node:
                self.error(node.where, path, f"missing required key '{key}'")

    def string(self, node: MarkedMap, key: str, path: str) -> str | None:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value
        where = node.value_where.get(key, node.where)
        if isinstance(value, str):
            self.error(where, _join(path, key), "must not be empty")
        else:
            hint = "quote it: \"...\"" if isinstance(value, int | float | bool) else ""
            self.error(where, _join(path, key), f"expected a string; got {_type_name(value)}", hint)
        return None

    def ident(self, node: MarkedMap, key: str, path: str) -> str | None:
        value = self.string(node, key, path)
        if value is not None and not IDENT.match(value):
            self.error(
                node.value_where[key], _join(path, key), f"invalid id '{value}'",
                "use lowercase letters, digits and hyphens, e.g. 'civil-society'",
            )
            return None
        return value

    def text(self, value: Any, where: Location, path: str) -> Text | None:
        """A `{lang: text}` mapping; the source language is required."""
        source = self.languages[0] if self.languages else "en"
        if not isinstance(value, MarkedMap):
            hint = f'write it as {{{source}: "..."}}' if isinstance(value, str) else ""
            self.error(where, path, f"expected a text mapping such as {{{source}: ...}}; "
                       f"got {_type_name(value)}", hint)
            return None
        values: list[tuple[str, str]] = []
        prints: list[tuple[str, str]] = []
        for key, item in value.items():
            item_where = value.value_where[key]
            base = key.removesuffix(FINGERPRINT_SUFFIX)
            if base not in self.languages:
                hint = did_you_mean(base, self.languages) or (
                    f"languages of this report: {', '.join(self.languages)}")
                self.error(value.key_where[key], _join(path, key), f"unknown language '{key}'",
                           hint)
            elif not isinstance(item, str):
                self.error(item_where, _join(path, key),
                           f"expected a string; got {_type_name(item)}")
            elif key != base:
                prints.append((base, item))
            elif not item.strip():
                if key == source:
                    self.error(item_where, _join(path, key), "text must not be empty")
            else:
                self._check_characters(item, item_where, _join(path, key))
                values.append((key, " ".join(item.split())))
                for note in note_ids(item):
                    if self.citing:
                        self.cited.setdefault(note, []).append((item_where, _join(path, key)))
                    else:
                        self.error(item_where, _join(path, key),
                                   f"footnote reference '[^{note}]' outside the sections",
                                   "cite footnotes only in section texts (titles, blocks)")
        if source not in value and self.languages:
            self.error(value.where, path, f"missing the source-language text '{source}'")
            return None
        return Text(tuple(values), value.where, path, tuple(prints))

    def _check_characters(self, text: str, where: Location, path: str) -> None:
        match = _CONTROL.search(text)
        if match:
            code = f"U+{ord(match.group()):04X}"
            self.error(where, path, f"control character {code} at offset {match.start()}",
                       "delete it; use a new paragraph block for a new line")

    def text_at(self, node: MarkedMap, key: str, path: str) -> Text | None:
        if key not in node:
            return None
        return self.text(node[key], node.value_where[key], _join(path, key))

    def items(self, node: MarkedMap, key: str, path: str) -> list[tuple[Any, Location, str]]:
        """The items of list ``node[key]`` with their locations and key paths."""
        value = node.get(key)
        if key not in node or not self.sequence(value, node.value_where[key], _join(path, key)):
            return []
        return [(item, value.item_where[i], f"{_join(path, key)}[{i}]")
                for i, item in enumerate(value)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _empty(where: Location) -> Text:
    return Text((), where)


# -- blocks ---------------------------------------------------------------------------------


def _list_entries(check: _Checker, node: MarkedMap, key: str, path: str) -> tuple[ListEntry, ...]:
    entries = []
    for item, where, item_path in check.items(node, key, path):
        if isinstance(item, MarkedMap) and "text" in item:
            check.keys(item, item_path, {"text": True, "items": False})
            text = check.text_at(item, "text", item_path)
            children = [check.text(child, child_where, child_path)
                        for child, child_where, child_path in check.items(item, "items", item_path)]
            if text is not None:
                entries.append(ListEntry(text, tuple(c for c in children if c is not None)))
        else:
            text = check.text(item, where, item_path)
            if text is not None:
                entries.append(ListEntry(text))
    if key in node and not entries and isinstance(node.get(key), list):
        check.error(node.value_where[key], _join(path, key), "list must not be empty")
    return tuple(entries)


def _actor_refs(check: _Checker, node: MarkedMap, path: str) -> tuple[str, ...]:
    value = node.get("actor")
    where = node.value_where.get("actor", node.where)
    names = value if isinstance(value, list) else [value]
    refs = []
    for i, name in enumerate(names):
        item_path = _join(path, "actor") + (f"[{i}]" if isinstance(value, list) else "")
        item_where = value.item_where[i] if isinstance(value, MarkedList) else where
        if not isinstance(name, str):
            check.error(item_where, item_path,
                        f"expected an actor id or a list of ids; got {_type_name(name)}")
        elif name not in check.actor_ids:
            hint = did_you_mean(name, check.actor_ids) or known_list(check.actor_ids)
            check.error(item_where, item_path, f"unknown actor '{name}'", hint)
        else:
            refs.append(name)
    if isinstance(value, list) and not value:
        check.error(where, _join(path, "actor"), "list of actors must not be empty")
    return tuple(refs)


def _agenda(check: _Checker, node: Any, where: Location, path: str) -> Agenda | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, {"actor": True, "title": False, "items": True})
    actors = _actor_refs(check, node, path) if "actor" in node else ()
    title = check.text_at(node, "title", path)
    rows = []
    for item, item_where, item_path in check.items(node, "items", path):
        if not check.mapping(item, item_where, item_path, "an item with 'text'"):
            continue
        check.keys(item, item_path, {"text": True, "bullets": False, "actor": False})
        text = check.text_at(item, "text", item_path)
        bullets = [check.text(b, b_where, b_path)
                   for b, b_where, b_path in check.items(item, "bullets", item_path)]
        own = _actor_refs(check, item, item_path) if "actor" in item else actors
        if text is not None:
            rows.append(AgendaRow(check.row_count, text,
                                  tuple(b for b in bullets if b is not None), own, item_where))
            check.row_count += 1
    if "items" in node and not rows and isinstance(node.get("items"), list):
        check.error(node.value_where["items"], _join(path, "items"), "agenda has no items")
    return Agenda(actors, title, tuple(rows), where)


def _chart(check: _Checker, node: Any, where: Location, path: str) -> Chart | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, {"title": True, "categories": True, "series": True, "source": False})
    title = check.text_at(node, "title", path)
    categories = [check.text(item, item_where, item_path)
                  for item, item_where, item_path in check.items(node, "categories", path)]
    series = []
    for item, item_where, item_path in check.items(node, "series", path):
        if not check.mapping(item, item_where, item_path):
            continue
        check.keys(item, item_path, {"name": True, "values": True})
        name = check.text_at(item, "name", item_path)
        values = []
        for value, value_where, value_path in check.items(item, "values", item_path):
            if isinstance(value, bool) or not isinstance(value, int | float):
                check.error(value_where, value_path, f"expected a number; got {_type_name(value)}")
            elif value < 0:
                check.error(value_where, value_path, f"values must not be negative; got {value}")
            else:
                values.append(float(value))
        if len(values) != len(categories) and "values" in item:
            check.error(item.value_where["values"], _join(item_path, "values"),
                        f"expected {len(categories)} values, one per category; got {len(values)}")
        elif name is not None:
            series.append(ChartSeries(name, tuple(values)))
    if "series" in node and not series and not check.problems:
        check.error(node.value_where["series"], _join(path, "series"), "chart has no series")
    source = check.text_at(node, "source", path)
    if title is None or any(c is None for c in categories):
        return None
    return Chart(title, tuple(c for c in categories if c is not None), tuple(series), source,
                 where)


def _image(check: _Checker, node: Any, where: Location, path: str) -> Image | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, {"file": True, "alt": True, "caption": False, "width": False})
    name = check.string(node, "file", path) if "file" in node else None
    alt = check.text_at(node, "alt", path)
    caption = check.text_at(node, "caption", path)
    width = node.get("width")
    if width is not None and (isinstance(width, bool) or not isinstance(width, int | float)
                              or width <= 0):
        check.error(node.value_where["width"], _join(path, "width"),
                    f"expected a width in millimetres (a positive number); got {_type_name(width)}")
        width = None
    if name is None or alt is None:
        return None
    file_where, file_path = node.value_where["file"], _join(path, "file")
    resolved = _content_file(check, name, file_where, file_path)
    if resolved is None:
        return None
    return Image(name, alt, caption, float(width) if width else None, where, str(resolved))


def _content_file(check: _Checker, name: str, where: Location, path: str) -> Path | None:
    """``name`` resolved inside the content folder, or None after reporting why not."""
    root = (check.root or Path(".")).resolve()
    if Path(name).is_absolute():
        check.error(where, path, f"'{name}' is an absolute path",
                    "give the path relative to the content folder")
        return None
    target = (root / name).resolve()
    if not target.is_relative_to(root):
        check.error(where, path, f"'{name}' points outside the content folder",
                    "keep images inside the content folder (no '..', no links out)")
        return None
    if not target.is_file():
        check.error(where, path, f"file '{name}' not found in the content folder")
        return None
    if target.suffix.lower() not in IMAGE_TYPES:
        check.error(where, path, f"unsupported image type '{target.suffix}'",
                    f"use one of: {', '.join(IMAGE_TYPES)}")
        return None
    return target


def _box(check: _Checker, node: Any, where: Location, path: str) -> Box | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, {"title": True, "blocks": True})
    title = check.text_at(node, "title", path)
    blocks = _blocks(check, node, path)
    return Box(title, blocks, where) if title is not None else None


_MAPPING_BLOCKS: dict[str, Any] = {"box": _box, "agenda": _agenda, "chart": _chart,
                                   "image": _image}


def _block(check: _Checker, node: Any, where: Location, path: str) -> Block | None:
    if not check.mapping(node, where, path, "a block such as {paragraph: {en: ...}}"):
        return None
    if len(node) != 1:
        kinds = ", ".join(node) or "none"
        check.error(where, path, f"a block has exactly one key naming its kind; got {kinds}",
                    f"kinds: {', '.join(BLOCK_KINDS)}")
        return None
    kind, value = next(iter(node.items()))
    value_where, value_path = node.value_where[kind], _join(path, kind)
    match kind:
        case "paragraph":
            text = check.text(value, value_where, value_path)
            return Paragraph(text, where) if text else None
        case "quote":
            text = check.text(value, value_where, value_path)
            return Quote(text, where) if text else None
        case "bullets" | "numbered":
            entries = _list_entries(check, node, kind, path)
            return (BulletList if kind == "bullets" else NumberedList)(entries, where)
        case "box" | "agenda" | "chart" | "image":
            built = _MAPPING_BLOCKS[kind](check, value, value_where, value_path)
            # every block is located at its own "- kind:" line, as paragraphs are
            return None if built is None else replace(built, where=where)
    hint = did_you_mean(kind, BLOCK_KINDS) or f"kinds: {', '.join(BLOCK_KINDS)}"
    check.error(node.key_where[kind], path, f"unknown block kind '{kind}'", hint)
    return None


def _blocks(check: _Checker, node: MarkedMap, path: str) -> tuple[Block, ...]:
    blocks = [_block(check, item, where, item_path)
              for item, where, item_path in check.items(node, "blocks", path)]
    return tuple(b for b in blocks if b is not None)


# -- sections, actors, report ---------------------------------------------------------------


def _section(check: _Checker, node: Any, where: Location, path: str, top: bool,
             seen: dict[str, Location]) -> Section | None:
    if not check.mapping(node, where, path or "(file)", "a section mapping"):
        return None
    allowed = dict(SECTION_KEYS, footnotes=False) if top else SECTION_KEYS
    check.keys(node, path, allowed)
    ident = check.ident(node, "id", path) if "id" in node else None
    if ident is not None:
        if ident in seen:
            check.error(node.value_where["id"], _join(path, "id"), f"duplicate section id "
                        f"'{ident}'", f"first used at {seen[ident]}")
        seen[ident] = node.value_where["id"]
    title = check.text_at(node, "title", path)
    numbered = node.get("numbered", True)
    if not isinstance(numbered, bool):
        check.error(node.value_where["numbered"], _join(path, "numbered"),
                    f"expected true or false; got {_type_name(numbered)}")
        numbered = True
    blocks = _blocks(check, node, path)
    children = [_section(check, item, item_where, item_path, False, seen)
                for item, item_where, item_path in check.items(node, "sections", path)]
    if ident is None or title is None:
        return None
    return Section(ident, title, blocks, tuple(c for c in children if c is not None),
                   numbered, where)


def _footnotes(check: _Checker, node: MarkedMap, seen: dict[str, Footnote]) -> None:
    notes = node.get("footnotes")
    if "footnotes" not in node:
        return
    if not check.mapping(notes, node.value_where["footnotes"], "footnotes"):
        return
    for note_id, value in notes.items():
        path = f"footnotes.{note_id}"
        if not IDENT.match(note_id) and not re.fullmatch(r"[A-Za-z0-9_-]+", note_id):
            check.error(notes.key_where[note_id], path, f"invalid footnote id '{note_id}'",
                        "use letters, digits, '-' and '_'")
            continue
        if note_id in seen:
            check.error(notes.key_where[note_id], path, f"duplicate footnote id '{note_id}'",
                        f"first defined at {seen[note_id].where}")
            continue
        text = check.text(value, notes.value_where[note_id], path)
        if text is not None:
            seen[note_id] = Footnote(note_id, text, notes.key_where[note_id])


def _actors(check: _Checker, node: MarkedMap) -> tuple[tuple[Branch, ...], tuple[Actor, ...]]:
    check.keys(node, "", {"branches": False, "actors": True})
    branches: dict[str, Branch] = {}
    for item, where, path in check.items(node, "branches", ""):
        if check.mapping(item, where, path):
            check.keys(item, path, {"id": True, "name": True})
            ident, name = check.ident(item, "id", path), check.text_at(item, "name", path)
            if ident in branches:
                check.error(item.value_where["id"], _join(path, "id"),
                            f"duplicate branch id '{ident}'")
            elif ident and name:
                branches[ident] = Branch(ident, name)
    actors: dict[str, Actor] = {}
    for item, where, path in check.items(node, "actors", ""):
        if not check.mapping(item, where, path):
            continue
        check.keys(item, path, {"id": True, "name": True, "branch": False})
        ident, name = check.ident(item, "id", path), check.text_at(item, "name", path)
        branch = check.string(item, "branch", path) if "branch" in item else None
        if branch is not None and branch not in branches:
            hint = did_you_mean(branch, branches) or known_list(branches)
            check.error(item.value_where["branch"], _join(path, "branch"),
                        f"unknown branch '{branch}'", hint)
        if ident in actors or ident in branches:
            check.error(item.value_where["id"], _join(path, "id"), f"duplicate actor id '{ident}'")
        elif ident and name:
            actors[ident] = Actor(ident, name, branch)
    check.actor_ids = set(actors)
    return tuple(branches.values()), tuple(actors.values())


def _languages(check: _Checker, report: MarkedMap) -> tuple[str, ...]:
    value = report.get("languages")
    where = report.value_where.get("languages", report.where)
    if not isinstance(value, MarkedList) or not value:
        check.error(where, "languages", f"expected a list of language codes such as [en, es]; "
                    f"got {_type_name(value)}")
        return ()
    found: list[str] = []
    for i, code in enumerate(value):
        if not isinstance(code, str) or not LANGUAGE.match(code):
            check.error(value.item_where[i], f"languages[{i}]",
                        f"invalid language code {code!r}", "use a code such as 'en' or 'es'")
        elif code in found:
            check.error(value.item_where[i], f"languages[{i}]", f"duplicate language '{code}'")
        else:
            found.append(code)
    return tuple(found)


def _report_texts(check: _Checker, report: MarkedMap) -> dict[str, Text]:
    names = ("title", "subtitle", "series", "programme", "author", "subject", "keywords",
             "running_title")
    texts = {name: check.text_at(report, name, "") or _empty(report.where) for name in names}
    return texts


def _back_cover(check: _Checker, report: MarkedMap) -> BackCover:
    node = report.get("back_cover")
    keys = ("publisher", "motto", "note")
    if "back_cover" not in report or not check.mapping(
            node, report.value_where["back_cover"], "back_cover"):
        return BackCover(*(_empty(report.where) for _ in keys))
    check.keys(node, "back_cover", dict.fromkeys(keys, False))
    return BackCover(*(check.text_at(node, key, "back_cover") or _empty(node.where)
                       for key in keys))


def _interface(check: _Checker, report: MarkedMap) -> tuple[tuple[str, Text], ...]:
    from layout.strings import EN

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
            if set(re.findall(r"\{\w+\}", value)) != wanted:
                check.error(node.value_where[key], f"interface.{key}.{lang}",
                            f"expected the placeholders {', '.join(sorted(wanted)) or 'none'}",
                            f"for example: {EN[key]!r}")
        found.append((key, text))
    return tuple(found)


def _print_settings(check: _Checker, report: MarkedMap) -> PrintSettings:
    node = report.get("print")
    if "print" not in report or not check.mapping(node, report.value_where["print"], "print"):
        return PrintSettings()
    check.keys(node, "print", {"sheet": False, "marks": False, "bleed": False, "creep": False})
    sheet = node.get("sheet", "A4")
    if sheet not in SHEETS:
        check.error(node.value_where.get("sheet", node.where), "print.sheet",
                    f"unknown sheet {sheet!r}",
                    did_you_mean(str(sheet), SHEETS) or f"sheets: {', '.join(SHEETS)}")
        sheet = "A4"
    marks = node.get("marks", False)
    if not isinstance(marks, bool):
        check.error(node.value_where["marks"], "print.marks",
                    f"expected true or false; got {_type_name(marks)}")
        marks = False
    sizes = {}
    for key, limit in (("bleed", 10.0), ("creep", 2.0)):
        value = node.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                0 <= value <= limit):
            check.error(node.value_where[key], f"print.{key}",
                        f"expected millimetres between 0 and {limit:g}; got {_type_name(value)}")
            value = 0
        sizes[key] = float(value)
    return PrintSettings(str(sheet), marks, sizes["bleed"], sizes["creep"])


def to_report(raw: RawContent) -> Report:
    """Convert loaded content into a `Report`; raise `ContentError` with every problem found."""
    check = _Checker((), raw.root)
    check.keys(raw.report, "", REPORT_KEYS)
    check.languages = _languages(check, raw.report)
    if not check.languages:
        raise ContentError(check.problems)
    texts = _report_texts(check, raw.report)
    year = check.string(raw.report, "year", "") if "year" in raw.report else ""
    back = _back_cover(check, raw.report)
    intro = check.text_at(raw.report, "handout_intro", "")
    print_settings = _print_settings(check, raw.report)
    interface = _interface(check, raw.report)
    for name, where, path in check.items(raw.report, "sections", ""):
        if not isinstance(name, str):
            check.error(where, path, f"expected a section file name; got {_type_name(name)}")
    branches, actors = _actors(check, raw.actors)
    seen: dict[str, Location] = {}
    notes: dict[str, Footnote] = {}
    sections = []
    for _name, tree in raw.sections:
        check.citing = True
        section = _section(check, tree, tree.where, "", True, seen)
        check.citing = False
        _footnotes(check, tree, notes)
        if section is not None:
            sections.append(section)
    _check_citations(check, notes)
    if check.problems:
        raise ContentError(check.problems)
    return Report(
        languages=check.languages, year=year or "", back_cover=back, handout_intro=intro,
        branches=branches, actors=actors, sections=tuple(sections),
        footnotes=tuple(notes.values()), print_settings=print_settings, interface=interface,
        **texts,
    )


def _check_citations(check: _Checker, notes: dict[str, Footnote]) -> None:
    for note_id, places in check.cited.items():
        if note_id not in notes:
            for where, path in places:
                hint = did_you_mean(note_id, notes) or (known_list(notes) if notes else
                                                        "define it under 'footnotes:'")
                check.error(where, path, f"unknown footnote '[^{note_id}]'", hint)
    for note_id, note in notes.items():
        if note_id not in check.cited:
            check.error(note.where, f"footnotes.{note_id}",
                        f"footnote '{note_id}' is defined but never cited",
                        f"cite it in a text as [^{note_id}] or delete it")


