"""PO reading: a translator's PO file, checked byte by byte before polib parses it.

In: the path of a PO file (or its bytes) and the report it is for. Out: `PoFile`, the parsed
catalog with its decoded text and the line of every ``msgstr`` (so later problems point at
the translation's own line), and its language. Refused, as `ContentError` at the file's
line and column: a file that is not a regular file or is too large (checked before it is
read), a charset the header names wrongly (UTF-8 bytes declared ISO-8859-1) or that does not
decode, a line or paragraph separator inside the text (U+2028, U+2029, U+0085 ...: polib
and YAML would break the text there), a syntax error, a language that is not one of the
report's translations.
"""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
from pathlib import Path

import polib
from msgspec import Struct

from layout.content.load import display_path
from layout.content.model import Report
from layout.diagnostics import ContentError, Diagnostic, Location, did_you_mean

MAX_PO_BYTES = 8_000_000
"""Larger PO files are refused: the whole report's PO file is about 100 KB."""
_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Line boundaries of Python's str.splitlines other than CR and LF."""
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_PO_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
_FIX_HINT = "open it in a PO editor (Poedit, Lokalize) or export a fresh one"


class PoFile(Struct, frozen=True):
    """A parsed PO file and where its translations are."""

    name: str
    """The file as messages name it."""
    catalog: polib.POFile
    lang: str
    msgstr_lines: tuple[int, ...]
    """1-based numbers of the lines that start with ``msgstr``, in order."""

    def where(self, entry: polib.POEntry) -> Location:
        """The line of ``entry``'s msgstr (its first line when polib does not know it)."""
        start = entry.linenum or 0
        at = bisect.bisect_left(self.msgstr_lines, start)
        line = self.msgstr_lines[at] if at < len(self.msgstr_lines) else start
        return Location(self.name, line, 1 if line else 0)


def read_po(po: bytes | Path, report: Report, lang: str | None = None) -> PoFile:
    """Read, check and parse a PO file for ``report``; `ContentError` when it cannot be."""
    name = "PO data" if isinstance(po, bytes) else display_path(po)
    data = po if isinstance(po, bytes) else _read_bytes(po, name)
    text = _decode(data, name)
    _refuse_breaks(text, name)
    try:
        # A trailing newline keeps polib from taking a one-line content for a file name.
        catalog = polib.pofile(text + "\n", encoding="utf-8")
    except (OSError, ValueError, IndexError, KeyError) as error:
        found = _PO_LINE.search(str(error))
        line = int(found.group(1)) if found else 0
        detail = (found.group(2) or "syntax error") if found else str(error)
        raise ContentError([Diagnostic(Location(name, line, 1 if line else 0), "",
                                       f"invalid PO file: {detail}", _FIX_HINT)]) from None
    lines = tuple(number for number, line in enumerate(text.split("\n"), 1)
                  if line.startswith("msgstr"))
    return PoFile(name, catalog, _language(catalog, report, name, lang), lines)


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, once it is known to be a regular file of a sane size."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ContentError([Diagnostic(Location(name), "", "not a regular file",
                                           "give the path of a .po file")])
        if info.st_size > MAX_PO_BYTES:
            raise ContentError([Diagnostic(
                Location(name), "", f"file is {info.st_size:,} bytes, over the limit of "
                f"{MAX_PO_BYTES:,}", "a PO file of this report is far smaller: export a "
                "fresh one")])
        return path.read_bytes()
    except OSError as error:
        raise ContentError([Diagnostic(Location(name), "", f"cannot read: {error.strerror}")]
                           ) from None


def _position(data: bytes | str, index: int) -> tuple[int, int]:
    """1-based line and column of ``index`` (lines end at LF only, as PO tools count)."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, index) + 1  # type: ignore[arg-type]
    return line, index - (data.rfind(newline, 0, index) + 1) + 1  # type: ignore[arg-type]


def _decode(data: bytes, name: str) -> str:
    """The text in the charset the header declares; a declaration that does not match the
    bytes is named as such, not taken for changed content."""
    found = _CHARSET.search(data[:4096])
    declared = found.group(1).decode("ascii") if found else "UTF-8"
    where = Location(name, *_position(data, found.start())) if found else Location(name)
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise ContentError([Diagnostic(where, "", f"unknown charset '{declared}'",
                                       "save the file as UTF-8 with 'Content-Type: "
                                       "text/plain; charset=UTF-8'")]) from None
    if codec != "utf-8" and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise ContentError([Diagnostic(
                where, "", f"the header declares charset={declared}, but the file is "
                "written in UTF-8", "correct the header to 'Content-Type: text/plain; "
                "charset=UTF-8' (the PO editor's catalog settings)")])
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise ContentError([Diagnostic(
            Location(name, line, column), "", f"not valid {declared} (byte "
            f"0x{data[error.start]:02x})", "save it as UTF-8 with 'Content-Type: text/plain; "
            "charset=UTF-8'")]) from None


def _refuse_breaks(text: str, name: str) -> None:
    problems = []
    for match in _BREAKS.finditer(text):
        problems.append(Diagnostic(
            Location(name, *_position(text, match.start())), "",
            f"line separator U+{ord(match.group()):04X} in the text",
            "delete it: a text is one paragraph (a new paragraph is a new block)"))
    if problems:
        raise ContentError(problems[:20])


def _language(catalog: polib.POFile, report: Report, name: str, lang: str | None) -> str:
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
