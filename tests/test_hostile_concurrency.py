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


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_build_killed_in_the_pool_leaves_nothing_that_blocks_the_next(tmp_path: Path) -> None:
    import signal
    import time

    root = _bilingual(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(command(root, out, "--force", "-j", "2"), cwd=tmp_path, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + hostile.GUARD
    workers: list[int] = []
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=hostile.GUARD)
    for worker in workers:  # they notice their build is gone and exit on their own
        while time.monotonic() < deadline and Path(f"/proc/{worker}").exists() and (
                "Z" not in Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1][:3]):
            time.sleep(0.05)
        assert time.monotonic() < deadline, f"worker {worker} outlived its build"
    run = build(root, out, "--no-wait")
    assert run.code == 0, run
    assert not mismatches(out)
    assert not list(out.rglob("*.tmp"))
