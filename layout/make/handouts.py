"""The handouts phase of a build: the handouts, their index, the archive, and tidying up.

In: a build in progress (`Build`: the report, the booklets' page maps, the manifest's record
of outputs, the options). Out, per language, in ``output/<lang>/handouts/``: the handouts
whose key changed (file names from `select.file_names`, different per language), the index
(``index.csv``, ``index.json``: rewritten only when a row changed), with ``--zip`` the archive
``output/<lang>/handouts-<lang>.zip``; and, on a full handout build, the removal of the files
under ``handouts/`` that an earlier build recorded in the manifest and that are no longer
outputs. A file the build did not write (a cover letter) is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from layout.content.model import Report
from layout.content.number import Numbering
from layout.content.select import Handout, all_handouts, file_names
from layout.make import jobs, sending
from layout.make.digests import digest
from layout.make.keys import project
from layout.make.manifest import read_output
from layout.make.options import BuildOptions, BuildOutcome
from layout.make.paths import handout_path, handouts_folder, index_paths, relative, zip_path
from layout.make.pool import Job


class Build(Protocol):
    """What the handouts phase reads from and does through the build (`targets._Build`)."""

    out: Path
    options: BuildOptions
    report: Report
    numbering: Numbering
    langs: list[str]
    source: str
    code: str
    settings: dict[str, Any]
    """The print settings; the sheet is the handouts' paper too."""
    outputs: dict[str, dict[str, Any]]
    """The manifest's records (key, size, SHA-256) by output name."""
    changed: dict[str, dict[str, Any] | None]
    """Records this build wrote, or removed (None), merged into the manifest at the end."""
    pages: dict[str, dict[int, int]]
    outcome: BuildOutcome

    def fresh(self, path: Path, key: str) -> bool: ...

    def write(self, path: Path, key: str, data: bytes) -> None: ...

    def run(self, todo: list[Job], consume: Callable[[int, Any], None]) -> None: ...


def handout_key(build: Build, lang: str, handout: Handout, around: Any) -> str:
    """Digest of exactly what a handout prints, its booklet pages included (not its
    contact, which only the index shows); ``around`` is what every handout of ``lang``
    prints (`printed_around`, worked out once per language)."""
    source, names = build.source, build.report.actor_names
    printed = [(project(block.title, lang, source), block.actors,
                project(rows, lang, source)) for block, rows in handout.groups]
    table_names = [project(names[a], lang, source) for block, _ in handout.groups
                   for a in block.actors]
    row_pages = {row.index: build.pages[lang].get(row.index) for row in handout.rows}
    return digest("handout", build.code, lang, handout.id,
                  project(handout.name, lang, source), printed,
                  around, table_names, row_pages, build.options.mark_untranslated,
                  build.settings["sheet"])


def printed_around(build: Build, lang: str) -> Any:
    """What every handout of ``lang`` prints around its items: the report's titles, the
    introduction, the interface words and the theme (its font and logo files' digests)."""
    report = build.report
    return project((report.title, report.subtitle, report.series, report.year, report.author,
                    report.subject, report.keywords, report.handout_intro, report.interface,
                    report.theme), lang, build.source)


def build_handouts(build: Build) -> None:
    """Render the handouts whose key changed, then bring each language's index, archive and
    folder in step with them."""
    selected = all_handouts(build.report)
    wanted = list(build.options.actors) or list(selected)
    files = {lang: file_names(selected, lang, build.source) for lang in build.langs}
    around = {lang: printed_around(build, lang) for lang in build.langs}
    keys = {(lang, ident): handout_key(build, lang, handout, around[lang])
            for lang in build.langs for ident, handout in selected.items()}
    todo: list[Job] = []
    targets: list[tuple[Path, str]] = []
    for lang in build.langs:
        for ident in wanted:
            path, key = handout_path(build.out, lang, files[lang][ident]), keys[lang, ident]
            if build.fresh(path, key):
                build.outcome.up_to_date.append(path)
            else:
                todo.append((jobs.handout_job, (lang, ident)))
                targets.append((path, key))
    if todo:
        jobs.init_worker(build.report, build.numbering, build.pages, build.options)
        jobs.WORKER["handouts"] = selected  # forked workers inherit it
        build.run(todo, lambda i, pdf: build.write(*targets[i], pdf))
    for lang in build.langs:
        current = {ident: name for ident, name in files[lang].items()
                   if _recorded(build, handout_path(build.out, lang, name), keys[lang, ident])}
        kept = _index(build, lang, selected, current)
        kept |= _archive(build, lang, current, kept)
        if not build.options.actors:
            _remove_unowned(build, lang, kept)


def _recorded(build: Build, path: Path, key: str) -> bool:
    """True when ``path`` exists and the manifest says this build's ``key`` made it."""
    entry = build.outputs.get(relative(path, build.out))
    return entry is not None and entry.get("key") == key and path.is_file()


def _index(build: Build, lang: str, selected: dict[str, Handout],
           current: dict[str, str]) -> set[str]:
    """Write the index of the handouts in ``current`` when it changed; the outputs kept."""
    rows = sending.index_rows(selected, current, lang, build.source, build.numbering.letter,
                              build.pages.get(lang, {}))
    key = digest("index", build.code, [row.as_json() for row in rows])
    kept = {relative(handout_path(build.out, lang, name), build.out)
            for name in current.values()}
    for path, render in zip(index_paths(build.out, lang),
                            (sending.index_csv, sending.index_json), strict=True):
        if build.fresh(path, key):
            build.outcome.up_to_date.append(path)
        else:
            build.write(path, key, render(rows))
        kept.add(relative(path, build.out))
    return kept


def _archive(build: Build, lang: str, current: dict[str, str], kept: set[str]) -> set[str]:
    """With ``--zip``, the archive of the index and the handouts (rebuilt when a member's key
    changed); without, an earlier archive is kept only while it still matches them."""
    path = zip_path(build.out, lang)
    members = sorted(kept)
    key = digest("zip", build.code, [(name, build.outputs[name]["sha256"])
                                     for name in members])
    if not build.options.zip:
        return {relative(path, build.out)} if _recorded(build, path, key) else set()
    if build.fresh(path, key):
        build.outcome.up_to_date.append(path)
    else:
        data = {Path(name).name: read_output(build.out / name, build.outputs[name])
                for name in members}
        damaged = sorted(name for name, found in data.items() if found is None)
        if damaged:  # changed on disk since this build vouched for them: pack nothing
            build.outcome.notes.append(f"{relative(path, build.out)}: not written, "
                                       f"{', '.join(damaged)} changed on disk during the build")
            return set()
        build.write(path, key, sending.archive({n: b for n, b in data.items() if b is not None}))
    return {relative(path, build.out)}


def _remove_unowned(build: Build, lang: str, kept: set[str]) -> None:
    """Delete what an earlier build wrote under ``handouts/`` (and the archive) that is no
    longer an output: the handouts of actors that own no items now, files under old names.
    Only files recorded in the manifest are candidates; others are not ours to delete, and
    neither are directories (a file that cannot be removed stays, unrecorded)."""
    folder = relative(handouts_folder(build.out, lang), build.out) + "/"
    archive = relative(zip_path(build.out, lang), build.out)
    for name in sorted(build.outputs):
        if not (name.startswith(folder) or name == archive) or name in kept:
            continue
        del build.outputs[name]
        build.changed[name] = None
        path = build.out / name
        if path.is_symlink() or path.is_file():
            try:
                path.unlink()
            except OSError:
                continue
            build.outcome.notes.append(f"{name}: removed (no longer an output)")
