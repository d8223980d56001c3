"""BIS Military End-User list, as the CSV of named entities curated by OpenSanctions."""

from __future__ import annotations

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.csvutil import records
from redtrace.lists.entity import SCHEMATA, ListEntity

DATASET = "us_bis_mieu"
REQUIRED = ("Type", "Name", "Program", "Date")


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    result = ParsedList(dataset=dataset, format="bis_mieu_csv", files=[source])
    latest: str | None = None
    for line, rec in records(source, result, REQUIRED):
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
