"""Write-back: translations and review stamps written into the content's YAML files.

In: a content folder and planned `Edit`s. Out: the files edited in place by `yamledit`'s
targeted splices. Each edited file is re-read afterwards; if it does not hold exactly the
intended values, every file is restored and `ContentError` is raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layout.content.load import display_path, read_yaml
from layout.content.model import Report
from layout.diagnostics import ContentError, Diagnostic, Location
from layout.files import write_atomic
from layout.i18n.coverage import (
    check_target,
    file_name,
    fingerprint,
    is_current,
    stamp_key,
    translatable_texts,
)
from layout.i18n.yamledit import Edit, edit_yaml, steps


def stamp(content_dir: Path, report: Report, lang: str) -> int:
    """Record today's source fingerprint beside every ``lang`` translation; return how many."""
    check_target(report, lang)
    source = report.source_language
    edits: dict[str, list[Edit]] = {}
    for text in translatable_texts(report):
        if text.has(lang) and not is_current(text, lang, source):
            edits.setdefault(file_name(text), []).append(
                Edit(text.path, text.get(source), None, fingerprint(text.get(source))))
    apply_edits(content_dir, edits, lang, source)
    return sum(len(group) for group in edits.values())


def apply_edits(content_dir: Path, edits: dict[str, list[Edit]], lang: str,
           source: str) -> tuple[Path, ...]:
    """Edit every file, then re-read each; restore all of them if any is not as intended."""
    planned: list[tuple[Path, bytes, bytes, Any, list[Edit]]] = []
    for name in sorted(edits):
        path = content_dir / name
        old = path.read_bytes()
        before = _plain(read_yaml(path))
        for edit in edits[name]:
            _check_source(_descend(before, edit.path), edit, path, source)
        edited = edit_yaml(old.decode("utf-8"), edits[name], lang, source, display_path(path))
        planned.append((path, old, edited.encode("utf-8"), before, edits[name]))
    written: list[tuple[Path, bytes]] = []
    try:
        for path, old, new, before, group in planned:
            _write_atomic(path, new)
            written.append((path, old))
            _verify(path, before, group, lang)
    except BaseException:
        for path, old in written:
            _write_atomic(path, old)
        raise
    return tuple(plan[0] for plan in planned)


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
    """Marked trees as plain dicts and lists."""
    for step in steps(path):
        tree = tree[step]
    return tree


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace a content file atomically, keeping its permissions."""
    write_atomic(path, data, path.stat().st_mode & 0o7777)
