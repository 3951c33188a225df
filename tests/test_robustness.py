"""Robustness: hostile but valid text prints literally; bad characters, paths and sizes are
refused with their file and line; every PDF passes pikepdf's structural check; and random
content either builds with all of its text in the PDF or is refused with located diagnostics.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from conftest import RealBuild
from helpers import handout_file, squash
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as hs
from PIL import Image as PILImage
from pypdf import PdfReader

from layout.content.load import MAX_FILE_BYTES
from layout.content.markup import NOTE_REF
from layout.content.number import number_report
from layout.diagnostics import ContentError, Diagnostic
from layout.make.paths import booklet_path, print_path
from layout.make.targets import build_all, load_report
from layout.typeset import styles as st

# -- writing content folders ------------------------------------------------------------------


def dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000)


def write_content(root: Path, sections: list[dict[str, Any]], *,
                  report: dict[str, Any] | None = None,
                  actors: dict[str, Any] | None = None) -> Path:
    """A content folder: report.yaml, actors.yaml and one file per top-level section."""
    root.mkdir(parents=True, exist_ok=True)
    names = [f"s{i}.yaml" for i in range(len(sections))]
    base = {"languages": ["en"], "title": {"en": "Robustness report"}, "year": "2010"}
    (root / "report.yaml").write_text(dump({**base, **(report or {}), "sections": names}),
                                      encoding="utf-8")
    (root / "actors.yaml").write_text(dump(actors or {"actors": [
        {"id": "ceplan", "name": {"en": "CEPLAN"}},
        {"id": "mef", "name": {"en": "Ministry of Economy and Finance"}},
    ]}), encoding="utf-8")
    for name, section in zip(names, sections, strict=True):
        (root / name).write_text(dump(section), encoding="utf-8")
    return root


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def unspaced(text: str) -> str:
    """The text without any whitespace (line breaks and justification cannot hide a match)."""
    return "".join(text.replace("\u00a0", " ").split())


def structural_problems(path: Path) -> list[str]:
    """pikepdf's structural check of a PDF (``check_pdf_syntax``, formerly ``check``)."""
    with pikepdf.open(path) as pdf:
        check = getattr(pdf, "check_pdf_syntax", None) or pdf.check
        return [str(problem) for problem in check()]


def located(diagnostics: tuple[Diagnostic, ...]) -> list[str]:
    """The diagnostics that do not name both a file and a line (should be none)."""
    return [d.format() for d in diagnostics if not d.where.file or d.where.line < 1]


def line_of(path: Path, needle: str) -> int:
    """1-based number of the only line of ``path`` that contains ``needle``."""
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


# -- the real outputs pass pikepdf's check ----------------------------------------------------


@pytest.fixture(scope="module")
def real_outputs(real_build: RealBuild) -> tuple[Path, list[Path]]:
    """Every output of the real content, both languages, built once (`real_build`)."""
    return real_build.out, sorted(real_build.outcome.written)


def test_every_real_output_passes_the_structural_check(
    real_outputs: tuple[Path, list[Path]]
) -> None:
    out, written = real_outputs
    names = {p.relative_to(out).as_posix() for p in written}
    for lang in ("en", "es"):
        assert {f"{lang}/booklet.pdf", f"{lang}/booklet-print.pdf"} <= names
        assert any(name.startswith(f"{lang}/handouts/") for name in names)
    failing = {p.as_posix(): problems for p in written
               if p.suffix == ".pdf" and (problems := structural_problems(p))}
    assert failing == {}


# -- hostile but valid text -------------------------------------------------------------------

HOSTILE = "x<y & AT&T <b>not bold</b> </para> a > b &amp; &lt; &#65; <br/>"
"""Tag-like and entity-like text that must print exactly as written."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every kind of text of a report holding HOSTILE, built: booklet, print and handouts."""
    root = tmp_path_factory.mktemp("hostile")
    h = HOSTILE
    content = write_content(
        root / "content",
        [{"id": "one", "title": {"en": f"Title {h}"}, "blocks": [
            {"paragraph": {"en": f"Paragraph {h}[^note]"}},
            {"bullets": [{"en": f"Bullet {h}"}]},
            {"numbered": [{"text": {"en": f"Numbered {h}"}, "items": [{"en": f"Sub {h}"}]}]},
            {"quote": {"en": f"Quote {h}"}},
            {"box": {"title": {"en": f"Box {h}"},
                     "blocks": [{"paragraph": {"en": f"Boxed {h}"}}]}},
            {"agenda": {"actor": "ceplan", "items": [
                {"text": {"en": f"Item {h}"}, "bullets": [{"en": f"Step {h}"}]}]}},
            {"agenda": {"actor": "mef", "title": {"en": f"Table {h}"},
                        "items": [{"text": {"en": f"Other {h}"}}]}},
            {"chart": {"title": {"en": f"Chart {h}"}, "categories": [{"en": "A<B"},
                                                                     {"en": "C&D"}],
                       "series": [{"name": {"en": "S<1>"}, "values": [3, 4]}],
                       "source": {"en": f"Source {h}"}}},
        ], "sections": [{"id": "sub", "title": {"en": f"Sub {h}"},
                         "blocks": [{"paragraph": {"en": "Plain."}}]}],
          "footnotes": {"note": {"en": f"Note {h}"}}}],
        report={"title": {"en": f"Report {h}"}, "subtitle": {"en": f"Subtitle {h}"},
                "series": {"en": f"Series {h}"}, "running_title": {"en": f"Running {h}"},
                "handout_intro": {"en": f"Intro {h}"},
                "back_cover": {"motto": {"en": f"Motto {h}"}}},
        actors={"actors": [{"id": "ceplan", "name": {"en": f"Actor {h}"}},
                           {"id": "mef", "name": {"en": "MEF"}}]},
    )
    out = root / "out"
    build_all(content, out, ["en"])
    return content, out


@pytest.mark.parametrize("label", [
    "Paragraph", "Bullet", "Numbered", "Sub", "Quote", "Box", "Boxed", "Item", "Step",
    "Table", "Chart", "Source", "Note", "Title", "Report", "Subtitle", "Motto", "Actor",
])
def test_hostile_text_prints_literally_in_the_booklet(
    hostile: tuple[Path, Path], label: str
) -> None:
    _, out = hostile
    assert unspaced(f"{label} {HOSTILE}") in unspaced(pdf_text(booklet_path(out, "en")))


def test_hostile_text_prints_literally_in_page_heads_feet_and_contents(
    hostile: tuple[Path, Path]
) -> None:
    _, out = hostile
    pages = [page.extract_text() or "" for page in PdfReader(booklet_path(out, "en")).pages]
    contents = next(text for text in pages if text.lstrip().startswith("Contents"))
    assert unspaced(f"Title {HOSTILE}") in unspaced(contents)
    body = "".join(unspaced(text) for text in pages[1:-1])
    for furniture in (f"Series {HOSTILE}", f"Report {HOSTILE}"):  # footers of odd/even pages
        assert unspaced(furniture) in body
    for escaped in ("&amp;amp;", "&lt;b&gt;", "&lt;/para&gt;"):  # markup printed as text
        assert escaped not in body


def test_hostile_text_prints_literally_in_the_handouts_and_chart(
    hostile: tuple[Path, Path]
) -> None:
    _, out = hostile
    handout = unspaced(pdf_text(handout_file(out, "en", "ceplan")))
    for label in ("Actor", "Item", "Step", "Intro"):
        assert unspaced(f"{label} {HOSTILE}") in handout, label
    booklet = unspaced(pdf_text(booklet_path(out, "en")))
    for label in ("A<B", "C&D", "S<1>"):
        assert label in booklet


def test_hostile_outputs_pass_the_structural_check(hostile: tuple[Path, Path]) -> None:
    _, out = hostile
    paths = [booklet_path(out, "en"), print_path(out, "en"),
             handout_file(out, "en", "ceplan"), handout_file(out, "en", "mef")]
    assert {p.as_posix(): structural_problems(p) for p in paths} == {
        p.as_posix(): [] for p in paths}


# -- an unbreakable word ----------------------------------------------------------------------


def test_unbreakable_400_character_word_builds_inside_the_margins(tmp_path: Path) -> None:
    word = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 9)[:400]
    content = write_content(tmp_path / "content", [{"id": "one", "title": {"en": "Long"},
                                                    "blocks": [
        {"paragraph": {"en": f"Before {word} after."}},
        {"bullets": [{"en": word}]},
        {"agenda": {"actor": "ceplan", "items": [{"text": {"en": f"Item {word} end."}}]}},
    ]}])
    out = tmp_path / "out"
    build_all(content, out, ["en"], kinds=("booklet",))
    path = booklet_path(out, "en")
    text = squash(pdf_text(path))
    assert text.count(squash(word)) == 3
    document = pdfium.PdfDocument(path)
    try:
        for index in range(1, len(document) - 1):
            page = document[index]
            width, _ = page.get_size()
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                left, _, right, _ = textpage.get_charbox(i)
                if right > left:
                    assert left >= st.MARGIN_INNER - 1
                    assert right <= width - st.MARGIN_OUTER + 1
    finally:
        document.close()
    assert structural_problems(path) == []


# -- characters the report refuses ------------------------------------------------------------


def tiny_with_text(root: Path, yaml_text: str) -> Path:
    """A content folder whose section file holds one paragraph written as ``yaml_text``."""
    content = write_content(root / "content", [{"id": "one", "title": {"en": "One"},
                                                "blocks": [{"paragraph": {"en": "Fine."}}]}])
    (content / "s0.yaml").write_text(
        'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph: {en: "Fine."}\n'
        f"  - paragraph:\n      en: {yaml_text}\n", encoding="utf-8")
    return content


def refused(content: Path, tmp_path: Path) -> tuple[Diagnostic, ...]:
    """Diagnostics of both ways in: `load_report` and `build_all` (which writes nothing)."""
    with pytest.raises(ContentError) as loading:
        load_report(content)
    with pytest.raises(ContentError) as building:
        build_all(content, tmp_path / "out", ["en"])
    assert not (tmp_path / "out" / "en").exists()
    assert [d.format() for d in building.value.diagnostics] == [
        d.format() for d in loading.value.diagnostics]
    return loading.value.diagnostics


@pytest.mark.parametrize(("escape", "code"), [
    ("\\a", 0x07), ("\\e", 0x1B), ("\\0", 0x00), ("\\x7f", 0x7F), ("\\N", 0x85),
    ("\\v", 0x0B), ("\\x9f", 0x9F),
])
def test_control_character_is_refused_at_its_line_with_its_code_point(
    tmp_path: Path, escape: str, code: int
) -> None:
    content = tiny_with_text(tmp_path, f'"bell {escape} here"')
    diagnostics = refused(content, tmp_path)
    assert len(diagnostics) == 1
    where = diagnostics[0].where
    assert Path(where.file).name == "s0.yaml"
    assert where.line == line_of(content / "s0.yaml", "bell")
    assert f"U+{code:04X}" in diagnostics[0].message


def test_raw_control_character_is_refused_at_its_line_with_its_code_point(
    tmp_path: Path
) -> None:
    content = tiny_with_text(tmp_path, '"bell \x07 here"')
    diagnostics = refused(content, tmp_path)
    assert len(diagnostics) == 1
    assert diagnostics[0].where.line == line_of(content / "s0.yaml", "bell")
    assert "U+0007" in diagnostics[0].message


@pytest.mark.parametrize(("char", "code"), [
    ("\U0001F600", "U+1F600"), ("中", "U+4E2D"), ("\u0416", "U+0416"),
])
def test_character_the_fonts_lack_is_refused_at_its_line_with_its_code_point(
    tmp_path: Path, char: str, code: str
) -> None:
    content = tiny_with_text(tmp_path, f'"smile {char} please"')
    diagnostics = refused(content, tmp_path)
    assert len(diagnostics) == 1
    where = diagnostics[0].where
    assert Path(where.file).name == "s0.yaml"
    assert where.line == line_of(content / "s0.yaml", "smile")
    assert code in diagnostics[0].message


# -- image paths that leave the content folder ------------------------------------------------


def image_content(root: Path, file: str) -> Path:
    content = write_content(root / "content", [{"id": "one", "title": {"en": "One"}, "blocks": [
        {"paragraph": {"en": "Fine."}},
        {"image": {"file": file, "alt": {"en": "A picture"}}},
    ]}])
    return content


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "symlink-out", "symlinked-folder"])
def test_image_outside_the_content_folder_is_refused(tmp_path: Path, how: str) -> None:
    outside = tmp_path / "outside.png"
    PILImage.new("RGB", (8, 8), (0, 0, 0)).save(outside)
    name = {"absolute": str(outside), "dot-dot": "../outside.png",
            "symlink-out": "link.png", "symlinked-folder": "pictures/outside.png"}[how]
    content = image_content(tmp_path, name)
    if how == "symlink-out":
        os.symlink(outside, content / "link.png")
    if how == "symlinked-folder":
        os.symlink(tmp_path, content / "pictures")
    assert (content / name).is_file()  # the file is there: only its place is wrong
    diagnostics = refused(content, tmp_path)
    assert len(diagnostics) == 1
    diagnostic = diagnostics[0]
    assert Path(diagnostic.where.file).name == "s0.yaml"
    assert diagnostic.where.line == line_of(content / "s0.yaml", "file:")
    assert re.search(r"outside the content folder|absolute path", diagnostic.message)


def test_image_inside_the_content_folder_through_a_symlink_is_accepted(tmp_path: Path) -> None:
    content = image_content(tmp_path, "link.png")
    PILImage.new("RGB", (8, 8), (0, 0, 0)).save(content / "real.png")
    os.symlink(content / "real.png", content / "link.png")
    load_report(content)


# -- size limit ------------------------------------------------------------------------------


def padded_section(size: int) -> bytes:
    """A valid section file of exactly ``size`` bytes (a long comment pads it)."""
    head = b'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph: {en: "Fine."}\n# '
    assert size > len(head) + 1
    return head + b"x" * (size - len(head) - 1) + b"\n"


def test_content_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    content = image_content(tmp_path, "unused.png")
    (content / "s0.yaml").write_bytes(padded_section(MAX_FILE_BYTES + 1))
    diagnostics = refused(content, tmp_path)
    assert len(diagnostics) == 1
    assert Path(diagnostics[0].where.file).name == "s0.yaml"
    assert f"{MAX_FILE_BYTES:,}" in diagnostics[0].message


def test_content_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    content = image_content(tmp_path, "unused.png")
    (content / "s0.yaml").write_bytes(padded_section(MAX_FILE_BYTES))
    assert len((content / "s0.yaml").read_bytes()) == MAX_FILE_BYTES
    report = load_report(content)
    assert [s.id for s in report.sections] == ["one"]


# -- random content ---------------------------------------------------------------------------

LATIN1 = [c for c in map(chr, range(0x20, 0x100)) if c.isprintable()]
"""Printable Latin-1: characters the fonts have."""
MARKUP = list("*[]^<>&")
"""Characters with a meaning in the inline markup or in ReportLab's: drawn half the time."""

texts = hs.text(alphabet=hs.sampled_from(LATIN1) | hs.sampled_from(MARKUP), min_size=1,
                max_size=40)


def _entry(text: str) -> dict[str, str]:
    return {"en": text}


blocks = hs.one_of(
    texts.map(lambda t: {"paragraph": _entry(t)}),
    hs.lists(texts, min_size=1, max_size=3).map(lambda ts: {"bullets": [_entry(t) for t in ts]}),
    texts.map(lambda t: {"quote": _entry(t)}),
    hs.tuples(hs.sampled_from(["ceplan", "mef", ["ceplan", "mef"]]), hs.none() | texts,
              hs.lists(texts, min_size=1, max_size=3)).map(
        lambda a: {"agenda": {"actor": a[0], **({"title": _entry(a[1])} if a[1] else {}),
                              "items": [{"text": _entry(t)} for t in a[2]]}}),
)


@hs.composite
def random_sections(draw: hs.DrawFn) -> tuple[list[dict[str, Any]], list[str]]:
    """Top-level sections with subsections; every text drawn is also returned."""
    drawn: list[str] = []
    sections = []
    for i in range(draw(hs.integers(1, 2))):
        def section(ident: str, depth: int) -> dict[str, Any]:
            title = draw(texts)
            items = draw(hs.lists(blocks, min_size=1, max_size=3))
            node: dict[str, Any] = {"id": ident, "title": _entry(title), "blocks": items}
            if depth == 0:
                subs = draw(hs.integers(0, 2))
                if subs:
                    node["sections"] = [section(f"{ident}-{j}", 1) for j in range(subs)]
            return node

        top = section(f"s{i}", 0)
        if draw(hs.booleans()):  # cite a note from the first paragraph, if there is one
            for block in top["blocks"]:
                if "paragraph" in block:
                    block["paragraph"]["en"] += "[^n1]"
                    top["footnotes"] = {"n1": _entry(draw(texts))}
                    break
        sections.append(top)
    for text in _walk(sections):
        drawn.append(text)
    return sections, drawn


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "en" and isinstance(item, str):
                yield item
            else:
                yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def printed_streams(path: Path) -> tuple[str, str]:
    """(body text, notes text) of a booklet: frame contents, split by the notes' size."""
    reader = PdfReader(path)
    note_size = st.make_styles("en_US").note.fontSize
    body, notes = [], []
    for page in reader.pages:
        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  height: float = float(page.mediabox.height)) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if st.MARGIN_BOTTOM - 5 < y < height - st.MARGIN_TOP + 5:
                (notes if abs(size - note_size) < 0.01 else body).append(text)

        page.extract_text(visitor_text=visit)
    return squash("".join(body)).replace("*", ""), squash("".join(notes)).replace("*", "")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


@settings(max_examples=25, deadline=None, database=None,
          # every example is a build: shrinking a failure could take minutes, so it is off
          # (the falsifying example is printed as drawn)
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_sections())
def test_random_content_builds_with_its_text_or_is_refused_with_locations(
    scratch: Path, case: tuple[list[dict[str, Any]], list[str]]
) -> None:
    sections, drawn = case
    root = Path(tempfile.mkdtemp(dir=scratch))
    try:
        content = write_content(root / "content", sections)
        problems: tuple[Diagnostic, ...] | None = None
        try:
            build_all(content, root / "out", ["en"], kinds=("booklet",))
        except ContentError as error:  # any other exception fails the test
            problems = error.diagnostics
        if problems is not None:
            assert problems
            assert located(problems) == []
            event(f"refused: {problems[0].message.split(' ')[0]}")
            return
        event("built")
        numbers = number_report(load_report(content)).notes
        path = booklet_path(root / "out", "en")
        assert structural_problems(path) == []
        body, notes = printed_streams(path)
        for text in drawn:
            expected = NOTE_REF.sub(lambda m: str(numbers[m.group(1)]), text)
            expected = squash(" ".join(expected.split())).replace("*", "")
            assert expected in body or expected in notes, text
    finally:
        shutil.rmtree(root, ignore_errors=True)
