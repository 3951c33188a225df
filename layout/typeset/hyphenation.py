"""Hyphenation: the policy that decides where a justified line may end in a hyphen.

In: a language's pyphen code. Out: `HyphenationPolicy`, a callable ReportLab takes as a style's
``hyphenationLang`` (word -> candidate (head, tail) pairs), so the line-end hyphen stays
ReportLab's own mechanism; and `PolicedBreaks` (mixed into `PolicedParagraph`), line breaking
that re-runs (a bounded number of times) without the breaks the policy forbids across lines:
a third hyphenated line in a row, or a hyphen on the paragraph's last full line. Loose
justified lines are first broken differently, then capped (`MAX_WORD_SPACE`) and left ragged
rather than stretched.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pyphen  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth

from layout.typeset.patterns import hyphenator
from layout.typeset.tagged import TaggedParagraph

MIN_HEAD = 3
"""Letters that must stay before a break."""
MIN_TAIL = 3
"""Letters that must go to the next line."""
MAX_RUN = 2
"""Hyphenated lines allowed one after the other."""
MAX_WORD_SPACE = 1.8
"""Widest justified word space, as a multiple of the natural space; looser lines go ragged."""
MAX_REBREAKS = 8
"""Re-breaks of one paragraph before its lines are taken as they are."""
LOOSE = 1.3
"""Word-space ratio above which a justified line is worth breaking differently."""
MAX_TIGHTENINGS = 6
"""Attempts at better breaks per paragraph."""
MAX_SHRINK = 0.75
"""Narrowest word space, as a multiple of the natural space, when a line takes one more word."""


@functools.cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    """pyphen's patterns for ``lang`` (or its closest language), None when it has none; read
    as words need them (`layout.typeset.patterns`)."""
    return hyphenator(lang, MIN_HEAD, MIN_TAIL)


@functools.lru_cache(maxsize=8192)
def _pairs(lang: str, word: str) -> tuple[tuple[str, str], ...]:
    """`HyphenationPolicy.pairs`, remembered: a paragraph's line-breaking attempts ask for
    the same words again."""
    patterns = _dictionary(lang)
    if patterns is None or not HyphenationPolicy.allows(word):
        return ()
    return tuple((h, t) for h, t in patterns.iterate(word)
                 if len(h) >= MIN_HEAD and len(t) >= MIN_TAIL)


class HyphenationPolicy:
    """Which words may break, and where: a callable for ``ParagraphStyle.hyphenationLang``.

    Words that start with a capital (names), contain one (acronyms) or already hold a hyphen
    are never broken; pyphen's candidates keep `MIN_HEAD` and `MIN_TAIL` letters. While a
    `PolicedParagraph` breaks its lines the policy records each request, so that a break the
    paragraph rejects can be refused on the next attempt.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._calls: list[list[str | None]] | None = None
        self._vetoes: frozenset[int] = frozenset()

    def __repr__(self) -> str:
        return f"HyphenationPolicy({self.lang!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (HyphenationPolicy, (self.lang,))

    @staticmethod
    def allows(word: str) -> bool:
        """True when ``word`` may be broken at all."""
        return word.isalpha() and word[:1].islower() and word == word.lower()

    def pairs(self, word: str) -> list[tuple[str, str]]:
        """Every permitted (head, tail) split of ``word``, longest head first."""
        return list(_pairs(self.lang, word))

    def __call__(self, word: str) -> Iterator[tuple[str, str]]:
        calls = self._calls
        index = len(calls) if calls is not None else -1
        record: list[str | None] = [word, None]
        if calls is not None:
            calls.append(record)
        if index in self._vetoes:
            return
        for head, tail in _pairs(self.lang, word):
            record[1] = head  # left set if ReportLab takes this pair and stops asking
            yield head, tail
        record[1] = None

    def start(self, vetoes: frozenset[int]) -> list[list[str | None]]:
        """Begin recording requests for one line-breaking attempt; refuse ``vetoes``."""
        self._calls, self._vetoes = [], vetoes
        return self._calls

    def stop(self) -> None:
        """End the attempt: later requests are answered without recording."""
        self._calls, self._vetoes = None, frozenset()


def _last_word(line: Any, kind: int) -> str:
    if kind == 0:
        return str(line[1][-1]) if line[1] else ""
    for frag in reversed(line.words):
        text = getattr(frag, "text", "")
        if text.strip():
            return str(text).split(" ")[-1]
    return ""


def _broken_lines(lines: list[Any], kind: int, calls: list[list[str | None]]) -> list[int | None]:
    """Per line, the request whose break ends it (pyphen breaks), -1 for an explicit
    hyphen, None for a line that does not end in a hyphen."""
    accepted = [(i, head) for i, (_, head) in enumerate(calls) if head is not None]
    out: list[int | None] = []
    for line in lines:
        word = _last_word(line, kind)
        if not word.endswith("-"):
            out.append(None)
        elif accepted and word[:-1].endswith(str(accepted[0][1])):
            out.append(accepted.pop(0)[0])
        else:
            out.append(-1)
    return out


def _rejected(broken: list[int | None]) -> int | None:
    """The request to refuse next: one making a third hyphen in a row (the last pyphen break
    of the run), or one on the last full line."""
    run: list[int | None] = []
    for i, call in enumerate(broken[:-1]):
        run = [*run, call] if call is not None else []
        if call is not None and call >= 0 and i == len(broken) - 2:
            return call
        if len(run) > MAX_RUN:
            own = [c for c in run if c is not None and c >= 0]
            if own:
                return own[-1]
    return None


class PolicedBreaks:
    """Line breaking that follows the style's `HyphenationPolicy` across lines: a mixin for
    any `Paragraph` subclass (``class P(PolicedBreaks, TaggedParagraph)``).

    Justified paragraphs also look for better breaks: where a line would be set loose, a line
    above it is broken one word earlier, or a line takes one more word with tighter spaces
    (`_alternatives`), and the result is kept when the paragraph's worst line improves (a
    bounded number of tries); a line still loose after that is capped.
    """

    style: Any
    frags: Any

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab override
        """Break as ReportLab does, then again without rejected hyphens and loose lines."""
        policy = getattr(self.style, "hyphenationLang", None)
        if not isinstance(policy, HyphenationPolicy):
            return super().breakLines(width)  # type: ignore[misc]
        frags = self.frags
        widths = list(width) if isinstance(width, list | tuple) else [width]
        overrides: dict[int, float] = {}
        best = self._policed(policy, frags, widths, overrides)
        if self.style.alignment == TA_JUSTIFY:
            space = stringWidth(" ", self.style.fontName, self.style.fontSize)
            tried: set[int] = set()
            latest = True  # the last lines broken are the best ones
            for _ in range(MAX_TIGHTENINGS):
                loose = _loosest(best, space)
                if loose is None or loose[1] < LOOSE or loose[0] in tried:
                    break
                tried.add(loose[0])
                for trial_overrides in _alternatives(best, widths, loose[0], space, overrides):
                    trial = self._policed(policy, frags, widths, trial_overrides)
                    latest = _badness(trial, space) < _badness(best, space)
                    if latest:
                        best, overrides = trial, trial_overrides
            self.frags = frags
            if not latest:  # later trials broke the same words again: break the best anew
                best = self._policed(policy, frags, widths, overrides)
            _cap_spaces(best, space)
        return best

    def _policed(self, policy: HyphenationPolicy, frags: Any, widths: list[float],
                 overrides: dict[int, float]) -> Any:
        """Lines broken at ``widths`` (some lines narrowed), with no rejected hyphen."""
        vetoes: frozenset[int] = frozenset()
        count = max([len(widths), *(k + 2 for k in overrides)])
        narrowed = [overrides.get(i, _width(widths, i)) for i in range(count)]
        for _ in range(MAX_REBREAKS):
            self.frags = frags
            calls = policy.start(vetoes)
            try:
                result = super().breakLines(narrowed)  # type: ignore[misc]
            finally:
                policy.stop()
            bad = _rejected(_broken_lines(result.lines, result.kind, calls))
            if bad is None:
                break
            vetoes = vetoes | {bad}
        for i in overrides:  # a narrowed or widened line is still set to the full measure
            if i < len(result.lines):
                _add_space(result, i, _width(widths, i) - overrides[i])
        return result


def _alternatives(result: Any, widths: list[float], i: int, space: float,
                  overrides: dict[int, float]) -> list[dict[int, float]]:
    """Other breaks for a loose line ``i``: the line above ends a word earlier, or line
    ``i`` takes the next word by shrinking its spaces (up to `MAX_SHRINK`)."""
    out = []
    for k in (i - 1, i - 2):  # a line above ends a word earlier
        if k >= 0:
            line = result.lines[k]
            out.append({**overrides, k: _used(line, result.kind, _width(widths, k)) - 0.01})
    for k in (i, i - 1):  # a line takes one more word by shrinking its spaces
        if k >= 0:
            gaps = _extra(result.lines[k], result.kind)[1]
            out.append({**overrides, k: _width(widths, k) + gaps * space * (1 - MAX_SHRINK)})
    return out


def _badness(result: Any, space: float) -> float:
    """How far the worst justified line is from natural spacing (tight lines count more)."""
    worst = 0.0
    for line in result.lines[:-1]:
        extra, gaps = _extra(line, result.kind)
        if gaps > 0:
            ratio = 1 + extra / (gaps * space)
            worst = max(worst, ratio - 1 if ratio >= 1 else (1 - ratio) * 1.5)
    return worst


class PolicedParagraph(PolicedBreaks, TaggedParagraph):
    """A tagged paragraph broken into lines by `PolicedBreaks` (running text)."""


def _width(widths: list[float], i: int) -> float:
    return float(widths[min(i, len(widths) - 1)])


def _extra(line: Any, kind: int) -> tuple[float, int]:
    """A line's extra space and its number of word spaces."""
    if kind == 0:
        return float(line[0]), len(line[1]) - 1
    return float(line.extraSpace), int(line.wordCount) - 1


def _used(line: Any, kind: int, width: float) -> float:
    return width - _extra(line, kind)[0]


def _add_space(result: Any, i: int, amount: float) -> None:
    line = result.lines[i]
    if result.kind == 0:
        result.lines[i] = (line[0] + amount, line[1])
    else:
        line.extraSpace += amount


def _loosest(result: Any, space: float) -> tuple[int, float] | None:
    """(index, word-space ratio) of the loosest justified line, None for one line."""
    ratios = []
    for i, line in enumerate(result.lines[:-1]):
        extra, gaps = _extra(line, result.kind)
        if gaps > 0:
            ratios.append((i, 1 + max(extra, 0.0) / (gaps * space)))
    return max(ratios, key=lambda r: r[1]) if ratios else None


def _cap_spaces(result: Any, space: float) -> None:
    """Limit each justified line's extra space so no word space exceeds `MAX_WORD_SPACE`."""
    for i, line in enumerate(result.lines[:-1]):
        extra, gaps = _extra(line, result.kind)
        limit = gaps * space * (MAX_WORD_SPACE - 1)
        if gaps > 0 and extra > limit:
            _add_space(result, i, limit - extra)
