"""Load: read the content folder's YAML files into marked trees.

In: a content directory. Out: `RawContent`, plain Python values whose mappings and lists remember
the file, line and column of every value (`MarkedMap`, `MarkedList`). Refused, as diagnostics:
files that are missing, not UTF-8, too large or not valid YAML, duplicate keys, and anchors or
aliases (content never needs them, and they are how "billion laughs" documents expand).
This is the only stage that reads files; only it and `validate` know the YAML shape.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
import yaml.constructor
import yaml.reader
from msgspec import Struct, field
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from layout.content.sources import SourceError, read_inside, resolve_inside
from layout.diagnostics import ContentError, Diagnostic, Location, did_you_mean, known_list

MAX_FILE_BYTES = 1_000_000
"""Content files larger than this are refused: the whole report is about 40 KB."""
MAX_NESTING = 64
"""Mappings and lists nested deeper than this are refused: content needs about ten levels."""


class MarkedMap(dict[str, Any]):
    """A YAML mapping that knows where it and each of its keys and values start."""

    where: Location
    key_where: dict[str, Location]
    value_where: dict[str, Location]


class MarkedList(list[Any]):
    """A YAML sequence that knows where it and each of its items start."""

    where: Location
    item_where: list[Location]


def _loc(file: str, node: Node, value: Any = "") -> Location:
    """Where ``node`` starts; a scalar not read as a string keeps its source text."""
    written = node.value if isinstance(node, ScalarNode) and not isinstance(value, str) else ""
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1, written)


def _key_text(key: Any, node: Node) -> str:
    """A mapping key as text: as written when YAML read it as something else (``no:``)."""
    if isinstance(key, str):
        return key
    return node.value if isinstance(node, ScalarNode) else str(key)


def _make_loader(file: str) -> type[yaml.SafeLoader]:
    class StrictLoader(yaml.SafeLoader):
        """Safe loader that keeps positions and refuses duplicate keys, anchors and aliases."""

        def compose_node(self, parent: Node | None, index: Any) -> Node | None:
            event = self.peek_event()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise ComposerError(
                    None, None, "anchors and aliases (&name, *name) are not allowed",
                    event.start_mark,
                )
            return super().compose_node(parent, index)  # type: ignore[no-any-return]

        def construct_strict_mapping(self, node: MappingNode) -> MarkedMap:
            result = MarkedMap()
            result.where = _loc(file, node)
            result.key_where, result.value_where = {}, {}
            for key_node, value_node in node.value:
                key = _key_text(self.construct_object(key_node, deep=True), key_node)
                if key in result:
                    first = result.key_where[key]
                    raise ConstructorError(
                        None, None,
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        key_node.start_mark,
                    )
                result[key] = self.construct_object(value_node, deep=True)
                result.key_where[key] = _loc(file, key_node)
                result.value_where[key] = _loc(file, value_node, result[key])
            return result

        def construct_strict_sequence(self, node: SequenceNode) -> MarkedList:
            result = MarkedList(self.construct_object(child, deep=True) for child in node.value)
            result.where = _loc(file, node)
            result.item_where = [_loc(file, child, item)
                                 for child, item in zip(node.value, result, strict=True)]
            return result

    StrictLoader.add_constructor(
        "tag:yaml.org,2002:map", StrictLoader.construct_strict_mapping  # type: ignore[arg-type]
    )
    StrictLoader.add_constructor(
        "tag:yaml.org,2002:seq", StrictLoader.construct_strict_sequence  # type: ignore[arg-type]
    )
    return StrictLoader


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the working directory when inside it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return os.path.normpath(str(absolute))


def _yaml_problem(file: str, error: yaml.MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    problem = (error.problem or str(error)).strip()
    hint = ""
    if "'\\t'" in problem or "\\t" in problem:
        problem, hint = "tab character in indentation", "indent YAML with spaces, not tabs"
    elif error.context and "duplicate" not in problem and "anchors" not in problem:
        problem = f"{problem} ({error.context})"
    return Diagnostic(where, "", f"invalid YAML: {problem}", hint)


_TREES: dict[str, tuple[str, MarkedMap]] | None = None
"""Once `keep_trees` is called, the last tree read from each file (by its name in messages),
with the text it was read from. None until then: a single build lets its trees go once the
model is made (for a large report they are several MiB)."""
_KEPT_TREES = 64
"""Files whose last tree is kept; past it the oldest is forgotten."""


def keep_trees() -> None:
    """From now on, a file whose text is the one last read gives the tree read then: a
    `--watch` rebuild parses again only the file that was saved. Trees are never changed
    after they are read (validation only reads them), so one can serve several builds."""
    global _TREES  # the process's one cache, off for single builds
    if _TREES is None:
        _TREES = {}

_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _NeedsSlowPathError(Exception):
    """The fast path met something the strict pure-Python loader must judge and word."""


def _fast_tree(text: str, file: str) -> Any:
    """Parse with libyaml (about 15x faster) and build the same marked tree the strict
    loader builds; anything unusual (errors, anchors, duplicate keys) takes the slow path so
    that messages are always the strict loader's. `_scan` has looked for anchors."""
    if not getattr(yaml, "__with_libyaml__", False):
        raise _NeedsSlowPathError
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        raise _NeedsSlowPathError from None
    scalars = yaml.constructor.SafeConstructor()

    def build(node: Node) -> Any:
        if isinstance(node, MappingNode | SequenceNode) and node.tag not in _PLAIN_TAGS:
            raise _NeedsSlowPathError  # an explicit tag such as !!python/object: refuse slowly
        if isinstance(node, MappingNode):
            result = MarkedMap()
            result.where = _loc(file, node)
            result.key_where, result.value_where = {}, {}
            for key_node, value_node in node.value:
                key = _key_text(build(key_node), key_node)
                if key in result or key_node.tag == "tag:yaml.org,2002:merge":
                    raise _NeedsSlowPathError
                result[key] = build(value_node)
                result.key_where[key] = _loc(file, key_node)
                result.value_where[key] = _loc(file, value_node, result[key])
            return result
        if isinstance(node, SequenceNode):
            items = MarkedList(build(child) for child in node.value)
            items.where = _loc(file, node)
            items.item_where = [_loc(file, child, item)
                                for child, item in zip(node.value, items, strict=True)]
            return items
        try:
            return scalars.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise _NeedsSlowPathError from None

    return None if root is None else build(root)


def _scan(text: str, file: str) -> bool:
    """Refuse nesting deeper than `MAX_NESTING` at the line where it happens (the event
    parsers are iterative, so this never recurses); return whether the text needs the strict
    loader: anchors or aliases, which it refuses, or a syntax error, which it words."""
    loader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    depth = 0
    strict = False
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    mark = event.start_mark
                    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(
                        file)
                    raise ContentError([Diagnostic(
                        where, "",
                        f"invalid YAML: nested too deeply (more than {MAX_NESTING} levels)",
                        "content needs only a few levels of nesting")])
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                strict = True
    except yaml.YAMLError:
        return True
    return strict


def read_yaml(path: Path, root: Path | None = None) -> MarkedMap:
    """Read one YAML file whose top level is a mapping; raise `ContentError` if it cannot be.

    The file must be a regular file inside ``root`` (default: its own folder), checked by
    `sources.read_inside` before it is opened."""
    file = display_path(path)
    try:
        data = read_inside(root if root is not None else path.parent, path, MAX_FILE_BYTES,
                           "a YAML file", "split the content into several section files")
    except SourceError as error:
        raise ContentError([Diagnostic(Location(file), "", error.message, error.hint)]
                           ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError([Diagnostic(
            Location(file, line, column), "", f"not UTF-8 (byte 0x{data[error.start]:02x})",
            "save the file as UTF-8",
        )]) from None
    known = _TREES.get(file) if _TREES is not None else None
    if known is not None and known[0] == text:
        return known[1]
    try:
        if _scan(text, file):
            raise _NeedsSlowPathError
        value = _fast_tree(text, file)
    except (_NeedsSlowPathError, RecursionError):
        value = _slow_tree(text, file)
    if not isinstance(value, MarkedMap):
        got = {type(None): "an empty file", MarkedList: "a list", str: "a string"}.get(
            type(value), f"a {type(value).__name__}")
        raise ContentError([Diagnostic(
            Location(file, 1, 1), "", f"expected a mapping of keys to values at the top; got {got}"
        )])
    if _TREES is not None:
        if len(_TREES) >= _KEPT_TREES:
            del _TREES[next(iter(_TREES))]
        _TREES[file] = (text, value)
    return value


def _slow_tree(text: str, file: str) -> Any:
    """The strict pure-Python loader: positions, duplicate keys, anchors, exact messages."""
    try:
        return yaml.load(text, Loader=_make_loader(file))
    except yaml.MarkedYAMLError as error:
        raise ContentError([_yaml_problem(file, error)]) from None
    except yaml.reader.ReaderError as error:  # a raw control character in the file
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise ContentError([Diagnostic(
            Location(file, line, column), "", f"control character U+{code:04X} is not allowed",
            "delete it; use a new paragraph block for a new line")]) from None
    except RecursionError:
        raise ContentError([Diagnostic(
            Location(file), "", "invalid YAML: nested too deeply",
            "content needs only a few levels of nesting")]) from None
    except yaml.YAMLError as error:
        raise ContentError([Diagnostic(Location(file), "", f"invalid YAML: {error}")]) from None


class RawContent(Struct):
    """The content folder as read: `report.yaml`, `actors.yaml` and the section files in order."""

    root: Path
    report: MarkedMap
    actors: MarkedMap
    sections: list[tuple[str, MarkedMap]] = field(default_factory=list)
    """(name as listed in report.yaml, its tree), in reading order."""


def read_content(root: Path) -> RawContent:
    """Read every file of a content folder; raise `ContentError` listing every unreadable file."""
    if not root.is_dir():
        raise ContentError([Diagnostic(
            Location(display_path(root)), "", "content folder not found",
            "pass an existing folder with --content DIR",
        )])
    problems: list[Diagnostic] = []

    def attempt(path: Path) -> MarkedMap | None:
        try:
            return read_yaml(path, root)
        except ContentError as error:
            problems.extend(error.diagnostics)
            return None

    report = attempt(root / "report.yaml")
    actors = attempt(root / "actors.yaml")
    sections: list[tuple[str, MarkedMap]] = []
    names = report.get("sections") if report is not None else None
    if isinstance(names, MarkedList):
        for index, name in enumerate(names):
            if not isinstance(name, str):
                continue  # validate reports the wrong type
            problem = _section_problem(root, name, names.item_where[index], index)
            if problem is not None:
                problems.append(problem)
                continue
            tree = attempt(root / name)
            if tree is not None:
                sections.append((name, tree))
    if problems or report is None or actors is None:
        raise ContentError(problems)
    return RawContent(root, report, actors, sections)


def _section_problem(root: Path, name: str, where: Location, index: int) -> Diagnostic | None:
    """Why the section file ``name`` listed at ``where`` cannot be read, or None."""
    path = f"sections[{index}]"
    normal = os.path.normpath(name)
    if Path(name).is_absolute() or "\0" in name or normal == ".." or normal.startswith(
            ("../", "..\\")):
        return Diagnostic(where, path, f"'{name}' is outside the content folder",
                          "list section files by their name inside the content folder")
    try:
        real = resolve_inside(root, root / name)
    except SourceError as error:
        if error.message == "file not found":
            present = sorted(p.name for p in root.glob("*.yaml"))
            return Diagnostic(where, path, f"section file '{name}' not found",
                              did_you_mean(name, present) or known_list(present))
        return Diagnostic(where, path, f"section file '{name}' {error.message}", error.hint)
    if real.is_dir():
        return Diagnostic(where, path, f"section file '{name}' is a directory, not a YAML file",
                          "list the YAML files inside it one by one")
    return None
