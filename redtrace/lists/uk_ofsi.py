"""UK OFSI Consolidated List (ConList), XLSX or CSV: one row per name, joined on Group ID."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile
from redtrace.lists.csvutil import check_last, csv_rows
from redtrace.lists.dates import parse_date
from redtrace.lists.entity import ListEntity

DATASET = "gb_hmt_sanctions"
# The columns without which an entry loses what it is: its names, its kind, its programme and
# the id that joins its name rows. A file without one of them is refused, not read as less.
REQUIRED = ("Name 6", "Name 1", "Group Type", "Regime", "Group ID")
TYPES = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_INFO = re.compile(r"\(([^()]{2,40})\):\s*")
INFO_PROPS = {
    "Phone number": "phone",
    "Email address": "email",
    "Website": "website",
    "Business Reg No": "registrationNumber",
    "IMO number": "imoNumber",
    "Gender": "gender",
}


def parse(source: SourceFile, dataset: str = DATASET) -> ParsedList:
    result = ParsedList(dataset=dataset, format="uk_conlist", files=[source])
    rows = _xlsx_rows(source) if source.data[:2] == b"PK" else _csv_rows(source)
    header: list[str] | None = None
    last: tuple[int, int] | None = None
    for line, row in rows:
        cells = [("" if c is None else str(c)).strip() for c in row]
        last = (line, len(cells))
        if header is None:
            if cells and cells[0] == "Last Updated":
                result.published = parse_date(cells[1]) if len(cells) > 1 else None
                continue
            if sum(1 for c in cells if c) < 3:
                continue  # a title or date line above the header
            _check_header(source, cells, line)
            header = cells
            continue
        if not any(cells):
            continue
        result.rows_read += 1
        rec = dict(zip(header, cells, strict=False))
        if len(cells) < len(header) and not rec.get("Group ID"):
            result.reject(source.name, f"row {line}", "row", f"{len(cells)} columns")
            continue
        _row(rec, result, source.name, line)
    if header is None:
        raise ListFormatError(source.name, "no header row found", "row 1", "header")
    if last is not None and source.data[:2] != b"PK":
        check_last(source, last[0], last[1], len(header), header)
    return result


def _check_header(source: SourceFile, cells: list[str], line: int) -> None:
    """The header row must carry every column an entry is made of; name the missing ones."""
    missing = [c for c in REQUIRED if c not in cells]
    if missing:
        raise ListFormatError(
            source.name,
            f"the header has no {', '.join(repr(c) for c in missing)} column"
            f" (found {len([c for c in cells if c])} columns)",
            f"row {line}",
            ", ".join(missing),
        )


def _xlsx_rows(source: SourceFile) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ListFormatError(source.name, f"not a readable workbook ({exc})") from exc
    sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    book.close()


def _csv_rows(source: SourceFile) -> Iterator[tuple[int, tuple[object, ...]]]:
    for line, row in csv_rows(source):
        yield line, tuple(row)


def _row(rec: dict[str, str], result: ParsedList, file: str, line: int) -> None:
    group = rec.get("Group ID", "")
    if not group:
        result.reject(file, f"row {line}", "Group ID", "empty")
        return
    names = [rec.get(f"Name {i}", "") for i in range(1, 6)]
    last = rec.get("Name 6", "")
    full = " ".join(n for n in [*names, last] if n)
    if not full and not rec.get("Name Non-Latin Script"):
        result.reject(file, f"row {line}", "Name 6", f"group {group} row has no name")
        return
    schema = TYPES.get(rec.get("Group Type", "").lower(), "LegalEntity")
    entity = ListEntity(schema, f"gb-{group}")
    entity.add_ref(result.dataset, group)
    alias_type = rec.get("Alias Type", "").lower()
    if rec.get("Alias Quality", "").lower().startswith("low"):
        prop = "weakAlias"
    elif alias_type == "primary name":
        prop = "name"
    elif alias_type == "fka":
        prop = "previousName"
    else:
        prop = "alias"
    entity.add(prop, full)
    if prop == "name" and schema == "Person":
        entity.add("firstName", names[0])
        entity.add("lastName", last)
    entity.add("alias", rec.get("Name Non-Latin Script"))
    if schema == "Person":
        entity.add("title", rec.get("Title"))
        entity.add("birthDate", parse_date(rec.get("DOB")))
        place = ", ".join(v for v in (rec.get("Town of Birth"), rec.get("Country of Birth")) if v)
        entity.add("birthPlace", place)
        entity.add("birthCountry", rec.get("Country of Birth"))
        entity.add(
            "nationality",
            [n.strip() for n in re.split(r"\(\d\)|,", rec.get("Nationality", "")) if n.strip()],
        )
        entity.add("passportNumber", rec.get("Passport Number"))
        entity.add("idNumber", rec.get("National Identification Number"))
        entity.add("position", rec.get("Position"))
    address = ", ".join(v for v in (rec.get(f"Address {i}") for i in range(1, 7)) if v)
    address = ", ".join(v for v in (address, rec.get("Post/Zip Code"), rec.get("Country")) if v)
    entity.add("address", address)
    entity.add("country", rec.get("Country"))
    info = rec.get("Other Information", "")
    _other_information(entity, info, result.dataset)
    entity.add_sanction(
        authority="HM Treasury OFSI",
        program=rec.get("Regime"),
        listingDate=parse_date(rec.get("Listed On")),
        startDate=parse_date(rec.get("UK Sanctions List Date Designated")),
        modifiedAt=parse_date(rec.get("Last Updated")),
        recordId=group,
    )
    result.add(entity)


def _other_information(entity: ListEntity, info: str, dataset: str) -> None:
    """Pull labelled facts such as ``(UN Ref):QDi.299`` out of Other Information."""
    if not info:
        return
    pieces = _INFO.split(info)
    # split() gives [before, label1, value1, label2, value2, ...]
    for label, value in zip(pieces[1::2], pieces[2::2], strict=False):
        value = value.strip().rstrip(".").strip()
        if label == "UN Ref" and value:
            entity.add_ref("un_sc_sanctions", value.split()[0].rstrip("."))
        elif label == "UK Sanctions List Ref" and value:
            entity.add_sanction(authority="HM Treasury OFSI", programId=value.split()[0])
        elif label in INFO_PROPS and value:
            prop = INFO_PROPS[label]
            if prop in entity.proxy.schema.properties:
                entity.add(prop, value.lower() if prop == "gender" else value)
    entity.add("notes", info)
