#!/usr/bin/env python3
"""Build the report's PDFs from its YAML content: argument parsing and exit codes only.

The pipeline itself is described in layout/__init__.py.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

EXAMPLES = """\
examples:
  python build.py                     build every output, every language
  python build.py --lang es           one language (repeatable)
  python build.py --only handouts     one kind of output: booklet | handouts (repeatable)
  python build.py --actor ceplan      the handout of one actor (repeatable)
  python build.py --content DIR       another report's content folder
  python build.py check               validate the content; build nothing

exit codes: 0 success, 1 content errors (nothing written), 2 wrong usage
"""

ROOT = Path(__file__).resolve().parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the report's PDFs from its YAML content.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", choices=["build", "check"], default="build",
                        help="build (default) or check: validate the content only")
    parser.add_argument("--lang", action="append", metavar="CODE",
                        help="build only this language (repeatable)")
    parser.add_argument("--content", type=Path, default=ROOT / "content", metavar="DIR",
                        help="content folder (default: content/)")
    parser.add_argument("--output", type=Path, default=ROOT / "output", metavar="DIR",
                        help="output folder (default: output/)")
    parser.add_argument("--only", action="append", choices=["booklet", "handouts"],
                        metavar="KIND",
                        help="build only this kind of output: booklet | handouts (repeatable)")
    parser.add_argument("--actor", action="append", metavar="ID",
                        help="build the handout of this actor or branch only (repeatable)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return parser


def _report_problems(diagnostics: tuple, built: bool) -> None:  # type: ignore[type-arg]
    from layout.diagnostics import summary

    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(summary(diagnostics, built), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from layout.diagnostics import ContentError
    from layout.targets import KINDS, build_all, load_report

    try:
        if args.command == "check":
            report = load_report(args.content)
            if not args.quiet:
                print(f"{_shown(args.content)}: content is valid "
                      f"({len(report.sections)} sections, languages: "
                      f"{', '.join(report.languages)})", file=sys.stderr)
            return 0
        report = load_report(args.content)
        for lang in args.lang or []:
            if lang not in report.languages:
                print(f"build.py: error: unknown language '{lang}' "
                      f"(this report has: {', '.join(report.languages)})", file=sys.stderr)
                return 2
        if args.actor:
            from layout.select import handout_ids

            known = handout_ids(report)
            for actor in args.actor:
                if actor not in known:
                    print(f"build.py: error: unknown actor '{actor}' (actors with agenda items: "
                          f"{', '.join(known)})", file=sys.stderr)
                    return 2
        kinds = tuple(args.only) if args.only else (("handouts",) if args.actor else KINDS)
        outcome = build_all(args.content, args.output, args.lang, kinds, args.actor)
    except ContentError as error:
        _report_problems(error.diagnostics, built=False)
        return 1
    except KeyboardInterrupt:
        print("interrupted: earlier outputs were left as they were", file=sys.stderr)
        return 130
    if not args.quiet:
        for path in outcome.written:
            print(f"wrote {_shown(path)}", file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
