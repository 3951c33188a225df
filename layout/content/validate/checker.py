"""The validator's primitives: a `Checker` that collects diagnostics while it reads shapes.

In: marked YAML values (`MarkedMap`, `MarkedList` from `load`). Out: plain values and model
`Text`s, with every problem appended to `Checker.problems` at its file:line:col and key path.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, TypeGuard

from layout.content.load import MarkedList, MarkedMap
from layout.content.markup import note_ids
from layout.content.model import (
    Text,
)
from layout.diagnostics import Diagnostic, Location, did_you_mean

LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
IDENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FINGERPRINT_SUFFIX = "_src"
"""``es_src`` holds the fingerprint of the source text the ``es`` text was translated from."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def type_name(value: Any, where: Location | None = None) -> str:
    """How a message names the type of a YAML value: 'a string', 'a number (3)'; a scalar is
    shown as written (``12:30``, ``017``, ``no``), not as YAML 1.1 read it (750, 15, False)."""
    written = where.written if where is not None else ""
    if value is None:
        return f"nothing ({written})" if written else "nothing"
    if isinstance(value, bool):
        return f"a boolean ({written or ('true' if value else 'false')})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return f"a number ({written or value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime.date):
        return f"a date ({written or value})"
    return f"{type(value).__name__} ({written})" if written else type(value).__name__


class Checker:
    """Collects diagnostics while converting marked trees into model values."""

    def __init__(self, languages: tuple[str, ...], root: Path | None = None) -> None:
        self.languages = languages
        self.root = root
        self.problems: list[Diagnostic] = []
        self.actor_ids: set[str] = set()
        self.cited: dict[str, list[tuple[Location, str]]] = {}
        self.citing = False
        self.unprinted: tuple[str, str] = ("", "")
        """While reading texts drawn without notes (chart labels, alt text): what they are
        and where to cite instead; footnote references there are refused."""
        """True while reading section texts, the only texts that may cite footnotes."""
        self.row_count = 0

    def error(self, where: Location, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(where, path, message, hint))

    # -- shapes -------------------------------------------------------------------------

    def mapping(self, value: Any, where: Location, path: str,
                what: str = "a mapping") -> TypeGuard[MarkedMap]:
        if isinstance(value, MarkedMap):
            return True
        self.error(where, path, f"expected {what}; got {type_name(value, where)}")
        return False

    def sequence(self, value: Any, where: Location, path: str) -> TypeGuard[MarkedList]:
        if isinstance(value, MarkedList):
            return True
        self.error(where, path, f"expected a list; got {type_name(value, where)}")
        return False

    def keys(self, node: MarkedMap, path: str, allowed: dict[str, bool]) -> None:
        for key in node:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}"
                self.error(node.key_where[key], join_path(path, key), f"unknown key '{key}'", hint)
        for key, required in allowed.items():
            if required and key not in node:
                self.error(node.where, path, f"missing required key '{key}'")

    def string(self, node: MarkedMap, key: str, path: str) -> str | None:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value
        where = node.value_where.get(key, node.where)
        if isinstance(value, str):
            self.error(where, join_path(path, key), "must not be empty")
        else:
            hint = "quote it: \"...\"" if isinstance(value, int | float | bool) else ""
            self.error(where, join_path(path, key),
                       f"expected a string; got {type_name(value, where)}", hint)
        return None

    def ident(self, node: MarkedMap, key: str, path: str) -> str | None:
        value = self.string(node, key, path)
        if value is not None and not IDENT.match(value):
            self.error(
                node.value_where[key], join_path(path, key), f"invalid id '{value}'",
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
                       f"got {type_name(value, where)}", hint)
            return None
        values: list[tuple[str, str]] = []
        prints: list[tuple[str, str]] = []
        for key, item in value.items():
            item_where = value.value_where[key]
            base = key.removesuffix(FINGERPRINT_SUFFIX)
            if base not in self.languages:
                hint = did_you_mean(base, self.languages) or (
                    f"languages of this report: {', '.join(self.languages)}")
                self.error(value.key_where[key], join_path(path, key), f"unknown language '{key}'",
                           hint)
            elif not isinstance(item, str):
                self.error(item_where, join_path(path, key),
                           f"expected a string; got {type_name(item, item_where)}")
            elif key != base:
                prints.append((base, item))
            elif not item.strip():
                if key == source:
                    self.error(item_where, join_path(path, key), "text must not be empty")
            else:
                self._check_characters(item, item_where, join_path(path, key))
                values.append((key, " ".join(item.split())))
                self._note_refs(item, item_where, join_path(path, key))
        if source not in value and self.languages:
            self.error(value.where, path, f"missing the source-language text '{source}'")
            return None
        return Text(tuple(values), value.where, path, tuple(prints))

    def _note_refs(self, text: str, where: Location, path: str) -> None:
        """Record the footnotes ``text`` cites, or refuse them where they cannot print."""
        for note in note_ids(text):
            if self.citing and not self.unprinted[0]:
                self.cited.setdefault(note, []).append((where, path))
            elif self.citing:
                self.error(where, path, f"footnote reference '[^{note}]' in {self.unprinted[0]} "
                           "would never be printed", self.unprinted[1])
            else:
                self.error(where, path, f"footnote reference '[^{note}]' outside the sections",
                           "cite footnotes only in section texts (titles, blocks)")

    def _check_characters(self, text: str, where: Location, path: str) -> None:
        match = _CONTROL.search(text)
        if match:
            code = f"U+{ord(match.group()):04X}"
            self.error(where, path, f"control character {code} at offset {match.start()}",
                       "delete it; use a new paragraph block for a new line")

    def text_at(self, node: MarkedMap, key: str, path: str) -> Text | None:
        if key not in node:
            return None
        return self.text(node[key], node.value_where[key], join_path(path, key))

    def items(self, node: MarkedMap, key: str, path: str) -> list[tuple[Any, Location, str]]:
        """The items of list ``node[key]`` with their locations and key paths."""
        value = node.get(key)
        if key not in node or not self.sequence(value, node.value_where[key], join_path(path, key)):
            return []
        return [(item, value.item_where[i], f"{join_path(path, key)}[{i}]")
                for i, item in enumerate(value)]


def join_path(path: str, key: str) -> str:
    """``path.key``, or ``key`` at the top."""
    return f"{path}.{key}" if path else key


def empty_text(where: Location) -> Text:
    """An absent optional text, located where it would be."""
    return Text((), where)
