"""The command line: arguments, dispatch to the commands, exit codes.

``build.py`` in the repository and ``python -m layout`` both run `main`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from layout.cli.output import output_error, print_problems, usage_error
from layout.content.model import BLEED_MAX_MM, CREEP_MAX_MM
from layout.content.validate.settings import millimetres_problem

EXAMPLES = """\
examples:
  python build.py                     build every output that is out of date, every language
  python build.py --lang es           one language (repeatable)
  python build.py --only handouts     one kind of output: booklet | press | print | handouts
                                      (repeatable)
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

KIND_CHOICES = ("booklet", "press", "print", "handouts")


def _millimetres(limit: float) -> Callable[[str], float]:
    """An argparse type: a length in millimetres from 0 to ``limit``, checked as report.yaml's
    print settings are (finite, in range), so a wrong value exits 2 naming the unit."""

    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected millimetres between 0 and {limit:g}; got {text!r}") from None
        problem = millimetres_problem(value, limit)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
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
                        help="only this kind of output: booklet | press | print | handouts "
                        "(repeatable)")
    parser.add_argument("--actor", action="append", metavar="ID",
                        help="only the handout of this actor or branch (repeatable)")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="content folder (default: ./content)")
    parser.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                        help="output folder (default: ./output)")
    parser.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    parser.add_argument("--watch", action="store_true",
                        help="keep running and rebuild on every save, until Ctrl-C")
    parser.add_argument("--no-wait", action="store_true",
                        help="exit (code 2) instead of waiting when another build is using "
                             "the output folder")
    parser.add_argument("--mark-untranslated", action="store_true",
                        help="highlight texts printed in the source language (proofs)")
    parser.add_argument("--sheet", choices=["A4", "Letter"],
                        help="print sheet (overrides content/report.yaml print.sheet)")
    parser.add_argument("--marks", action=argparse.BooleanOptionalAction, default=None,
                        help="crop and fold marks on the print edition")
    parser.add_argument("--bleed", type=_millimetres(BLEED_MAX_MM), metavar="MM",
                        help=f"bleed in millimetres, 0 to {BLEED_MAX_MM:g} (the press edition "
                        "takes 3 when it is 0)")
    parser.add_argument("--creep", type=_millimetres(CREEP_MAX_MM), metavar="MM",
                        help=f"creep compensation per sheet in millimetres, 0 to "
                        f"{CREEP_MAX_MM:g}")
    parser.add_argument("-o", "--po-file", type=Path, metavar="FILE",
                        help="for i18n export: where to write the PO file")
    parser.add_argument("-j", "--jobs", type=int, metavar="N",
                        help="worker processes (default: the number of cores)")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", help="print every stage")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    level = logging.INFO if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    if args.command != "i18n" and args.args:
        return usage_error(f"unexpected argument '{args.args[0]}'")
    from layout.cli.commands import check, i18n
    from layout.cli.run import build_once, watch
    from layout.diagnostics import ContentError
    from layout.files import OutputError

    try:
        if args.command == "check":
            return check(args)
        if args.command == "i18n":
            return i18n(args)
        if args.watch:
            return watch(args)
        return build_once(args)
    except ContentError as error:
        print_problems(error.diagnostics, built=False)
        return 1
    except OutputError as error:
        return output_error(error)
    except OSError as error:  # a file-system fault no stage words better: name it, no traceback
        where = error.filename if error.filename is not None else "build.py"
        print(f"{where}: error: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: earlier outputs were left as they were", file=sys.stderr)
        return 130


