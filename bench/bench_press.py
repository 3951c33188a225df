"""What the press editions cost next to the layout they are made from (medians of N runs).

    python bench/bench_press.py [-n 5] [--lang en]

In one warm process: the reading edition (compose, lay out, render, PDF/A), then what the
press editions add to it: the press edition (separation into CMYK, bleed, marks, PDF/X) and
the print edition (separation, imposition, PDF/X), plus the separation alone. A second
layout, the other way to get CMYK pages, would cost the first line again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout.content.number import number_report  # noqa: E402
from layout.make import jobs  # noqa: E402
from layout.make.options import BuildOptions, print_settings  # noqa: E402
from layout.make.targets import load_report  # noqa: E402


def median(function: Callable[..., Any], *args: Any, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(*args)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="repetitions (median)")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    report = load_report(ROOT / "content")
    options = BuildOptions()
    jobs.init_worker(report, number_report(report), {}, options)
    jobs.warm_up()
    settings = print_settings(report, options)
    from layout.pdf.pdfx import press_pages
    from layout.typeset.colors import palette_for

    booklet = jobs.booklet_job(args.lang)[0]
    rows = [
        ("reading edition: compose, lay out, render, PDF/A",
         median(jobs.booklet_job, args.lang, repeats=args.n)),
        ("press edition from its pages (CMYK, bleed, marks, PDF/X)",
         median(jobs.press_job, booklet, settings, repeats=args.n)),
        ("  of which the separation into CMYK pages",
         median(press_pages, booklet, palette_for(report), 0.0, repeats=args.n)),
        ("print edition from its pages (CMYK, imposition, PDF/X)",
         median(jobs.print_job, booklet, settings, repeats=args.n)),
    ]
    first = rows[0][1]
    for name, seconds in rows:
        print(f"{name:60} {seconds * 1000:7.1f} ms  {seconds / first:5.2f}x")


if __name__ == "__main__":
    main()
