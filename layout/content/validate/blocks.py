"""Validate sections and their blocks: paragraphs, lists, quotes, boxes, agendas, charts, images.

In: a section file's marked tree and the `Checker`. Out: `Section` values with their blocks, and
the file's footnotes; every problem goes to the checker.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from layout.content.images import read_image
from layout.content.load import MarkedList, MarkedMap
from layout.content.model import (
    Agenda,
    AgendaRow,
    Block,
    Box,
    BulletList,
    Chart,
    ChartSeries,
    Footnote,
    Image,
    ListEntry,
    NumberedList,
    Paragraph,
    Quote,
    Section,
)
from layout.content.shapes import (
    BLOCKS,
    FOOTNOTE_PATTERN,
    IMAGE_TYPES,
    SECTION_FILE_EXTRA,
    keys_of,
)
from layout.content.sources import SourceError
from layout.content.validate.checker import Checker, join_path, type_name
from layout.content.validate.texts import Scope
from layout.diagnostics import Location, did_you_mean, known_list

SECTION_KEYS = keys_of("section")
TOP_SECTION_KEYS = dict(SECTION_KEYS, **{k: f.required for k, f in SECTION_FILE_EXTRA.items()})
BLOCK_KINDS = tuple(BLOCKS)


def _list_entries(check: Checker, node: MarkedMap, key: str, path: str) -> tuple[ListEntry, ...]:
    entries = []
    for item, where, item_path in check.items(node, key, path):
        if isinstance(item, MarkedMap) and "text" in item:
            check.keys(item, item_path, keys_of("list_item"))
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
        check.error(node.value_where[key], join_path(path, key), "list must not be empty")
    return tuple(entries)


def _actor_refs(check: Checker, node: MarkedMap, path: str) -> tuple[str, ...]:
    value = node.get("actor")
    where = node.value_where.get("actor", node.where)
    names = value if isinstance(value, list) else [value]
    refs = []
    for i, name in enumerate(names):
        item_path = join_path(path, "actor") + (f"[{i}]" if isinstance(value, list) else "")
        item_where = value.item_where[i] if isinstance(value, MarkedList) else where
        if not isinstance(name, str):
            check.error(item_where, item_path,
                        f"expected an actor id or a list of ids; got {type_name(name, item_where)}")
        elif name not in check.actor_ids:
            hint = did_you_mean(name, check.actor_ids) or known_list(check.actor_ids)
            check.error(item_where, item_path, f"unknown actor '{name}'", hint)
        else:
            refs.append(name)
    if isinstance(value, list) and not value:
        check.error(where, join_path(path, "actor"), "list of actors must not be empty")
    return tuple(refs)


def _agenda(check: Checker, node: Any, where: Location, path: str) -> Agenda | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, keys_of("agenda"))
    actors = _actor_refs(check, node, path) if "actor" in node else ()
    title = check.text_at(node, "title", path)
    rows = []
    for item, item_where, item_path in check.items(node, "items", path):
        if not check.mapping(item, item_where, item_path, "an item with 'text'"):
            continue
        check.keys(item, item_path, keys_of("agenda_item"))
        text = check.text_at(item, "text", item_path)
        bullets = [check.text(b, b_where, b_path)
                   for b, b_where, b_path in check.items(item, "bullets", item_path)]
        own = _actor_refs(check, item, item_path) if "actor" in item else actors
        if text is not None:
            rows.append(AgendaRow(check.row_count, text,
                                  tuple(b for b in bullets if b is not None), own, item_where))
            check.row_count += 1
    if "items" in node and not rows and isinstance(node.get("items"), list):
        check.error(node.value_where["items"], join_path(path, "items"), "agenda has no items")
    return Agenda(actors, title, tuple(rows), where)


def _chart(check: Checker, node: Any, where: Location, path: str) -> Chart | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, keys_of("chart"))
    title = check.text_at(node, "title", path)
    check.unprinted = ("a chart label", "cite it in the chart's title or source")
    categories = [check.text(item, item_where, item_path)
                  for item, item_where, item_path in check.items(node, "categories", path)]
    series = []
    for item, item_where, item_path in check.items(node, "series", path):
        if not check.mapping(item, item_where, item_path):
            continue
        check.keys(item, item_path, keys_of("series"))
        name = check.text_at(item, "name", item_path)
        values = []
        for value, value_where, value_path in check.items(item, "values", item_path):
            if isinstance(value, bool) or not isinstance(value, int | float) or (
                    not math.isfinite(value)):
                check.error(value_where, value_path,
                            f"expected a number; got {type_name(value, value_where)}")
            elif value < 0:
                check.error(value_where, value_path, f"values must not be negative; got {value}")
            else:
                values.append(float(value))
        if len(values) != len(categories) and "values" in item:
            check.error(item.value_where["values"], join_path(item_path, "values"),
                        f"expected {len(categories)} values, one per category; got {len(values)}")
        elif name is not None:
            series.append(ChartSeries(name, tuple(values)))
    if "series" in node and not series and not check.problems:
        check.error(node.value_where["series"], join_path(path, "series"), "chart has no series")
    check.unprinted = ("", "")
    source = check.text_at(node, "source", path)
    alt = check.text_at(node, "alt", path)
    if title is None or any(c is None for c in categories):
        return None
    return Chart(title, tuple(c for c in categories if c is not None), tuple(series), source,
                 where, alt)


def _image(check: Checker, node: Any, where: Location, path: str,
           block_where: Location | None = None) -> Image | None:
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, keys_of("image"))
    name = check.string(node, "file", path) if "file" in node else None
    check.unprinted = ("an image's alternative text", "cite it in the caption")
    alt = check.text_at(node, "alt", path)
    check.unprinted = ("", "")
    caption = check.text_at(node, "caption", path)
    width = node.get("width")
    if width is not None and (isinstance(width, bool) or not isinstance(width, int | float)
                              or not math.isfinite(width) or width <= 0):
        width_where = node.value_where["width"]
        check.error(width_where, join_path(path, "width"), "expected a width in millimetres "
                    f"(a positive number); got {type_name(width, width_where)}")
        width = None
    if name is None or alt is None:
        return None
    file_where, file_path = node.value_where["file"], join_path(path, "file")
    found = content_file(check, name, (file_where, block_where or where), file_path)
    if found is None:
        return None
    resolved, data = found
    return Image(name, alt, caption, float(width) if width else None, where, str(resolved), data)


def content_file(check: Checker, name: str, places: tuple[Location, Location], path: str,
                 types: tuple[str, ...] = IMAGE_TYPES, what: str = "image",
                 read: Callable[[Path, Path], bytes] = read_image) -> tuple[Path, bytes] | None:
    """``name`` inside the content folder and its checked bytes (``read``: `images.read_image`
    for images), or None after reporting why not: a bad name at its own line, a file that
    cannot be read or printed at its block's line."""
    root = check.root or Path(".")
    where, block_where = places
    normal = os.path.normpath(name)
    if Path(name).is_absolute() or "\0" in name:
        check.error(where, path, f"'{name}' is an absolute path",
                    "give the path relative to the content folder")
        return None
    if normal == ".." or normal.startswith(("../", "..\\")):
        check.error(where, path, f"'{name}' points outside the content folder",
                    f"keep {what}s inside the content folder (no '..', no links out)")
        return None
    suffix = Path(name).suffix
    if suffix.lower() not in types:
        check.error(where, path, f"unsupported {what} type '{suffix}'",
                    f"use one of: {', '.join(types)}")
        return None
    try:
        data = read(root, root / name)
    except SourceError as error:
        if error.message == "file not found":
            check.error(where, path, f"file '{name}' not found in the content folder")
        else:
            check.error(where if error.of_path else block_where, path,
                        f"cannot read {what} '{name}': it {error.message}", error.hint)
        return None
    return (root / name).resolve(), data


MAX_BOX_DEPTH = 5
"""Boxes inside boxes deeper than this leave no room for text in an A5 column."""


def _box(check: Checker, node: Any, where: Location, path: str) -> Box | None:
    if not check.mapping(node, where, path):
        return None
    depth = path.split(".").count("box")
    if depth > MAX_BOX_DEPTH:
        check.error(where, path, f"boxes nested {depth} deep; at most {MAX_BOX_DEPTH} fit in "
                    "the text column", "move this box out of the boxes around it")
        return None
    check.keys(node, path, keys_of("box"))
    title = check.text_at(node, "title", path)
    blocks = _blocks(check, node, path)
    return Box(title, blocks, where) if title is not None else None


_MAPPING_BLOCKS: dict[str, Any] = {"box": _box, "agenda": _agenda, "chart": _chart}


def _block(check: Checker, node: Any, where: Location, path: str) -> Block | None:
    if not check.mapping(node, where, path, "a block such as {paragraph: {en: ...}}"):
        return None
    kinds = [key for key in node if key != "id"]
    if len(kinds) != 1:
        check.error(where, path, "a block has exactly one key naming its kind (and an optional "
                    f"'id'); got {', '.join(node) or 'none'}", f"kinds: {', '.join(BLOCK_KINDS)}")
        return None
    if "id" in node:
        _block_id(check, node, path)
    kind = kinds[0]
    value = node[kind]
    value_where, value_path = node.value_where[kind], join_path(path, kind)
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
        case "image":
            image = _image(check, value, value_where, value_path, where)
            return None if image is None else replace(image, where=where)
        case "box" | "agenda" | "chart":
            built = _MAPPING_BLOCKS[kind](check, value, value_where, value_path)
            # every block is located at its own "- kind:" line, as paragraphs are
            return None if built is None else replace(built, where=where)
    hint = did_you_mean(kind, BLOCK_KINDS) or f"kinds: {', '.join(BLOCK_KINDS)}"
    check.error(node.key_where[kind], path, f"unknown block kind '{kind}'", hint)
    return None


def _block_id(check: Checker, node: MarkedMap, path: str) -> None:
    """Record an author's ``id:`` for a block: it names the block's texts for translators."""
    ident = check.ident(node, "id", path)
    if ident is None:
        return
    key = f"{check.scope.section}#{ident}"
    first = check.block_places.get(key)
    if first is not None:
        check.error(node.value_where["id"], join_path(path, "id"),
                    f"duplicate block id '{ident}' in section '{check.scope.section}'",
                    f"first used at {first}")
        return
    check.block_places[key] = node.value_where["id"]
    check.block_ids[path] = ident


def _blocks(check: Checker, node: MarkedMap, path: str) -> tuple[Block, ...]:
    blocks = [_block(check, item, where, item_path)
              for item, where, item_path in check.items(node, "blocks", path)]
    return tuple(b for b in blocks if b is not None)


def read_section(check: Checker, node: Any, where: Location, path: str, top: bool,
             seen: dict[str, Location]) -> Section | None:
    """A section and its subsections; ``top`` for a file's root, which may hold footnotes."""
    if not check.mapping(node, where, path or "(file)", "a section mapping"):
        return None
    allowed = TOP_SECTION_KEYS if top else SECTION_KEYS
    check.keys(node, path, allowed)
    ident = check.ident(node, "id", path) if "id" in node else None
    if ident is not None:
        if ident in seen:
            check.error(node.value_where["id"], join_path(path, "id"), f"duplicate section id "
                        f"'{ident}'", f"first used at {seen[ident]}")
        seen[ident] = node.value_where["id"]
        check.scope = Scope(ident, path, ident)
    title = check.text_at(node, "title", path)
    numbered = node.get("numbered", True)
    if not isinstance(numbered, bool):
        numbered_where = node.value_where["numbered"]
        check.error(numbered_where, join_path(path, "numbered"),
                    f"expected true or false; got {type_name(numbered, numbered_where)}")
        numbered = True
    blocks = _blocks(check, node, path)
    children = [read_section(check, item, item_where, item_path, False, seen)
                for item, item_where, item_path in check.items(node, "sections", path)]
    if ident is None or title is None:
        return None
    return Section(ident, title, blocks, tuple(c for c in children if c is not None),
                   numbered, where)


def read_footnotes(check: Checker, node: MarkedMap, seen: dict[str, Footnote]) -> None:
    """Add a section file's footnote definitions to ``seen``."""
    notes = node.get("footnotes")
    if "footnotes" not in node:
        return
    if not check.mapping(notes, node.value_where["footnotes"], "footnotes"):
        return
    for note_id, value in notes.items():
        path = f"footnotes.{note_id}"
        if not re.fullmatch(FOOTNOTE_PATTERN, note_id):
            check.error(notes.key_where[note_id], path, f"invalid footnote id '{note_id}'",
                        "use letters, digits, '-' and '_'")
            continue
        if note_id in seen:
            check.error(notes.key_where[note_id], path, f"duplicate footnote id '{note_id}'",
                        f"first defined at {seen[note_id].where}")
            continue
        check.scope = Scope(f"[^{note_id}]", path)
        text = check.text(value, notes.value_where[note_id], path)
        if text is not None:
            seen[note_id] = Footnote(note_id, text, notes.key_where[note_id])
