"""Check an order against ``order.schema.json`` and for values that cannot be: a date that
does not exist, an unknown country code, a reference to a party the order does not have."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from followthemoney.types import registry
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA = Path(__file__).parent / "data" / "order.schema.json"
ROLES = ("seller", "buyer", "consignee", "end_user", "freight_forwarder", "payer")


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _where(path: Any) -> str:
    return ".".join(str(p) for p in path) or "(order)"


def problems(order: Any) -> list[str]:
    """Every problem found, each naming its field; empty when the order is valid."""
    if not isinstance(order, dict):
        return ["(order): not a JSON object"]
    found = [f"{_where(e.absolute_path)}: {e.message}" for e in validator().iter_errors(order)]
    if found:
        return sorted(found)[:20]
    try:
        date.fromisoformat(order["date"])
    except ValueError:
        found.append(f"date: {order['date']!r} is not a date that exists")
    found.extend(_countries(order))
    for role in (*ROLES, "intermediate_consignees"):
        value = order.get(role)
        refs = value if isinstance(value, list) else [value]
        for ref in refs:
            if (
                isinstance(ref, dict)
                and "same_as" in ref
                and not isinstance(order.get(ref["same_as"]), dict)
            ):
                found.append(
                    f"{role}: same_as {ref['same_as']!r} but the order has no {ref['same_as']}"
                )
    return found


def _countries(order: dict[str, Any]) -> list[str]:
    out = []
    known = set(registry.country.names)
    route = order.get("route") or {}
    checks = [("route.ship_from", route.get("ship_from")), ("route.ship_to", route.get("ship_to"))]
    checks += [
        (f"route.transshipment.{i}", c) for i, c in enumerate(route.get("transshipment") or [])
    ]
    checks.append(("payment.from_country", (order.get("payment") or {}).get("from_country")))
    for role in ROLES:
        party = order.get(role)
        if isinstance(party, dict):
            for prop in ("country", "nationality", "jurisdiction"):
                for i, c in enumerate((party.get("properties") or {}).get(prop, [])):
                    checks.append((f"{role}.properties.{prop}.{i}", c))
    for where, code in checks:
        if code and code not in known:
            out.append(f"{where}: {code!r} is not an ISO 3166-1 country code")
    return out
