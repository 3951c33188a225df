"""Targets: what to build, what is out of date, building it in parallel, writing it safely.

In: a content folder, an output folder and `BuildOptions`. Out: PDFs written atomically (a
temporary file in the same folder, then a rename) and a manifest, ``output/.manifest.json``,
that keys every output by a digest of exactly what it depends on: its language's projection
of the content (so a Spanish edit leaves English files alone), the layout code, the fonts and
the options. An output whose key is unchanged is not rebuilt; a no-op build imports no
ReportLab. Runs the pipeline of `layout.__init__` in order.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from layout.diagnostics import ContentError, Diagnostic
from layout.model import Image, Report, Text
from layout.number import Numbering

KINDS = ("booklet", "print", "handouts")
"""Kinds of output, in the order they are built."""
MANIFEST = ".manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how; every field that changes an output is part of its key."""

    langs: tuple[str, ...] = ()
    """Languages to build; empty means every language of the report."""
    kinds: tuple[str, ...] = KINDS
    actors: tuple[str, ...] = ()
    """Handouts of these actors or branches only; empty means every one."""
    force: bool = False
    mark_untranslated: bool = False
    """Highlight texts printed in the source language because a translation is missing."""
    sheet: str | None = None
    """Print sheet ("A4", "Letter"); None takes the report's print settings."""
    marks: bool | None = None
    bleed_mm: float | None = None
    creep_mm: float | None = None
    workers: int | None = None


@dataclass
class BuildOutcome:
    """What a build wrote, what was already up to date, and what it warned about."""

    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are not problems (blank pages added)."""
    seconds: float = 0.0


# -- writing ----------------------------------------------------------------------------------

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; the file gets
    ``mode``, or the usual permissions for a new file (mkstemp alone would make it 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def booklet_path(out: Path, lang: str) -> Path:
    """Where the booklet of ``lang`` goes."""
    return out / lang / "booklet.pdf"


def print_path(out: Path, lang: str) -> Path:
    """Where the imposed print edition of ``lang`` goes."""
    return out / lang / "booklet-print.pdf"


def handout_path(out: Path, lang: str, handout_id: str) -> Path:
    """Where the handout of ``handout_id`` in ``lang`` goes."""
    return out / lang / "handouts" / f"{handout_id}.pdf"


# -- loading ----------------------------------------------------------------------------------


def read_report(content: Path) -> Report:
    """Read and validate a content folder (stages load and validate); no ReportLab."""
    from layout.load import read_content
    from layout.validate import to_report

    return to_report(read_content(content))


def load_report(content: Path) -> Report:
    """Read and validate a content folder, the fonts' coverage of every character included."""
    report = read_report(content)
    problems = check_glyphs(report)
    if problems:
        raise ContentError(problems)
    return report


def check_glyphs(report: Report) -> list[Diagnostic]:
    """Every character the fonts cannot draw, at its text's file:line with its code point."""
    from layout.model import iter_texts
    from layout.styles import unsupported_characters

    problems = []
    for text in iter_texts(report):
        for lang, value in text.values:
            for offset, char in unsupported_characters(value)[:3]:
                problems.append(Diagnostic(
                    text.where, f"{text.path}.{lang}" if text.path else lang,
                    f"character U+{ord(char):04X} ({char!r}) at offset {offset} cannot be "
                    "printed with the report's fonts",
                    "remove it or replace it with a character the fonts have",
                ))
    return problems


# -- keys -------------------------------------------------------------------------------------


def project(value: Any, lang: str, source: str) -> Any:
    """A JSON-able view of a model value as one language sees it (locations left out)."""
    if isinstance(value, Text):
        return [value.get(lang, source), value.has(lang)]
    if isinstance(value, Image):
        return ["image", hashlib.sha256(Path(value.path).read_bytes()).hexdigest(),
                project(value.alt, lang, source), project(value.caption, lang, source),
                value.width_mm]
    if isinstance(value, tuple | list):
        return [project(item, lang, source) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [project(getattr(value, f.name), lang, source)
                                         for f in fields(value) if f.name != "where"]
    if isinstance(value, dict):
        return {str(k): project(v, lang, source) for k, v in sorted(value.items())}
    return value


def digest(*parts: Any) -> str:
    """A stable hex digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def code_digest() -> str:
    """Digest of the layout code and the fonts: any change to them rebuilds everything."""
    package = Path(__file__).parent
    hasher = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    from importlib.metadata import version

    for dist in ("reportlab", "pypdf", "font-source-sans-pro", "pyphen", "pikepdf", "svglib"):
        try:
            hasher.update(f"{dist}={version(dist)}".encode())
        except Exception:
            hasher.update(dist.encode())
    return hasher.hexdigest()[:24]


def read_manifest(out: Path) -> dict[str, Any]:
    """The previous build's keys and page maps, or an empty manifest."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": MANIFEST_VERSION, "outputs": {}, "pages": {}}
    if data.get("version") != MANIFEST_VERSION:
        return {"version": MANIFEST_VERSION, "outputs": {}, "pages": {}}
    return data


# -- rendering jobs (run in pool processes) ---------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(report: Report, numbering: Numbering, pages: dict[str, dict[int, int]],
                 options: BuildOptions, contents: dict[str, Any] | None = None) -> None:
    if _WORKER.get("report") is not report:
        _WORKER.pop("handouts", None)
    _WORKER.update(report=report, numbering=numbering, pages=pages, options=options,
                   contents=contents or {})


def _booklet_job(lang: str, bleed: float = 0.0) -> tuple[bytes, dict[int, int], Any]:
    """Render the booklet; the reading edition (no bleed) is made PDF/A-2b for archiving."""
    from layout.compose import compose_booklet
    from layout.pdfa import to_pdfa
    from layout.render import render_pdf
    from layout.styles import PAGE_SIZES

    report, numbering, options = _WORKER["report"], _WORKER["numbering"], _WORKER["options"]
    sheet = options.sheet or report.print_settings.sheet
    composition = compose_booklet(report, numbering, lang, options.mark_untranslated,
                                  PAGE_SIZES[sheet])
    hint = tuple(tuple(e) for e in _WORKER.get("contents", {}).get(lang, ()))
    result = render_pdf(composition, bleed, hint)
    pdf = result.pdf if bleed else to_pdfa(result.pdf, lang=composition.furniture.lang_tag)
    return pdf, result.row_pages, [list(entry) for entry in result.contents]


def _handout_job(lang: str, handout_id: str) -> bytes:
    from layout.compose import compose_handout
    from layout.render import render_handout
    from layout.select import all_handouts
    from layout.strings import words_for

    report, numbering, options = _WORKER["report"], _WORKER["numbering"], _WORKER["options"]
    if "handouts" not in _WORKER:
        _WORKER["handouts"] = all_handouts(report)
    handout = _WORKER["handouts"][handout_id]
    composition = compose_handout(report, numbering, lang, handout, _WORKER["pages"][lang],
                                  options.mark_untranslated)
    return render_handout(composition, words_for(lang, report.interface))


def _run(jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]], workers: int,
         progress: Callable[[int, int], None],
         consume: Callable[[int, Any], None]) -> None:
    """Run jobs, handing each result to ``consume(index, result)`` in submission order as
    soon as it is ready (nothing accumulates), in a process pool when it pays."""
    if workers <= 1 or len(jobs) <= 1:
        for done, (function, args) in enumerate(jobs, 1):
            consume(done - 1, function(*args))
            progress(done, len(jobs))
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    state = (_WORKER["report"], _WORKER["numbering"], _WORKER["pages"], _WORKER["options"],
             _WORKER.get("contents"))
    window = workers * 4  # bounded look-ahead keeps memory flat for thousands of jobs
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                             initializer=_init_worker, initargs=state) as pool:
        pending: list[Any] = []
        submitted = 0
        for done in range(1, len(jobs) + 1):
            while submitted < len(jobs) and len(pending) < window:
                function, args = jobs[submitted]
                pending.append(pool.submit(function, *args))
                submitted += 1
            consume(done - 1, pending.pop(0).result())
            progress(done, len(jobs))


# -- the build --------------------------------------------------------------------------------


def _print_settings(report: Report, options: BuildOptions) -> dict[str, Any]:
    settings = report.print_settings
    return {
        "sheet": options.sheet or settings.sheet,
        "marks": settings.marks if options.marks is None else options.marks,
        "bleed_mm": settings.bleed_mm if options.bleed_mm is None else options.bleed_mm,
        "creep_mm": settings.creep_mm if options.creep_mm is None else options.creep_mm,
    }


def build_all(content: Path, out: Path, langs: list[str] | None = None,
              kinds: tuple[str, ...] = KINDS, actors: list[str] | None = None,
              options: BuildOptions | None = None,
              progress: Callable[[int, int], None] | None = None,
              report: Report | None = None) -> BuildOutcome:
    """Build what is out of date; raise `ContentError` before writing anything if invalid.

    ``report`` is the content already read from ``content`` (saves reading it twice).
    Booklets come first: their page maps feed the handouts' page references."""
    started = time.perf_counter()
    base = options or BuildOptions()
    options = BuildOptions(**{**base.__dict__, "langs": tuple(langs or base.langs),
                              "kinds": tuple(kinds), "actors": tuple(actors or base.actors)})
    build = _Build(content, out, options, report or read_report(content), progress)
    build.warn_missing_translations()
    build.booklets()
    if "print" in options.kinds:
        build.prints()
    if "handouts" in options.kinds:
        build.handouts()
    build.save_manifest()
    build.outcome.seconds = time.perf_counter() - started
    return build.outcome


class _Build:
    """The state of one build: what the manifest says, what was rendered, what was written."""

    def __init__(self, content: Path, out: Path, options: BuildOptions, report: Report,
                 progress: Callable[[int, int], None] | None) -> None:
        from layout.number import number_report

        self.content, self.out, self.options, self.report = content, out, options, report
        self.langs = list(options.langs or report.languages)
        self.source = report.source_language
        self.numbering = number_report(report)
        self.manifest = read_manifest(out)
        self.outputs: dict[str, str] = self.manifest["outputs"]
        self.pages: dict[str, dict[int, int]] = {
            lang: {int(k): v for k, v in rows.items()}
            for lang, rows in self.manifest["pages"].items()}
        self.contents: dict[str, Any] = self.manifest.setdefault("contents", {})
        self.code = code_digest()
        self.settings = _print_settings(report, options)
        self.booklet_keys = {
            lang: digest("booklet", self.code, project(report, lang, self.source), lang,
                         options.mark_untranslated, self.settings["sheet"])
            for lang in self.langs}
        self.rendered: dict[str, tuple[bytes, dict[int, int], Any]] = {}
        self.outcome = BuildOutcome()
        self.workers = options.workers or os.cpu_count() or 1
        self.progress, self.done, self.total = progress, 0, 0
        _init_worker(report, self.numbering, self.pages, options, self.contents)

    def fresh(self, path: Path, key: str) -> bool:
        """True when ``path`` exists and was built from exactly ``key``."""
        return (not self.options.force and self.outputs.get(_rel(path, self.out)) == key
                and path.exists())

    def write(self, path: Path, key: str, data: bytes) -> None:
        write_atomic(path, data)
        self.outputs[_rel(path, self.out)] = key
        self.outcome.written.append(path)

    def run(self, jobs: list[tuple[Callable[..., Any], tuple[Any, ...]]],
            consume: Callable[[int, Any], None]) -> None:
        """Run rendering jobs (warm, in the pool), reporting progress across phases."""
        _warm_up()  # load the layout modules and fonts once, before the pool forks
        self.total += len(jobs)

        def tick(done: int, _count: int) -> None:
            if self.progress is not None:
                self.progress(self.done + done, self.total)

        _run(jobs, self.workers, tick, consume)
        self.done += len(jobs)

    def warn_missing_translations(self) -> None:
        from layout.i18n import missing_count

        for lang in self.langs:
            missing = missing_count(self.report, lang) if lang != self.source else 0
            if missing:
                self.outcome.warnings.append(Diagnostic(
                    _report_where(self.content), "", f"'{lang}': {missing} text(s) have no "
                    f"translation and are printed in '{self.source}'",
                    "python build.py check lists them", severity="warning"))

    def booklets(self) -> None:
        """Render the booklets that are out of date (or whose page map is needed)."""
        kinds = set(self.options.kinds)
        needs_pages = bool({"print", "handouts"} & kinds)
        todo = [lang for lang in self.langs
                if (not self.fresh(booklet_path(self.out, lang), self.booklet_keys[lang])
                    and ("booklet" in kinds or needs_pages))
                or (needs_pages and lang not in self.pages)]
        if todo:
            problems = check_glyphs(self.report)
            if problems:
                raise ContentError(problems)
            self.run([(_booklet_job, (lang,)) for lang in todo],
                     lambda i, result: self.rendered.__setitem__(todo[i], result))
        for lang, (_pdf, rows, entries) in self.rendered.items():
            self.pages[lang], self.contents[lang] = rows, entries
        if "booklet" not in kinds:
            return
        for lang in self.langs:
            path = booklet_path(self.out, lang)
            if lang in self.rendered and not self.fresh(path, self.booklet_keys[lang]):
                self.write(path, self.booklet_keys[lang], self.rendered[lang][0])
            else:
                self.outcome.up_to_date.append(path)

    def prints(self) -> None:
        """Impose the booklets whose print edition is out of date."""
        for lang in self.langs:
            path = print_path(self.out, lang)
            key = digest("print", self.code, self.booklet_keys[lang], self.settings)
            if self.fresh(path, key):
                self.outcome.up_to_date.append(path)
                continue
            if self.settings["bleed_mm"]:
                from reportlab.lib.units import mm

                pdf = _booklet_job(lang, self.settings["bleed_mm"] * mm)[0]
            elif lang in self.rendered:
                pdf = self.rendered[lang][0]
            else:
                pdf = _rerender_booklet(lang, booklet_path(self.out, lang),
                                        self.booklet_keys[lang], self.outputs, self.out)
            imposed, blanks = _impose(pdf, self.settings)
            self.write(path, key, imposed)
            if blanks:
                self.outcome.notes.append(f"{_rel(path, self.out)}: added {blanks} blank "
                                          "page(s) before the back cover to make whole sheets")

    def handout_key(self, lang: str, handout: Any) -> str:
        """Digest of exactly what a handout prints, its booklet pages included."""
        report, source = self.report, self.source
        names = {actor.id: actor.name for actor in report.actors}
        printed = [(project(block.title, lang, source), block.actors,
                    project(rows, lang, source)) for block, rows in handout.groups]
        around = (report.title, report.subtitle, report.series, report.year, report.author,
                  report.subject, report.keywords, report.handout_intro, report.interface)
        table_names = [project(names[a], lang, source) for block, _ in handout.groups
                       for a in block.actors]
        row_pages = {row.index: self.pages[lang].get(row.index) for row in handout.rows}
        return digest("handout", self.code, lang, handout.id,
                      project(handout.name, lang, source), printed,
                      project(around, lang, source), table_names, row_pages,
                      self.options.mark_untranslated)

    def handouts(self) -> None:
        """Render the handouts whose key changed, writing each as it arrives."""
        from layout.select import all_handouts, handout_ids

        wanted = list(self.options.actors) or handout_ids(self.report)
        selected = all_handouts(self.report)
        jobs, targets = [], []
        for lang in self.langs:
            for ident in wanted:
                path, key = handout_path(self.out, lang, ident), self.handout_key(
                    lang, selected[ident])
                if self.fresh(path, key):
                    self.outcome.up_to_date.append(path)
                else:
                    jobs.append((_handout_job, (lang, ident)))
                    targets.append((path, key))
        if jobs:
            _init_worker(self.report, self.numbering, self.pages, self.options, self.contents)
            _WORKER["handouts"] = selected  # forked workers inherit it
            self.run(jobs, lambda i, pdf: self.write(*targets[i], pdf))
        if not self.options.actors:
            _remove_stale_handouts(self.out, self.langs, set(wanted), self.outputs)

    def save_manifest(self) -> None:
        """Record the keys and page maps, atomically, once everything is written."""
        self.manifest["pages"] = {lang: {str(k): v for k, v in rows.items()}
                                  for lang, rows in self.pages.items()}
        if self.outcome.written or not (self.out / MANIFEST).exists():
            write_atomic(self.out / MANIFEST,
                         json.dumps(self.manifest, indent=1, sort_keys=True).encode())


def _warm_up() -> None:
    """Import the rendering stages and register the fonts in this process, so pool workers
    forked from it start warm instead of paying for imports and fonts each."""
    import layout.compose
    import layout.pdfa
    import layout.render  # noqa: F401
    from layout.styles import register_fonts

    register_fonts()


def _rerender_booklet(lang: str, path: Path, key: str, outputs: dict[str, str],
                      out: Path) -> bytes:
    """The current booklet's bytes: the file when it is up to date, else a fresh render."""
    if outputs.get(_rel(path, out)) == key and path.exists():
        return path.read_bytes()
    return _booklet_job(lang)[0]


def _impose(pdf: bytes, settings: dict[str, Any]) -> tuple[bytes, int]:
    from reportlab.lib.units import mm

    from layout.impose import impose_booklet

    result = impose_booklet(pdf, settings["sheet"], marks=settings["marks"],
                            bleed=settings["bleed_mm"] * mm, creep=settings["creep_mm"] * mm)
    return result.pdf, result.blanks


def _report_where(content: Path) -> Any:
    from layout.diagnostics import Location
    from layout.load import display_path

    return Location(display_path(content / "report.yaml"))


def _rel(path: Path, out: Path) -> str:
    return path.relative_to(out).as_posix()


def _remove_stale_handouts(out: Path, langs: list[str], ids: set[str],
                           outputs: dict[str, str]) -> None:
    """Delete handouts of actors that no longer own items (a full handout build only)."""
    for lang in langs:
        for path in (out / lang / "handouts").glob("*.pdf"):
            if path.stem not in ids:
                path.unlink()
                outputs.pop(_rel(path, out), None)
