"""YAML edits: translations spliced into a YAML file's text, everything else left as it was.

In: a YAML file's text and `Edit`s (key path, language, new value). Out: the edited text. The
edits are located with ``yaml.compose``: comments, key order, quoting and every untouched line
stay byte-identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import yaml
from msgspec import Struct
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from layout.diagnostics import ContentError, Diagnostic, Location
from layout.i18n.coverage import stamp_key

WIDTH = 100
"""Column limit for lines this module writes into YAML files."""
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class Edit(Struct, frozen=True):
    """One text mapping to change: set ``lang`` (unless None) and ``<lang>_src`` (removed
    when ``stamp`` is None: nobody knows which source text the translation was made from)."""

    path: str
    source: str
    translation: str | None
    stamp: str | None


_Splice = tuple[int, int, str]


def steps(path: str) -> list[str | int]:
    """The keys and indices of a key path such as ``sections[0].title``."""
    return [int(index) if index else key for key, index in _STEP.findall(path)]


class _Place(Struct, frozen=True):
    """A text mapping in the composed file, with what holds it."""

    node: MappingNode
    parent: Node
    key: ScalarNode | None
    """Its key when ``parent`` is a mapping."""


def edit_yaml(text: str, edits: Iterable[Edit], lang: str, source: str, file: str) -> str:
    """``text`` with the edits spliced in; every other character stays where it was."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    newline = "\r\n" if "\r\n" in text else "\n"
    splices: list[_Splice] = []
    for edit in edits:
        place = _locate(root, edit.path)
        if place is None:
            raise ContentError([Diagnostic(Location(file), edit.path,
                                           "no text mapping here any more",
                                           "the file changed after the report was read; "
                                           "run the command again")])
        values: dict[str, str | None] = {stamp_key(lang): edit.stamp}
        if edit.translation is not None:
            values = {lang: edit.translation, **values}
        if place.node.flow_style:
            splices.append(_flow_splice(text, place, lang, source, values, newline))
        else:
            splices.extend(_block_splices(text, place.node, lang, source, values, newline))
    for start, end, new in sorted(splices, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _locate(root: Node | None, path: str) -> _Place | None:
    node: Node | None = root
    parent: Node | None = None
    key: ScalarNode | None = None
    for step in steps(path):
        if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
            parent, key, node = node, None, node.value[step]
        elif isinstance(step, str) and isinstance(node, MappingNode):
            found = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == step]
            if not found:
                return None
            parent, (key, node) = node, found[0]
        else:
            return None
    if isinstance(node, MappingNode) and parent is not None:
        return _Place(node, parent, key)
    return None


def _entries(node: MappingNode) -> dict[str, tuple[ScalarNode, Node]]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


def _content_end(text: str, node: Node) -> int:
    """Just after the last non-blank character of ``node`` (block scalars own trailing lines)."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends: its line break, or the end of the text."""
    found = text.find("\n", position)
    if found == -1:
        return len(text)
    return found - 1 if found and text[found - 1] == "\r" else found


def _block_splices(text: str, node: MappingNode, lang: str, source: str,
                   values: dict[str, str | None], newline: str) -> list[_Splice]:
    """Replace existing entries' values; insert missing entries after the translation or source;
    remove those whose value is None."""
    entries = _entries(node)
    indent = entries[source][0].start_mark.column
    splices = []
    inserts = []
    for key, value in values.items():
        if value is None:
            if key in entries:
                splices.append(_remove_entry(text, *entries[key]))
        elif key in entries:
            splices.append(_replace_value(text, *entries[key], value, newline))
        else:
            label = _key(key)
            inserts.append(" " * indent + f"{label}: "
                           + _scalar(value, indent + len(label) + 2, indent + 2, newline))
    if inserts:
        anchor = entries[lang] if lang in entries else entries[source]
        at = _line_end(text, _content_end(text, anchor[1]))
        splices.append((at, at, "".join(newline + line for line in inserts)))
    return splices


def _remove_entry(text: str, key: ScalarNode, value: Node) -> _Splice:
    """Splice removing a block-mapping entry that has its own line(s)."""
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    end = _line_end(text, _content_end(text, value))
    if text[start:key.start_mark.index].strip() or end >= len(text):
        return key.start_mark.index, key.start_mark.index, ""  # shares a line: leave it
    return start, end + (2 if text.startswith("\r\n", end) else 1), ""


def _replace_value(text: str, key: ScalarNode, value: Node, new: str,
                   newline: str) -> _Splice:
    """Splice replacing one block-mapping value, keeping a comment that follows it."""
    start = value.start_mark.index
    end = _line_end(text, _content_end(text, value))
    if isinstance(value, ScalarNode) and value.style in ("|", ">"):
        header = text[start:_line_end(text, start)]
        comment = header[header.find(" #"):] if " #" in header else ""
    else:
        comment = text[value.end_mark.index:end]
    indent = key.start_mark.column
    return start, end, _scalar(new, value.start_mark.column, indent + 2, newline, comment)


def _flow_splice(text: str, place: _Place, lang: str, source: str,
                 values: dict[str, str | None], newline: str) -> _Splice:
    """Rewrite a flow mapping ``{en: ..., es: ...}``; to block style when it gets too long."""
    node = place.node
    start, end = node.start_mark.index, node.end_mark.index
    items: list[tuple[str, str, str | None]] = []  # key, value, original text of the entry
    for key, value in node.value:
        name = str(key.value)
        new = values.get(name, str(value.value))
        original = None if name in values else text[key.start_mark.index:value.end_mark.index]
        if new is not None:
            items.append((name, new, original))
    written = {str(key.value) for key, _value in node.value}
    anchor = lang if lang in written else source
    at = next(i for i, (name, _v, _o) in enumerate(items) if name == anchor) + 1
    items[at:at] = [(name, value, None) for name, value in values.items()
                    if name not in written and value is not None]
    flow = "{" + ", ".join(original or f"{_key(name)}: {json.dumps(value, ensure_ascii=False)}"
                           for name, value, original in items) + "}"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = _line_end(text, end)
    prefix, tail = text[line_start:start], text[end:line_end]
    fits = "\n" not in flow and len(prefix + flow + tail) <= WIDTH
    if fits or getattr(place.parent, "flow_style", True):
        return start, end, flow
    comment = tail if "#" in tail else ""
    if not prefix.strip(" -"):
        indent = node.start_mark.column
        lines = _block_lines(items, indent, newline)
        return start, line_end, _with_comment(lines[0], comment, newline) + "".join(
            newline + " " * indent + line for line in lines[1:])
    if place.key is None:
        return start, end, flow
    indent = place.key.start_mark.column + 2
    while text[start - 1] in " \t":
        start -= 1
    lines = _block_lines(items, indent, newline)
    return start, line_end, comment + "".join(newline + " " * indent + line for line in lines)


def _block_lines(items: list[tuple[str, str, str | None]], indent: int,
                 newline: str) -> list[str]:
    """Block-mapping entries (without their indentation) for a flow mapping's items."""
    lines = []
    for name, value, original in items:
        if original and "\n" not in original and indent + len(original) <= WIDTH:
            lines.append(original)
        else:
            label = _key(name)
            lines.append(f"{label}: "
                         + _scalar(value, indent + len(label) + 2, indent + 2, newline))
    return lines


def _with_comment(entry: str, comment: str, newline: str) -> str:
    """``entry`` with ``comment`` at the end of its first physical line."""
    cut = entry.find(newline)
    return entry + comment if cut < 0 else entry[:cut] + comment + entry[cut:]


def _key(name: str) -> str:
    """A mapping key as YAML text: plain when it reads back as itself (not ``no``, ``on``)."""
    try:
        plain = yaml.safe_load(f"{name}: x")
    except yaml.YAMLError:
        plain = None
    return name if plain == {name: "x"} else json.dumps(name)


def _scalar(value: str, column: int, indent: int, newline: str, comment: str = "") -> str:
    """``value`` as a YAML scalar starting at ``column``: double-quoted, or ``>-`` when long.

    Folded lines are indented by ``indent`` and wrapped at `WIDTH`. ``comment`` is what
    followed the old value on its line; it stays on the first line.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    if column + len(quoted) + len(comment) <= WIDTH or value != " ".join(value.split()):
        return quoted + comment
    lines = _wrap(value, max(WIDTH - indent, 40))
    head = ">-" + (comment if "#" in comment else "")
    return head + "".join(newline + " " * indent + line for line in lines)


def _wrap(value: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than ``width`` gets a line of its own."""
    lines: list[str] = []
    for word in value.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
