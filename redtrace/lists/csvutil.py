"""CSV reading shared by importers: encodings, the OFAC 0x1A end record, column checks.

A CSV is read strictly: a quote left open (which would swallow the rows after it into one
field) or a file that stops inside its last record is refused with the line and the field
where it happens, never read as fewer rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile

csv.field_size_limit(16 * 1024 * 1024)


class QuoteError(ListFormatError):
    """Broken quoting; ``column`` is the index of the field whose quote is left open."""

    def __init__(self, path: str, message: str, where: str, column: int | None) -> None:
        super().__init__(
            path, message, where, f"column {column + 1}" if column is not None else "quote"
        )
        self.column = column

    def naming(self, columns: list[str]) -> ListFormatError:
        """The same error with the field named from the header."""
        if self.column is None or self.column >= len(columns):
            return self
        return ListFormatError(self.path, self.reason, self.where, columns[self.column])


def csv_rows(
    source: SourceFile, delimiter: str = ",", encodings: tuple[str, ...] = ("utf-8-sig",)
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, fields)``; skips blank lines and OFAC's final 0x1A record.

    The line number is the one the record starts on. Broken quoting raises ListFormatError
    naming that line and the column whose quote is left open."""
    text = source.text(encodings)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0  # the physical line the previous record ended on
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _quote_error(source, text, end + 1, reader.line_num, delimiter, exc) from exc
        start, end = end + 1, reader.line_num
        if not row or (len(row) == 1 and row[0].strip() in ("", "\x1a")):
            continue
        yield start, row


def ends_whole(source: SourceFile) -> bool:
    """Whether the file ends with a line break or OFAC's 0x1A end record: its last record
    is then known to be complete."""
    return source.data.rstrip(b" \t")[-1:] in (b"\n", b"\r", b"\x1a")


def check_last(
    source: SourceFile, line: int | None, got: int, expected: int, columns: list[str] | None
) -> None:
    """Refuse a file cut short: no final line break and a last record short of columns."""
    if line is None or got >= expected or ends_whole(source):
        return
    field = columns[got - 1] if columns and 0 < got <= len(columns) else f"column {got}"
    raise ListFormatError(
        source.name,
        f"the file is cut short: its last record has {got} of {expected} columns"
        " and no line break ends it",
        f"line {line}",
        field,
    )


def _quote_error(
    source: SourceFile, text: str, start: int, line: int, delimiter: str, exc: csv.Error
) -> QuoteError:
    first = text.splitlines()[start - 1] if start <= len(text.splitlines()) else ""
    column = _open_quote_column(first, delimiter)
    if "unexpected end of data" in str(exc):
        reason = f"the file ends inside a quoted field opened on line {start}: cut short"
    else:
        reason = (
            f"a quote opened on line {start} is not closed where the field ends"
            f" (the reader lost its place on line {line}): {exc}"
        )
    return QuoteError(source.name, reason, f"line {start}", column)


def _open_quote_column(line: str, delimiter: str) -> int | None:
    """The index of the column whose quote is still open at the end of ``line``."""
    column, quoted, opened, i = 0, False, 0, 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            if not quoted:
                quoted, opened = True, column
            elif line[i + 1 : i + 2] == '"':
                i += 1  # an escaped quote inside a quoted field
            else:
                quoted = False
        elif ch == delimiter and not quoted:
            column += 1
        i += 1
    return opened if quoted else None


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
    and reason) the rows whose column count differs from the header's. A file whose last
    row is cut short is refused whole."""
    rows = csv_rows(source, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise ListFormatError(source.name, "file is empty", "line 1")
    header = [h.strip() for h in first[1]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ListFormatError(
            source.name,
            f"missing columns {missing} (found {header[:12]})",
            "line 1",
            ", ".join(missing),
        )
    try:
        yield from _checked_rows(source, result, rows, header)
    except QuoteError as exc:
        raise exc.naming(header) from exc


def _checked_rows(
    source: SourceFile,
    result: ParsedList,
    rows: Iterator[tuple[int, list[str]]],
    header: list[str],
) -> Iterator[tuple[int, dict[str, str]]]:
    last: tuple[int, list[str]] | None = None
    pending: list[tuple[int, dict[str, str]]] = []
    for line, row in rows:
        # Hold one row back: the last one is read only once the file is known to be whole.
        last = (line, row)
        yield from pending
        pending.clear()
        result.rows_read += 1
        if len(row) != len(header):
            reason = f"{len(row)} columns, expected {len(header)}"
            result.reject(source.name, f"line {line}", "row", reason)
            continue
        pending.append((line, {h: v.strip() for h, v in zip(header, row, strict=True)}))
    if last is not None:
        check_last(source, last[0], len(last[1]), len(header), header)
    yield from pending
