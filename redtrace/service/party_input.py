"""Read a customer master (JSON Lines, CSV or Excel) into FtM-shaped parties to watch.

Each row becomes ``{"id", "schema", "properties"}``. A column is mapped to a property by an
explicit ``property=column`` mapping, else by its own name when that is an FtM property of the
row's schema (``name``, ``country``, ``birthDate``, ``registrationNumber`` ...). A row that
cannot be screened is reported by its line and field and the rest go on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from followthemoney import model

from redtrace.screen import Query, QueryError

SCHEMATA = ("LegalEntity", "Person", "Organization", "Company", "Vessel", "Airplane")
SPECIAL = ("id", "schema")


@dataclass
class PartyRows:
    parties: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_parties(
    path: Path | None,
    text: str | None = None,
    mapping: Mapping[str, str] | None = None,
    default_schema: str = "LegalEntity",
) -> PartyRows:
    """Parties from a file (format by suffix: .jsonl/.json, .csv, .xlsx) or JSON Lines text."""
    mapping = dict(mapping or {})
    out = PartyRows()
    suffix = path.suffix.lower() if path is not None else ".jsonl"
    if suffix in (".jsonl", ".json", ".ndjson"):
        body = text if text is not None else (path.read_text("utf-8") if path else "")
        for number, line in enumerate(body.splitlines(), start=1):
            if line.strip():
                _add(out, number, _json_row(line), default_schema)
        return out
    if suffix == ".csv":
        assert path is not None
        rows: Iterator[tuple[int, dict[str, str]]] = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        assert path is not None
        rows = _xlsx_rows(path)
    else:
        out.errors.append(f"{path}: unknown format {suffix!r} (use .jsonl, .csv or .xlsx)")
        return out
    for number, row in rows:
        try:
            record = _mapped(row, mapping, default_schema)
        except QueryError as exc:
            out.errors.append(f"line {number}: {exc}")
            continue
        _add(out, number, record, default_schema)
    return out


def _json_row(line: str) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return QueryError(f"not JSON ({exc})")


def _add(out: PartyRows, number: int, data: Any, default_schema: str) -> None:
    try:
        if isinstance(data, QueryError):
            raise data
        if not isinstance(data, dict):
            raise QueryError("each party must be a JSON object")
        if not isinstance(data.get("id"), str) or not data["id"].strip():
            raise QueryError("id: each party needs a string id")
        data.setdefault("schema", default_schema)
        Query(data)
    except QueryError as exc:
        out.errors.append(f"line {number}: {exc}")
        return
    out.parties.append(data)


def _mapped(row: dict[str, str], mapping: dict[str, str], default_schema: str) -> dict[str, Any]:
    by_column = {column.strip().lower(): prop for prop, column in mapping.items()}
    schema_name = row.get(mapping.get("schema", "schema"), "") or default_schema
    schema = model.get(schema_name.strip())
    if schema is None or schema.name not in SCHEMATA:
        raise QueryError(f"schema: {schema_name!r} is not one of {', '.join(SCHEMATA)}")
    record: dict[str, Any] = {"id": "", "schema": schema.name, "properties": {}}
    for column, value in row.items():
        value = (value or "").strip()
        prop = by_column.get(column.strip().lower())
        if prop is None and (column.strip() in schema.properties or column.strip() in SPECIAL):
            prop = column.strip()
        if prop is None or not value:
            continue
        if prop == "id":
            record["id"] = value
        elif prop == "schema":
            continue
        elif prop not in schema.properties:
            raise QueryError(f"{column}: {prop!r} is not a property of {schema.name}")
        else:
            record["properties"].setdefault(prop, []).append(value)
    return record


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="strict")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            cells = ["" if v is None else str(v) for v in values]
            if any(cells):
                yield number, dict(zip(header, cells, strict=False))
    finally:
        book.close()
