"""The ``check``, ``i18n`` and ``schema`` commands: validate content; export, import and stamp
translations; write the content files' JSON Schemas."""

from __future__ import annotations

import argparse
import sys

from layout.cli.output import print_diagnostics, print_problems, shown, usage_error
from layout.content.model import Report
from layout.diagnostics import Diagnostic


def check(args: argparse.Namespace) -> int:
    """Validate the content and report each translation's coverage; exit 1 on problems."""
    from layout.i18n.coverage import coverage
    from layout.make.targets import load_report

    report = load_report(args.content)
    for lang in args.lang or []:
        if lang not in report.languages:
            return usage_error(f"unknown language '{lang}' "
                               f"(this report has: {', '.join(report.languages)})")
    langs = args.lang or list(report.languages)
    problems: list[Diagnostic] = []
    for lang in langs:
        if lang == report.source_language:
            continue
        cover = coverage(report, lang)
        problems.extend(cover.problems)
        if not args.quiet:
            print(f"{lang}: {cover.translated} translated, {cover.missing} missing, "
                  f"{cover.stale} stale", file=sys.stderr)
    if problems:
        print_problems(problems, built=True, fmt=args.format)
        return 1
    if args.format == "json":
        print_diagnostics([], "json")
    if not args.quiet:
        print(f"{shown(args.content)}: content is valid ({len(report.sections)} sections, "
              f"languages: {', '.join(report.languages)})", file=sys.stderr)
    return 0


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
    """``i18n export --lang CODE``: write a PO file of every text for translators."""
    from layout.content.read import read_report
    from layout.files import write_atomic
    from layout.i18n import po_export

    report = read_report(args.content)
    lang = _translation(args, report, "export")
    if lang is None:
        return 2
    target = args.po_file or args.output / "i18n" / f"{lang}.po"
    write_atomic(target, po_export.export_po(report, lang))
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
    """``i18n import FILE.po``: merge a translated PO file back into the content."""
    from layout.content.read import read_report
    from layout.i18n import po_import

    report = read_report(args.content)
    if not args.po.is_file():
        return usage_error(f"no such PO file: {args.po}")
    result = po_import.import_po(args.content, report, args.po)
    print(f"imported {result.changed} translation(s) into "
          f"{len(result.files)} file(s)", file=sys.stderr)
    return 0


def schema(args: argparse.Namespace) -> int:
    """``schema DIR``: write the JSON Schemas of report.yaml, actors.yaml and section files."""
    from layout.content.schema import schema_files
    from layout.files import write_atomic

    for name, data in schema_files().items():
        write_atomic(args.directory / name, data)
        print(f"wrote {shown(args.directory / name)}", file=sys.stderr)
    return 0
