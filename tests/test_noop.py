"""A build whose inputs are those of the last complete build answers from the manifest.

Each build runs the real command line in a fresh process and reports which modules it loaded:
an unchanged build must not read the content (no YAML parser, no content model, no
ReportLab) and must print what the full build printed; any change to what an output depends
on (a byte of a content file, a new file, an option, a damaged output, --force) must go the
full way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT

from layout.make.manifest import write_manifest

ARGS = ["--content", "content", "--output", "out", "--lang", "es", "--only", "booklet"]
READERS = ("yaml", "layout.content.model", "reportlab")
"""Modules a build that reads and lays out the content loads."""
PRESENTATION = "presentation.yaml"


@dataclass(frozen=True)
class Run:
    code: int
    loaded: list[str]
    stderr: str

    @property
    def counts(self) -> tuple[int, int]:
        found = re.search(r"built (\d+), up to date (\d+)", self.stderr)
        assert found, self.stderr
        return int(found[1]), int(found[2])

    @property
    def messages(self) -> list[str]:
        """What was printed, but the closing line (its counts and time differ)."""
        return [line for line in self.stderr.splitlines() if not line.startswith("built ")]


def build(root: Path, *extra: str) -> Run:
    """The command line, run in ``root`` (which holds content/ and out/)."""
    driver = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from layout.cli.main import main\n"
        f"code = main({ARGS + list(extra)!r})\n"
        f"print(json.dumps([code, [m for m in {READERS!r} if m in sys.modules]]))\n"
    )
    done = subprocess.run([sys.executable, "-c", driver], cwd=root, capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.stdout, done.stderr[-3000:]
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    return Run(code, loaded, done.stderr)


@pytest.fixture(scope="module")
def project(content_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder built once, with a warning to repeat: the English title of a section
    edited, so its Spanish translation was made from an older source."""
    root = tmp_path_factory.mktemp("noop")
    shutil.copytree(content_snapshot, root / "content")
    path = root / "content" / PRESENTATION
    path.write_text(path.read_text(encoding="utf-8").replace(
        'title: {en: "Presentation"', 'title: {en: "Foreword"', 1), encoding="utf-8")
    first = build(root)
    assert first.code == 0, first.stderr
    assert first.counts == (1, 0)
    assert "warning:" in first.stderr
    assert "stale" in first.stderr
    return root


def copy_of(project: Path, tmp_path: Path) -> Path:
    """The project folder copied elsewhere (mtimes kept): it still answers at once."""
    root = tmp_path / "project"
    shutil.copytree(project, root)
    return root


def test_unchanged_build_answers_without_reading_the_content(project: Path,
                                                             tmp_path: Path) -> None:
    root = copy_of(project, tmp_path)
    booklet = root / "out" / "es" / "booklet.pdf"
    full = build(root, "--force")  # the answer of a build that reads everything
    assert full.loaded == list(READERS)
    before = (booklet.read_bytes(), booklet.stat().st_mtime_ns)
    again = build(root)
    assert again.code == 0
    assert again.loaded == []
    assert again.counts == (0, 1)
    assert again.messages == full.messages
    assert any("warning:" in line for line in again.messages)
    assert (booklet.read_bytes(), booklet.stat().st_mtime_ns) == before


def _same_size_edit(root: Path) -> None:
    """One Spanish letter changed, the file's size and modification time kept."""
    path = root / "content" / PRESENTATION
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "El objetivo principal" in text
    path.write_text(text.replace("El objetivo principal", "El objetivo Principal", 1),
                    encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size


def _damage(root: Path) -> None:
    with (root / "out" / "es" / "booklet.pdf").open("ab") as file:
        file.write(b"\n")


CHANGES = {
    # change: (what it does to the copy, extra arguments, outputs written by the full build)
    "a content file's bytes": (_same_size_edit, (), 1),
    "a new file in the content folder": (
        lambda root: (root / "content" / "notes.txt").write_text("x", encoding="utf-8"), (), 0),
    "another option": (lambda root: None, ("--mark-untranslated",), 1),
    "a damaged output": (_damage, (), 1),
    "--force": (lambda root: None, ("--force",), 1),
    "the record's digest (the manifest sealed again)": (
        lambda root: _edit_manifest(root, lambda m: m["unchanged"][0].update(inputs="0")),
        (), 0),
    "a hand edit of the manifest (not sealed again)": (
        lambda root: (root / "out" / ".manifest.json").write_text(
            (root / "out" / ".manifest.json").read_text(encoding="utf-8").replace(
                '"inputs": "', '"inputs": "0', 1), encoding="utf-8"), (), 1),
}


def _edit_manifest(root: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change the manifest as the build would have written it (its checksum made anew)."""
    out = root / "out"
    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))
    manifest.pop("checksum")
    change(manifest)
    write_manifest(out, manifest)


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_goes_the_full_way(project: Path, tmp_path: Path, change: str) -> None:
    root = copy_of(project, tmp_path)
    apply, extra, written = CHANGES[change]
    apply(root)
    run = build(root, *extra)
    assert run.code == 0, run.stderr
    if written:
        assert run.loaded == list(READERS)
    else:  # read and checked, found up to date
        assert "yaml" in run.loaded
        assert "reportlab" not in run.loaded
    assert run.counts == (written, 1 - written)
    if "--force" not in extra:  # once built, the same build answers at once in turn
        after = build(root, *extra)
        assert after.loaded == [], after.stderr
        assert after.counts == (0, 1)


def test_content_restored_after_a_failed_build_answers_at_once(project: Path,
                                                               tmp_path: Path) -> None:
    root = copy_of(project, tmp_path)
    path = root / "content" / PRESENTATION
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("blocks:", "blocks: [", 1), encoding="utf-8")
    assert build(root).code == 1
    path.write_text(original, encoding="utf-8")
    run = build(root)  # the inputs of the recorded build again: its outputs are still current
    assert run.code == 0
    assert run.loaded == []
    assert run.counts == (0, 1)


def test_a_build_with_other_options_that_rewrites_an_output_voids_the_record(
        project: Path, tmp_path: Path) -> None:
    """Each set of options has its record; one that rewrote a shared output (the booklet,
    now with highlights) leaves the other record vouching for bytes that are gone."""
    root = copy_of(project, tmp_path)
    path = root / "content" / PRESENTATION
    text = path.read_text(encoding="utf-8")
    untranslated = re.sub(r'(title: \{en: "Foreword"), es: "[^"]*", es_src: "[^"]*"', r"\1", text)
    assert untranslated != text
    path.write_text(untranslated, encoding="utf-8")  # so that highlights change the booklet
    assert build(root).counts == (1, 0)
    assert build(root).loaded == []
    marked = build(root, "--mark-untranslated")
    assert marked.counts == (1, 0)
    again = build(root)
    assert again.loaded == list(READERS)
    assert again.counts == (1, 0)
    assert build(root).loaded == []
    assert build(root, "--mark-untranslated").counts == (1, 0)


def _record_edit(change: str):  # type: ignore[no-untyped-def]
    def apply(manifest: dict) -> None:  # type: ignore[type-arg]
        record = manifest["unchanged"][0]
        if change == "an output outside the folder":
            record["outputs"] = {"../../escape.pdf": next(iter(record["outputs"].values()))}
        elif change == "outputs of the wrong shape":
            record["outputs"] = list(record["outputs"])
        elif change == "a warning of the wrong shape":
            record["warnings"] = [{"file": 1}]
        elif change == "warnings of the wrong shape":
            record["warnings"] = "stale"
        elif change == "a SHA-256 of the wrong shape":
            record["outputs"] = {name: 5 for name in record["outputs"]}
        else:  # records of the wrong shape
            manifest["unchanged"] = {"options": record["options"]}
    return apply


@pytest.mark.parametrize("change", [
    "an output outside the folder", "outputs of the wrong shape",
    "a warning of the wrong shape", "warnings of the wrong shape",
    "a SHA-256 of the wrong shape", "records of the wrong shape"])
def test_a_record_of_the_wrong_shape_goes_the_full_way(project: Path, tmp_path: Path,
                                                       change: str) -> None:
    root = copy_of(project, tmp_path)
    _edit_manifest(root, _record_edit(change))
    run = build(root)
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "yaml" in run.loaded
    assert run.counts == (0, 1)
    assert "stale" in run.stderr
    assert not (tmp_path / "escape.pdf").exists()
    assert build(root).loaded == []  # the full build wrote a good record again
