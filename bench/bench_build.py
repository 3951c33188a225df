"""Build speed, measured as ratios from one run (medians of N repetitions).

    python bench/bench_build.py [-n 5]

Measures, each as a fresh process like a user's command: the English booklet with no output
folder (cold) and with its manifest kept (--force), a no-op build, a bare ReportLab script and
a Typst compile of the same text (bench/bare_reportlab.py, bench/typst_same_text.py; Typst
from PyPI: pip install typst), a cold full build, a rebuild after editing one English text,
and the delay from a save to the new PDF in --watch mode (of the English booklet only, and of
every output). Works on a copy of content/ in a temporary folder; ratios are against the bare
script and against Typst, from the same run: for the figures measured in turn, the median of
each round's ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Every command runs with Python's bytecode cache, as on a user's machine (a shell that
turns it off would make each process compile the package again)."""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=ENV)
    return time.perf_counter() - started


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def watch_latency(content: Path, out: Path, repeats: int,
                  only: tuple[str, ...] = ("--lang", "en", "--only", "booklet"),
                  settle: float = 0.5) -> list[float]:
    """Seconds from saving a content file to the rewritten English booklet, in a running
    --watch of ``only`` (every output when empty), ``settle`` seconds after the last
    rebuild's booklet (a watch of every output goes on with the other outputs meanwhile)."""
    process = subprocess.Popen(
        [sys.executable, "build.py", "--watch", "--content", str(content), "--output", str(out),
         *only], cwd=ROOT, stderr=subprocess.DEVNULL, env=ENV)
    booklet = out / "en" / "booklet.pdf"
    try:
        deadline = time.time() + 60
        while not (out / ".manifest.json").exists() and time.time() < deadline:
            time.sleep(0.05)  # the manifest is written when the first build is complete
        time.sleep(1.0)
        samples = []
        for _ in range(repeats):
            before = booklet.stat().st_mtime_ns
            started = time.perf_counter()
            old, new = ("The main objective", "The principal objective")
            if old not in (content / "presentation.yaml").read_text(encoding="utf-8"):
                old, new = new, old  # toggle, whatever earlier edits left
            edit(content / "presentation.yaml", old, new)
            # polled every millisecond: a coarser poll adds up to its step to every sample
            while booklet.stat().st_mtime_ns == before and time.perf_counter() - started < 30:
                time.sleep(0.001)
            samples.append(time.perf_counter() - started)
            time.sleep(settle)
        return samples
    finally:
        process.terminate()
        process.wait(timeout=10)


BARE, TYPST = "bare ReportLab script, same text", "Typst, same text"
_INTERLEAVED = ("cold English booklet (no output folder)",
                "English booklet, --force, manifest kept", "no-op build", BARE, TYPST)
"""The measurements taken in turn, one of each per round."""


def cold_booklet(content: Path, out: Path) -> float:
    """The English booklet built with no output folder at all (no manifest, no hint)."""
    shutil.rmtree(out, ignore_errors=True)
    return timed([sys.executable, "build.py", "--content", str(content), "--output", str(out),
                  "-q", "--lang", "en", "--only", "booklet", "-j", "1"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5, help="repetitions (median reported)")
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        content, out = Path(tmp) / "content", Path(tmp) / "output"
        shutil.copytree(ROOT / "content", content)
        build = [sys.executable, "build.py", "--content", str(content), "--output", str(out), "-q"]
        english = [*build, "--lang", "en", "--only", "booklet", "-j", "1"]
        rows: dict[str, list[float]] = {name: [] for name in _INTERLEAVED}
        timed(build)  # every output built once (and the bytecode cached): the no-op's start
        for _ in range(n):  # interleaved, so a busy moment touches every figure alike
            rows["cold English booklet (no output folder)"].append(
                cold_booklet(content, Path(tmp) / "cold"))
            rows["English booklet, --force, manifest kept"].append(timed([*english, "--force"]))
            rows["no-op build"].append(timed(build))
            rows[BARE].append(timed(
                [sys.executable, "bench/bare_reportlab.py", str(Path(tmp) / "bare.pdf")]))
            if find_spec("typst") is not None:  # pip install typst
                rows[TYPST].append(timed(
                    [sys.executable, "bench/typst_same_text.py", str(Path(tmp) / "typst.pdf")]))
        rows["cold full build (every output, every language)"] = [
            timed([*build, "--force"]) for _ in range(n)]
        one_edit = []
        for i in range(n):
            edit(content / "presentation.yaml", "The main objective" if i % 2 == 0 else
                 "The principal objective", "The principal objective" if i % 2 == 0 else
                 "The main objective")
            one_edit.append(timed(build))
        rows["rebuild after one English edit"] = one_edit
        rows["save -> new booklet in --watch"] = watch_latency(content, Path(tmp) / "watch", n)
        rows["the same, watching every output"] = watch_latency(
            content, Path(tmp) / "watch-all", n, only=(), settle=1.5)
    if not rows[TYPST]:
        del rows[TYPST]
    print(f"{'measurement':48} {'median s':>9} {'vs bare':>8} {'vs Typst':>9}")
    for name, samples in rows.items():
        median = statistics.median(samples)
        print(f"{name:48} {median:9.3f} {ratio(rows, name, BARE):7.2f}x "
              f"{ratio(rows, name, TYPST):8.2f}x")


def ratio(rows: dict[str, list[float]], name: str, base: str) -> float:
    """``name`` against ``base``: the median of the ratios of runs made in the same round
    when both were measured round by round (a drift of the machine's speed then touches
    both alike), else the ratio of the medians."""
    if base not in rows:
        return float("nan")
    samples, against = rows[name], rows[base]
    if len(samples) == len(against) and name in _INTERLEAVED and base in _INTERLEAVED:
        return statistics.median(a / b for a, b in zip(samples, against, strict=True))
    return statistics.median(samples) / statistics.median(against)


if __name__ == "__main__":
    main()
