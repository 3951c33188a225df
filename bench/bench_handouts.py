"""Handouts at scale: a synthetic report with one actor per municipality.

    python bench/bench_handouts.py [--actors 2000] [--items 3]

Writes a synthetic content folder (N actors, each owning a few agenda items), builds the
booklet once for the page map, then times the handouts alone in one process (-j 1) and in the
process pool (-j cores), and reports handouts per second and memory: the resident size after a
five-handout warm-up (imports, fonts and the hyphenation dictionary are paid once) and after
rendering every handout (in one process, any per-document cache would show as growth), and the
pool workers' peak. Run at a quarter, half and all of N: memory should stay flat
as the count grows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
    lines = ["id: agenda", 'title: {en: "Critical agenda"}', "blocks:"]
    for n in range(actors):
        lines += ["  - agenda:", f"      actor: m{n:04d}", "      items:"]
        for k in range(items):
            lines.append(f'        - text: {{en: "Action {k + 1} of municipality {n}: improve '
                         f'local services and report on progress to the population."}}')
    (folder / "agenda.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def prepare(content: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-c", PREPARE, str(content), str(out)], cwd=ROOT,
                   check=True, capture_output=True)


def run(content: Path, out: Path, workers: int) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", CHILD, str(content), str(out), str(workers)],
                            cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--items", type=int, default=3)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{'actors':>7} {'workers':>7} {'handouts':>8} {'seconds':>8} {'per s':>7} "
          f"{'RSS before':>10} {'RSS after':>9} {'worker peak':>11}  (MiB)")
    with tempfile.TemporaryDirectory() as tmp:
        for count in sorted({max(1, args.actors // 4), max(1, args.actors // 2), args.actors}):
            content = Path(tmp) / f"content-{count}"
            write_content(content, count, args.items)
            out = Path(tmp) / f"out-{count}"
            prepare(content, out)
            for workers in (1, cores):
                stats = run(content, out, workers)
                rate = stats["handouts"] / stats["seconds"]
                peak = f"{stats['workers_peak']:11.1f}" if workers > 1 else f"{'-':>11}"
                print(f"{count:7d} {workers:7d} {stats['handouts']:8.0f} {stats['seconds']:8.2f} "
                      f"{rate:7.1f} {stats['before']:10.1f} {stats['after']:9.1f} {peak}",
                      flush=True)


if __name__ == "__main__":
    main()
