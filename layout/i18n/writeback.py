"""Write-back: translations and review stamps written into the content's YAML files.

In: a content folder and planned `Edit`s. Out: the files edited in place by `yamledit`'s
targeted splices (a section file that is a symbolic link is edited where it points; the link
stays), and the source history (`history`) brought up to date. Each edited file is re-read
afterwards and the whole content validated again; if a file does not hold exactly the
intended values, or the content would no longer validate, every file is restored and
`ContentError` is raised, located at the PO line an edit came from when there is one.
Temporary files that a killed earlier run left in the content folder (`files.DEBRIS`, the
atomic writer's own pattern, nothing else) are removed first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layout.content.load import MAX_FILE_BYTES, display_path, read_yaml
from layout.content.model import Report
from layout.content.read import read_report
from layout.diagnostics import ContentError, Diagnostic, Location
from layout.files import remove_debris, write_atomic
from layout.i18n.coverage import (
    check_target,
    file_name,
    fingerprint,
    is_current,
    stamp_key,
    translatable_texts,
)
from layout.i18n.history import read_history, write_history
from layout.i18n.yamledit import Edit, edit_yaml, steps

Places = dict[tuple[str, str], Location]


def stamp(content_dir: Path, report: Report, lang: str) -> int:
    """Record today's source fingerprint beside every ``lang`` translation; return how many."""
    check_target(report, lang)
    source = report.source_language
    edits: dict[str, list[Edit]] = {}
    for text in translatable_texts(report):
        if text.has(lang) and not is_current(text, lang, source):
            edits.setdefault(file_name(text), []).append(
                Edit(text.path, text.get(source), None, fingerprint(text.get(source))))
    write_translations(content_dir, report, edits, lang)
    return sum(len(group) for group in edits.values())


def write_translations(content_dir: Path, report: Report, edits: dict[str, list[Edit]],
                       lang: str, sources: dict[str, str] | None = None,
                       places: Places | None = None) -> tuple[Path, ...]:
    """Apply ``edits`` (content file -> edits), then record the sources translations were
    made from (``sources``: fingerprint -> text, for stale ones) in the history."""
    remove_debris(content_dir)
    history = read_history(content_dir)
    files = _apply(content_dir, edits, lang, report.source_language, places or {})
    if files or set(sources or {}) - set(history):
        write_history(content_dir, read_report(content_dir), {**history, **(sources or {})})
    return files


def _apply(content_dir: Path, edits: dict[str, list[Edit]], lang: str, source: str,
           places: Places) -> tuple[Path, ...]:
    """Edit every file, then re-read each and the content; restore all if anything is off."""
    planned: list[tuple[Path, bytes, bytes, Any, list[Edit]]] = []
    for name in sorted(edits):
        path = content_dir / name
        old = path.read_bytes()
        before = _plain(read_yaml(path))
        for edit in edits[name]:
            _check_source(_descend(before, edit.path), edit, path, source)
        edited = edit_yaml(old.decode("utf-8"), edits[name], lang, source,
                           display_path(path)).encode("utf-8")
        if len(edited) > MAX_FILE_BYTES:
            first = places.get((name, edits[name][0].path), Location(display_path(path)))
            raise ContentError([Diagnostic(
                first, "", f"the translations would make {name} {len(edited):,} bytes, over "
                f"the limit of {MAX_FILE_BYTES:,} for a content file",
                "shorten the translations, or split the section into several files")])
        planned.append((path, old, edited, before, edits[name]))
    written: list[tuple[Path, bytes]] = []
    try:
        for path, old, new, before, group in planned:
            _write_atomic(path, new)
            written.append((path, old))
            _verify(path, before, group, lang)
        if written:
            _revalidate(content_dir, places)
    except BaseException:
        for path, old in written:
            _write_atomic(path, old)
        raise
    return tuple(plan[0] for plan in planned)


def _revalidate(content_dir: Path, places: Places) -> None:
    """Validate the edited content; its problems point at the PO lines they came from."""
    try:
        read_report(content_dir)
    except ContentError as error:
        moved = []
        for problem in error.diagnostics:
            name = Path(problem.where.file).name
            found = [where for (file, path), where in places.items()
                     if file == name and problem.path.startswith(path)]
            moved.append(Diagnostic(found[0], problem.path, problem.message, problem.hint)
                         if found else problem)
        raise ContentError(moved) from None


def _check_source(mapping: Any, edit: Edit, path: Path, source: str) -> None:
    """Refuse an edit whose source text changed since the report was read."""
    value = mapping.get(source) if isinstance(mapping, dict) else None
    if not isinstance(value, str) or " ".join(value.split()) != edit.source:
        raise ContentError([Diagnostic(
            Location(display_path(path)), edit.path,
            "the file changed after the report was read", "run the command again")])


def _verify(path: Path, expected: Any, group: list[Edit], lang: str) -> None:
    """Re-read ``path``: it must hold ``expected`` with exactly the edits applied."""
    for edit in group:
        mapping = _descend(expected, edit.path)
        if edit.translation is not None:
            mapping[lang] = edit.translation
        if edit.stamp is None:
            mapping.pop(stamp_key(lang), None)
        else:
            mapping[stamp_key(lang)] = edit.stamp
    try:
        ok = _plain(read_yaml(path)) == expected
    except ContentError:
        ok = False
    if not ok:
        raise ContentError([Diagnostic(
            Location(display_path(path)), "",
            "could not write the translations without changing other content; "
            "every file was restored", "please report this; edit the file by hand meanwhile")])


def _plain(value: Any) -> Any:
    """Marked trees as plain dicts and lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _descend(tree: Any, path: str) -> Any:
    """The value at key path ``path`` of a plain tree."""
    for step in steps(path):
        tree = tree[step]
    return tree


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace a content file atomically, keeping its permissions; a symbolic link is
    followed, so the file it points to is replaced and the link stays a link."""
    target = path.resolve() if path.is_symlink() else path
    write_atomic(target, data, target.stat().st_mode & 0o7777)
