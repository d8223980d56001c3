"""Orders from a spreadsheet (CSV or Excel): one row per order line, rows with the same
``order_id`` form one order. Column names are in ``COLUMNS`` (case and spaces do not matter);
country codes and currencies may be in either case. Every rejected row is named by its line
(the spreadsheet's row number, header = line 1) and field."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from redtrace.flags.validate import problems

PARTY_ROLES = ("seller", "buyer", "consignee", "end_user", "payer", "freight_forwarder")
PARTY_FIELDS = {"id": None, "type": None, "name": "name", "country": "country", "sector": "sector",
                "address": "address", "email": "email", "phone": "phone", "website": "website",
                "registration_number": "registrationNumber",
                "incorporation_date": "incorporationDate"}  # fmt: skip
ITEM_FIELDS = ("line", "description", "hs_code", "cas", "eccn", "quantity", "unit", "unit_price",
               "currency", "manufacturer", "model")  # fmt: skip
ORDER_FIELDS = ("order_id", "date", "declared_end_use", "channel", "payment_method",
                "payment_amount", "payment_currency", "payment_from_country", "payment_terms",
                "ship_from", "ship_to", "ship_to_city", "transshipment", "incoterms", "carrier",
                "licence_type", "licence_number", "licence_issued_by", "licence_holder",
                "licence_valid_from", "licence_valid_to", "licence_lines", "licence_destinations")  # fmt: skip
COLUMNS = (*ORDER_FIELDS, *ITEM_FIELDS,
           *(f"{role}_{f}" for role in PARTY_ROLES for f in PARTY_FIELDS))  # fmt: skip
NUMBERS = ("quantity", "unit_price", "payment_amount")
LISTS = ("cas", "transshipment", "licence_lines", "licence_destinations")  # ";"-separated


class RowError(ValueError):
    pass


def _key(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(field: str, text: str) -> float:
    """``1500``, ``1,500.5`` (thousands comma) or ``1500,5`` (decimal comma)."""
    cleaned = text.replace(" ", "")
    cleaned = cleaned.replace(",", "") if "." in cleaned else cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise RowError(f"{field}: {text!r} is not a number") from None


def _party(role: str, row: dict[str, str]) -> dict[str, Any] | None:
    props: dict[str, list[str]] = {}
    for field, prop in PARTY_FIELDS.items():
        value = row.get(f"{role}_{field}", "")
        if value and prop:
            props[prop] = [value.lower() if prop == "country" else value]
    if not props:
        return None
    schema = (row.get(f"{role}_type") or "Company").strip().title()
    if schema == "Legalentity":
        schema = "LegalEntity"
    party: dict[str, Any] = {"schema": schema, "properties": props}
    if row.get(f"{role}_id"):
        party["id"] = row[f"{role}_id"]
    return party


def _item(row: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for field in ITEM_FIELDS:
        value = row.get(field, "")
        if not value:
            continue
        if field in NUMBERS:
            item[field] = _number(field, value)
        elif field == "line":
            item[field] = int(_number(field, value))
        elif field in LISTS:
            item[field] = [v.strip() for v in value.split(";") if v.strip()]
        elif field == "currency" or field == "eccn":
            item[field] = value.upper()
        else:
            item[field] = value
    return item


def _order(rows: list[dict[str, str]]) -> dict[str, Any]:
    head = rows[0]
    order: dict[str, Any] = {"id": head["order_id"], "date": head.get("date", "")}
    for role in PARTY_ROLES:
        party = _party(role, head)
        if party is not None:
            order[role] = party
    order["items"] = []
    lower = {k: head.get(k, "").lower() for k in ("payment_from_country", "ship_from", "ship_to")}
    payment: dict[str, Any] = {"method": head.get("payment_method", "").lower(), "currency": head.get("payment_currency", "").upper(),
               "from_country": lower["payment_from_country"], "terms": head.get("payment_terms", "")}  # fmt: skip
    if head.get("payment_amount"):
        payment["amount"] = _number("payment_amount", head["payment_amount"])
    order["payment"] = {k: v for k, v in payment.items() if v != ""} or None
    route: dict[str, Any] = {"ship_from": lower["ship_from"], "ship_to": lower["ship_to"],
                             "ship_to_city": head.get("ship_to_city", ""), "incoterms": head.get("incoterms", ""),
                             "carrier": head.get("carrier", "")}  # fmt: skip
    route = {k: v for k, v in route.items() if v}
    if head.get("transshipment"):
        route["transshipment"] = [
            c.strip().lower() for c in head["transshipment"].split(";") if c.strip()
        ]
    order["route"] = route or None
    for field in ("declared_end_use", "channel"):
        if head.get(field):
            order[field] = head[field]
    if head.get("licence_number"):
        lic: dict[str, Any] = {
            "type": head.get("licence_type") or "licence",
            "number": head["licence_number"],
        }
        for field in ("issued_by", "holder", "valid_from", "valid_to"):
            if head.get(f"licence_{field}"):
                lic[field] = head[f"licence_{field}"]
        if head.get("licence_lines"):
            lic["lines"] = [
                int(_number("licence_lines", v))
                for v in head["licence_lines"].split(";")
                if v.strip()
            ]
        if head.get("licence_destinations"):
            lic["destinations"] = [
                c.strip().lower() for c in head["licence_destinations"].split(";") if c.strip()
            ]
        order["licences"] = [lic]
    return order


def read_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """``(line, order)`` for each valid order, ``(line, message)`` for each rejected one; the
    message names the row's line and field. Orders come in the order of their first row."""
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in rows:
        if not any(row.values()):
            continue
        if not row.get("order_id"):
            yield number, f"line {number}: order_id: missing"
            continue
        groups.setdefault(row["order_id"], []).append((number, row))
    for group in groups.values():
        first = group[0][0]
        try:
            order = _order([r for _, r in group])
            for number, row in group:
                try:
                    order["items"].append(dict({"line": len(order["items"]) + 1}, **_item(row)))
                except RowError as exc:
                    raise RowError(f"line {number}: {exc}") from None
        except RowError as exc:
            message = str(exc)
            yield first, message if message.startswith("line ") else f"line {first}: {message}"
            continue
        found = problems(order)
        if found:
            yield first, "; ".join(_place(p, group) for p in found)
        else:
            yield first, order


PROPERTY_COLUMN = {prop: field for field, prop in PARTY_FIELDS.items() if prop}


def _column(where: str) -> str:
    """A validation path as the spreadsheet column it came from."""
    parts = where.split(".")
    if parts[0] in ("route", "payment") and len(parts) > 1:
        return parts[1] if parts[0] == "route" else f"payment_{parts[1]}"
    if parts[0] in PARTY_ROLES and len(parts) > 2 and parts[1] == "properties":
        return f"{parts[0]}_{PROPERTY_COLUMN.get(parts[2], parts[2])}"
    if parts[0] == "licences" and len(parts) > 2:
        return f"licence_{parts[2]}"
    return {"id": "order_id"}.get(parts[0], where)


def _place(problem: str, group: list[tuple[int, dict[str, str]]]) -> str:
    """``items.1.quantity: ...`` -> ``line 7: quantity: ...`` (the row of that item)."""
    where, _, message = problem.partition(": ")
    parts = where.split(".")
    if parts[0] == "items" and len(parts) > 2 and parts[1].isdigit() and int(parts[1]) < len(group):
        return f"line {group[int(parts[1])][0]}: {parts[2]}: {message}"
    return f"line {group[0][0]}: {_column(where)}: {message}"


def csv_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    sample = text[:4096]
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [_key(h) for h in next(reader, [])]
    for number, values in enumerate(reader, start=2):
        yield number, {h: _text(v) for h, v in zip(header, values, strict=False) if h}


def xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_key(_text(h)) for h in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        yield number, {h: _text(v) for h, v in zip(header, values, strict=False) if h}
    book.close()
