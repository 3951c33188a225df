"""Command-line arguments that point at the wrong things: devices and files for folders,
odd job counts, a missing content folder under --watch. Each ends in a message and the right
exit code (2 for usage, 1 for a failed build), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import build, content


@pytest.mark.parametrize("output", ["/dev/null", "file", "file/below"])
def test_output_that_cannot_be_a_folder_is_a_usage_error(tmp_path: Path, output: str) -> None:
    root = content(tmp_path)
    (tmp_path / "file").write_text("mine")
    out = Path(output) if output.startswith("/") else tmp_path / output
    run = build(root, out)
    assert run.code == 2, run
    assert "Traceback" not in run.err
    assert "error:" in run.err
    assert (tmp_path / "file").read_text() == "mine"


@pytest.mark.parametrize("jobs", ["0", "-3", "1", "64"])
def test_any_job_count_builds(tmp_path: Path, jobs: str) -> None:
    run = build(content(tmp_path), tmp_path / "out", "--jobs", jobs, "--only", "booklet")
    assert run.code == 0, run
    assert (tmp_path / "out" / "en" / "booklet.pdf").is_file()


def test_no_wait_without_another_build_just_builds(tmp_path: Path) -> None:
    run = build(content(tmp_path), tmp_path / "out", "--no-wait")
    assert run.code == 0, run


def test_watch_without_a_content_folder_ends_with_its_message(tmp_path: Path) -> None:
    run = build(tmp_path / "missing", tmp_path / "out", "--watch")
    assert run.code == 1, run
    assert "content folder not found" in run.err
    assert "Traceback" not in run.err


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_content_folder_given_as_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    run = build(tmp_path / "fifo", tmp_path / "out")
    assert run.code == 1, run
    assert "Traceback" not in run.err


def test_translation_export_into_an_output_that_is_a_file(tmp_path: Path) -> None:
    root = content(tmp_path, **{"report.yaml": 'languages: [en, es]\ntitle: {en: "T"}\n'
                                               "sections:\n  - one.yaml\n"})
    (tmp_path / "out").write_text("mine")
    run = build(root, tmp_path / "out", "i18n", "export", "--lang", "es")
    assert run.code in (1, 2), run
    assert "Traceback" not in run.err
    assert (tmp_path / "out").read_text() == "mine"
