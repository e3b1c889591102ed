"""Safe text from hostile bytes.

Everything read from an image was possibly written by the attacker. Names may
not be UTF-8, may hold newlines, terminal escape sequences or bidi overrides.
`display()` turns any of them into one printable line that cannot move the
cursor, recolour a terminal or reorder text; the exact bytes are kept
elsewhere (a BLOB column) when they matter.
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls, DEL, and the Unicode format characters that reorder or
# hide text (bidi overrides and isolates, zero-width joiners, BOM).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\udc80-\udcff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def display(value: str | bytes | None) -> str:
    """One printable line for a name, log line or command from the image."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    if value.isascii() and value.isprintable():  # most names and lines: nothing to escape
        return value
    return _UNSAFE.sub(_escape, value)


def decode(data: bytes) -> str:
    """Text for the case file: UTF-8, each undecodable byte shown as \\xNN."""
    return data.decode("utf-8", "backslashreplace")


def raw(path: str | bytes) -> bytes:
    """The exact bytes of an image path (str paths carry bad bytes as surrogates)."""
    return path if isinstance(path, bytes) else os.fsencode(path)
