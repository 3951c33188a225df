"""Nothing to do: a build whose inputs are those of the last complete build says so at once.

A complete build records in the manifest (under ``unchanged``; one record for each of the last
few sets of options) the digest of everything it read and was asked: every file of the content
folder (path and bytes), the code and libraries (`digests.code_digest`), the options that
change an output, and how the content folder is shown in messages; with it, the outputs it
vouched for (with their SHA-256) and the warnings it printed. A later build whose inputs have
the same digest checks that each of those outputs still has those bytes, then reports them up
to date and repeats the warnings: the answer the full build would give, without reading YAML,
validating or loading the model. Any other case (a file edited, added or removed, other
options, ``--force``, a damaged output, an output another build rewrote, a record of the wrong
shape) goes the full way. (`Inputs` is a dataclass, not a msgspec Struct like the model's
records, for the same reason: nothing here loads msgspec.)
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from layout.diagnostics import Diagnostic, Location
from layout.make.digests import code_digest, digest
from layout.make.manifest import content_entry, read_manifest, read_output
from layout.make.options import BuildOptions, BuildOutcome

RECORD = "unchanged"
"""The manifest's key for the records of the last complete builds (newest first)."""
RECORDS_KEPT = 8
"""Records kept: one per set of options, for those last built."""
_HASHED_BYTES = 64 * 1024 * 1024
"""Files up to this size count by their bytes; larger ones (which the content limits refuse
anyway) and anything not a regular file count by their kind, size and modification time."""
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOT_INPUTS = ("force", "workers", "watch")
"""Options that change no output."""


@dataclass(frozen=True)
class Inputs:
    """What a build depends on: its options (which record is its own), everything, and the
    code digest (which the build's keys use too)."""

    options: str
    digest: str
    code: str


def inputs_digest(content: Path, options: BuildOptions) -> Inputs | None:
    """The digest of what a build of ``content`` with ``options`` depends on; None when the
    content folder cannot be read (the full build says why)."""
    tree = _folder_digest(content)
    if tree is None:
        return None
    chosen = digest("options", [[f.name, getattr(options, f.name)] for f in fields(options)
                                if f.name not in _NOT_INPUTS])
    code = code_digest()
    return Inputs(chosen, digest("inputs", code, tree, chosen, _shown(content)), code)


def recorded_outcome(content: Path, out: Path, inputs: Inputs) -> BuildOutcome | None:
    """What the last complete build with these options reported, if its inputs were
    ``inputs`` and every output it vouched for still holds the bytes it wrote; else None."""
    manifest = read_manifest(out)
    if manifest.get("content") != content_entry(out, content):
        return None
    entry = next((r for r in _records(manifest) if r.get("options") == inputs.options), None)
    if entry is None or entry.get("inputs") != inputs.digest:
        return None
    names, warnings = entry.get("outputs"), entry.get("warnings")
    if not isinstance(names, dict) or not isinstance(warnings, list):
        return None
    outcome = BuildOutcome()
    for name, sha256 in names.items():  # the bytes that build vouched for, still there
        record = manifest["outputs"].get(name)
        if (record is None or record["sha256"] != sha256
                or read_output(out / name, record) is None):
            return None
        outcome.up_to_date.append(out / name)
    for item in warnings:
        warning = _diagnostic(item)
        if warning is None:
            return None
        outcome.warnings.append(warning)
    return outcome


def unchanged_record(inputs: Inputs, out: Path, outcome: BuildOutcome,
                     outputs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The record of a complete build of ``inputs`` that reported ``outcome``: with each
    output's SHA-256 from ``outputs`` (the manifest's records), so that a later build with
    other options rewriting one of them voids this record."""
    paths = outcome.written + outcome.up_to_date
    names = {name: outputs.get(name, {}).get("sha256") for name in
             (p.relative_to(out).as_posix() for p in paths)}
    warnings = [{"file": w.where.file, "line": w.where.line, "column": w.where.column,
                 "written": w.where.written, "path": w.path, "message": w.message,
                 "hint": w.hint, "severity": w.severity} for w in outcome.warnings]
    return {"options": inputs.options, "inputs": inputs.digest, "outputs": names,
            "warnings": warnings}


def records_with(manifest: dict[str, Any], options: str | None,
                 record: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The manifest's records with the one of ``options`` replaced by ``record`` (dropped
    when None: a build that did not complete vouches for nothing), newest first."""
    kept = [r for r in _records(manifest) if r.get("options") != options]
    return ([record] if record is not None else []) + kept[:RECORDS_KEPT - 1]


def _records(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found = manifest.get(RECORD)
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def _diagnostic(item: Any) -> Diagnostic | None:
    texts = ("file", "written", "path", "message", "hint", "severity")
    if (not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in texts)
            or not all(type(item.get(k)) is int for k in ("line", "column"))):
        return None
    where = Location(item["file"], item["line"], item["column"], item["written"])
    return Diagnostic(where, item["path"], item["message"], item["hint"], item["severity"])


def _folder_digest(content: Path) -> str | None:
    """Every entry under ``content``, in a stable order: its path, and its bytes (a regular
    file), its target (a symbolic link) or its kind, size and modification time."""
    hasher = hashlib.sha256()
    try:
        walk = sorted(os.walk(content, onerror=_raise))
    except OSError:
        return None
    for folder, dirs, files in walk:
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            hasher.update(os.path.relpath(path, content).encode("utf-8", "surrogateescape"))
            hasher.update(b"\0" + _entry(path) + b"\0")
    return hasher.hexdigest()


def _entry(path: str) -> bytes:
    try:
        link = os.readlink(path) if os.path.islink(path) else None
        info = os.stat(path)
    except OSError as error:
        return f"unreadable {error.errno}".encode()
    head = b"" if link is None else b"link " + os.fsencode(link) + b" "
    if stat.S_ISDIR(info.st_mode):
        return head + b"dir"
    if stat.S_ISREG(info.st_mode) and info.st_size <= _HASHED_BYTES:
        try:  # without blocking: a FIFO swapped in after the stat cannot hang the build
            with os.fdopen(os.open(path, _FLAGS), "rb") as file:
                return head + hashlib.sha256(file.read(_HASHED_BYTES + 1)).digest()
        except OSError as error:
            return head + f"unreadable {error.errno}".encode()
    return head + f"{stat.S_IFMT(info.st_mode)} {info.st_size} {info.st_mtime_ns}".encode()


def _raise(error: OSError) -> None:
    raise error


def _shown(content: Path) -> str:
    """How messages show the content folder (relative to the working directory when inside
    it): the recorded warnings name their files this way. As `content.load.display_path`
    shows a path, without loading the YAML reader that module needs."""
    absolute = content.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return os.path.normpath(str(absolute))
