"""Paragraph work remembered from one `--watch` rebuild to the next.

In: what a `TaggedParagraph` is made from (its markup, style and bullet) and the width it is
set at. Out: what ReportLab made of them the last time: the parsed fragments and the broken
lines, given back as the same objects. A save changes a paragraph or two; parsing markup and
breaking lines (with the hyphenation policing) is about a third of a rebuild, and most of it
is the same work on the same text as in the last build.

Off until `remember` is called: only a watch calls it (a single build sets each text once,
and a large report's entries would only hold memory). Entries live for two builds: an entry
not used by the last build that rendered is forgotten when the next one starts
(`next_build`), so the store holds about what one build sets.

What is given back is shared, between builds and between paragraphs of the same text. It is
safe because nothing changes it once made: drawing only reads the lines; the one step of
ReportLab that writes into them, splitting a paragraph across frames, is given a copy first
(`TaggedParagraph.split`); breaking lines marks each fragment with its kind, the same mark
every time. Right-to-left and CJK styles (which draw by reversing lines in place, or break
by other rules) are never remembered. What pool workers set stays in them: a watch renders
its booklets in its own process (`BuildOptions.watch`), so that they are remembered.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any

_on = False
_current: dict[Hashable, Any] = {}
"""Entries used or made by the build under way: attributes to set, or a width."""
_previous: dict[Hashable, Any] = {}
"""The last build's entries that this one has not used (yet)."""
_pending = False
"""A build has begun since the last rotation: the next look-up rotates (a build that
renders nothing, a no-op, forgets nothing)."""
_counts = {"found": 0, "made": 0, "copied": 0}


def remember() -> None:
    """From now on, parsed fragments and broken lines are remembered between builds."""
    global _on
    _on = True


def forget() -> None:
    """Stop remembering and drop everything remembered."""
    global _on, _pending
    _on = _pending = False
    _current.clear()
    _previous.clear()
    _counts.update(dict.fromkeys(_counts, 0))


def next_build() -> None:
    """A new build begins: what the last rendering build did not use is forgotten."""
    global _pending
    _pending = True


def parse_key(paragraph: Any, text: Any, style: Any, bullet: Any,
              frags: Any) -> Hashable | None:
    """The key of a paragraph's parse, or None when it is not remembered (memo off, given
    fragments, a bullet of fragments, a right-to-left or CJK style)."""
    if not _on or frags is not None or not isinstance(text, str):
        return None
    if not (bullet is None or isinstance(bullet, str)) or getattr(style, "wordWrap", None):
        return None
    return ("parse", type(paragraph), text, style, bullet, paragraph.caseSensitive,
            paragraph.encoding)


def wrap_key(paragraph: Any, width: float | None) -> Hashable | None:
    """The key of a paragraph's lines at ``width`` (None: of its narrowest sensible width,
    ``minWidth``), or None when they are not remembered: the paragraph was not made from a
    remembered parse (its ``_parse_key``), or its fragments are no longer the parsed ones
    (an earlier break at another width replaced them)."""
    parsed = paragraph._parse_key
    if not _on or parsed is None or (width is not None and width < 1e-3):
        return None
    if paragraph.frags is not paragraph.__dict__.get("_parsed_frags"):
        return None
    return ("lines" if width is not None else "widest", parsed, width,
            getattr(paragraph, "autoLeading", None))


PARSED = ("text", "frags", "style", "bulletText", "debug")
"""What ReportLab's ``Paragraph._setup`` sets on a paragraph."""
WRAPPED = ("width", "height", "_wrapWidths", "blPara", "frags", "_width_max",
           "_splitLongWordCount", "_hyphenations")
"""What ReportLab's ``Paragraph.wrap`` and ``breakLines`` (and the policing) set."""


def _found(key: Hashable) -> Any:
    """The entry of ``key`` from this build or the last (None if neither has it)."""
    global _current, _previous, _pending
    if _pending:
        _previous, _current, _pending = _current, {}, False
    found = _current.get(key)
    if found is None:
        found = _previous.pop(key, None)
        if found is None:
            return None
        _current[key] = found
    _counts["found"] += 1
    return found


def _keep(key: Hashable, entry: Any) -> None:
    _current[key] = entry
    _counts["made"] += 1


def apply(key: Hashable, target: Any, names: tuple[str, ...],
          step: Callable[[], object]) -> bool:
    """Give ``target`` the attributes ``names`` as ``step`` set them for ``key`` in this build
    or the last; else run ``step`` and remember them. True when ``target`` now shares them
    with the store; False when ``step`` set anything else (then nothing is remembered: what
    it did cannot be replayed)."""
    found = _found(key)
    if found is not None:
        target.__dict__.update(found)
        return True
    before = dict(target.__dict__)
    step()
    after = target.__dict__
    if any(name not in names and (name not in before or before[name] is not value)
           for name, value in after.items()):
        return False
    _keep(key, {name: after[name] for name in names if name in after})
    return True


def value(key: Hashable, make: Callable[[], float]) -> float:
    """What ``make()`` returned for ``key`` in this build or the last; else ``make()``."""
    found = _found(key)
    if found is None:
        found = make()
        _keep(key, found)
    return float(found)


def own(paragraph: Any) -> None:
    """Give ``paragraph`` its own copy of the shared lines and fragments, before a step
    that writes into them (splitting); the copy keeps the links between the two."""
    paragraph.blPara, paragraph.frags = copy.deepcopy((paragraph.blPara, paragraph.frags))
    _counts["copied"] += 1


def held() -> int:
    """How many entries are remembered (for tests and benchmarks)."""
    return len(_current) + len(_previous)


def counts() -> dict[str, int]:
    """Since `forget`: entries found, entries made, shared lines copied before a split."""
    return dict(_counts)
