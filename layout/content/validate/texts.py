"""Rules for one text mapping: its stable identity, and what makes a translation acceptable.

In: a text's key path and where its identity is scoped (a section, a block with an ``id:``, a
footnote, an actor, report.yaml); the source text and a translation. Out: the identity string
(`text_ident`) and, for a translation that would lose content, a message and a hint
(`markup_problem`, `note_problem`, `character_problem`). Pure functions: `Checker` applies
them to the YAML and `i18n.po_import` to PO entries, so both refuse the same texts.
"""

from __future__ import annotations

import re
from collections import Counter

from msgspec import Struct

from layout.content.markup import check, note_ids

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_NOT_ROLES = frozenset({"blocks", "items", "text"})
"""Key-path steps that say where a text sits, not what it is (``blocks[3]``, ``items[0]``)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TEXT_CHARS = 20_000
"""Longer texts are refused: the longest paragraph of the report has about 900 characters."""


class Scope(Struct, frozen=True):
    """Where identities are counted from: ``name`` for texts under key path ``path``."""

    name: str
    path: str = ""
    section: str = ""
    """The section id, when the scope is a section or one of its blocks."""


def text_ident(scope: Scope, block_ids: dict[str, str], path: str) -> str:
    """The identity of the text at ``path``: ``scope/role``, where the role is the key path
    without positions (``box.paragraph``); under a block with an ``id:`` (``block_ids``, by
    block path), ``section#id/role`` with the role taken inside that block."""
    name, rest, skip = scope.name, _relative(path, scope.path), 0
    owners = [block for block in block_ids if path.startswith(block + ".")]
    if owners and scope.section:
        block = max(owners, key=len)
        name, rest, skip = f"{scope.section}#{block_ids[block]}", path[len(block) + 1:], 1
    steps = [key for key, index in _STEP.findall(rest) if key and not index][skip:]
    role = ".".join(step for step in steps if step not in _NOT_ROLES)
    return f"{name}/{role}" if role else name


def _relative(path: str, base: str) -> str:
    if base and path.startswith(base):
        return path[len(base):].lstrip(".")
    return path


def markup_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when the inline markup of ``text`` is broken, else None."""
    error = check(text)
    return None if error is None else (error.message, error.hint)


def note_problem(source: str, translation: str, source_lang: str,
                 lang: str) -> tuple[str, str] | None:
    """(message, hint) when ``translation`` does not cite exactly the footnotes of ``source``
    (each as often), else None: a translation must not lose or invent a footnote."""
    wanted, got = Counter(note_ids(source)), Counter(note_ids(translation))
    if wanted == got:
        return None
    lost, extra = wanted - got, got - wanted
    hint = []
    if lost:
        hint.append(f"put {_refs(lost)} where the note belongs in the '{lang}' text")
    if extra:
        hint.append(f"remove {_refs(extra)}")
    return (f"the '{lang}' text cites {_refs(got) or 'no footnote'}, but its '{source_lang}' "
            f"source cites {_refs(wanted) or 'no footnote'}",
            "a translation cites exactly the footnotes of its source: " + "; ".join(hint))


def _refs(counts: Counter[str]) -> str:
    """``[^a], [^b] (twice)`` in first-cited order."""
    return ", ".join(f"[^{note}]" + (f" ({_times(n)})" if n > 1 else "")
                     for note, n in counts.items() if n > 0)


def _times(count: int) -> str:
    return {2: "twice", 3: "three times"}.get(count, f"{count} times")


def character_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) for a control character or line separator in ``text``, or a text
    longer than `MAX_TEXT_CHARS`; else None."""
    match = _CONTROL.search(text)
    if match:
        return (f"control character U+{ord(match.group()):04X} at offset {match.start()}",
                "delete it; use a new paragraph block for a new line")
    if len(text) > MAX_TEXT_CHARS:
        return (f"text of {len(text):,} characters is longer than the {MAX_TEXT_CHARS:,} a "
                "text may have", "split it into several paragraphs (each one a block)")
    return None
