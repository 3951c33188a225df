"""Building from the command line: one build, or a watch that rebuilds on every save."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import layout
from layout.cli.output import (
    output_error,
    print_diagnostics,
    print_problems,
    shown,
    usage_error,
)

if TYPE_CHECKING:
    from layout.make.noop import Inputs
    from layout.make.options import BuildOptions, BuildOutcome


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


def _options(args: argparse.Namespace) -> BuildOptions:
    """The build options the arguments ask for."""
    from layout.make.options import KINDS, BuildOptions

    kinds = tuple(args.only) if args.only else (("handouts",) if args.actor else KINDS)
    return BuildOptions(
        langs=tuple(args.lang or ()), kinds=kinds, actors=tuple(args.actor or ()),
        force=args.force, mark_untranslated=args.mark_untranslated, sheet=args.sheet,
        marks=args.marks, bleed_mm=args.bleed, creep_mm=args.creep, workers=args.jobs,
        zip=args.zip, watch=getattr(args, "watch", False),
    )


def _validate_usage(args: argparse.Namespace, report: object) -> int:
    """Check --lang and --actor against the content; 0 when fine, else the exit code."""
    from layout.content.select import handout_ids

    languages = report.languages  # type: ignore[attr-defined]
    for lang in args.lang or []:
        if lang not in languages:
            return usage_error(f"unknown language '{lang}' "
                               f"(this report has: {', '.join(languages)})")
    known = handout_ids(report)  # type: ignore[arg-type]
    for actor in args.actor or []:
        if actor not in known:
            return usage_error(f"unknown actor '{actor}' "
                               f"(actors with agenda items: {', '.join(known)})")
    return 0


def build_once(args: argparse.Namespace) -> int:
    """Build what is out of date and print what happened; the exit code."""
    from layout.make.lock import holding
    from layout.make.manifest import MANIFEST
    from layout.make.noop import inputs_digest, recorded_outcome

    started = time.perf_counter()
    options = _options(args)
    # taken before the content is read: an edit made meanwhile is seen by the next build
    inputs = inputs_digest(args.content, options)
    if inputs is not None and not options.force and (args.output / MANIFEST).is_file():
        with holding(args.output, wait=not args.no_wait, on_wait=_say) as debris:
            _say_debris(args, debris)
            outcome = recorded_outcome(args.content, args.output, inputs)
        if outcome is not None:
            outcome.seconds = time.perf_counter() - started
            return _report(args, outcome)
    return _build(args, options, inputs)


def _build(args: argparse.Namespace, options: BuildOptions, inputs: Inputs | None) -> int:
    """The full build: read and validate the content, then build what is out of date."""
    from layout.content.read import read_report
    from layout.make.lock import holding
    from layout.make.manifest import check_owner, read_manifest
    from layout.make.targets import build_all

    report = read_report(args.content)
    code = _validate_usage(args, report)
    if code:
        return code
    check_owner(args.output, args.content, read_manifest(args.output))  # before the lock
    progress = _Progress(not args.quiet)
    with holding(args.output, wait=not args.no_wait, on_wait=_say) as debris:
        _say_debris(args, debris)
        try:
            outcome = build_all(args.content, args.output, list(options.langs), options.kinds,
                                list(options.actors), options, progress, report, inputs)
        finally:
            progress.clear()
    return _report(args, outcome)


def _say_debris(args: argparse.Namespace, debris: list[Path]) -> None:
    if debris and not args.quiet:
        print(f"removed {len(debris)} temporary file(s) left by an interrupted build",
              file=sys.stderr)


def _report(args: argparse.Namespace, outcome: BuildOutcome) -> int:
    """Print what a build did; exit code 0."""
    if args.format == "json":
        print_diagnostics(outcome.warnings, "json")
    elif not args.quiet:
        print_diagnostics(outcome.warnings)
    if not args.quiet:
        for note in outcome.notes:
            print(note, file=sys.stderr)
    if args.verbose:
        for path in outcome.written:
            print(f"wrote {shown(path)}", file=sys.stderr)
    if not args.quiet:
        print(f"built {len(outcome.written)}, up to date {len(outcome.up_to_date)}, "
              f"failed 0 into {shown(args.output)} ({outcome.seconds:.2f} s)", file=sys.stderr)
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def watch(args: argparse.Namespace) -> int:
    """Rebuild on every save of the content, until Ctrl-C; restart when the code changes."""
    import watchfiles

    from layout.content.load import keep_trees
    from layout.diagnostics import ContentError
    from layout.typeset import memo

    layout_dir = Path(layout.__file__).resolve().parent
    print(f"watching {shown(args.content)} and {shown(layout_dir)} (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    if not args.content.is_dir():  # the build prints the problem; there is nothing to watch
        _guarded(args, ContentError)
        return 1
    keep_trees()  # each rebuild parses only the files that changed
    memo.remember()  # and sets again only the paragraphs that changed
    started = False
    # the watcher yields (nothing) once it is live: the first build runs then, so an edit
    # saved while it builds is not missed; a save's events come within a millisecond or two
    # (editors write and rename at once), so 5 ms without a new one ends the save
    for changes in watchfiles.watch(args.content, layout_dir, debounce=200, step=5,
                                    raise_interrupt=False, yield_on_timeout=True,
                                    rust_timeout=50):
        if not started:
            started = True
            _guarded(args, ContentError)
            continue
        if not changes:
            continue
        paths = [Path(path) for _, path in changes]
        if any(layout_dir in p.parents and "__pycache__" not in p.parts for p in paths):
            # the code digest is the code this process loaded: a new file means a new process
            print("layout code changed: restarting", file=sys.stderr, flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        memo.next_build()
        _guarded(args, ContentError)
    print("stopped", file=sys.stderr)
    return 0


def _guarded(args: argparse.Namespace, content_error: type[Exception]) -> None:
    """One watch-mode rebuild: content and output errors are printed and the watch goes on
    (the lock is held only while it rebuilds)."""
    from layout.files import OutputError

    started = time.perf_counter()
    try:
        build_once(args)
    except content_error as error:
        print_problems(error.diagnostics, built=False,  # type: ignore[attr-defined]
                       fmt=args.format)
    except OutputError as error:
        output_error(error)
    except OSError as error:  # a file-system fault while rebuilding: say so, keep watching
        print(f"{error.filename or 'build.py'}: error: {error.strerror or error}",
              file=sys.stderr)
    else:
        sys.stderr.flush()
        return
    print(f"waiting for a fix ({time.perf_counter() - started:.2f} s)", file=sys.stderr,
          flush=True)


