"""Packing: a ReportLab document written with object streams and a cross-reference stream.

In: a ReportLab ``PDFDocument`` ready to be written (its objects registered). Out: the file's
bytes, PDF 1.5 or later. ReportLab writes every object on its own and a cross-reference table;
a tagged booklet has hundreds of small dictionaries (structure elements, pages, links, the
outline) that take more room than its text. Here each object is formatted by ReportLab in
number order, as it would write it; streams are written on their own, every other object goes
into an object stream (compressed, at most `PER_STREAM` each), and the cross-reference stream
at the end locates both kinds (ISO 32000-1, 7.5.7 and 7.5.8). The file /ID is the MD5 of the
bytes before the cross-reference stream, so identical documents give identical files.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from typing import Any

from reportlab.pdfbase import pdfdoc

from layout.pdf.syntax import stream, without_final_cr

PER_STREAM = 100
"""Objects per object stream (a reader decompresses a whole stream to get at one of them)."""

_STREAM_END = b"endstream\n"
"""How `syntax.stream` ends every stream object's body."""


def packed(doc: Any) -> bytes:
    """The bytes of ``doc``, every object formatted as ReportLab formats it."""
    catalog, info = doc.Reference(doc.Catalog), doc.Reference(doc.info)
    out = [bytes(pdfdoc.PDFFile(doc._pdfVersion).format(doc))]  # ReportLab's header
    size = len(out[0])
    where: dict[int, tuple[int, int, int]] = {}
    """Object number -> (1, offset, 0) on its own, or (2, object stream, index)."""
    loose: list[tuple[int, bytes]] = []
    number = 0
    while number + 1 in doc.numberToId:  # formatting may register new objects: no range()
        number += 1
        obj = doc.idToObject[doc.numberToId[number]]
        doc.encrypt.register(number, 0)
        body = bytes(pdfdoc.format(obj, doc, toplevel=1))
        if body.endswith(_STREAM_END):
            where[number] = (1, size, 0)
            chunk = b"%d 0 obj\n%sendobj\n" % (number, body)
            out.append(chunk)
            size += len(chunk)
        else:
            loose.append((number, body))
    for first in range(0, len(loose), PER_STREAM):
        number += 1
        members = loose[first:first + PER_STREAM]
        chunk = _object_stream(number, members)
        where[number] = (1, size, 0)
        where.update((n, (2, number, i)) for i, (n, _) in enumerate(members))
        out.append(chunk)
        size += len(chunk)
    number += 1
    digest = hashlib.md5(b"".join(out), usedforsecurity=False).hexdigest().encode("ascii")
    where[number] = (1, size, 0)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", *where[n]) for n in range(1, number + 1)]
    data, filters = stream_data(b"".join(rows))
    trailer = (b"<< /Type /XRef /Size %d /W [1 4 2] /Root %s /Info %s /ID [<%s><%s>]"
               b" /Filter %s /Length %d >>"
               % (number + 1, _ref(catalog, doc), _ref(info, doc), digest, digest, filters,
                  len(data)))
    out.append(b"%d 0 obj\n%sendobj\n" % (number, stream(trailer, data)))
    out.append(b"startxref\n%d\n%%%%EOF\n" % size)
    return b"".join(out)


def stream_data(data: bytes) -> tuple[bytes, bytes]:
    """``data`` compressed, and the /Filter that reads it back (with an ASCII85 layer when
    the compressed data ends with CR: `syntax.without_final_cr`)."""
    packed_data, layered = without_final_cr(zlib.compress(data))
    return packed_data, b"[/ASCII85Decode /FlateDecode]" if layered else b"/FlateDecode"


def _object_stream(number: int, members: list[tuple[int, bytes]]) -> bytes:
    """Object ``number``: an object stream holding ``members`` (number, body) in order."""
    offsets, bodies, at = [], [], 0
    for member, body in members:
        offsets.append(b"%d %d" % (member, at))
        bodies.append(body)
        at += len(body) + 1
    head = b" ".join(offsets) + b"\n"
    data, filters = stream_data(head + b"\n".join(bodies))
    dictionary = b"<< /Type /ObjStm /N %d /First %d /Filter %s /Length %d >>" % (
        len(members), len(head), filters, len(data))
    return b"%d 0 obj\n%sendobj\n" % (number, stream(dictionary, data))


def _ref(reference: Any, doc: Any) -> bytes:
    return bytes(reference.format(doc))
