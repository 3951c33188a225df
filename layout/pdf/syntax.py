"""PDF syntax the writers of `layout.pdf` share, written the same in every process."""

from __future__ import annotations

import base64


def text_string(value: str) -> bytes:
    """``value`` as a PDF text string: printable ASCII literally, anything else as UTF-16BE
    with its byte order mark (hexadecimal), so no codec is consulted."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def stream(dictionary: bytes, data: bytes) -> bytes:
    """A stream object's body: its dictionary (whose /Length is ``len(data)``) and its data,
    with the end-of-line marker before ``endstream`` that PDF/A asks for and /Length does not
    count (ISO 19005-2, 6.1.7.1); ReportLab writes ``endstream`` right after the data."""
    return dictionary + b"\nstream\n" + data + b"\nendstream\n"


def without_final_cr(data: bytes) -> tuple[bytes, bool]:
    """Encoded stream data, given an ASCII85 layer when it ends with CR; and whether it was.

    With the LF of `stream` after it, a reader takes such a CR for half of a CRLF marker and
    finds /Length one byte short (page-validation does). About one compressed stream in 256
    ends so: the last byte of Flate data is a checksum byte.
    """
    if not data.endswith(b"\r"):
        return data, False
    return base64.a85encode(data, adobe=True)[2:], True
