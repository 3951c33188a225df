"""Markup: the authors' tiny inline syntax turned into safe ReportLab paragraph markup.

In: a text as written in the content (``*italic*``, ``**bold**``, ``[^note]``). Out: a string
for `reportlab.platypus.Paragraph` in which everything else is escaped, so ``<``, ``&`` and
``>`` print as themselves and tag-like text can never become a tag. Bold and italic are
matched separately inside and outside bold runs, so the output is always well nested.
No ReportLab import: validation uses this module too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from xml.sax.saxutils import escape

NOTE_REF = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
"""A footnote reference: ``[^id]``."""
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


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
    """The footnote ids cited in ``text``, in order."""
    return NOTE_REF.findall(text)


def plain(text: str) -> str:
    """The text as a reader sees it, without markup or note references (for outlines, PDFs)."""
    text = NOTE_REF.sub("", text)
    text = _BOLD.sub(r"\1", text)
    return _ITALIC.sub(r"\1", text)


def _italics(segment: str) -> str:
    return _ITALIC.sub(r"<i>\1</i>", segment)


def to_paragraph_markup(
    text: str,
    note_marker: Callable[[str], str] | None = None,
) -> str:
    """Escape ``text`` and turn the inline syntax into ReportLab tags.

    ``note_marker(id)`` returns the markup for a footnote reference (already safe markup);
    without it, references are dropped.
    """
    markers: dict[str, str] = {}

    def hold(match: re.Match[str]) -> str:
        key = f"\x00{len(markers)}\x00"
        markers[key] = note_marker(match.group(1)) if note_marker else ""
        return key

    held = NOTE_REF.sub(hold, text)
    escaped = escape(held)
    parts: list[str] = []
    last = 0
    for match in _BOLD.finditer(escaped):
        parts.append(_italics(escaped[last : match.start()]))
        parts.append(f"<b>{_italics(match.group(1))}</b>")
        last = match.end()
    parts.append(_italics(escaped[last:]))
    result = "".join(parts)
    for key, marker in markers.items():
        result = result.replace(key, marker)
    return result


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
