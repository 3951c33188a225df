"""Scale: the booklet with its agenda chapter copied N times, against the booklet itself.

    python bench/bench_scale.py [-n 3] [--copies 30]

Builds the English booklet cold (no output folder, one process each, as a user runs it) from
content/ and from a copy whose agenda chapter appears ``--copies`` times more (section ids
suffixed so they stay unique), and reports the median time, the peak memory of the build
process and the pages of each, then the time per page and the memory of the large build
relative to the small one. Time should grow no faster than the pages (ratio per page at
most 1.1) and memory at most twice.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
ID = re.compile(r"^(\s*(?:- )?id: )(\S+)$", re.MULTILINE)


def scaled_content(source: Path, folder: Path, copies: int) -> None:
    """``source`` with ``copies`` more copies of agenda.yaml listed after it."""
    shutil.copytree(source, folder)
    agenda = (source / "agenda.yaml").read_text(encoding="utf-8")
    names = []
    for k in range(1, copies + 1):
        name = f"agenda-{k}.yaml"
        (folder / name).write_text(ID.sub(lambda m, k=k: f"{m[1]}{m[2]}-{k}", agenda),
                                   encoding="utf-8")
        names.append(name)
    report = folder / "report.yaml"
    text = report.read_text(encoding="utf-8")
    listed = "".join(f"  - {name}\n" for name in names)
    report.write_text(text.replace("  - agenda.yaml\n", "  - agenda.yaml\n" + listed, 1),
                      encoding="utf-8")


def cold_build(content: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of one cold English booklet build."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "build.py", "--content", str(content), "--output",
                              str(out), "-q", "--lang", "en", "--only", "booklet", "-j", "1"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(child.stderr.read().decode() if child.stderr else "build failed")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument("--copies", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, big = Path(tmp) / "base", Path(tmp) / "big"
        shutil.copytree(ROOT / "content", base)
        scaled_content(ROOT / "content", big, args.copies)
        results = {}
        for name, content in (("booklet", base), (f"agenda x{args.copies + 1}", big)):
            out = Path(tmp) / f"out-{content.name}"
            runs = [cold_build(content, out) for _ in range(args.n)]
            pages = len(PdfReader(out / "en" / "booklet.pdf").pages)
            results[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs),
                             pages)
        print(f"{'build':<16} {'pages':>6} {'median s':>9} {'ms/page':>8} {'peak MiB':>9}")
        for name, (seconds, peak, pages) in results.items():
            print(f"{name:<16} {pages:6d} {seconds:9.3f} {1000 * seconds / pages:8.1f} "
                  f"{peak:9.1f}")
        (s0, m0, p0), (s1, m1, p1) = results.values()
        print(f"time ratio {s1 / s0:.2f} for a page ratio of {p1 / p0:.2f}: "
              f"{(s1 / s0) / (p1 / p0):.2f} per page; memory ratio {m1 / m0:.2f}")


if __name__ == "__main__":
    main()
