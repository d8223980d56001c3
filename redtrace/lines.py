"""Input lines of the JSON Lines filters (``match -i``, ``orders check -i``).

Input is decoded as UTF-8 with undecodable bytes kept as surrogate escapes, so one bad byte
makes an error line at its position and the rest of the batch goes on; this module says
where the byte is.
"""

from __future__ import annotations

ERRORS = "surrogateescape"  # the ``errors`` a filter opens its input with


def bad_byte(text: str) -> str | None:
    """``byte 0xff at column 12 is not UTF-8`` for the first undecodable byte, else None."""
    for column, ch in enumerate(text, start=1):
        if "\udc80" <= ch <= "\udcff":
            return f"byte 0x{ord(ch) - 0xDC00:02x} at column {column} is not UTF-8"
    return None
