#!/usr/bin/env python3
"""Build the report's PDFs from its YAML content: argument parsing and exit codes only.

The pipeline itself is described in layout/__init__.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

EXAMPLES = """\
examples:
  python build.py                     build every output that is out of date, every language
  python build.py --lang es           one language (repeatable)
  python build.py --only handouts     one kind of output: booklet | print | handouts (repeatable)
  python build.py --actor ceplan      handouts of one actor (repeatable)
  python build.py --watch             rebuild what an edit touches, on every save, until Ctrl-C
  python build.py --content DIR       another report's content folder (default: content/)
  python build.py --force             rebuild everything, even what is up to date
  python build.py check               validate content and translations; build nothing
  python build.py i18n export --lang es        write a PO file for translators
  python build.py i18n import FILE.po          merge a translated PO file back into content/
  python build.py i18n stamp --lang es         mark every current translation as reviewed

exit codes: 0 success, 1 content errors or a failed check (nothing written), 2 wrong usage
"""

ROOT = Path(__file__).resolve().parent
KIND_CHOICES = ("booklet", "print", "handouts")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the report's PDFs from its YAML content.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", choices=["build", "check", "i18n"],
                        default="build", help="build (default), check, or i18n")
    parser.add_argument("args", nargs="*", metavar="ARG",
                        help="for i18n: export | import FILE.po | stamp")
    parser.add_argument("--lang", action="append", metavar="CODE",
                        help="only this language (repeatable)")
    parser.add_argument("--only", action="append", choices=KIND_CHOICES, metavar="KIND",
                        help="only this kind of output: booklet | print | handouts (repeatable)")
    parser.add_argument("--actor", action="append", metavar="ID",
                        help="only the handout of this actor or branch (repeatable)")
    parser.add_argument("--content", type=Path, default=ROOT / "content", metavar="DIR",
                        help="content folder (default: content/)")
    parser.add_argument("--output", type=Path, default=ROOT / "output", metavar="DIR",
                        help="output folder (default: output/)")
    parser.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    parser.add_argument("--watch", action="store_true",
                        help="keep running and rebuild on every save, until Ctrl-C")
    parser.add_argument("--mark-untranslated", action="store_true",
                        help="highlight texts printed in the source language (proofs)")
    parser.add_argument("--sheet", choices=["A4", "Letter"],
                        help="print sheet (overrides content/report.yaml print.sheet)")
    parser.add_argument("--marks", action=argparse.BooleanOptionalAction, default=None,
                        help="crop and fold marks on the print edition")
    parser.add_argument("--bleed", type=float, metavar="MM", help="bleed in millimetres")
    parser.add_argument("--creep", type=float, metavar="MM",
                        help="creep compensation per sheet in millimetres")
    parser.add_argument("-o", "--po-file", type=Path, metavar="FILE",
                        help="for i18n export: where to write the PO file")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="worker processes (default: the number of cores)")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="print every stage")
    return parser


def _print_problems(diagnostics: Sequence[object], built: bool) -> None:
    from layout.diagnostics import summary

    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)  # type: ignore[attr-defined]
    print(summary(diagnostics, built), file=sys.stderr)  # type: ignore[arg-type]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _usage_error(message: str) -> int:
    print(f"build.py: error: {message}", file=sys.stderr)
    return 2


def _check(args: argparse.Namespace) -> int:
    from layout.i18n import coverage
    from layout.targets import load_report

    report = load_report(args.content)
    for lang in args.lang or []:
        if lang not in report.languages:
            return _usage_error(f"unknown language '{lang}' "
                                f"(this report has: {', '.join(report.languages)})")
    langs = args.lang or list(report.languages)
    problems = []
    for lang in langs:
        if lang == report.source_language:
            continue
        cover = coverage(report, lang)
        problems.extend(cover.problems)
        if not args.quiet:
            print(f"{lang}: {cover.translated} translated, {cover.missing} missing, "
                  f"{cover.stale} stale", file=sys.stderr)
    if problems:
        _print_problems(problems, built=True)
        return 1
    if not args.quiet:
        print(f"{_shown(args.content)}: content is valid ({len(report.sections)} sections, "
              f"languages: {', '.join(report.languages)})", file=sys.stderr)
    return 0


def _i18n(args: argparse.Namespace) -> int:
    from layout import i18n
    from layout.targets import read_report, write_atomic

    action = args.args[0] if args.args else ""
    report = read_report(args.content)
    if action in ("export", "stamp"):
        if not args.lang or len(args.lang) != 1:
            return _usage_error(f"i18n {action} needs one --lang (one of: "
                                f"{', '.join(report.languages[1:])})")
        lang = args.lang[0]
        if lang not in report.languages[1:]:
            return _usage_error(f"'{lang}' is not a translation language of this report "
                                f"(translations: {', '.join(report.languages[1:]) or 'none'})")
        if action == "stamp":
            changed = i18n.stamp(args.content, report, lang)
            print(f"stamped {changed} '{lang}' translation(s) as current", file=sys.stderr)
            return 0
        target = args.po_file or args.output / "i18n" / f"{lang}.po"
        write_atomic(target, i18n.export_po(report, lang))
        print(f"wrote {_shown(target)}", file=sys.stderr)
        return 0
    if action == "import":
        if len(args.args) != 2:
            return _usage_error("i18n import needs the PO file: i18n import FILE.po")
        po = Path(args.args[1])
        if not po.is_file():
            return _usage_error(f"no such PO file: {po}")
        result = i18n.import_po(args.content, report, po)
        print(f"imported {result.changed} translation(s) into "
              f"{len(result.files)} file(s)", file=sys.stderr)
        return 0
    return _usage_error("i18n needs an action: export --lang CODE | import FILE.po | stamp")


class _Progress:
    """A one-line progress display on a terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.enabled:
            print(f"\r  building {done}/{total}", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.enabled:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from layout.targets import KINDS, BuildOptions

    kinds = tuple(args.only) if args.only else (("handouts",) if args.actor else KINDS)
    return BuildOptions(
        langs=tuple(args.lang or ()), kinds=kinds, actors=tuple(args.actor or ()),
        force=args.force, mark_untranslated=args.mark_untranslated, sheet=args.sheet,
        marks=args.marks, bleed_mm=args.bleed, creep_mm=args.creep, workers=args.jobs,
    )


def _validate_usage(args: argparse.Namespace, report: object) -> int:
    """Check --lang and --actor against the content; 0 when fine, else the exit code."""
    from layout.select import handout_ids

    languages = report.languages  # type: ignore[attr-defined]
    for lang in args.lang or []:
        if lang not in languages:
            return _usage_error(f"unknown language '{lang}' "
                                f"(this report has: {', '.join(languages)})")
    known = handout_ids(report)  # type: ignore[arg-type]
    for actor in args.actor or []:
        if actor not in known:
            return _usage_error(f"unknown actor '{actor}' "
                                f"(actors with agenda items: {', '.join(known)})")
    return 0


def _build_once(args: argparse.Namespace) -> int:
    from layout.targets import build_all, read_report

    report = read_report(args.content)
    code = _validate_usage(args, report)
    if code:
        return code
    progress = _Progress(not args.quiet)
    options = _options(args)
    outcome = build_all(args.content, args.output, list(options.langs), options.kinds,
                        list(options.actors), options, progress, report)
    progress.clear()
    for warning in outcome.warnings:
        if not args.quiet:
            print(warning.format(), file=sys.stderr)
    if not args.quiet:
        for note in outcome.notes:
            print(note, file=sys.stderr)
    if args.verbose:
        for path in outcome.written:
            print(f"wrote {_shown(path)}", file=sys.stderr)
    if not args.quiet:
        print(f"built {len(outcome.written)}, up to date {len(outcome.up_to_date)}, "
              f"failed 0 ({outcome.seconds:.2f} s)", file=sys.stderr)
    return 0


def _watch(args: argparse.Namespace) -> int:
    import watchfiles

    from layout.diagnostics import ContentError

    layout_dir = ROOT / "layout"
    print(f"watching {_shown(args.content)} and {_shown(layout_dir)} (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    _guarded(args, ContentError)
    for changes in watchfiles.watch(args.content, layout_dir, debounce=200, step=50,
                                    raise_interrupt=False):
        paths = [Path(path) for _, path in changes]
        if any(p.suffix == ".py" and layout_dir in p.parents for p in paths):
            print("layout code changed: restarting", file=sys.stderr, flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        _guarded(args, ContentError)
    print("stopped", file=sys.stderr)
    return 0


def _guarded(args: argparse.Namespace, content_error: type[Exception]) -> None:
    """One watch-mode rebuild: content errors are printed and the watch goes on."""
    started = time.perf_counter()
    try:
        _build_once(args)
    except content_error as error:
        _print_problems(error.diagnostics, built=False)  # type: ignore[attr-defined]
        print(f"waiting for a fix ({time.perf_counter() - started:.2f} s)", file=sys.stderr,
              flush=True)
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    level = logging.INFO if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    if args.command != "i18n" and args.args:
        return _usage_error(f"unexpected argument '{args.args[0]}'")
    from layout.diagnostics import ContentError

    try:
        if args.command == "check":
            return _check(args)
        if args.command == "i18n":
            return _i18n(args)
        if args.watch:
            return _watch(args)
        return _build_once(args)
    except ContentError as error:
        _print_problems(error.diagnostics, built=False)
        return 1
    except KeyboardInterrupt:
        print("interrupted: earlier outputs were left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
