"""US Consolidated Screening List (trade.gov CSV, all its source lists in one file)."""

from __future__ import annotations

import re

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.bis_dpl import dpl_ref
from redtrace.lists.csvutil import records
from redtrace.lists.dates import parse_date, parse_dates
from redtrace.lists.entity import ListEntity
from redtrace.lists.ofac_remarks import UN_REF

DATASET = "us_trade_csl"
REQUIRED = ("_id", "source", "name")
_ABBREV = re.compile(r"\(([A-Z][A-Z-]+(?: List)?)\)")
TYPES = {
    "individual": "Person",
    "entity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
# Treasury lists in the CSL give OFAC's own entry number; SDN rows are in the SDN list, the
# others in OFAC's consolidated non-SDN list.
OFAC_SOURCES = {"SDN": "us_ofac_sdn", "SSI": "us_ofac_cons", "PLC": "us_ofac_cons",
                "CAP": "us_ofac_cons", "NS-MBS": "us_ofac_cons", "FSE": "us_ofac_cons",
                "CMIC": "us_ofac_cons"}  # fmt: skip


def source_abbrev(source: str) -> str:
    """``Entity List (EL) - Bureau of Industry and Security`` gives ``EL``."""
    m = _ABBREV.search(source)
    return m.group(1).replace(" List", "") if m else source.split(" - ")[0].strip()


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    result = ParsedList(dataset=dataset, format="csl_csv", files=[source])
    for line, rec in records(source, result, REQUIRED):
        if not rec["name"] or not rec["_id"]:
            field = "name" if not rec["name"] else "_id"
            result.reject(source.name, f"line {line}", field, "empty")
            continue
        result.add(_entity(rec, dataset))
    return result


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _entity(rec: dict[str, str], dataset: str) -> ListEntity:
    abbrev = source_abbrev(rec["source"])
    schema = TYPES.get(rec.get("type", "").lower(), "LegalEntity")
    entity = ListEntity(schema, f"csl-{abbrev.lower()}-{rec['_id']}")
    entity.add_ref(dataset, f"{abbrev}:{rec['_id']}")
    if abbrev in OFAC_SOURCES and rec.get("entity_number", "").isdigit():
        entity.add_ref(OFAC_SOURCES[abbrev], rec["entity_number"])
    if abbrev == "DPL":
        entity.add_ref("us_bis_dpl", dpl_ref(rec["name"], parse_date(rec.get("start_date"))))
    entity.add("name", rec["name"])
    entity.add("alias", _split(rec.get("alt_names", "")))
    for address in _split(rec.get("addresses", "")):
        entity.add("address", address)
        tail = address.rsplit(",", 1)[-1].strip()
        if len(tail) == 2 and tail.isalpha():
            entity.add("country", tail)
    if schema == "Person":
        entity.add("title", rec.get("title"))
        entity.add("nationality", _split(rec.get("nationalities", "")))
        entity.add("citizenship", _split(rec.get("citizenships", "")))
        entity.add("birthDate", parse_dates(rec.get("dates_of_birth", "")))
        entity.add("birthPlace", _split(rec.get("places_of_birth", "")))
    else:
        entity.add("country", _split(rec.get("nationalities", "")))
        entity.add("notes", rec.get("title"))
    if schema == "Vessel":
        entity.add("callSign", rec.get("call_sign"))
        entity.add("type", rec.get("vessel_type"))
        entity.add("flag", rec.get("vessel_flag"))
    for ident in _split(rec.get("ids", "")):
        value, _, kind = ident.rpartition(", ")
        if (
            kind.lower().startswith("passport")
            and "passportNumber" in entity.proxy.schema.properties
        ):
            entity.add("passportNumber", value)
        elif kind and value and kind.lower() not in ("gender",):
            entity.add(
                "idNumber" if "idNumber" in entity.proxy.schema.properties else "notes", value
            )
    remarks = rec.get("remarks", "")
    for ref in UN_REF.findall(remarks):
        entity.add_ref("un_sc_sanctions", ref)
    entity.add("notes", remarks)
    entity.add("sourceUrl", rec.get("source_information_url"))
    entity.add_sanction(
        authority=rec["source"].split(" - ")[-1].strip(),
        program=_split(rec.get("programs", "")),
        provisions=[rec.get("license_requirement", ""), rec.get("license_policy", "")],
        startDate=rec.get("start_date"),
        endDate=rec.get("end_date"),
        reason=rec.get("federal_register_notice"),
        recordId=rec["_id"],
        sourceUrl=rec.get("source_list_url"),
    )
    return entity
