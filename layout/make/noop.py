"""Nothing to do: a build whose inputs are those of the last complete build says so at once.

A complete build records in the manifest (under ``unchanged``) the digest of everything it
read and was asked: every file of the content folder (path and bytes), the code and
libraries (`digests.code_digest`), the options that change an output, and how the content folder
is shown in messages; with it, the outputs it vouched for and the warnings it printed. A later
build whose inputs have the same digest checks that each of those outputs still has the size
and SHA-256 recorded for it, then reports them up to date and repeats the warnings: the answer
the full build would give, without reading YAML, validating or loading the model. Any other
case (a file edited, added or removed, other options, ``--force``, a damaged output, a
record of the wrong shape) goes the full way.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import fields
from pathlib import Path
from typing import Any

from layout.diagnostics import Diagnostic, Location
from layout.make.digests import code_digest, digest
from layout.make.manifest import content_entry, read_manifest, read_output
from layout.make.options import BuildOptions, BuildOutcome

RECORD = "unchanged"
"""The manifest's key for the last complete build's inputs, outputs and warnings."""
_HASHED_BYTES = 64 * 1024 * 1024
"""Files up to this size count by their bytes; larger ones (which the content limits refuse
anyway) and anything not a regular file count by their kind, size and modification time."""
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_NOT_INPUTS = ("force", "workers")
"""Options that change no output."""


def inputs_digest(content: Path, options: BuildOptions) -> str | None:
    """The digest of what a build of ``content`` with ``options`` depends on; None when the
    content folder cannot be read (the full build says why)."""
    tree = _folder_digest(content)
    if tree is None:
        return None
    chosen = [[f.name, getattr(options, f.name)] for f in fields(options)
              if f.name not in _NOT_INPUTS]
    return digest("inputs", code_digest(), tree, chosen, _shown(content))


def recorded_outcome(content: Path, out: Path, inputs: str) -> BuildOutcome | None:
    """What the last complete build reported, if its inputs were ``inputs`` and every output
    it vouched for still holds the bytes it wrote; else None."""
    manifest = read_manifest(out)
    entry = manifest.get(RECORD)
    if (not isinstance(entry, dict) or entry.get("inputs") != inputs
            or manifest.get("content") != content_entry(out, content)):
        return None
    names, warnings = entry.get("outputs"), entry.get("warnings")
    if not isinstance(names, list) or not isinstance(warnings, list):
        return None
    outcome = BuildOutcome()
    for name in names:
        record = manifest["outputs"].get(name) if isinstance(name, str) else None
        if record is None or read_output(out / name, record) is None:
            return None
        outcome.up_to_date.append(out / name)
    for item in warnings:
        warning = _diagnostic(item)
        if warning is None:
            return None
        outcome.warnings.append(warning)
    return outcome


def unchanged_record(inputs: str, out: Path, outcome: BuildOutcome) -> dict[str, Any]:
    """The record of a complete build of ``inputs`` that reported ``outcome``."""
    names = [p.relative_to(out).as_posix() for p in outcome.written + outcome.up_to_date]
    warnings = [{"file": w.where.file, "line": w.where.line, "column": w.where.column,
                 "written": w.where.written, "path": w.path, "message": w.message,
                 "hint": w.hint, "severity": w.severity} for w in outcome.warnings]
    return {"inputs": inputs, "outputs": names, "warnings": warnings}


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
    it): the recorded warnings name their files this way."""
    absolute = content.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return os.path.normpath(str(absolute))
