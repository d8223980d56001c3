"""BIS Military End-User list, as the CSV of named entities curated by OpenSanctions."""

from __future__ import annotations

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile
from redtrace.lists.csvutil import csv_rows
from redtrace.lists.entity import SCHEMATA, ListEntity

DATASET = "us_bis_mieu"
REQUIRED = ("Type", "Name", "Program", "Date")


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    result = ParsedList(dataset=dataset, format="bis_mieu_csv", files=[source])
    rows = csv_rows(source)
    first = next(rows, None)
    if first is None:
        raise ListFormatError(source.name, "file is empty", "line 1")
    header = first[1]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ListFormatError(source.name, f"missing columns {missing}", "line 1", "header")
    latest: str | None = None
    for line, row in rows:
        result.rows_read += 1
        if len(row) != len(header):
            reason = f"{len(row)} columns, expected {len(header)}"
            result.reject(source.name, f"line {line}", "row", reason)
            continue
        rec = dict(zip(header, (v.strip() for v in row), strict=True))
        schema = rec["Type"] if rec["Type"] in SCHEMATA else "LegalEntity"
        if not rec["Name"]:
            result.reject(source.name, f"line {line}", "Name", "empty")
            continue
        ref = f"{rec.get('Country', '').lower()}-{rec['Name']}".lower().replace(" ", "-")
        entity = ListEntity(schema, f"mieu-{ref}")
        entity.add_ref(dataset, ref)
        entity.add("name", rec["Name"])
        entity.add("alias", [a.strip() for a in rec.get("Alias", "").split(";") if a.strip()])
        entity.add("country", rec.get("Country"))
        entity.add_sanction(
            authority="US Commerce BIS",
            program=rec.get("Program"),
            startDate=rec.get("Date"),
            endDate=rec.get("End date"),
            sourceUrl=rec.get("Source URL"),
        )
        if rec.get("Date") and (latest is None or rec["Date"] > latest):
            latest = rec["Date"]
        result.add(entity)
    result.published = latest
    return result
