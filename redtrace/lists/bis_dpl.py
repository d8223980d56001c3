"""BIS Denied Persons List, tab-separated text with a quoted header row.

The DPL has no entry numbers. redtrace derives a stable ``ref`` from the row: the first 12 hex
digits of sha1 over the upper-cased, space-normalised name and the ISO effective date, so an
unchanged entry keeps its ref from one file version to the next, and the CSL's copy of the
same DPL row (which prints the date in ISO form) computes the same ref.
"""

from __future__ import annotations

import hashlib

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.csvutil import records
from redtrace.lists.dates import parse_date
from redtrace.lists.entity import ListEntity

DATASET = "us_bis_dpl"
REQUIRED = ("Name", "Effective_Date")


def dpl_ref(name: str, effective_iso: str | None) -> str:
    key = f"{' '.join(name.upper().split())}|{effective_iso or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    result = ParsedList(dataset=dataset, format="bis_dpl_txt", files=[source])
    latest: str | None = None
    for line, rec in records(source, result, REQUIRED, delimiter="\t"):
        if not rec["Name"]:
            result.reject(source.name, f"line {line}", "Name", "empty")
            continue
        ref = dpl_ref(rec["Name"], parse_date(rec["Effective_Date"], month_first=True))
        entity = ListEntity("LegalEntity", f"dpl-{ref}")
        entity.add_ref(dataset, ref)
        entity.add("name", rec["Name"])
        fields = ("Street_Address", "City", "State", "Postal_Code", "Country")
        entity.add("address", ", ".join(rec[f] for f in fields if rec.get(f)))
        entity.add("country", rec.get("Country"))
        updated = parse_date(rec.get("Last_Update"))
        # One published row says 3033-09-30; a date in the future is no publication date.
        if updated and updated <= "2100" and (latest is None or updated > latest):
            latest = updated if updated[:4] < "3000" else latest
        entity.add_sanction(
            authority="US Commerce BIS",
            program="Denied Persons List",
            startDate=parse_date(rec.get("Effective_Date"), month_first=True),
            endDate=parse_date(rec.get("Expiration_Date"), month_first=True),
            reason=rec.get("FR_Citation"),
            provisions=rec.get("Action"),
            recordId=ref,
        )
        result.add(entity)
    result.published = latest
    return result
