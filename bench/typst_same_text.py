"""The Typst baseline of the build benchmarks: the English booklet's text compiled by Typst
(PyPI binding, a cold process): same page size, margins, font size and leading, justified and
hyphenated, headings and an outline (contents).

Run: python bench/typst_same_text.py OUT.pdf [CONTENT]   (needs: pip install typst)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import font_source_sans_pro
import typst
from same_text import english_story

CONTENT = Path(__file__).resolve().parent.parent / "content"
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\*_`#$@<>[]~=-+/\"'"})

PREAMBLE = """#set page(width: 148mm, height: 210mm,
  margin: (inside: 16mm, outside: 16mm, top: 19mm, bottom: 20mm), numbering: "1")
#set text(font: "Source Sans Pro", size: 9.5pt, lang: "en", hyphenate: true)
#set par(justify: true, leading: 4pt, spacing: 6.75pt)
#show heading.where(level: 1): it => { pagebreak(weak: true); it }
#outline()
"""


def source(content: Path) -> str:
    """The Typst markup of the English story."""
    lines = [PREAMBLE]
    for kind, level, text in english_story(content):
        escaped = text.translate(_SPECIAL)
        lines.append(f"{'=' * (level + 1)} {escaped}" if kind == "heading" else escaped)
        lines.append("")
    return "\n".join(lines)


def main(out: str, content: Path = CONTENT) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        main_file = Path(tmp) / "main.typ"
        main_file.write_text(source(content), encoding="utf-8")
        pdf = typst.compile(str(main_file), font_paths=[font_source_sans_pro.font_directory])
    Path(out).write_bytes(pdf)


if __name__ == "__main__":
    main(sys.argv[1], *(Path(a) for a in sys.argv[2:3]))
