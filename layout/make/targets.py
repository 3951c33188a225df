"""Targets: what to build, what is out of date, and building it.

In: a content folder, an output folder and `BuildOptions`. Out: PDFs written atomically and a
manifest that keys every output by a digest of exactly what it depends on (`keys`). An output
whose key is unchanged is not rebuilt; a no-op build imports no ReportLab. Runs the pipeline of
`layout.__init__` in order: the booklets first (their page maps feed the handouts' page
references), then the press and print editions (made from the booklets' pages, in process
colour), then the handouts, rendered by `jobs` in the `pool`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from layout.content.model import Report
from layout.content.read import read_report
from layout.diagnostics import ContentError, Diagnostic, Location
from layout.files import write_output
from layout.make import jobs
from layout.make.digests import code_digest, digest
from layout.make.keys import project
from layout.make.manifest import (
    MANIFEST,
    check_owner,
    clear_manifest_path,
    content_entry,
    read_manifest,
    read_output,
    record,
    write_manifest,
)
from layout.make.noop import RECORD, Inputs, records_with, unchanged_record
from layout.make.options import KINDS, BuildOptions, BuildOutcome, print_settings
from layout.make.paths import booklet_path, press_path, print_path, relative
from layout.make.pool import Job, run_jobs


def load_report(content: Path) -> Report:
    """Read and validate a content folder, the fonts' coverage of every character included."""
    from layout.typeset.fonts import check_glyphs

    report = read_report(content)
    problems = check_glyphs(report)
    if problems:
        raise ContentError(problems)
    return report


def build_all(content: Path, out: Path, langs: list[str] | None = None,
              kinds: tuple[str, ...] = KINDS, actors: list[str] | None = None,
              options: BuildOptions | None = None,
              progress: Callable[[int, int], None] | None = None,
              report: Report | None = None, inputs: Inputs | None = None) -> BuildOutcome:
    """Build what is out of date; raise `ContentError` before writing anything if invalid.

    ``report`` is the content already read from ``content`` (saves reading it twice).
    ``inputs`` is the digest of the content and options taken before they were read
    (`noop.inputs_digest`): a build that completes records it, so that the next build with
    the same inputs can say at once that nothing changed.
    Booklets come first: their page maps feed the handouts' page references."""
    started = time.perf_counter()
    base = options or BuildOptions()
    options = replace(base, langs=tuple(langs or base.langs), kinds=tuple(kinds),
                      actors=tuple(actors or base.actors))
    clear_manifest_path(out)
    build = _Build(content, out, options, report or read_report(content), progress, inputs)
    build.warn_missing_translations()
    build.check_images()
    try:
        build.booklets()
        build.press_editions()
        if "handouts" in options.kinds:
            build.handouts()
        if inputs is not None:
            build.unchanged = unchanged_record(inputs, out, build.outcome, build.outputs)
    finally:  # what was written before a failure is recorded too: the manifest stays true
        build.save_manifest()
    build.outcome.seconds = time.perf_counter() - started
    return build.outcome


class _Build:
    """The state of one build: what the manifest says, what was rendered, what was written."""

    def __init__(self, content: Path, out: Path, options: BuildOptions, report: Report,
                 progress: Callable[[int, int], None] | None,
                 inputs: Inputs | None = None) -> None:
        from layout.content.number import number_report

        self.content, self.out, self.options, self.report = content, out, options, report
        self.langs = list(options.langs or report.languages)
        self.source = report.source_language
        self.numbering = number_report(report)
        self.manifest = read_manifest(out)
        check_owner(out, content, self.manifest)
        self.outputs: dict[str, dict[str, Any]] = self.manifest["outputs"]
        self.changed: dict[str, dict[str, Any] | None] = {}
        """Records written (or removed, None) by this build, merged into the manifest."""
        self.damaged: dict[str, str] = {}
        """Outputs whose bytes are not the recorded ones: why, for the note when rewritten."""
        self.pages: dict[str, dict[int, int]] = {
            lang: {int(k): v for k, v in rows.items()}
            for lang, rows in self.manifest["pages"].items()}
        self.inputs = inputs
        """What the build depends on, digested before the content was read (`noop`)."""
        self.code = inputs.code if inputs is not None else code_digest()
        self.settings = print_settings(report, options)
        self.booklet_keys = {
            lang: digest("booklet", self.code, project(report, lang, self.source), lang,
                         options.mark_untranslated, self.settings["sheet"])
            for lang in self.langs}
        self.rendered: dict[str, tuple[bytes, dict[int, int]]] = {}
        self.unchanged: dict[str, Any] | None = None
        """The record of this build's inputs, once it has completed (`noop`)."""
        self.outcome = BuildOutcome()
        self.workers = options.workers or os.cpu_count() or 1
        self.progress, self.done, self.total = progress, 0, 0
        jobs.init_worker(report, self.numbering, self.pages, options)

    def fresh(self, path: Path, key: str, asked: bool = True) -> bool:
        """True when ``path`` was built from exactly ``key`` and still holds the bytes then
        written (size and SHA-256 as recorded); damaged or replaced outputs are not fresh.
        ``--force`` makes every output that is ``asked`` for stale, not those read only (a
        booklet whose page map the handouts take)."""
        name = relative(path, self.out)
        entry = self.outputs.get(name)
        if (asked and self.options.force) or entry is None or entry.get("key") != key:
            return False
        if name in self.damaged:
            return False
        if read_output(path, entry) is not None:
            return True
        self.damaged[name] = ("missing" if not os.path.lexists(path)
                              else "changed on disk since it was built")
        return False

    def write(self, path: Path, key: str, data: bytes) -> None:
        """Write one output and record its key, size and SHA-256."""
        name = relative(path, self.out)
        write_output(path, data)
        self.outputs[name] = self.changed[name] = record(key, data)
        self.outcome.written.append(path)
        if name in self.damaged:
            self.outcome.notes.append(f"{name}: {self.damaged.pop(name)}; rebuilt")

    def run(self, todo: list[Job], consume: Callable[[int, Any], None],
            workers: int | None = None) -> None:
        """Run rendering jobs (warm, in the pool; in this process with ``workers=1``),
        reporting progress across phases."""
        self.total += len(todo)

        def tick(done: int, _count: int) -> None:
            if self.progress is not None:
                self.progress(self.done + done, self.total)

        run_jobs(todo, workers or self.workers, tick, consume)
        self.done += len(todo)

    def warn_missing_translations(self) -> None:
        """Warnings per language: texts printed in the source language, translations made
        from an older source text, no hyphenation dictionary."""
        from layout.content.strings import words_for
        from layout.i18n.coverage import translation_warnings

        where = _report_where(self.content)
        self.outcome.warnings.extend(translation_warnings(self.report, self.langs, where))
        places = dict(zip(self.report.languages, self.report.languages_where, strict=False))
        for lang in self.langs:
            if not words_for(lang, self.report.interface)["hyphenation"]:
                self.outcome.warnings.append(Diagnostic(
                    places.get(lang, where), "languages", f"no hyphenation dictionary for "
                    f"'{lang}': its "
                    "booklet and handouts are set without hyphenation", "to hyphenate with "
                    f"a related language's dictionary, add to report.yaml: interface: "
                    f"hyphenation: {{{lang}: ...}} (a pyphen dictionary such as 'es')",
                    severity="warning"))

    def booklets(self) -> None:
        """Render the booklets that are out of date (or whose page map is needed)."""
        kinds = set(self.options.kinds)
        needs_pages = bool({"press", "print", "handouts"} & kinds)
        todo = [lang for lang in self.langs
                if (not self.fresh(booklet_path(self.out, lang), self.booklet_keys[lang],
                                   asked="booklet" in kinds)
                    and ("booklet" in kinds or needs_pages))
                or (needs_pages and lang not in self.pages)]
        if todo:
            from layout.typeset.fonts import check_glyphs

            problems = check_glyphs(self.report)
            if problems:
                raise ContentError(problems)
            self.run([(jobs.booklet_job, (lang,)) for lang in todo],
                     lambda i, result: self.rendered.__setitem__(todo[i], result),
                     workers=1 if self.options.watch else None)
        for lang, (_pdf, rows) in self.rendered.items():
            self.pages[lang] = rows
        if "booklet" not in kinds:
            return
        for lang in self.langs:
            path = booklet_path(self.out, lang)
            if lang in self.rendered and not self.fresh(path, self.booklet_keys[lang]):
                self.write(path, self.booklet_keys[lang], self.rendered[lang][0])
            else:
                self.outcome.up_to_date.append(path)

    def press_keys(self) -> dict[tuple[str, str], str]:
        """(kind, lang) -> key of each press and print edition asked for."""
        keys: dict[tuple[str, str], str] = {}
        for kind in ("press", "print"):
            if kind in self.options.kinds:
                for lang in self.langs:
                    keys[kind, lang] = digest(kind, self.code, self.booklet_keys[lang],
                                              self.settings)
        return keys

    def _press_target(self, kind: str, lang: str) -> Path:
        return (press_path if kind == "press" else print_path)(self.out, lang)

    def check_images(self) -> None:
        """Before anything is written: raster images too coarse for the press editions that
        are out of date are errors (under 150 ppi) or warnings (under 300 ppi)."""
        stale = [key for (kind, lang), key in self.press_keys().items()
                 if not self.fresh(self._press_target(kind, lang), key)]
        if not stale:
            return
        from layout.typeset.figures import resolution_problems
        from layout.typeset.styles import PAGE_SIZES

        found = resolution_problems(self.report, PAGE_SIZES[self.settings["sheet"]])
        errors = [d for d in found if d.severity == "error"]
        if errors:
            raise ContentError(found)
        self.outcome.warnings.extend(found)

    def press_editions(self) -> None:
        """Make the press and print editions that are out of date from the booklets' pages."""
        todo: list[Job] = []
        targets: list[tuple[str, Path, str]] = []
        for (kind, lang), key in self.press_keys().items():
            path = self._press_target(kind, lang)
            if self.fresh(path, key):
                self.outcome.up_to_date.append(path)
                continue
            booklet = (self.rendered[lang][0] if lang in self.rendered
                       else self.recorded_booklet(lang))
            todo.append((jobs.press_job if kind == "press" else jobs.print_job,
                         (booklet, self.settings)))
            targets.append((kind, path, key))
        if todo:
            self.run(todo, lambda i, result: self._write_press(*targets[i], result))

    def _write_press(self, kind: str, path: Path, key: str, result: Any) -> None:
        """Write a press or print edition and say where it went and what it is."""
        settings = self.settings
        if kind == "press":
            self.write(path, key, result)
            self.outcome.notes.append(
                f"{path}: press edition, single pages with {settings['press_bleed_mm']:g} mm "
                f"bleed and crop marks, PDF/X-1a:2003 for {settings['output_condition']}")
            return
        pdf, blanks, media = result
        self.write(path, key, pdf)
        size = f"{media[0] / jobs.MM:.1f} x {media[1] / jobs.MM:.1f} mm"
        self.outcome.notes.append(
            f"{path}: print edition imposed on {settings['sheet']} sheets of {size}"
            f"{' with crop marks' if settings['marks'] else ''}, PDF/X-1a:2003 for "
            f"{settings['output_condition']}")
        if blanks:
            self.outcome.notes.append(f"{relative(path, self.out)}: added {blanks} blank "
                                      "page(s) before the back cover to make whole sheets")

    def handouts(self) -> None:
        """The handouts, their index and archive, and what earlier builds left (`handouts`)."""
        from layout.make.handouts import build_handouts

        build_handouts(self)

    def recorded_booklet(self, lang: str) -> bytes:
        """The booklet's bytes for imposing: the file only when its bytes are exactly the ones
        recorded for the current key (never another language's or a damaged file), else a
        fresh render."""
        path = booklet_path(self.out, lang)
        name = relative(path, self.out)
        entry = self.outputs.get(name)
        if entry is not None and entry.get("key") == self.booklet_keys[lang]:
            data = read_output(path, entry)
            if data is not None:
                return data
            self.damaged.setdefault(name, "changed on disk since it was built")
        return jobs.booklet_job(lang)[0]

    def save_manifest(self) -> None:
        """Merge this build's records and page maps into the manifest as it is on disk now
        (re-read under the folder's lock) and write it atomically."""
        for name in self.damaged:  # seen damaged, not rebuilt this time: no longer vouched for
            self.changed.setdefault(name, None)
        owner = content_entry(self.out, self.content)
        if (not self.changed and not self.rendered and (self.out / MANIFEST).exists()
                and self.manifest.get("content") == owner
                and self._records(self.manifest) == self.manifest.get(RECORD)):
            return
        manifest = read_manifest(self.out)
        manifest.update({key: value for key, value in self.manifest.items()
                         if key not in ("outputs", "pages", RECORD)})  # this build's own
        manifest["content"] = owner
        manifest[RECORD] = self._records(manifest)
        for name, entry in self.changed.items():
            if entry is None:
                manifest["outputs"].pop(name, None)
            else:
                manifest["outputs"][name] = entry
        for lang in self.rendered:
            manifest["pages"][lang] = {str(k): v for k, v in self.pages[lang].items()}
        write_manifest(self.out, manifest)


    def _records(self, manifest: dict[str, Any]) -> list[dict[str, Any]]:
        """``manifest``'s no-op records with this build's own: set when it completed,
        dropped when it did not."""
        options = self.inputs.options if self.inputs is not None else None
        return records_with(manifest, options, self.unchanged)


def _report_where(content: Path) -> Location:
    from layout.content.load import display_path

    return Location(display_path(content / "report.yaml"))
