"""The command line: arguments, dispatch to the commands, exit codes.

``build.py`` in the repository, ``python -m layout`` and the installed ``report-booklet``
command all run `main`, through `layout.cli.process`. Building is the default command;
``check``, ``i18n export|import|stamp`` and ``schema`` are subcommands with their own
``--help``. Options that every command shares
(``--content``, ``--output``, ``--lang``, ``--format``, ``-q``/``-v``) may come before or after
the subcommand.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from layout.cli.output import output_error, print_problems, program
from layout.content.units import BLEED_MAX_MM, CREEP_MAX_MM

DISTRIBUTION = "decentralization-report"
"""The installed distribution whose metadata gives ``--version``."""

EXAMPLES = (
    ("", "build every output that is out of date, every language"),
    ("--lang es", "one language (repeatable)"),
    ("--only handouts", "one kind of output: booklet | press | print | handouts"),
    ("--actor ceplan", "handouts of one actor (repeatable)"),
    ("--watch", "rebuild what an edit touches, on every save, until Ctrl-C"),
    ("--content DIR", "another report's content folder (default: ./content)"),
    ("--output DIR", "where the outputs go (default: ./output)"),
    ("--force", "rebuild everything, even what is up to date"),
    ("--zip", "also one archive per language: its handouts and their index"),
    ("check", "validate content and translations, lay out; write nothing"),
    ("check --lang es", "the same, for the languages named only"),
    ("i18n export --lang es", "write a PO file for translators"),
    ("i18n export --pot -o FILE", "write the POT template (for msgmerge)"),
    ("i18n import FILE.po", "merge a translated PO file back into the content"),
    ("i18n import --fuzzy FILE.po", "... applying fuzzy entries as reviewed"),
    ("i18n stamp --lang es", "mark every current translation as reviewed"),
    ("schema DIR", "write the JSON Schemas of the content files, for editors"),
)
EXIT_CODES = "exit codes: 0 success, 1 content errors or a failed check (nothing written), " \
             "2 wrong usage"


def _epilog(prog: str) -> str:
    command = "python build.py" if prog == "build.py" else prog
    lines = [f"  {f'{command} {args}'.strip():<40} {what}" for args, what in EXAMPLES]
    return "examples:\n" + "\n".join(lines) + "\n\n" + EXIT_CODES + "\n"


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
        from layout.content.validate.settings import millimetres_problem

        problem = millimetres_problem(value, limit)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a checkout run without installing it
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (reading the
    distribution's metadata costs every other command several milliseconds)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _default(value: Any, sub: bool) -> Any:
    """Subcommands leave options unset unless given, so values given before them stay."""
    return argparse.SUPPRESS if sub else value


def _shared_arguments(parser: argparse.ArgumentParser, sub: bool) -> None:
    """Options every command understands: folders, languages, output format, noise."""
    parser.add_argument("--content", type=Path, default=_default(Path("content"), sub),
                        metavar="DIR", help="content folder (default: ./content)")
    parser.add_argument("--output", type=Path, default=_default(Path("output"), sub),
                        metavar="DIR", help="output folder (default: ./output)")
    parser.add_argument("--lang", action="append", default=_default(None, sub),
                        metavar="CODE", help="only this language (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default=_default("text", sub),
                        help="diagnostics as text on stderr (default) or a JSON list on stdout")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", default=_default(False, sub),
                       help="print errors only")
    noise.add_argument("-v", "--verbose", action="store_true", default=_default(False, sub),
                       help="print every stage")


def _build_arguments(parser: argparse.ArgumentParser, sub: bool) -> None:
    """Options of a build: what to build and how."""
    add = parser.add_argument
    add("--only", action="append", choices=KIND_CHOICES, metavar="KIND",
        default=_default(None, sub),
        help="only this kind of output: booklet | press | print | handouts (repeatable)")
    add("--actor", action="append", metavar="ID", default=_default(None, sub),
        help="only the handout of this actor or branch (repeatable)")
    add("--force", action="store_true", default=_default(False, sub),
        help="rebuild even what is up to date")
    add("--watch", action="store_true", default=_default(False, sub),
        help="keep running and rebuild on every save, until Ctrl-C")
    add("--no-wait", action="store_true", default=_default(False, sub),
        help="exit (code 2) instead of waiting when another build is using the output folder")
    add("--mark-untranslated", action="store_true", default=_default(False, sub),
        help="highlight texts printed in the source language (proofs)")
    add("--sheet", choices=["A4", "Letter"], default=_default(None, sub),
        help="print sheet (overrides report.yaml print.sheet)")
    add("--marks", action=argparse.BooleanOptionalAction, default=_default(None, sub),
        help="crop and fold marks on the print edition")
    add("--bleed", type=_millimetres(BLEED_MAX_MM), metavar="MM", default=_default(None, sub),
        help=f"bleed in millimetres, 0 to {BLEED_MAX_MM:g} (the press edition takes 3 when "
        "it is 0)")
    add("--creep", type=_millimetres(CREEP_MAX_MM), metavar="MM", default=_default(None, sub),
        help=f"creep compensation per sheet in millimetres, 0 to {CREEP_MAX_MM:g}")
    add("--zip", action="store_true", default=_default(False, sub),
        help="also pack each language's handouts and their index into "
             "output/<lang>/handouts-<lang>.zip")
    add("-j", "--jobs", type=int, metavar="N", default=_default(None, sub),
        help="worker processes (default: the number of cores)")


def _i18n_parsers(commands: Any) -> None:
    """``i18n export|import|stamp``, each with its own help."""
    i18n = commands.add_parser("i18n", help="translators' round trip (PO files)",
                               description="Export, import and stamp translations.")
    actions = i18n.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write a PO file for translators",
                                description="Write a PO file with every text of the report.")
    _shared_arguments(export, sub=True)
    export.add_argument("-o", "--po-file", type=Path, metavar="FILE",
                        help="where to write the PO file, or a folder to write it into "
                             "(default: OUTPUT/i18n/LANG.po)")
    export.add_argument("--pot", action="store_true",
                        help="write the POT template (every source text, no translations) "
                             "instead of a PO file")
    imported = actions.add_parser("import", help="merge a translated PO file back",
                                  description="Write a PO file's translations into the YAML.")
    imported.add_argument("po", type=Path, metavar="FILE", help="the translated PO file")
    imported.add_argument("--fuzzy", action="store_true",
                          help="apply fuzzy entries as reviewed translations (by default they "
                               "are imported as stale)")
    _shared_arguments(imported, sub=True)
    stamp = actions.add_parser("stamp", help="mark every current translation as reviewed",
                               description="Record the source fingerprint of every "
                                           "translation of one language.")
    _shared_arguments(stamp, sub=True)


def parser(prog: str = "build.py") -> argparse.ArgumentParser:
    """The argument parser of every command."""
    top = argparse.ArgumentParser(
        prog=prog, description="Build the report's PDFs from its YAML content.",
        epilog=_epilog(prog),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action=_VersionAction)
    _shared_arguments(top, sub=False)
    _build_arguments(top, sub=False)
    commands = top.add_subparsers(dest="command", metavar="COMMAND",
                                  help="build (the default), check, i18n or schema")
    build = commands.add_parser("build", help="build what is out of date (the default)",
                                description="Build every output that is out of date.")
    _shared_arguments(build, sub=True)
    _build_arguments(build, sub=True)
    check = commands.add_parser("check", help="validate content and translations",
                                description="Validate the content and its translations; "
                                            "build nothing. Exit 1 on any problem.")
    _shared_arguments(check, sub=True)
    _i18n_parsers(commands)
    schema = commands.add_parser("schema", help="write the JSON Schemas of the content files",
                                 description="Write report.schema.json, actors.schema.json "
                                             "and section.schema.json (JSON Schema 2020-12).")
    schema.add_argument("directory", type=Path, metavar="DIR", help="where to write them")
    return top


def _command(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    from layout.cli import commands, run

    if args.command == "check":
        return commands.check
    if args.command == "i18n":
        return {"export": commands.i18n_export, "import": commands.i18n_import,
                "stamp": commands.i18n_stamp}[args.action]
    if args.command == "schema":
        return commands.schema
    return run.watch if args.watch else run.build_once


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    prog = program(sys.argv[0] if argv is None else "build.py")
    args = parser(prog).parse_args(argv)
    level = logging.INFO if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    from layout.diagnostics import ContentError
    from layout.files import OutputError

    try:
        return _command(args)(args)
    except ContentError as error:
        print_problems(error.diagnostics, built=False, fmt=args.format)
        return 1
    except OutputError as error:
        return output_error(error)
    except OSError as error:  # a file-system fault no stage words better: name it, no traceback
        where = error.filename if error.filename is not None else program(sys.argv[0])
        print(f"{where}: error: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: earlier outputs were left as they were", file=sys.stderr)
        return 130
