"""Build speed, measured as ratios from one run (medians of N repetitions).

    python bench/bench_build.py [-n 5]

Measures, each as a fresh process like a user's command: a cold full build (--force), a
no-op build, a rebuild after editing one English text, the English booklet alone against a
bare ReportLab script setting the same text, and the delay from a save to the new PDF in
--watch mode. Works on a copy of content/ in a temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def watch_latency(content: Path, out: Path, repeats: int) -> list[float]:
    """Seconds from saving a content file to the rewritten booklet, in a running --watch."""
    process = subprocess.Popen(
        [sys.executable, "build.py", "--watch", "--content", str(content), "--output", str(out),
         "--lang", "en", "--only", "booklet"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True)
    booklet = out / "en" / "booklet.pdf"
    try:
        deadline = time.time() + 60
        while not booklet.exists() and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        samples = []
        for i in range(repeats):
            before = booklet.stat().st_mtime_ns
            started = time.perf_counter()
            old, new = ("The main objective", "The principal objective")
            if i % 2:
                old, new = new, old
            edit(content / "presentation.yaml", old, new)
            while booklet.stat().st_mtime_ns == before and time.perf_counter() - started < 30:
                time.sleep(0.01)
            samples.append(time.perf_counter() - started)
            time.sleep(0.5)
        return samples
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5, help="repetitions (median reported)")
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as tmp:
        content, out = Path(tmp) / "content", Path(tmp) / "output"
        shutil.copytree(ROOT / "content", content)
        build = [sys.executable, "build.py", "--content", str(content), "--output", str(out), "-q"]
        cold = [timed([*build, "--force"]) for _ in range(n)]
        noop = [timed(build) for _ in range(n)]
        one_edit = []
        for i in range(n):
            edit(content / "presentation.yaml", "The main objective" if i % 2 == 0 else
                 "The principal objective", "The principal objective" if i % 2 == 0 else
                 "The main objective")
            one_edit.append(timed(build))
        booklet = [timed([*build, "--force", "--lang", "en", "--only", "booklet", "-j", "1"])
                   for _ in range(n)]
        bare = [timed([sys.executable, "bench/bare_reportlab.py", str(Path(tmp) / "bare.pdf")])
                for _ in range(n)]
        watch = watch_latency(content, Path(tmp) / "watch-out", n)
    rows = [("cold full build (every output, every language)", cold),
            ("no-op build", noop),
            ("rebuild after one English edit", one_edit),
            ("English booklet alone (one process)", booklet),
            ("bare ReportLab script, same text", bare),
            ("save -> new booklet in --watch", watch)]
    base = statistics.median(bare)
    print(f"{'measurement':52} {'median s':>9} {'vs bare':>8}")
    for name, samples in rows:
        median = statistics.median(samples)
        print(f"{name:52} {median:9.3f} {median / base:7.2f}x")


if __name__ == "__main__":
    main()
