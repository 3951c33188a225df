"""The ``check``, ``i18n`` and ``schema`` commands: validate content; export, import and stamp
translations; write the content files' JSON Schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from layout.cli.output import print_diagnostics, print_problems, shown, usage_error
from layout.diagnostics import Diagnostic

if TYPE_CHECKING:  # the model is loaded by the commands that read the content, not before
    from layout.content.model import Report


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
        print_problems(problems, built=True, fmt=args.format)
        return 1
    if args.format == "json":
        print_diagnostics([], "json")
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




def _translation(args: argparse.Namespace, report: Report, action: str) -> str | None:
    """The one translation language ``--lang`` names, or None after a usage error."""
    translations = report.languages[1:]
    if not args.lang or len(args.lang) != 1:
        usage_error(f"i18n {action} needs one --lang (one of: {', '.join(translations)})")
        return None
    if args.lang[0] not in translations:
        usage_error(f"'{args.lang[0]}' is not a translation language of this report "
                    f"(translations: {', '.join(translations) or 'none'})")
        return None
    return str(args.lang[0])


def i18n_export(args: argparse.Namespace) -> int:
    """``i18n export --lang CODE`` (or ``--pot``): write a PO file of every text for
    translators, or the POT template; ``-o DIR`` writes into DIR."""
    from layout.content.read import read_report
    from layout.files import write_atomic
    from layout.i18n.history import read_history
    from layout.i18n.po_export import export_po, export_pot

    report = read_report(args.content)
    lang = None if args.pot else _translation(args, report, "export")
    if lang is None and not args.pot:
        return 2
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




def i18n_stamp(args: argparse.Namespace) -> int:
    """``i18n stamp --lang CODE``: record every current translation as reviewed."""
    from layout.content.read import read_report
    from layout.i18n import writeback

    report = read_report(args.content)
    lang = _translation(args, report, "stamp")
    if lang is None:
        return 2
    changed = writeback.stamp(args.content, report, lang)
    print(f"stamped {changed} '{lang}' translation(s) as current", file=sys.stderr)
    return 0


def i18n_import(args: argparse.Namespace) -> int:
    """``i18n import FILE.po``: merge a translated PO file back into the content; print what
    each entry did."""
    from layout.content.read import read_report
    from layout.i18n.po_import import import_po

    report = read_report(args.content)
    po = args.po

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




def schema(args: argparse.Namespace) -> int:
    """``schema DIR``: write the JSON Schemas of report.yaml, actors.yaml and section files."""
    from layout.content.schema import schema_files
    from layout.files import write_atomic

    for name, data in schema_files().items():
        write_atomic(args.directory / name, data)
        print(f"wrote {shown(args.directory / name)}", file=sys.stderr)
    return 0
