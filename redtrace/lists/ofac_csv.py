"""OFAC legacy CSV set: ``sdn.csv`` with ``add.csv``, ``alt.csv`` and ``sdn_comments.csv``.

The files have no header. ``sdn.csv`` has 12 columns, ``add.csv`` 6, ``alt.csv`` 5 and
``sdn_comments.csv`` 2; they join on ``ent_num``. Remarks longer than 1,000 characters go on
in ``sdn_comments.csv``. The legacy set carries no publication date.
"""

from __future__ import annotations

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile
from redtrace.lists.csvutil import QuoteError, check_last, csv_rows, null
from redtrace.lists.entity import ListEntity
from redtrace.lists.ofac_remarks import parse_remarks

DATASET = "us_ofac_sdn"
PART_COLUMNS = {"sdn": 12, "add": 6, "alt": 5, "comments": 2}
SDN_FIELDS = (
    "ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vessel_Type",
    "Tonnage", "GRT", "Vessel_Flag", "Vessel_Owner", "Remarks",
)  # fmt: skip
TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}


def part_of(source: SourceFile) -> str:
    """Which member of the set a file is, from its column count (not its name)."""
    for _, row in csv_rows(source, encodings=("utf-8", "cp1252")):
        for part, count in PART_COLUMNS.items():
            if len(row) == count and row[0].strip().isdigit():
                return part
        break
    raise ListFormatError(source.name, "not an OFAC legacy CSV file", "line 1")


def parse(files: list[SourceFile], dataset: str = DATASET) -> ParsedList:
    parts: dict[str, SourceFile] = {}
    for source in files:
        part = part_of(source)
        if part in parts:
            raise ListFormatError(source.name, f"two '{part}' files in one OFAC CSV set")
        parts[part] = source
    if "sdn" not in parts:
        names = ", ".join(f.name for f in files)
        raise ListFormatError(names, "an OFAC CSV set needs its sdn.csv (12 columns)")
    result = ParsedList(dataset=dataset, format="ofac_csv", files=files)
    comments = _comments(parts["comments"], result) if "comments" in parts else {}
    _sdn(parts["sdn"], result, comments)
    if "alt" in parts:
        _alt(parts["alt"], result)
    if "add" in parts:
        _add(parts["add"], result)
    return result


def _checked(source: SourceFile, result: ParsedList, part: str) -> list[tuple[int, list[str]]]:
    rows = []
    last: tuple[int, int] | None = None
    names = list(SDN_FIELDS) if part == "sdn" else []
    try:
        for line, row in csv_rows(source, encodings=("utf-8", "cp1252")):
            last = (line, len(row))
            rows.append((line, row))
    except QuoteError as exc:
        raise exc.naming(names) from exc
    checked = []
    for line, row in rows:
        result.rows_read += 1
        if len(row) != PART_COLUMNS[part]:
            reason = f"{len(row)} columns, expected {PART_COLUMNS[part]}"
            result.reject(source.name, f"line {line}", "row", reason)
            continue
        if not row[0].strip().isdigit():
            result.reject(source.name, f"line {line}", "ent_num", f"not a number: {row[0]!r}")
            continue
        checked.append((line, row))
    if last is not None:
        check_last(source, last[0], last[1], PART_COLUMNS[part], names or None)
    return checked


def _comments(source: SourceFile, result: ParsedList) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, row in _checked(source, result, "comments"):
        out[row[0].strip()] = out.get(row[0].strip(), "") + (null(row[1]) or "")
        result.rows_merged += 1
    return out


def _sdn(source: SourceFile, result: ParsedList, comments: dict[str, str]) -> None:
    for line, row in _checked(source, result, "sdn"):
        rec = dict(zip(SDN_FIELDS, (null(v) for v in row), strict=True))
        ent_num = str(rec["ent_num"])
        if rec["SDN_Name"] is None:
            result.reject(source.name, f"line {line}", "SDN_Name", "empty name")
            continue
        schema = TYPES.get((rec["SDN_Type"] or "").lower(), "LegalEntity")
        entity = ListEntity(schema, f"ofac-{ent_num}")
        entity.add_ref(result.dataset, ent_num)
        _name(entity, rec["SDN_Name"], "name")
        if schema == "Person":
            entity.add("title", rec["Title"])
        else:
            entity.add("notes", rec["Title"])
        if schema == "Vessel":
            entity.add("callSign", rec["Call_Sign"])
            entity.add("type", rec["Vessel_Type"])
            entity.add("tonnage", rec["Tonnage"])
            entity.add("grossRegisteredTonnage", rec["GRT"])
            entity.add("flag", rec["Vessel_Flag"])
            entity.add("notes", rec["Vessel_Owner"] and f"Owner: {rec['Vessel_Owner']}")
        remarks_text = (rec["Remarks"] or "") + comments.get(ent_num, "")
        apply_remarks(entity, remarks_text, result.dataset)
        programs = [p.strip() for p in (rec["Program"] or "").split("] [")]
        entity.add_sanction(
            authority="US Treasury OFAC",
            program=[p.strip("[] ") for p in programs if p.strip("[] ")],
            recordId=ent_num,
        )
        result.add(entity)


def apply_remarks(entity: ListEntity, remarks: str | None, dataset: str) -> None:
    """Move what an OFAC remarks field says onto the entity."""
    parsed = parse_remarks(remarks)
    schema = entity.proxy.schema
    for prop, values in parsed.props.items():
        if prop in schema.properties:
            entity.add(prop, values)
        elif prop in ("nationality", "citizenship", "birthPlace"):
            entity.add("country", values)
        else:
            entity.add("idNumber" if "idNumber" in schema.properties else "notes", values)
    for ref in parsed.un_refs:
        entity.add_ref("un_sc_sanctions", ref)
    if parsed.linked_to:
        entity.add("notes", [f"Linked To: {name}" for name in parsed.linked_to])
    if remarks:
        entity.add("notes", remarks.strip())


def _name(entity: ListEntity, raw: str, prop: str) -> None:
    """OFAC writes people as ``LAST, First``; keep both that and the natural order."""
    entity.add(prop, raw)
    if entity.schema == "Person" and "," in raw:
        last, _, first = raw.partition(",")
        if prop == "name":
            entity.add("lastName", last.strip())
            entity.add("firstName", first.strip())
        entity.add("alias" if prop == "name" else prop, f"{first.strip()} {last.strip()}")


def _alt(source: SourceFile, result: ParsedList) -> None:
    for line, row in _checked(source, result, "alt"):
        entity = result.entities.get(f"ofac-{row[0].strip()}")
        if entity is None:
            result.reject(source.name, f"line {line}", "ent_num", "no such entry in sdn.csv")
            continue
        kind = (null(row[2]) or "aka").lower()
        name = null(row[3])
        if name is None:
            result.reject(source.name, f"line {line}", "alt_name", "empty alias")
            continue
        _name(entity, name, "previousName" if kind == "fka" else "alias")
        result.rows_merged += 1


def _add(source: SourceFile, result: ParsedList) -> None:
    for line, row in _checked(source, result, "add"):
        entity = result.entities.get(f"ofac-{row[0].strip()}")
        if entity is None:
            result.reject(source.name, f"line {line}", "ent_num", "no such entry in sdn.csv")
            continue
        parts = [null(v) for v in row[2:5]]
        entity.add("address", ", ".join(p for p in parts if p) or None)
        entity.add("country", parts[2])
        result.rows_merged += 1
