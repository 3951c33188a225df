"""Valid but hostile content builds or is refused at its line, never with a traceback: notes
in agenda items, deep boxes, interface words with markup-like characters, footnotes where
they cannot be printed, values YAML 1.1 would coerce, and messages that point at the right
file and line."""

from __future__ import annotations

import re
from pathlib import Path

import hostile
import pytest
from hostile import AGENDA, REPORT, build, content, section
from pypdf import PdfReader


def _texts(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _squash(text: str) -> str:
    return "".join(text.split())


def test_footnote_in_an_agenda_item_prints_in_booklet_and_handout(tmp_path: Path) -> None:
    one = AGENDA.replace("Approve the rules.", "Approve the rules[^n1].").replace(
        ', es: "Aprobar las reglas."', "").replace(', es: "Texto."', "").replace(
        ', es: "Uno"', "") + 'footnotes:\n  n1: {en: "Decree 27 of 2009."}\n'
    root = content(tmp_path, **{"one.yaml": one})
    run = build(root, tmp_path / "out")
    assert run.code == 0, run
    for pdf in ("booklet.pdf", "handouts/mef.pdf"):
        assert "Decree27of2009." in _squash(_texts(tmp_path / "out" / "en" / pdf)), pdf


@pytest.mark.parametrize("depth", [3, 5, 6, 17, 40])
def test_nested_boxes_build_or_are_refused_at_a_line(tmp_path: Path, depth: int) -> None:
    body = '- paragraph: {en: "Deep text."}'
    for level in range(depth):
        inner = "\n".join("      " + line for line in body.splitlines())
        body = f'- box:\n    title: {{en: "Box {level}"}}\n    blocks:\n{inner}'
    root = content(tmp_path, **{"one.yaml": section(
        "\n".join("  " + line for line in body.splitlines()) + "\n")})
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert "Traceback" not in run.err
    if run.code == 0:
        assert "Deeptext." in _squash(_texts(tmp_path / "out" / "en" / "booklet.pdf"))
    else:
        assert run.code == 1, run
        assert "one.yaml:" in run.err, run
        assert "box" in run.err or "nested too deeply" in run.err, run


INTERFACE = [
    ("contents", "Contents & <notes>"), ("contents", "Contents <b>"), ("contents", "{"),
    ("contents", "Contents {page}"), ("contents", "</para>"), ("contents", "<font size=40>x"),
    ("contents", "a &amp; b"), ("and", "<&>"),
    ("booklet_page", "booklet {page} {"), ("booklet_page", "<b>p. {page}"),
    ("booklet_page", "p. {page} {{x}}"), ("booklet_page", "p. {page} {0}"),
    ("handout_footer", "From {booklet} {year} {"), ("handout_footer", "<i>{booklet}</i> {year}"),
    ("handout_footer", "{booklet} {year} {year:x>12}"),
    ("handout_footer", "{booklet} {year} {booklet.__class__}"),
    ("handout_footer", "{booklet} {year} %s %(x)s"),
]


@pytest.mark.parametrize(("key", "words"), INTERFACE)
def test_interface_words_print_as_written(tmp_path: Path, key: str, words: str) -> None:
    quoted = words.replace("\\", "\\\\").replace('"', '\\"')
    report = REPORT + f'interface:\n  {key}: {{en: "{quoted}"}}\n'
    one = AGENDA.replace(', es: "Aprobar las reglas."', "").replace(
        ', es: "Texto."', "").replace(', es: "Uno"', "").replace(
        "actor: mef", "actor: [mef, ceplan]")  # two actors: the heading prints "and"
    root = content(tmp_path, **{"report.yaml": report, "one.yaml": one})
    run = build(root, tmp_path / "out")
    assert "Traceback" not in run.err
    if run.code == 1:  # refused: at its line in report.yaml
        line = hostile.line_of(root / "report.yaml", key)
        assert f"report.yaml:{line}:" in run.err, run
        return
    assert run.code == 0, run
    printed = _texts(tmp_path / "out" / "en" / "booklet.pdf") + _texts(
        tmp_path / "out" / "en" / "handouts" / "mef.pdf")
    for part in re.split(r"\{(?:page|booklet|year)\}", words):
        for piece in part.split():
            assert piece in printed, (piece, printed)
    assert "xxxxxxxx" not in printed
    assert "<class" not in printed


@pytest.mark.parametrize("where", ["category", "series", "alt"])
def test_footnotes_where_they_cannot_be_printed_are_refused_at_their_line(
        tmp_path: Path, where: str) -> None:
    cite = {w: "[^n1]" if w == where else "" for w in ("category", "series", "alt")}
    blocks = (f'  - chart:\n      title: {{en: "Cases"}}\n'
              f'      categories: [{{en: "Early{cite["category"]}"}}]\n'
              f'      series:\n        - name: {{en: "All{cite["series"]}"}}\n'
              f'          values: [3]\n'
              f'  - image:\n      file: a.svg\n      alt: {{en: "Logo{cite["alt"]}"}}\n')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           '<rect width="5" height="5"/></svg>')
    root = content(tmp_path, **{"one.yaml": section(blocks, '  n1: {en: "A note."}\n'),
                                "a.svg": svg})
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert run.code == 1, run
    needle = {"category": "Early", "series": "All", "alt": "Logo"}[where]
    line = hostile.line_of(root / "one.yaml", needle)
    assert f"one.yaml:{line}:" in run.err, run
    assert "[^n1]" in run.err, run


def test_too_many_footnotes_are_blamed_on_their_own_file(tmp_path: Path) -> None:
    report = REPORT + "  - two.yaml\n"
    cites = "".join(f"[^n{i}]" for i in range(60))
    notes = "".join(f'  n{i}: {{en: "{"A long footnote that fills the page. " * 4}"}}\n'
                    for i in range(60))
    two = (f'id: two\ntitle: {{en: "Two"}}\nblocks:\n  - paragraph: {{en: "Many."}}\n'
           f'  - paragraph: {{en: "Cited{cites}"}}\nfootnotes:\n{notes}')
    root = content(tmp_path, **{"report.yaml": report, "two.yaml": two})
    run = build(root, tmp_path / "out", "--only", "booklet")
    assert run.code == 1, run
    assert "Traceback" not in run.err, run
    line = hostile.line_of(root / "two.yaml", "Cited")
    assert f"two.yaml:{line}:" in run.err, run
    assert "one.yaml:" not in run.err


@pytest.mark.parametrize("text", ["x: " + "[" * 3000 + "]" * 3000,
                                  "x: " + "{a: " * 3000 + "1" + "}" * 3000,
                                  "".join("  " * i + "- a:\n" for i in range(1, 800))],
                         ids=["flow-lists", "flow-maps", "block-lists"])
def test_nested_too_deeply_has_a_line(tmp_path: Path, text: str) -> None:
    root = content(tmp_path, **{"one.yaml": section('  - paragraph: {en: "x"}\n') + text + "\n"})
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert "Traceback" not in run.err, run
    assert "nested too deeply" in run.err
    assert "one.yaml:" in run.err
    assert any(line.split("one.yaml:")[1][:1].isdigit() for line in run.err.splitlines()
               if "nested too deeply" in line), run


@pytest.mark.parametrize("written", ["12:30", "017", "no", "0x1F", "1_000", "off", ".NaN",
                                     "2009-12-01", "+12", "-0.0", "Yes", "~"])
def test_values_are_shown_as_written(tmp_path: Path, written: str) -> None:
    root = content(tmp_path, **{"one.yaml": section(f"  - paragraph: {{en: {written}}}\n"),
                                "report.yaml": REPORT.replace('"2010"', written)})
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    assert "Traceback" not in run.err, run
    assert f"got {written}" in run.err or f"'{written}'" in run.err or (
        f"({written})" in run.err), run
    if written == "12:30":
        assert "750" not in run.err
    if written == "017":
        assert "(15)" not in run.err


def test_print_settings_and_ids_as_written(tmp_path: Path) -> None:
    report = REPORT + "print: {sheet: 017, marks: 1, bleed: 12:30, creep: 0x10}\n"
    actors = "actors:\n  - id: 017\n    name: {en: x}\n  - id: mef\n    name: {en: M}\n"
    root = content(tmp_path, **{"report.yaml": report, "actors.yaml": actors})
    run = build(root, tmp_path / "out")
    assert run.code == 1, run
    for written in ("017", "12:30", "0x10"):
        assert written in run.err, (written, run)
    assert "750" not in run.err
    assert "False" not in run.err
