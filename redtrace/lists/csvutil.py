"""CSV reading shared by importers: encodings, the OFAC 0x1A end record, column checks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile

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


def records(
    source: SourceFile,
    result: ParsedList,
    required: tuple[str, ...],
    delimiter: str = ",",
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV with a header, as dicts; counts every row read and rejects (with line
    and reason) the rows whose column count differs from the header's."""
    rows = csv_rows(source, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise ListFormatError(source.name, "file is empty", "line 1")
    header = [h.strip() for h in first[1]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ListFormatError(source.name, f"missing columns {missing}", "line 1", "header")
    for line, row in rows:
        result.rows_read += 1
        if len(row) != len(header):
            reason = f"{len(row)} columns, expected {len(header)}"
            result.reject(source.name, f"line {line}", "row", reason)
            continue
        yield line, {h: v.strip() for h, v in zip(header, row, strict=True)}
