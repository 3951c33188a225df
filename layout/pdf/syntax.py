"""PDF syntax the writers of `layout.pdf` share, written the same in every process."""

from __future__ import annotations


def text_string(value: str) -> bytes:
    """``value`` as a PDF text string: printable ASCII literally, anything else as UTF-16BE
    with its byte order mark (hexadecimal), so no codec is consulted."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"
