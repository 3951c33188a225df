"""The English text of a content folder as a flat list of headings and paragraphs, for the
baselines the benchmarks compare against (bare ReportLab, Typst).

Sections become headings (level 0 for a file's top section, 1 below it); every other English
text becomes a paragraph, in file order. Inline markup is dropped; footnote references too.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_NOTE = re.compile(r"\[\^[^\]]+\]")
_MARK = re.compile(r"\*+")


def _plain(text: str) -> str:
    return " ".join(_MARK.sub("", _NOTE.sub("", text)).split())


def _texts(value: object) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("en"), str):
            found.append(_plain(value["en"]))
        for key, item in value.items():
            if key not in ("sections", "title"):
                found.extend(_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_texts(item))
    return found


def _section(node: dict, level: int) -> list[tuple[str, int, str]]:
    story = [("heading", level, _plain(node["title"]["en"]))]
    story += [("paragraph", level, text) for text in _texts(node.get("blocks", []))]
    for child in node.get("sections", []) or []:
        story += _section(child, min(level + 1, 1))
    return story


def english_story(content: Path) -> list[tuple[str, int, str]]:
    """(kind, level, text) for every heading and paragraph of the English edition."""
    report = yaml.safe_load((content / "report.yaml").read_text(encoding="utf-8"))
    story: list[tuple[str, int, str]] = []
    for name in report["sections"]:
        node = yaml.safe_load((content / name).read_text(encoding="utf-8"))
        story += _section(node, 0)
        notes = node.get("footnotes") or {}
        story += [("paragraph", 1, _plain(note["en"])) for note in notes.values()]
    return story
