"""One build at a time per output folder: a second build waits (or exits 2 with --no-wait),
builds started together leave a manifest that describes what is on disk, and --watch holds
the lock only while it rebuilds. Real processes, a real lock."""

from __future__ import annotations

import subprocess
from pathlib import Path

import hostile
import pytest
from filelock import FileLock
from hostile import BILINGUAL, build, command, content, env, mismatches, pdf_files


def _bilingual(tmp_path: Path) -> Path:
    return content(tmp_path, **{"report.yaml": BILINGUAL, "one.yaml": hostile.AGENDA})


def _start(root: Path, out: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(command(root, out, *args), cwd=root.parent, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> hostile.Run:
    out, err = proc.communicate(timeout=hostile.GUARD)
    return hostile.Run(proc.returncode, err, out)


def test_no_wait_exits_2_while_another_build_holds_the_folder(tmp_path: Path) -> None:
    root = content(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / ".lock"):
        run = build(root, out, "--no-wait")
    assert run.code == 2, run
    assert "another build" in run.err
    assert "Traceback" not in run.err
    assert not (out / "en").exists()


def test_a_second_build_waits_with_a_message_then_builds(tmp_path: Path) -> None:
    root = content(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    lock = FileLock(out / ".lock")
    lock.acquire()
    try:
        proc = subprocess.Popen(command(root, out), cwd=tmp_path, env=env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        first = proc.stderr.readline()  # blocks until the build says it waits
        assert "waiting" in first, first
        assert "another build" in first, first
        assert proc.poll() is None
        assert not (out / "en").exists()
    finally:
        lock.release()
    _, rest = proc.communicate(timeout=hostile.GUARD)
    assert proc.returncode == 0, first + rest
    assert (out / "en" / "booklet.pdf").is_file()
    assert not mismatches(out)


@pytest.mark.parametrize("round_", range(3))
def test_builds_started_together_leave_a_true_manifest(tmp_path: Path, round_: int) -> None:
    root = _bilingual(tmp_path)
    out = tmp_path / "out"
    procs = [_start(root, out, "--lang", "en"), _start(root, out, "--lang", "es"),
             _start(root, out, "--only", "booklet")]
    runs = [_finish(proc) for proc in procs]
    assert all(run.code == 0 for run in runs), "\n".join(map(str, runs))
    assert not mismatches(out)
    assert set(hostile.outputs(out)) == set(pdf_files(out))
    again = build(root, out)
    assert again.code == 0, again
    assert "built 0" in again.err, again


def test_overlapping_builds_of_different_content_keep_the_manifest_true(tmp_path: Path) -> None:
    """The es build starts while the en build of an edited text runs; the last word on each
    output, in the manifest, is the one that wrote it."""
    root = _bilingual(tmp_path)
    out = tmp_path / "out"
    assert build(root, out).code == 0
    one = root / "one.yaml"
    one.write_text(one.read_text().replace("Approve the rules.", "Approve the new rules."))
    procs = [_start(root, out, "--lang", "en", "--force"), _start(root, out, "--lang", "es")]
    runs = [_finish(proc) for proc in procs]
    assert all(run.code == 0 for run in runs), "\n".join(map(str, runs))
    assert not mismatches(out)
    again = build(root, out)
    assert again.code == 0, again
    assert "built 0" in again.err, again


def test_watch_holds_the_lock_only_while_it_rebuilds(tmp_path: Path) -> None:
    root = _bilingual(tmp_path)
    out = tmp_path / "out"
    watch = hostile.Watch(root, out, "--only", "booklet")
    try:
        seen = watch.wait_for(lambda log: "built " in log)
        run = build(root, out, "--no-wait")  # the watch is idle: this build gets the folder
        assert run.code == 0, run
        assert not mismatches(out)
        one = root / "one.yaml"
        one.write_text(one.read_text().replace("Text.", "Text again."))
        other = build(root, out, "--lang", "es")  # waits while the watch rebuilds, or not
        assert other.code == 0, other
        watch.wait_for(lambda log: "built " in log, since=seen)
    finally:
        code = watch.stop()
    assert code in (0, 130), watch.log
    assert "Traceback" not in watch.log
    final = build(root, out)
    assert final.code == 0, final
    assert not mismatches(out)
