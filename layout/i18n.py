"""I18n: the translators' round trip - coverage, PO export and import, review stamps.

In: a validated `Report` (every `Text` knows its file, line and key path) and, to write, its
content folder. Out: `Coverage` (counts and one diagnostic per missing or stale translation),
a PO file as bytes (`export_po`), and, for `import_po` and `stamp`, the content's YAML files
edited in place. Edits are targeted text splices located with ``yaml.compose``: comments, key
order, quoting and every untouched line stay byte-identical. Each edited file is re-read
afterwards; if it does not hold exactly the intended values, every file is restored and
`ContentError` is raised. A PO file that cannot be parsed, or whose entries match no text, is
refused before anything is written.

A translation is *current* when ``<lang>_src`` beside it holds the `fingerprint` of today's
source text; otherwise it is *stale* (the source changed, or nobody recorded what it was
translated from).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from layout.diagnostics import ContentError, Diagnostic, Location, did_you_mean
from layout.load import display_path, read_yaml
from layout.markup import note_ids
from layout.model import Report, Text, iter_texts
from layout.validate import FINGERPRINT_SUFFIX

WIDTH = 100
"""Column limit for lines this module writes into YAML files."""
_REFUSED = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_PO_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


def fingerprint(text: str) -> str:
    """8 hex digits of the SHA-1 of ``text`` with its whitespace normalised (reflow-proof)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def _stamp_key(lang: str) -> str:
    return lang + FINGERPRINT_SUFFIX


def _texts(report: Report) -> Iterator[Text]:
    """Every non-empty `Text` of the report once, in reading order."""
    seen: set[str] = set()
    for text in iter_texts(report):
        context = _context(text)
        if text.values and context not in seen:
            seen.add(context)
            yield text


def _file_name(text: Text) -> str:
    """The content file holding ``text``; content files sit flat in the content folder."""
    return Path(text.where.file).name


def _context(text: Text) -> str:
    """The PO ``msgctxt`` of a text: ``file.yaml:key.path``."""
    return f"{_file_name(text)}:{text.path}"


def _is_current(text: Text, lang: str, source: str) -> bool:
    return dict(text.fingerprints).get(lang) == fingerprint(text.get(source))


# -- coverage ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How complete one language is: counts, and one diagnostic per text that needs work."""

    lang: str
    translated: int
    """Texts with a current translation (its ``<lang>_src`` matches today's source text)."""
    missing: int
    """Texts with no translation: they print in the source language."""
    stale: int
    """Texts whose translation was made from another source text, or was never stamped."""
    problems: tuple[Diagnostic, ...] = ()
    """One per missing or stale text, at the text's file:line:col and key path."""


def coverage(report: Report, lang: str) -> Coverage:
    """Count translated, missing and stale texts of ``lang``; the source language is complete."""
    source = report.source_language
    translated = missing = stale = 0
    problems: list[Diagnostic] = []
    for text in _texts(report):
        if lang == source or (text.has(lang) and _is_current(text, lang, source)):
            translated += 1
        elif not text.has(lang):
            missing += 1
            problems.append(Diagnostic(
                text.where, text.path, f"missing '{lang}' translation",
                f"add '{lang}:' beside '{source}:', or translate it in a PO file: "
                f"python build.py i18n export --lang {lang}"))
        else:
            stale += 1
            problems.append(_stale_problem(text, lang, source))
    return Coverage(lang, translated, missing, stale, tuple(problems))


def _stale_problem(text: Text, lang: str, source: str) -> Diagnostic:
    review = f"python build.py i18n stamp --lang {lang}"
    if lang not in dict(text.fingerprints):
        return Diagnostic(
            text.where, text.path, f"stale '{lang}' translation: no '{_stamp_key(lang)}' "
            "records the source text it was translated from", f"review it, then run: {review}")
    return Diagnostic(
        text.where, text.path,
        f"stale '{lang}' translation: the source text changed after it was translated",
        f"bring it in line with the '{source}' text, then run: {review}")


def missing_count(report: Report, lang: str) -> int:
    """How many texts have no ``lang`` text and so fall back to the source language."""
    return sum(1 for text in _texts(report) if not text.has(lang))


# -- export ------------------------------------------------------------------------------------


def _check_target(report: Report, lang: str) -> None:
    if lang not in report.languages[1:]:
        raise ValueError(f"'{lang}' is not a translation language of this report "
                         f"(translations: {', '.join(report.languages[1:]) or 'none'})")


def export_po(report: Report, lang: str) -> bytes:
    """A PO file of every text in ``lang``: missing ones empty, stale ones fuzzy; deterministic."""
    _check_target(report, lang)
    source = report.source_language
    po = polib.POFile()
    po.header = (f"Translation of '{report.title.get(source)}' into '{lang}'.\n"
                 f"Merge it back with: python build.py i18n import FILE.po")
    po.metadata = {
        "Project-Id-Version": report.title.get(source),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source,
    }
    for text in _texts(report):
        entry = polib.POEntry(
            msgctxt=_context(text), msgid=text.get(source),
            msgstr=dict(text.values).get(lang, ""),
            occurrences=[(_file_name(text), str(text.where.line))])
        if entry.msgstr and not _is_current(text, lang, source):
            entry.flags.append("fuzzy")
            entry.comment = (f"the '{source}' text may have changed since this was translated: "
                             "review it, then clear the fuzzy flag")
        po.append(entry)
    return str(po).encode("utf-8")


# -- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What `import_po` wrote."""

    lang: str
    changed: int
    """Texts whose translation or fingerprint was written."""
    files: tuple[Path, ...]
    """Content files that were rewritten."""
    fuzzy: int = 0
    """Entries skipped because they are marked fuzzy (not yet reviewed)."""
    untranslated: int = 0
    """Entries skipped because their translation is empty."""


@dataclass(frozen=True)
class _Edit:
    """One text mapping to change: set ``lang`` (unless None) and ``<lang>_src``."""

    path: str
    source: str
    translation: str | None
    stamp: str


def import_po(content_dir: Path, report: Report, po: bytes | str | Path,
              lang: str | None = None) -> ImportResult:
    """Write the translations of a PO file (its bytes, or its path) into ``content_dir``.

    The language is the PO header's ``Language`` (``lang``, if given, must agree). Fuzzy and
    empty entries are skipped. Refused with `ContentError`, writing nothing: an unreadable PO
    file, entries matching no text, entries exported from another source text.
    """
    name = "PO data" if isinstance(po, bytes) else display_path(Path(po))
    catalog = _parse_po(po, name)
    lang = _po_language(catalog, report, name, lang)
    source = report.source_language
    texts = {_context(text): text for text in _texts(report)}
    problems: list[Diagnostic] = []
    edits: dict[str, list[_Edit]] = {}
    seen: set[str] = set()
    fuzzy = untranslated = changed = 0
    notes = {note.id for note in report.footnotes}
    for entry in catalog:
        if entry.obsolete:
            continue
        where = Location(name, entry.linenum or 0, 1 if entry.linenum else 0)
        context = entry.msgctxt or ""
        text = texts.get(context)
        if text is None:
            problems.append(_unknown_entry(where, context, texts, lang))
            continue
        if context in seen:
            problems.append(Diagnostic(where, "", f"second entry for '{context}'",
                                       "keep one entry per text"))
            continue
        seen.add(context)
        if entry.fuzzy:
            fuzzy += 1
            continue
        translation = " ".join(entry.msgstr.split())
        if not translation:
            untranslated += 1
            continue
        problem = _entry_problem(entry, text, translation, source, lang, where, notes)
        if problem is not None:
            problems.append(problem)
        elif translation != dict(text.values).get(lang) or not _is_current(text, lang, source):
            edits.setdefault(_file_name(text), []).append(
                _Edit(text.path, text.get(source), translation, fingerprint(text.get(source))))
            changed += 1
    if problems:
        raise ContentError(problems)
    files = _apply(content_dir, edits, lang, source)
    return ImportResult(lang, changed, files, fuzzy, untranslated)


def _parse_po(po: bytes | str | Path, name: str) -> polib.POFile:
    """Parse a PO file; `ContentError` at the line polib names when it cannot."""
    try:
        data = po if isinstance(po, bytes) else Path(po).read_bytes()
    except OSError as error:
        raise ContentError([Diagnostic(Location(name), "", f"cannot read: {error.strerror}")]
                           ) from None
    encoding = polib.detect_encoding(data)
    try:
        content = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ContentError([Diagnostic(
            Location(name), "", f"the PO file is not valid {encoding}",
            "save it as UTF-8 with 'Content-Type: text/plain; charset=UTF-8'")]) from None
    try:
        # A trailing newline keeps polib from taking a one-line content for a file name.
        return polib.pofile(content + "\n", encoding=encoding)
    except (OSError, ValueError, IndexError, KeyError) as error:
        found = _PO_LINE.search(str(error))
        line = int(found.group(1)) if found else 0
        detail = (found.group(2) or "syntax error") if found else str(error)
        raise ContentError([Diagnostic(
            Location(name, line, 1 if line else 0), "", f"invalid PO file: {detail}",
            "open it in a PO editor (Poedit, Lokalize) or export a fresh one")]) from None


def _po_language(catalog: polib.POFile, report: Report, name: str, lang: str | None) -> str:
    """The translation language named by the PO header (``es_ES`` is taken as ``es``)."""
    header = catalog.metadata.get("Language", "").strip().replace("_", "-")
    if header not in report.languages and header.split("-")[0] in report.languages:
        header = header.split("-")[0]
    found = header or lang
    targets = report.languages[1:]
    problem = ""
    if lang and header and header != lang:
        problem = f"the PO file is in '{header}', not '{lang}'"
    elif not found:
        problem = "the PO file has no 'Language' header"
    elif found == report.source_language:
        problem = f"'{found}' is the source language; only translations can be imported"
    elif found not in targets:
        problem = f"'{found}' is not a translation language of this report"
    if problem:
        hint = (did_you_mean(found or "", targets) or
                f"translation languages: {', '.join(targets) or 'none'}")
        raise ContentError([Diagnostic(Location(name), "", problem, hint)])
    assert found is not None
    return found


def _unknown_entry(where: Location, context: str, texts: dict[str, Text],
                   lang: str) -> Diagnostic:
    what = f"msgctxt '{context}'" if context else "an entry without msgctxt"
    fresh = f"export a fresh PO file: python build.py i18n export --lang {lang}"
    close = did_you_mean(context, texts) if context else ""
    return Diagnostic(where, "", f"{what} matches no text of the report",
                      f"{close} otherwise {fresh}" if close else fresh)


def _entry_problem(entry: polib.POEntry, text: Text, translation: str, source: str,
                   lang: str, where: Location, notes: set[str]) -> Diagnostic | None:
    """Why a translated entry cannot be written, or None."""
    context = entry.msgctxt
    if " ".join(entry.msgid.split()) != text.get(source):
        return Diagnostic(
            where, "", f"'{context}': the '{source}' text changed after this PO file was "
            "exported", f"export a fresh PO file (python build.py i18n export --lang {lang}) "
            "and carry the translation over")
    bad = _REFUSED.search(translation)
    if bad:
        return Diagnostic(where, "", f"'{context}': control character "
                          f"U+{ord(bad.group()):04X} in the translation", "delete it")
    unknown = [note for note in note_ids(translation) if note not in notes]
    if unknown:
        return Diagnostic(where, "", f"'{context}': unknown footnote '[^{unknown[0]}]' in the "
                          "translation", f"cite the footnotes of the '{source}' text: "
                          + (", ".join(f"[^{n}]" for n in note_ids(text.get(source))) or "none"))
    return None


# -- stamp -------------------------------------------------------------------------------------


def stamp(content_dir: Path, report: Report, lang: str) -> int:
    """Record today's source fingerprint beside every ``lang`` translation; return how many."""
    _check_target(report, lang)
    source = report.source_language
    edits: dict[str, list[_Edit]] = {}
    for text in _texts(report):
        if text.has(lang) and not _is_current(text, lang, source):
            edits.setdefault(_file_name(text), []).append(
                _Edit(text.path, text.get(source), None, fingerprint(text.get(source))))
    _apply(content_dir, edits, lang, source)
    return sum(len(group) for group in edits.values())


# -- writing YAML: targeted splices ------------------------------------------------------------


_Splice = tuple[int, int, str]


def _apply(content_dir: Path, edits: dict[str, list[_Edit]], lang: str,
           source: str) -> tuple[Path, ...]:
    """Edit every file, then re-read each; restore all of them if any is not as intended."""
    planned: list[tuple[Path, bytes, bytes, Any, list[_Edit]]] = []
    for name in sorted(edits):
        path = content_dir / name
        old = path.read_bytes()
        before = _plain(read_yaml(path))
        for edit in edits[name]:
            _check_source(_descend(before, edit.path), edit, path, source)
        edited = _edit_yaml(old.decode("utf-8"), edits[name], lang, source, display_path(path))
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


def _check_source(mapping: Any, edit: _Edit, path: Path, source: str) -> None:
    value = mapping.get(source) if isinstance(mapping, dict) else None
    if not isinstance(value, str) or " ".join(value.split()) != edit.source:
        raise ContentError([Diagnostic(
            Location(display_path(path)), edit.path,
            "the file changed after the report was read", "run the command again")])


def _verify(path: Path, expected: Any, group: list[_Edit], lang: str) -> None:
    """Re-read ``path``: it must hold ``expected`` with exactly the edits applied."""
    for edit in group:
        mapping = _descend(expected, edit.path)
        if edit.translation is not None:
            mapping[lang] = edit.translation
        mapping[_stamp_key(lang)] = edit.stamp
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


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else key for key, index in _STEP.findall(path)]


def _descend(tree: Any, path: str) -> Any:
    for step in _steps(path):
        tree = tree[step]
    return tree


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace a content file atomically, keeping its permissions."""
    from layout.targets import write_atomic

    write_atomic(path, data, path.stat().st_mode & 0o7777)


@dataclass(frozen=True)
class _Place:
    """A text mapping in the composed file, with what holds it."""

    node: MappingNode
    parent: Node
    key: ScalarNode | None
    """Its key when ``parent`` is a mapping."""


def _edit_yaml(text: str, edits: Iterable[_Edit], lang: str, source: str, file: str) -> str:
    """``text`` with the edits spliced in; every other character stays where it was."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    newline = "\r\n" if "\r\n" in text else "\n"
    splices: list[_Splice] = []
    for edit in edits:
        place = _locate(root, edit.path)
        if place is None:
            raise ContentError([Diagnostic(Location(file), edit.path,
                                           "no text mapping here any more",
                                           "the file changed after the report was read; "
                                           "run the command again")])
        values = {_stamp_key(lang): edit.stamp}
        if edit.translation is not None:
            values = {lang: edit.translation, **values}
        if place.node.flow_style:
            splices.append(_flow_splice(text, place, lang, source, values, newline))
        else:
            splices.extend(_block_splices(text, place.node, lang, source, values, newline))
    for start, end, new in sorted(splices, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _locate(root: Node | None, path: str) -> _Place | None:
    node: Node | None = root
    parent: Node | None = None
    key: ScalarNode | None = None
    for step in _steps(path):
        if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
            parent, key, node = node, None, node.value[step]
        elif isinstance(step, str) and isinstance(node, MappingNode):
            found = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == step]
            if not found:
                return None
            parent, (key, node) = node, found[0]
        else:
            return None
    if isinstance(node, MappingNode) and parent is not None:
        return _Place(node, parent, key)
    return None


def _entries(node: MappingNode) -> dict[str, tuple[ScalarNode, Node]]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


def _content_end(text: str, node: Node) -> int:
    """Just after the last non-blank character of ``node`` (block scalars own trailing lines)."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends: its line break, or the end of the text."""
    found = text.find("\n", position)
    if found == -1:
        return len(text)
    return found - 1 if found and text[found - 1] == "\r" else found


def _block_splices(text: str, node: MappingNode, lang: str, source: str,
                   values: dict[str, str], newline: str) -> list[_Splice]:
    """Replace existing entries' values; insert missing entries after the translation or source."""
    entries = _entries(node)
    indent = entries[source][0].start_mark.column
    splices = []
    inserts = []
    for key, value in values.items():
        if key in entries:
            splices.append(_replace_value(text, *entries[key], value, newline))
        else:
            label = _key(key)
            inserts.append(" " * indent + f"{label}: "
                           + _scalar(value, indent + len(label) + 2, indent + 2, newline))
    if inserts:
        anchor = entries[lang] if lang in entries else entries[source]
        at = _line_end(text, _content_end(text, anchor[1]))
        splices.append((at, at, "".join(newline + line for line in inserts)))
    return splices


def _replace_value(text: str, key: ScalarNode, value: Node, new: str,
                   newline: str) -> _Splice:
    """Splice replacing one block-mapping value, keeping a comment that follows it."""
    start = value.start_mark.index
    end = _line_end(text, _content_end(text, value))
    if isinstance(value, ScalarNode) and value.style in ("|", ">"):
        header = text[start:_line_end(text, start)]
        comment = header[header.find(" #"):] if " #" in header else ""
    else:
        comment = text[value.end_mark.index:end]
    indent = key.start_mark.column
    return start, end, _scalar(new, value.start_mark.column, indent + 2, newline, comment)


def _flow_splice(text: str, place: _Place, lang: str, source: str, values: dict[str, str],
                 newline: str) -> _Splice:
    """Rewrite a flow mapping ``{en: ..., es: ...}``; to block style when it gets too long."""
    node = place.node
    start, end = node.start_mark.index, node.end_mark.index
    items: list[tuple[str, str, str | None]] = []  # key, value, original text of the entry
    for key, value in node.value:
        name = str(key.value)
        original = None if name in values else text[key.start_mark.index:value.end_mark.index]
        items.append((name, values.get(name, str(value.value)), original))
    written = {name for name, _value, _original in items}
    anchor = lang if lang in written else source
    at = next(i for i, (name, _v, _o) in enumerate(items) if name == anchor) + 1
    items[at:at] = [(name, value, None) for name, value in values.items() if name not in written]
    flow = "{" + ", ".join(original or f"{_key(name)}: {json.dumps(value, ensure_ascii=False)}"
                           for name, value, original in items) + "}"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = _line_end(text, end)
    prefix, tail = text[line_start:start], text[end:line_end]
    fits = "\n" not in flow and len(prefix + flow + tail) <= WIDTH
    if fits or getattr(place.parent, "flow_style", True):
        return start, end, flow
    comment = tail if "#" in tail else ""
    if not prefix.strip(" -"):
        indent = node.start_mark.column
        lines = _block_lines(items, indent, newline)
        return start, line_end, _with_comment(lines[0], comment, newline) + "".join(
            newline + " " * indent + line for line in lines[1:])
    if place.key is None:
        return start, end, flow
    indent = place.key.start_mark.column + 2
    while text[start - 1] in " \t":
        start -= 1
    lines = _block_lines(items, indent, newline)
    return start, line_end, comment + "".join(newline + " " * indent + line for line in lines)


def _block_lines(items: list[tuple[str, str, str | None]], indent: int,
                 newline: str) -> list[str]:
    """Block-mapping entries (without their indentation) for a flow mapping's items."""
    lines = []
    for name, value, original in items:
        if original and "\n" not in original and indent + len(original) <= WIDTH:
            lines.append(original)
        else:
            label = _key(name)
            lines.append(f"{label}: "
                         + _scalar(value, indent + len(label) + 2, indent + 2, newline))
    return lines


def _with_comment(entry: str, comment: str, newline: str) -> str:
    """``entry`` with ``comment`` at the end of its first physical line."""
    cut = entry.find(newline)
    return entry + comment if cut < 0 else entry[:cut] + comment + entry[cut:]


def _key(name: str) -> str:
    """A mapping key as YAML text: plain when it reads back as itself (not ``no``, ``on``)."""
    try:
        plain = yaml.safe_load(f"{name}: x")
    except yaml.YAMLError:
        plain = None
    return name if plain == {name: "x"} else json.dumps(name)


def _scalar(value: str, column: int, indent: int, newline: str, comment: str = "") -> str:
    """``value`` as a YAML scalar starting at ``column``: double-quoted, or ``>-`` when long.

    Folded lines are indented by ``indent`` and wrapped at `WIDTH`. ``comment`` is what
    followed the old value on its line; it stays on the first line.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    if column + len(quoted) + len(comment) <= WIDTH or value != " ".join(value.split()):
        return quoted + comment
    lines = _wrap(value, max(WIDTH - indent, 40))
    head = ">-" + (comment if "#" in comment else "")
    return head + "".join(newline + " " * indent + line for line in lines)


def _wrap(value: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than ``width`` gets a line of its own."""
    lines: list[str] = []
    for word in value.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
