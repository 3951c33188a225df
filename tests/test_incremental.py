"""Incremental builds: what a build rewrites, and what it must leave alone (bytes and mtimes).

One full build of a copy of content/ is made per module; each test works on its own copy of
that content and of that output folder (`shutil.copytree` keeps every mtime to the
nanosecond), so the manifest's keys stay valid and the tests do not disturb each other.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile
import pytest
from helpers import ROOT, handout_file, replace, run_build, squash
from pypdf import PdfReader

from layout.content.model import (
    Agenda,
    AgendaRow,
    Paragraph,
    Report,
    Text,
    iter_rows,
    iter_sections,
    iter_texts,
)
from layout.content.select import all_handouts, file_names, handout_ids, select_for_actor
from layout.diagnostics import ContentError
from layout.make.manifest import MANIFEST
from layout.make.options import BuildOptions
from layout.make.paths import booklet_path, press_path, print_path
from layout.make.targets import build_all, load_report

BUILD = ROOT / "build.py"

Snapshot = dict[str, tuple[bytes, int]]


def snapshot(out: Path) -> Snapshot:
    """Every file under ``out``: its bytes and its mtime in nanoseconds."""
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file()}


def rel(paths: list[Path], out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in paths}


def handout_rel(report: Report, lang: str, ident: str) -> str:
    """Where the handout of ``ident`` in ``lang`` goes, relative to the output folder."""
    names = file_names(all_handouts(report), lang, report.source_language)
    return f"{lang}/handouts/{names[ident]}"


def index_rels(lang: str) -> set[str]:
    return {f"{lang}/handouts/index.csv", f"{lang}/handouts/index.json"}


def all_outputs(report: Report, out: Path) -> set[str]:
    """Every file a full build writes, from the model: PDFs and the handouts' indexes."""
    paths = []
    for lang in report.languages:
        paths += [booklet_path(out, lang), press_path(out, lang), print_path(out, lang)]
    found = rel(paths, out)
    for lang in report.languages:
        found |= {handout_rel(report, lang, ident) for ident in handout_ids(report)}
        found |= index_rels(lang)
    return found


def unchanged(before: Snapshot, after: Snapshot, names: set[str]) -> list[str]:
    """The names among ``names`` whose bytes or mtime differ between two snapshots."""
    return sorted(name for name in names if before.get(name) != after.get(name))


def manifest_pages(out: Path, lang: str) -> dict[int, int]:
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return {int(k): v for k, v in data["pages"][lang].items()}


# -- editing one text of the content ----------------------------------------------------------


def content_file(text: Text) -> Path:
    return Path(text.where.file).resolve()


def edit_text(text: Text, lang: str, addition: str) -> None:
    """Add ``addition`` after a word of ``text``'s ``lang`` value, editing only its YAML file.

    The word is one that occurs once in the file (so the edit cannot land elsewhere) and after
    the line where the text's mapping starts.
    """
    path = content_file(text)
    source = path.read_text(encoding="utf-8")
    start = sum(len(line) for line in source.splitlines(keepends=True)[: text.where.line - 1])
    for word in text.get(lang).split():
        if len(word) >= 6 and word.isalpha() and source.count(word) == 1:
            at = source.index(word)
            if at >= start:
                path.write_text(source[:at] + f"{word} {addition}" + source[at + len(word):],
                                encoding="utf-8")
                return
    raise AssertionError(f"no unique word to edit in {text.path}.{lang}; update the test")


def find_text(report: Report, text: Text) -> Text:
    """The text of ``report`` at the place of ``text`` (an edit within a line keeps it)."""
    for candidate in iter_texts(report):
        if (candidate.where, candidate.path) == (text.where, text.path):
            return candidate
    raise AssertionError(f"{text.where}: {text.path} is gone")


def first_paragraph(report: Report, lang: str) -> Text:
    for section in iter_sections(report.sections):
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.text.has(lang):
                return block.text
    raise AssertionError(f"no paragraph with a '{lang}' text")


def single_actor_row(report: Report) -> AgendaRow:
    """An item owned by one actor of a branch, in a table whose items all belong to it."""
    actors = {actor.id: actor for actor in report.actors}
    for section in iter_sections(report.sections):
        for block in section.blocks:
            if not isinstance(block, Agenda):
                continue
            owners = {row.actors for row in block.rows}
            if len(owners) == 1 and len(block.rows[0].actors) == 1:
                actor = actors[block.rows[0].actors[0]]
                if actor.branch is not None:
                    return block.rows[0]
    raise AssertionError("no single-actor agenda table under a branch; update the test")


# -- the baseline build -----------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    content: Path
    out: Path
    written: set[str]
    up_to_date: set[str]
    files: Snapshot
    report: Report

    def clone(self, tmp_path: Path) -> tuple[Path, Path]:
        """A private copy of the content and of the output folder (mtimes kept)."""
        content, out = tmp_path / "content", tmp_path / "out"
        shutil.copytree(self.content, content)
        shutil.copytree(self.out, out)
        return content, out


def full_build(content: Path, out: Path) -> Baseline:
    outcome = build_all(content, out)
    return Baseline(content, out, rel(outcome.written, out), rel(outcome.up_to_date, out),
                    snapshot(out), load_report(content))


@pytest.fixture(scope="module")
def baseline(content_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    root = tmp_path_factory.mktemp("incremental")
    content = root / "content"
    shutil.copytree(content_snapshot, content)
    return full_build(content, root / "out")


# -- first and second build -------------------------------------------------------------------


def test_first_build_writes_every_output(baseline: Baseline) -> None:
    expected = all_outputs(baseline.report, baseline.out)
    assert len(expected) == len(baseline.report.languages) * (5 + len(handout_ids(
        baseline.report)))
    assert baseline.written == expected
    assert baseline.up_to_date == set()
    assert set(baseline.files) == expected | {MANIFEST}
    for name in expected:
        if name.endswith(".pdf"):
            assert baseline.files[name][0].startswith(b"%PDF-"), name


def test_second_build_writes_nothing_and_touches_nothing(
    baseline: Baseline, tmp_path: Path
) -> None:
    content, out = baseline.clone(tmp_path)
    before = snapshot(out)
    assert before == baseline.files  # the copy is faithful, mtimes included
    outcome = build_all(content, out)
    assert outcome.written == []
    assert rel(outcome.up_to_date, out) == baseline.written
    assert snapshot(out) == before


def test_noop_build_imports_no_reportlab(baseline: Baseline, tmp_path: Path) -> None:
    content, out = baseline.clone(tmp_path)
    before = snapshot(out)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from layout.make.targets import build_all\n"
        f"outcome = build_all(Path({str(content)!r}), Path({str(out)!r}))\n"
        "assert outcome.written == [], outcome.written\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab')\n"
        "assert not loaded, loaded\n"
        "print(len(outcome.up_to_date))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.strip()) == len(baseline.written)
    assert snapshot(out) == before


# -- what an edit rebuilds --------------------------------------------------------------------


def test_spanish_edit_rebuilds_only_spanish_outputs(baseline: Baseline, tmp_path: Path) -> None:
    content, out = baseline.clone(tmp_path)
    report = load_report(content)
    source, other = report.languages[0], "es"
    assert other in report.languages
    text = first_paragraph(report, other)
    edit_text(text, other, "ÉDITADO")
    edited = load_report(content)
    changed = find_text(edited, text)
    assert "ÉDITADO" in changed.get(other)
    assert changed.get(source) == text.get(source)

    outcome = build_all(content, out)
    after = snapshot(out)
    written = rel(outcome.written, out)
    assert {f"{other}/booklet.pdf", f"{other}/booklet-press.pdf",
            f"{other}/booklet-print.pdf"} <= written
    assert all(name.startswith(f"{other}/") for name in written), written
    untouched = {name for name in baseline.files if not name.startswith(f"{other}/")}
    untouched.discard(MANIFEST)
    assert unchanged(baseline.files, after, untouched) == []
    assert "ÉDITADO" in squash(" ".join(
        p.extract_text() for p in PdfReader(booklet_path(out, other)).pages))


def handout_refs(out: Path, lang: str, ident: str) -> list[int]:
    """The booklet page references printed in a handout, in order."""
    text = squash(" ".join(p.extract_text() for p in PdfReader(
        handout_file(out, lang, ident)).pages))
    return [int(n) for n in re.findall(r"bookletp\.(\d+)", text)]


def assert_item_edit_rebuilds_only_what_it_must(
    base: Baseline, tmp_path: Path, row: AgendaRow, addition: str
) -> None:
    content, out = base.clone(tmp_path)
    source = base.report.source_language
    actor = row.actors[0]
    parent = {unit.id: unit.branch for unit in (*base.report.actors, *base.report.branches)}
    above = [actor]
    while (unit := parent.get(above[-1])) is not None:
        above.append(unit)  # the actor, the Prime Minister's Office, the Executive Branch
    mine = next(r for r in iter_rows(load_report(content).sections) if r.index == row.index)
    edit_text(mine.text, source, addition)  # in the copy, never in the shared baseline
    report = load_report(content)
    assert addition in next(r for r in iter_rows(report.sections)
                            if r.index == row.index).text.get(source)
    old_pages = manifest_pages(out, source)

    outcome = build_all(content, out)
    written = rel(outcome.written, out)
    new_pages = manifest_pages(out, source)
    ids = handout_ids(report)
    moved = {ident for ident in ids
             if any(old_pages[r.index] != new_pages[r.index]
                    for r in select_for_actor(report, ident).rows)}
    must = {f"{source}/booklet.pdf", f"{source}/booklet-press.pdf",
            f"{source}/booklet-print.pdf"} | {
        handout_rel(report, source, unit) for unit in above}
    may = must | {handout_rel(report, source, ident) for ident in moved} | index_rels(source)
    assert len(above) >= 2
    assert must <= written
    assert written <= may, f"rebuilt without need: {sorted(written - may)}"
    after = snapshot(out)
    assert unchanged(base.files, after, set(base.files) - written - {MANIFEST}) == []
    # a handout whose references moved was rebuilt, and every handout shows the new pages
    for ident in ids:
        expected = [new_pages[r.index] for r in select_for_actor(report, ident).rows]
        assert handout_refs(out, source, ident) == expected, ident


@pytest.mark.parametrize("addition", [
    pytest.param("Xylophonic", id="one-word"),
    pytest.param(" ".join(["Additional words that push the following items down."] * 12),
                 id="long-insertion"),
])
def test_editing_one_actors_item_rebuilds_its_handouts_and_moved_ones_only(
    baseline: Baseline, tmp_path: Path, addition: str
) -> None:
    row = single_actor_row(baseline.report)
    assert_item_edit_rebuilds_only_what_it_must(baseline, tmp_path, row, addition)


@pytest.fixture(scope="module")
def mixed_baseline(content_snapshot: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> Baseline:
    """Content whose Secretariat table has one item of another actor (ceplan), built."""
    root = tmp_path_factory.mktemp("mixed")
    content = root / "content"
    shutil.copytree(content_snapshot, content)
    agenda = content / "agenda.yaml"
    text = agenda.read_text(encoding="utf-8")
    needle = "          actor: sd\n          items:\n            - text:\n"
    assert text.count(needle) == 1, "the Secretariat table changed; update the test"
    head, tail = text.split(needle)
    second = tail.index("            - text:\n")
    tail = (tail[:second] + "            - actor: ceplan\n              text:\n"
            + tail[second + len("            - text:\n"):])
    agenda.write_text(head + needle + tail, encoding="utf-8")
    return full_build(content, root / "out")


def test_editing_an_item_leaves_other_actors_of_the_same_table_alone(
    mixed_baseline: Baseline, tmp_path: Path
) -> None:
    rows = list(iter_rows(mixed_baseline.report.sections))
    ceplan = next(r for r in rows if r.actors == ("ceplan",))
    last = max((r for r in rows if r.actors == ("sd",)), key=lambda r: r.index)
    assert ceplan.index < last.index  # an edit further down cannot move ceplan's item
    assert_item_edit_rebuilds_only_what_it_must(mixed_baseline, tmp_path, last, "Xylophonic")


# -- forced, clean and partial rebuilds -------------------------------------------------------


def test_force_rebuilds_everything_with_identical_bytes(
    baseline: Baseline, tmp_path: Path
) -> None:
    content, out = baseline.clone(tmp_path)
    outcome = build_all(content, out, options=BuildOptions(force=True))
    assert rel(outcome.written, out) == baseline.written
    after = snapshot(out)
    assert {name: data for name, (data, _) in after.items()} == {
        name: data for name, (data, _) in baseline.files.items()}
    assert all(after[name][1] != baseline.files[name][1] for name in baseline.written)


def test_clean_rebuild_is_byte_identical(baseline: Baseline, tmp_path: Path) -> None:
    content, _ = baseline.clone(tmp_path)
    fresh = tmp_path / "fresh"
    build_all(content, fresh)
    again = snapshot(fresh)
    assert set(again) == set(baseline.files)
    different = [name for name in again if again[name][0] != baseline.files[name][0]]
    assert different == []


@pytest.mark.parametrize("victim", [
    lambda out, ids: booklet_path(out, "en"),
    lambda out, ids: print_path(out, "es"),
    lambda out, ids: handout_file(out, "en", ids[0]),
    lambda out, ids: handout_file(out, "es", ids[-1]),
], ids=["en-booklet", "es-print", "en-first-handout", "es-last-handout"])
def test_deleted_output_is_the_only_one_rebuilt(
    baseline: Baseline, tmp_path: Path, victim: Callable[[Path, list[str]], Path]
) -> None:
    content, out = baseline.clone(tmp_path)
    path = victim(out, handout_ids(baseline.report))
    name = path.relative_to(out).as_posix()
    path.unlink()
    outcome = build_all(content, out)
    assert outcome.written == [path]
    after = snapshot(out)
    assert after[name][0] == baseline.files[name][0]
    assert unchanged(baseline.files, after, set(baseline.files) - {name, MANIFEST}) == []
    assert after[MANIFEST][0] == baseline.files[MANIFEST][0]


# -- a failed build changes nothing -----------------------------------------------------------


TALL_BOX = "id: tall\ntitle: {en: Tall}\nblocks:\n  - box:\n      title: {en: Box}\n" + \
    "      blocks:\n" + "".join(
        f'        - paragraph: {{en: "Paragraph {i} of a box that cannot fit."}}\n'
        for i in range(80))


def break_yaml(content: Path) -> None:
    path = content / "agenda.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")


def break_actor(content: Path) -> None:
    path = content / "agenda.yaml"
    path.write_text(replace("actor: sd\n", "actor: sdd\n")(path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def break_layout(content: Path) -> None:
    (content / "tall.yaml").write_text(TALL_BOX, encoding="utf-8")
    path = content / "report.yaml"
    path.write_text(replace("  - agenda.yaml\n", "  - agenda.yaml\n  - tall.yaml\n")(
        path.read_text(encoding="utf-8")), encoding="utf-8")


def break_glyph(content: Path) -> None:
    report = load_report(content)
    edit_text(first_paragraph(report, "en"), "en", "\U0001F600")


@pytest.mark.parametrize("breakage", [break_yaml, break_actor, break_layout, break_glyph],
                         ids=["yaml-syntax", "unknown-actor", "too-tall-box", "emoji"])
def test_failed_build_leaves_every_output_untouched(
    baseline: Baseline, tmp_path: Path, breakage: Callable[[Path], None]
) -> None:
    content, out = baseline.clone(tmp_path)
    breakage(content)
    with pytest.raises(ContentError) as caught:
        build_all(content, out, options=BuildOptions(force=True))
    assert caught.value.diagnostics
    assert snapshot(out) == baseline.files  # bytes, mtimes, and no temporary files left


# -- watch mode -------------------------------------------------------------------------------


def test_watch_rebuilds_on_save_and_stops_cleanly_on_ctrl_c(
    baseline: Baseline, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(baseline.content, content)
    out = tmp_path / "out"
    booklet = booklet_path(out, "en")
    text = first_paragraph(load_report(content), "en")
    lines: list[str] = []
    proc = subprocess.Popen(
        [sys.executable, str(BUILD), "--watch", "--content", str(content), "--output", str(out),
         "--lang", "en", "--only", "booklet"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        encoding="utf-8")
    assert proc.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not booklet.exists():
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "no booklet after 60 s:\n" + "".join(lines)
            time.sleep(0.1)
        first = booklet.stat().st_mtime_ns
        assert [p.name for p in out.rglob("*.pdf")] == ["booklet.pdf"]

        # the watcher starts after the first build; save again if an edit went unnoticed
        deadline = time.monotonic() + 60
        attempt, edited_at, marker = 0, 0.0, ""
        while True:
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "no rebuild after 60 s:\n" + "".join(lines)
            if time.monotonic() - edited_at > 10:
                attempt += 1
                marker = f"Watchmarker{'q' * attempt}"
                edit_text(text, "en", marker)
                text = first_paragraph(load_report(content), "en")
                edited_at = time.monotonic()
            if booklet.stat().st_mtime_ns != first:
                pages = PdfReader(booklet).pages
                if marker in squash(" ".join(p.extract_text() for p in pages)):
                    break
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        reader.join(timeout=5)
    log = "".join(lines)
    assert code in (0, 130), log
    assert "Traceback" not in log


def test_watch_restarts_when_any_file_of_the_package_changes(
    baseline: Baseline, tmp_path: Path
) -> None:
    """The code digest is computed once per process, so a watch must not go on with code it
    did not load: a new file in the package (here a licence text, not a module) restarts it.
    A copy of the package is watched, so the real one is never touched."""
    package = tmp_path / "pkg"
    shutil.copytree(ROOT / "layout", package / "layout",
                    ignore=shutil.ignore_patterns("__pycache__"))
    script = tmp_path / "run.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(package)!r})\n"
                      "from layout.cli.process import run\nrun()\n", encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(baseline.content, content)
    watch = hostile.Watch(content, tmp_path / "out", "--lang", "en", "--only", "booklet",
                          script=script)
    try:
        watch.wait_for(lambda log: "built " in log)
        assert "and pkg/layout (Ctrl-C" in watch.log  # it watches the copy
        (package / "layout" / "licenses" / "NOTICE.txt").write_text("x\n", encoding="utf-8")
        watch.wait_for(lambda log: log.count("watching ") == 2)
    finally:
        watch.stop()
    assert "layout code changed: restarting" in watch.log
    assert "Traceback" not in watch.log


def test_a_watch_rebuild_writes_the_bytes_a_single_build_writes(
    baseline: Baseline, tmp_path: Path
) -> None:
    """A watch keeps what ReportLab made of every paragraph from one rebuild to the next
    (`layout.typeset.memo`); after two saves, one of which moves every later page, its
    booklet is the one a single build of the saved content writes, byte for byte."""
    content = tmp_path / "content"
    shutil.copytree(baseline.content, content)
    presentation = content / "presentation.yaml"
    watch = hostile.Watch(content, tmp_path / "out", "--lang", "en", "--only", "booklet")
    try:
        seen = watch.wait_for(lambda log: "built 1," in log)
        for old, new in [("The main objective", "The main objective, set out at length here "
                          "so that the paragraph runs to several more lines and every page "
                          "break after it moves,"), ("several more lines", "more lines")]:
            presentation.write_text(presentation.read_text(encoding="utf-8").replace(old, new, 1),
                                    encoding="utf-8")
            seen = watch.wait_for(lambda log: "built 1," in log, since=seen)
    finally:
        watch.stop()
    assert "Traceback" not in watch.log
    run_build(content, tmp_path / "fresh", "--lang", "en", "--only", "booklet")
    watched = booklet_path(tmp_path / "out", "en")
    assert watched.read_bytes() == booklet_path(tmp_path / "fresh", "en").read_bytes()
    text = squash(" ".join(page.extract_text() for page in PdfReader(watched).pages))
    assert squash("the paragraph runs to more lines and every page") in text  # both saves
