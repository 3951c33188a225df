"""The cost of tagging: the English booklet built tagged and untagged, in one process.

    python bench/bench_tagging.py [-n 9]

Each build is what a cold build of the booklet does after loading the content: compose and
render. Tagged, the render marks the content and ReportLab writes the file as PDF/A-2a with the
structure tree and the PDF/UA metadata; untagged, it writes ReportLab's plain PDF. Runs
alternate so both see the same machine; the medians and their ratio are printed, with the
median of each stage.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from layout.content.number import number_report
from layout.make.targets import load_report
from layout.pdf.render import render_pdf
from layout.typeset.compose import compose_booklet

ROOT = Path(__file__).resolve().parent.parent


def build(report: object, numbering: object, tagged: bool,
          clock: Callable[[str], None]) -> bytes:
    composition = compose_booklet(report, numbering, "en")  # type: ignore[arg-type]
    clock("compose")
    result = render_pdf(composition, tagged=tagged)
    clock("render")
    return result.pdf


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=9, help="repetitions (median reported)")
    n = parser.parse_args().n
    report = load_report(ROOT / "content")
    numbering = number_report(report)
    totals: dict[bool, list[float]] = {False: [], True: []}
    stages: dict[tuple[bool, str], list[float]] = {}
    build(report, numbering, True, lambda stage: None)  # warm: fonts, imports
    for i in range(2 * n):
        tagged = i % 2 == 1
        started = last = time.perf_counter()

        def clock(stage: str, tagged: bool = tagged) -> None:
            nonlocal last
            now = time.perf_counter()
            stages.setdefault((tagged, stage), []).append(now - last)
            last = now

        build(report, numbering, tagged, clock)
        totals[tagged].append(time.perf_counter() - started)
    plain, marked = statistics.median(totals[False]), statistics.median(totals[True])
    print(f"{'English booklet, one process':34} {'untagged':>9} {'tagged':>9} {'ratio':>6}")
    for stage in ("compose", "render"):
        a = statistics.median(stages[(False, stage)])
        b = statistics.median(stages[(True, stage)])
        print(f"  {stage:32} {a:9.3f} {b:9.3f} {b / a:5.2f}x")
    print(f"  {'total (median of ' + str(n) + ')':32} {plain:9.3f} {marked:9.3f} "
          f"{marked / plain:5.2f}x")


if __name__ == "__main__":
    main()
