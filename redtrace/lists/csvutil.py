"""CSV reading shared by importers: encodings, the OFAC 0x1A end record, column checks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from redtrace.lists.base import SourceFile

csv.field_size_limit(16 * 1024 * 1024)


def csv_rows(
    source: SourceFile, delimiter: str = ",", encodings: tuple[str, ...] = ("utf-8-sig",)
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)``; skips blank lines and OFAC's final 0x1A record."""
    text = source.text(encodings)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        line = reader.line_num
        if not row or (len(row) == 1 and row[0].strip() in ("", "\x1a")):
            continue
        yield line, row


def null(value: str | None) -> str | None:
    """OFAC writes missing values as ``-0-``; everything blank becomes None."""
    if value is None:
        return None
    value = value.strip()
    if not value or value == "-0-":
        return None
    return value
