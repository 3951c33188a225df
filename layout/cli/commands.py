"""The ``check`` and ``i18n`` commands: validate content; export, import and stamp translations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layout.cli.output import print_problems, shown, usage_error
from layout.content.model import Report
from layout.diagnostics import Diagnostic


def check(args: argparse.Namespace) -> int:
    """Validate the content, lay out what a build would make (writing nothing) and report
    each translation's coverage, for the languages named (default: all); exit 1 on problems."""
    from layout.make.targets import load_report

    report = load_report(args.content)
    for lang in args.lang or []:
        if lang not in report.languages:
            return usage_error(f"unknown language '{lang}' "
                               f"(this report has: {', '.join(report.languages)})")
    langs = args.lang or list(report.languages)
    problems = _coverage(report, args.content, langs, args.quiet) + _layout(report, langs)
    if problems:
        print_problems(problems, built=True)
        return 1
    if not args.quiet:
        print(f"{shown(args.content)}: content is valid ({len(report.sections)} sections, "
              f"languages: {', '.join(report.languages)}; checked: {', '.join(langs)})",
              file=sys.stderr)
    return 0


def _coverage(report: Report, content: Path, langs: list[str],
              quiet: bool) -> list[Diagnostic]:
    from layout.i18n.coverage import coverage
    from layout.i18n.history import read_history

    history = read_history(content)
    problems: list[Diagnostic] = []
    for lang in langs:
        if lang == report.source_language:
            continue
        cover = coverage(report, lang, history)
        problems.extend(cover.problems)
        if not quiet:
            print(f"{lang}: {cover.translated} translated, {cover.missing} missing, "
                  f"{cover.stale} stale", file=sys.stderr)
    return problems


def _layout(report: Report, langs: list[str]) -> list[Diagnostic]:
    """What a build of ``langs`` would reject when it lays the pages out (one language per
    core, as builds render)."""
    import os

    from layout.content.number import number_report
    from layout.make import jobs
    from layout.make.options import BuildOptions
    from layout.make.pool import run_jobs

    jobs.init_worker(report, number_report(report), {}, BuildOptions())
    jobs.warm_up()
    problems: list[Diagnostic] = []

    def gather(_index: int, found: list[Diagnostic]) -> None:
        problems.extend(p for p in found if p not in problems)

    run_jobs([(jobs.layout_job, (lang,)) for lang in langs], os.cpu_count() or 1,
             lambda _done, _total: None, gather)
    return problems


def i18n(args: argparse.Namespace) -> int:
    """The translators' round trip: i18n export | import FILE.po | stamp."""
    from layout.content.read import read_report

    action = args.args[0] if args.args else ""
    report = read_report(args.content)
    if action == "export" and args.pot:
        return _export(args, report, None)
    if action in ("export", "stamp"):
        if not args.lang or len(args.lang) != 1:
            return usage_error(f"i18n {action} needs one --lang (one of: "
                               f"{', '.join(report.languages[1:])})"
                               + (", or --pot for the template" if action == "export" else ""))
        lang = args.lang[0]
        if lang not in report.languages[1:]:
            return usage_error(f"'{lang}' is not a translation language of this report "
                               f"(translations: {', '.join(report.languages[1:]) or 'none'})")
        if action == "stamp":
            from layout.i18n import writeback

            changed = writeback.stamp(args.content, report, lang)
            print(f"stamped {changed} '{lang}' translation(s) as current", file=sys.stderr)
            return 0
        return _export(args, report, lang)
    if action == "import":
        if len(args.args) != 2:
            return usage_error("i18n import needs the PO file: i18n import FILE.po")
        return _import(args, report, Path(args.args[1]))
    return usage_error("i18n needs an action: export --lang CODE | export --pot | "
                       "import FILE.po | stamp --lang CODE")


def _export(args: argparse.Namespace, report: Report, lang: str | None) -> int:
    """Write the PO file of ``lang``, or the POT template; ``-o DIR`` writes into DIR."""
    from layout.files import write_atomic
    from layout.i18n.history import read_history
    from layout.i18n.po_export import export_po, export_pot

    name = f"{lang}.po" if lang else "report.pot"
    target = args.po_file or args.output / "i18n" / name
    if target.is_dir():
        target = target / name
    data = export_po(report, lang, read_history(args.content)) if lang else export_pot(report)
    try:
        write_atomic(target, data)
    except OSError as error:
        return usage_error(f"cannot write {shown(target)}: {error.strerror or error}")
    print(f"wrote {shown(target)}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, report: Report, po: Path) -> int:
    """Merge a PO file back; print what each entry did."""
    from layout.i18n.po_import import import_po

    if not po.is_file():
        return usage_error(f"no such PO file: {po}")
    result = import_po(args.content, report, po, fuzzy=args.fuzzy)
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    print(f"{result.lang}: applied {result.applied}, unchanged {result.unchanged}, fuzzy "
          f"{result.fuzzy}, skipped {result.skipped}; {len(result.files)} file(s) written",
          file=sys.stderr)
    if result.fuzzy and not args.fuzzy:
        print("    hint: fuzzy entries were imported as stale translations: review them "
              f"(python build.py check --lang {result.lang}), or import them as reviewed "
              "with --fuzzy", file=sys.stderr)
    return 0
