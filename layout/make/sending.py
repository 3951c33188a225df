"""Sending: the handouts' mail-merge index and a language's archive, as bytes.

In: the rows of one language's index (`IndexRow`: who gets which file, with the letters and
booklet pages it holds), or the files of an archive. Out: ``index.csv`` (UTF-8, RFC 4180,
columns `COLUMNS`; letters and pages space-separated in item order), ``index.json`` (the
same rows, letters and pages as lists, plus the contact person's name) and a deterministic
zip (members sorted, fixed timestamps and permissions). Pure; the build writes the bytes.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable

from msgspec import Struct

from layout.content.markup import plain
from layout.content.select import Handout

COLUMNS = ("actor", "name", "email", "language", "file", "letters", "pages")
"""The index's columns, in order."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's timestamp: the earliest a zip can hold, so archives do not vary."""


class IndexRow(Struct, frozen=True):
    """One handout in a language's index."""

    actor: str
    """The actor or branch id."""
    name: str
    """Its name in the handout's language, as printed (plain text)."""
    email: str | None
    language: str
    file: str
    """The handout's file name, relative to the index."""
    letters: tuple[str, ...]
    """The items' letters, in booklet order."""
    pages: tuple[int, ...]
    """The booklet page of each item, in the same order."""
    contact: str | None = None
    """The contact person's name (JSON only)."""

    def as_json(self) -> dict[str, object]:
        """The row as the JSON index writes it."""
        return {"actor": self.actor, "name": self.name, "email": self.email,
                "language": self.language, "file": self.file, "letters": list(self.letters),
                "pages": list(self.pages), "contact": self.contact}


def index_rows(handouts: dict[str, Handout], files: dict[str, str], lang: str, source: str,
               letter: Callable[[int], str], pages: dict[int, int]) -> list[IndexRow]:
    """The index of ``lang``: one row per handout in ``files`` (id -> file name), in the
    order of ``handouts``, with the letter (``letter(row index)``) and the booklet page
    (``pages``) of each of its items."""
    found = []
    for ident, handout in handouts.items():
        if ident not in files:
            continue
        contact = handout.contact
        found.append(IndexRow(
            ident, plain(handout.name.get(lang, source)), contact.email if contact else None,
            lang, files[ident], tuple(letter(row.index) for row in handout.rows),
            tuple(pages.get(row.index, 0) for row in handout.rows),
            contact.name if contact else None))
    return found


def index_csv(rows: list[IndexRow]) -> bytes:
    """The CSV index: a header of `COLUMNS`, then one row per handout."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.actor, row.name, row.email or "", row.language, row.file,
                         " ".join(row.letters), " ".join(map(str, row.pages))])
    return buffer.getvalue().encode("utf-8")


def index_json(rows: list[IndexRow]) -> bytes:
    """The JSON index: a list of row objects, in the CSV's order."""
    return (json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=1)
            + "\n").encode("utf-8")


def archive(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` (name -> bytes): sorted, deflated, fixed times and modes, so the
    same files always give the same archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as opened:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read as one
            info.external_attr = 0o100644 << 16
            opened.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()
