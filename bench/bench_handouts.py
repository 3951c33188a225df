"""Handouts at scale: a synthetic report with one actor per municipality.

    python bench/bench_handouts.py [--actors 2000] [--items 3] [--counts 500 2000] [-n 3]

Writes a synthetic content folder (N actors, each owning a few agenda items, one of them with
two bullets), builds the booklet once for the page map, then times the handouts alone, in one
process (-j 1) and in the process pool (-j cores): as a user runs them (``build.py --only
handouts --force``, start-up included, median of -n runs), and inside one process; it reports
handouts per second and memory: the resident size after a five-handout warm-up (imports,
fonts and the hyphenation dictionary are paid once) and after rendering every handout (in one
process, any per-document cache would show as growth), and the pool workers' peak. Run at a
quarter of N and at N: memory should stay flat as the count grows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Every command runs with Python's bytecode cache, as on a user's machine."""

PREPARE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from layout.make.targets import build_all
    build_all(Path(sys.argv[1]), Path(sys.argv[2]), ["en"], ("booklet",))  # the page map
""")

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from layout.make.options import BuildOptions
    from layout.make.targets import build_all
    from layout.content.read import read_report

    def rss_mib():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20

    content, out, workers = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    report = read_report(content)
    warm = [a.id for a in report.actors[:5]]  # imports, fonts, hyphenation: paid once
    build_all(content, out, ["en"], ("handouts",), actors=warm, report=report,
              options=BuildOptions(workers=1, force=True))
    before = rss_mib()
    started = time.perf_counter()
    outcome = build_all(content, out, ["en"], ("handouts",), report=report,
                        options=BuildOptions(workers=workers, force=True))
    seconds = time.perf_counter() - started
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"handouts": len(outcome.written), "seconds": seconds,
                      "before": before, "after": rss_mib(), "workers_peak": kids}))
""")


def write_content(folder: Path, actors: int, items: int) -> None:
    """A valid content folder: report, actors, one agenda chapter with a table per actor."""
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(textwrap.dedent("""\
        languages: [en]
        title: {en: "Synthetic agenda"}
        subtitle: {en: "Scale test"}
        series: {en: "Benchmark"}
        year: "2026"
        handout_intro: {en: "The items of the critical agenda addressed to this municipality."}
        sections: [agenda.yaml]
        """), encoding="utf-8")
    lines = ["actors:"]
    for n in range(actors):
        lines += [f"  - id: m{n:04d}", f'    name: {{en: "Municipality number {n}"}}']
    (folder / "actors.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_file = 400  # a section file stays under the content's size limit
    files = [f"agenda-{i}.yaml" for i in range(0, actors, per_file)] or ["agenda-0.yaml"]
    for i, name in enumerate(files):
        _write_agenda(folder / name, i, range(i * per_file, min(actors, (i + 1) * per_file)),
                      items)
    report = folder / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "sections: [agenda.yaml]", f"sections: [{', '.join(files)}]"), encoding="utf-8")


def _write_agenda(path: Path, index: int, actors: range, items: int) -> None:
    lines = [f"id: agenda-{index}", f'title: {{en: "Critical agenda, part {index + 1}"}}',
             "blocks:"]
    for n in actors:
        lines += ["  - agenda:", f"      actor: m{n:04d}", "      items:"]
        for k in range(items):
            lines.append(f'        - text: {{en: "Action {k + 1} of municipality {n}: improve '
                         f'local services and report on progress to the population."}}')
            if k == 0:  # one item of each actor has two bullets
                lines += ["          bullets:",
                          '            - {en: "Publish the budget and its execution."}',
                          '            - {en: "Hold a public hearing every six months."}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def prepare(content: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-c", PREPARE, str(content), str(out)], cwd=ROOT,
                   check=True, capture_output=True, env=ENV)


def run(content: Path, out: Path, workers: int) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", CHILD, str(content), str(out), str(workers)],
                            cwd=ROOT, check=True, capture_output=True, text=True, env=ENV)
    return json.loads(result.stdout.strip().splitlines()[-1])


def whole_process(content: Path, out: Path, workers: int) -> float:
    """Seconds of ``build.py --only handouts --force`` as a user runs it (start-up included;
    the booklet's page map comes from the manifest)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "--content", str(content), "--output", str(out),
                    "-q", "--lang", "en", "--only", "handouts", "--force", "-j", str(workers)],
                   cwd=ROOT, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--items", type=int, default=3)
    parser.add_argument("--counts", type=int, nargs="*",
                        help="actor counts to run (default: a quarter of --actors, and all)")
    parser.add_argument("-n", type=int, default=3, help="whole-process runs (median)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{'actors':>7} {'workers':>7} {'handouts':>8} {'process s':>9} {'per s':>7} "
          f"{'in-process per s':>16} {'RSS before':>10} {'RSS after':>9} {'worker peak':>11}"
          "  (MiB)")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts or sorted({max(1, args.actors // 4), args.actors}):
            content = Path(tmp) / f"content-{count}"
            write_content(content, count, args.items)
            out = Path(tmp) / f"out-{count}"
            prepare(content, out)
            for workers in (1, cores):
                seconds = statistics.median(whole_process(content, out, workers)
                                            for _ in range(args.n))
                stats = run(content, out, workers)
                rate = stats["handouts"] / stats["seconds"]
                peak = f"{stats['workers_peak']:11.1f}" if workers > 1 else f"{'-':>11}"
                print(f"{count:7d} {workers:7d} {stats['handouts']:8.0f} {seconds:9.2f} "
                      f"{stats['handouts'] / seconds:7.1f} {rate:16.1f} {stats['before']:10.1f} "
                      f"{stats['after']:9.1f} {peak}", flush=True)


if __name__ == "__main__":
    main()
