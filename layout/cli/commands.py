"""The ``check`` and ``i18n`` commands: validate content; export, import and stamp translations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layout.cli.output import print_problems, shown, usage_error
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
        print_problems(problems, built=True)
        return 1
    if not args.quiet:
        print(f"{shown(args.content)}: content is valid ({len(report.sections)} sections, "
              f"languages: {', '.join(report.languages)})", file=sys.stderr)
    return 0


def i18n(args: argparse.Namespace) -> int:
    """The translators' round trip: i18n export | import FILE.po | stamp."""
    from layout.content.read import read_report
    from layout.files import write_atomic
    from layout.i18n import po_export, po_import, writeback

    action = args.args[0] if args.args else ""
    report = read_report(args.content)
    if action in ("export", "stamp"):
        if not args.lang or len(args.lang) != 1:
            return usage_error(f"i18n {action} needs one --lang (one of: "
                               f"{', '.join(report.languages[1:])})")
        lang = args.lang[0]
        if lang not in report.languages[1:]:
            return usage_error(f"'{lang}' is not a translation language of this report "
                               f"(translations: {', '.join(report.languages[1:]) or 'none'})")
        if action == "stamp":
            changed = writeback.stamp(args.content, report, lang)
            print(f"stamped {changed} '{lang}' translation(s) as current", file=sys.stderr)
            return 0
        target = args.po_file or args.output / "i18n" / f"{lang}.po"
        write_atomic(target, po_export.export_po(report, lang))
        print(f"wrote {shown(target)}", file=sys.stderr)
        return 0
    if action == "import":
        if len(args.args) != 2:
            return usage_error("i18n import needs the PO file: i18n import FILE.po")
        po = Path(args.args[1])
        if not po.is_file():
            return usage_error(f"no such PO file: {po}")
        result = po_import.import_po(args.content, report, po)
        print(f"imported {result.changed} translation(s) into "
              f"{len(result.files)} file(s)", file=sys.stderr)
        return 0
    return usage_error("i18n needs an action: export --lang CODE | import FILE.po | stamp")


