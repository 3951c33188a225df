"""Markup: the authors' tiny inline syntax, parsed strictly, and turned into ReportLab markup.

In: a text as written in the content: ``*italic*``, ``**bold**`` (``***both***``), footnote
references ``[^id]``, and the escapes ``\\*``, ``\\[`` and ``\\\\`` for a literal ``*``, ``[``
or ``\\``. Out: a tree of `Span`, `Note` and plain strings (`parse`), or `MarkupError` with the
character where the markup breaks; from the tree, paragraph markup for ReportLab in which
everything else is escaped, so ``<``, ``&`` and ``>`` print as themselves
(`to_paragraph_markup`), the plain text (`plain`) and the cited notes (`note_ids`).

An asterisk opens emphasis when a visible character that is not closing punctuation follows
it, and closes emphasis when a visible character that is not opening punctuation precedes it;
between two letters or digits it does neither. One that can do neither, does not nest, or is
never closed is an error, never a guess: ``(*) ... (*)`` and ``2*3*4`` must be written
``(\\*) ... (\\*)`` and ``2\\*3\\*4``. No ReportLab import: validation and i18n use this module.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from html import escape as _html_escape

from msgspec import Struct


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as paragraph markup needs them (quotes stay: they
    are not markup there). The html module's escape, which imports far less than xml.sax."""
    return _html_escape(text, quote=False)


NOTE_REF = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
"""A footnote reference: ``[^id]``."""
ESCAPABLE = "*[\\"
"""Characters that a backslash makes literal."""
_OPENING = "([{\u00ab\u2018\u201c\u00bf\u00a1"
_CLOSING = ")]}.,;:!?\u00bb\u2019\u201d"
_KINDS = {1: ("i",), 2: ("b",), 3: ("b", "i")}
_MARKS = {"i": "*", "b": "**"}


class MarkupError(ValueError):
    """The markup of a text is broken at ``offset`` (0-based, in the text as given)."""

    def __init__(self, offset: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.offset, self.message, self.hint = offset, message, hint


class Note(Struct, frozen=True):
    """A footnote reference."""

    id: str


class Span(Struct, frozen=True):
    """Emphasis: ``kind`` is ``"i"`` (italic) or ``"b"`` (bold)."""

    kind: str
    children: tuple[Node, ...]


Node = str | Note | Span


class _Delimiter(Struct, frozen=True):
    offset: int
    length: int
    can_open: bool
    can_close: bool


_PLAIN = re.compile(r"[^\\\[*]+")
"""Characters that start no escape, note or emphasis."""


def _tokens(text: str) -> Iterator[str | Note | _Delimiter]:
    """Literal text, notes and runs of asterisks, escapes resolved; refuses broken ``[^``."""
    literal: list[str] = []
    i = 0
    while i < len(text):
        plain = _PLAIN.match(text, i)  # a run of characters that are never markup
        if plain:
            literal.append(plain.group())
            i = plain.end()
            continue
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            literal.append(text[i + 1])
            i += 2
        elif char == "[" and text.startswith("[^", i):
            found = NOTE_REF.match(text, i)
            if not found:
                raise MarkupError(i, f"broken footnote reference at character {i + 1}",
                                  "write [^id] with the id of a footnote (letters, digits, "
                                  "'-', '_'), or \\[ for a literal '['")
            yield "".join(literal)
            literal.clear()
            yield Note(found.group(1))
            i = found.end()
        elif char == "*":
            end = i
            while end < len(text) and text[end] == "*":
                end += 1
            yield "".join(literal)
            literal.clear()
            yield _delimiter(text, i, end)
            i = end
        else:
            literal.append(char)
            i += 1
    yield "".join(literal)


def _delimiter(text: str, start: int, end: int) -> _Delimiter:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    inside_word = before.isalnum() and after.isalnum()
    return _Delimiter(start, end - start,
                      can_open=not (after.isspace() or after in _CLOSING or inside_word),
                      can_close=not (before.isspace() or before in _OPENING or inside_word))


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Node, ...]:
    """The markup tree of ``text``; `MarkupError` where an asterisk is unbalanced.

    Remembered for the last 4,096 texts: validation, numbering and compose each ask for the
    same texts' trees (and a watch asks again on every save); the tree is immutable."""
    frames: list[tuple[str, int, list[Node]]] = [("", 0, [])]
    for token in _tokens(text):
        if isinstance(token, _Delimiter):
            _delimit(frames, token)
        elif token:
            frames[-1][2].append(token)
    if len(frames) > 1:
        kind, offset, _children = frames[1]
        mark = _MARKS[kind]
        raise MarkupError(offset, f"unbalanced '{mark}' at character {offset + 1}: it is "
                          "never closed", f"close it with '{mark}', or write "
                          f"{chr(92) + chr(92).join(mark)} for literal asterisks")
    return tuple(frames[0][2])


def _delimit(frames: list[tuple[str, int, list[Node]]], token: _Delimiter) -> None:
    if token.length > 3:
        raise MarkupError(token.offset, f"{token.length} asterisks in a row at character "
                          f"{token.offset + 1}", "use *italic*, **bold** or ***both***; "
                          "write \\* for a literal '*'")
    kinds = _KINDS[token.length]
    open_kinds = [frame[0] for frame in frames[1:]]
    on_top = sorted(open_kinds[-len(kinds):]) == sorted(kinds)
    if token.can_close and on_top:
        for _ in kinds:
            kind, _offset, children = frames.pop()
            frames[-1][2].append(Span(kind, tuple(children)))
    elif token.can_open:
        frames.extend((kind, token.offset, []) for kind in kinds)
    else:
        mark = "*" * token.length
        where = f"'{mark}' at character {token.offset + 1}"
        escaped = "\\*" * token.length
        if not token.can_close:
            raise MarkupError(token.offset, f"{where} can neither open nor close emphasis",
                              "emphasis opens just before a word and closes just after one; "
                              f"write {escaped} for a literal '{mark}'")
        if any(kind in open_kinds for kind in kinds):
            inner = frames[-1]
            raise MarkupError(token.offset, f"{where} closes emphasis across "
                              f"'{_MARKS[inner[0]]}' opened at character {inner[1] + 1}: "
                              "markup must nest", "close the inner emphasis first, "
                              "e.g. **bold *both* bold**")
        raise MarkupError(token.offset, f"unbalanced {where}: nothing is open to close",
                          f"open it before the text it emphasises, or write {escaped} for "
                          f"a literal '{mark}'")


def check(text: str) -> MarkupError | None:
    """Why the markup of ``text`` is broken, or None."""
    try:
        parse(text)
    except MarkupError as error:
        return error
    return None


_NUMBER_SIGN = re.compile(r"(?<!\w)(N[°º]|No\.|Nos\.|pp?\.) (?=\d)")
_CALL_BEFORE = re.compile(r"(\[\^[A-Za-z0-9_-]+\])([.,;:])")
_CALL_AFTER = re.compile(r"([.,;:])(\[\^[A-Za-z0-9_-]+\])")


def typeset_characters(text: str, note_call: str = "after") -> str:
    """``text`` with a no-break space after "N°", "Nº", "No." and "p." before a number, and
    its footnote references on the language's side of punctuation: ``"after"`` it (English
    usage) or ``"before"`` it (Spanish, as the RAE asks)."""
    text = _NUMBER_SIGN.sub("\\1\u00a0", text)
    if note_call == "before":
        return _CALL_AFTER.sub(r"\2\1", text)
    return _CALL_BEFORE.sub(r"\2\1", text)


def note_ids(text: str) -> list[str]:
    """The footnote ids cited in ``text``, in order (escaped ``\\[^x]`` is not a citation)."""
    return list(_note_ids(text))


@functools.lru_cache(maxsize=4096)
def _note_ids(text: str) -> tuple[str, ...]:
    if "[^" not in text:
        return ()
    try:
        return tuple(token.id for token in _tokens(text) if isinstance(token, Note))
    except MarkupError:
        return tuple(NOTE_REF.findall(text))


def _safe_parse(text: str) -> tuple[Node, ...]:
    """The tree; when the markup is broken, its asterisks as literal text (validated content
    never is: this keeps words that no validation saw printable as written)."""
    try:
        return parse(text)
    except MarkupError:
        pass
    try:
        return tuple("*" * token.length if isinstance(token, _Delimiter) else token
                     for token in _tokens(text))
    except MarkupError:
        return (text,)


def plain(text: str) -> str:
    """The text as a reader sees it, without markup or note references (outlines, metadata)."""
    def flat(nodes: tuple[Node, ...]) -> str:
        return "".join(node if isinstance(node, str) else
                       flat(node.children) if isinstance(node, Span) else "" for node in nodes)
    return flat(_safe_parse(text))


def to_paragraph_markup(text: str, note_marker: Callable[[str], str] | None = None) -> str:
    """Escape ``text`` and turn the inline syntax into ReportLab tags.

    ``note_marker(id)`` returns the markup for a footnote reference (already safe markup);
    without it, references are dropped.
    """
    def render(nodes: tuple[Node, ...]) -> str:
        parts = []
        for node in nodes:
            if isinstance(node, str):
                parts.append(escape(node))
            elif isinstance(node, Note):
                parts.append(note_marker(node.id) if note_marker else "")
            else:
                parts.append(f"<{node.kind}>{render(node.children)}</{node.kind}>")
        return "".join(parts)
    return render(_safe_parse(text))


def note_numbers_marker(numbers: Mapping[str, int]) -> Callable[[str], str]:
    """A `note_marker` that prints each note's number as a superscript link to the note."""

    def marker(note_id: str) -> str:
        number = numbers.get(note_id)
        if number is None:
            return ""
        # the onDraw markers open and close the reference's Link in tagged builds
        return (f'<super><a href="#fn-{number}"><onDraw name="tag" label="+{number}"/>{number}'
                f'<onDraw name="tag" label="-{number}"/></a></super>')

    return marker
