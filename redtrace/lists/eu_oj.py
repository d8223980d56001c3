"""EU Official Journal annex CSVs (FtM-shaped columns, one row per listed party)."""

from __future__ import annotations

import re

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.csvutil import records
from redtrace.lists.dates import parse_date
from redtrace.lists.entity import SCHEMATA, ListEntity
from redtrace.lists.ofac_remarks import UN_REF

DATASET = "eu_fsf"
REQUIRED = ("celex", "schema", "name")
MULTI = re.compile(r"\s*;\s*")
DATE_COLUMNS = {"birthDate", "incorporationDate"}
SKIP = {"celex", "recordId", "programKey", "annex", "measure", "startDate", "reason", "schema"}


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    result = ParsedList(dataset=dataset, format="eu_oj_csv", files=[source])
    for line, rec in records(source, result, REQUIRED):
        schema = rec["schema"] if rec["schema"] in SCHEMATA else None
        if schema is None:
            result.reject(
                source.name, f"line {line}", "schema", f"unknown schema {rec['schema']!r}"
            )
            continue
        if not rec["name"]:
            result.reject(source.name, f"line {line}", "name", "empty")
            continue
        result.add(_entity(rec, schema, line, dataset))
    return result


def _entity(rec: dict[str, str], schema: str, line: int, dataset: str) -> ListEntity:
    # The OJ prints no entry numbers for some acts; celex + line (or recordId) stays stable
    # for a given consolidated version.
    ref = ":".join((rec["celex"], rec.get("annex") or "-", rec["recordId"] or f"L{line}"))
    entity = ListEntity(schema, f"eu-{ref.replace(':', '-')}")
    entity.add_ref(dataset, ref)
    for column, value in rec.items():
        if column in SKIP or not value or column not in entity.proxy.schema.properties:
            continue
        values = [v.strip('"“” ') for v in MULTI.split(value)] if column != "notes" else [value]
        if column in DATE_COLUMNS:
            values = [d for d in (parse_date(v) for v in values) if d]
        entity.add(column, values)
    # OJ notes cite UN entries of *associated* parties ("associated with ISIL, listed as
    # Al-Qaida in Iraq (QDe.115)"); they are not this party's own UN listing, so they are
    # kept as associations, never as list_refs.
    for ref_un in UN_REF.findall(rec.get("notes", "")):
        entity.add("notes", f"Associated UN entry: {ref_un}")
    entity.add_sanction(
        authority="European Union",
        program=rec.get("programKey"),
        provisions=rec.get("measure"),
        startDate=parse_date(rec.get("startDate")),
        reason=rec.get("reason"),
        recordId=ref,
        sourceUrl=f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{rec['celex']}",
    )
    return entity
