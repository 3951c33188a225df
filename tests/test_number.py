"""Stage number: agenda letters, section numbers and footnote numbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import append

from layout.content.model import iter_rows, iter_sections
from layout.content.number import agenda_letter, number_report
from layout.make.targets import load_report


@pytest.mark.parametrize(
    ("n", "letters"),
    [
        (1, "a"),
        (26, "z"),
        (27, "aa"),  # bijective base 26: after z comes aa, not ba or a again
        (32, "af"),
        (52, "az"),  # 26 + 26
        (53, "ba"),
        (702, "zz"),  # 26 + 26 * 26: the last two-letter label
        (703, "aaa"),
    ],
)
def test_agenda_letter(n: int, letters: str) -> None:
    assert agenda_letter(n) == letters


@pytest.mark.parametrize("n", [0, -1])
def test_agenda_letter_counts_from_one(n: int) -> None:
    with pytest.raises(ValueError, match="from 1"):
        agenda_letter(n)


def test_agenda_letters_are_distinct_and_ordered_like_spreadsheet_columns() -> None:
    labels = [agenda_letter(n) for n in range(1, 800)]
    assert len(set(labels)) == len(labels)
    assert labels == sorted(labels, key=lambda s: (len(s), s))
    assert all(label.isalpha() and label.islower() for label in labels)


def test_section_numbers_of_the_real_content(content_snapshot: Path) -> None:
    report = load_report(content_snapshot)
    numbering = number_report(report)
    in_order = [(s.id, numbering.sections.get(s.id)) for s in iter_sections(report.sections)]
    assert in_order[0] == ("presentation", None)
    assert [number for _, number in in_order] == [
        None,
        "1", "1.1", "1.2", "1.3", "1.4",
        "2",
        "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
    ]


def test_agenda_rows_of_the_real_content_are_counted_through_the_report(
    content_snapshot: Path,
) -> None:
    report = load_report(content_snapshot)
    numbering = number_report(report)
    rows = list(iter_rows(report.sections))
    assert [row.index for row in rows] == list(range(len(rows)))
    assert numbering.letter(0) == "a"
    assert numbering.letter(len(rows) - 1) == agenda_letter(len(rows))


NESTED = """\
id: one
title: {en: "One"}
sections:
  - id: one-a
    title: {en: "One A"}
  - id: aside
    numbered: false
    title: {en: "Aside"}
  - id: one-b
    title: {en: "One B"}
    sections:
      - id: one-b-deep
        title: {en: "One B, deeper"}
"""

FRONT = """\
id: front
numbered: false
title: {en: "Front matter"}
sections:
  - id: front-part
    title: {en: "Part of the front matter"}
"""

TWO = """\
id: two
title: {en: "Two"}
"""


def test_unnumbered_sections_do_not_take_a_number(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(
        report=lambda text: text.replace("  - one.yaml\n",
                                         "  - front.yaml\n  - one.yaml\n  - two.yaml\n"),
        one=NESTED,
    )
    (root / "front.yaml").write_text(FRONT, encoding="utf-8")
    (root / "two.yaml").write_text(TWO, encoding="utf-8")
    numbering = number_report(load_report(root))
    assert numbering.sections == {
        "one": "1", "one-a": "1.1", "one-b": "1.2", "one-b-deep": "1.2.1", "two": "2",
    }


FOOTNOTES = """\
id: one
title: {en: "One"}
blocks:
  - paragraph: {en: "First cites the second note[^second]."}
  - box:
      title: {en: "A box"}
      blocks:
        - paragraph: {en: "Then the first[^first], and the second again[^second]."}
sections:
  - id: one-a
    title: {en: "One A[^third]"}
    blocks:
      - agenda:
          actor: mef
          items:
            - text: {en: "Do it[^fourth]; as the first note said[^first]."}
footnotes:
  first: {en: "Defined first."}
  fourth: {en: "Defined second."}
  third: {en: "Defined third."}
  second: {en: "Defined last."}
"""


def test_footnotes_are_numbered_by_first_citation(tiny_content: Callable[..., Path]) -> None:
    numbering = number_report(load_report(tiny_content(one=FOOTNOTES)))
    assert numbering.notes == {"second": 1, "first": 2, "third": 3, "fourth": 4}


def test_footnote_numbers_run_across_files(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(
        report=append("  - two.yaml\n"),
        one=append('  - paragraph: {en: "Cited here[^here]."}\nfootnotes:\n'
                   '  here: {en: "Here."}\n'),
    )
    (root / "two.yaml").write_text(
        'id: two\ntitle: {en: "Two"}\nblocks:\n  - paragraph: {en: "And there[^there], here'
        '[^here]."}\nfootnotes:\n  there: {en: "There."}\n', encoding="utf-8")
    assert number_report(load_report(root)).notes == {"here": 1, "there": 2}
