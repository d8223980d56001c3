"""Embargoes and licence requirements by destination and item, read from
``data/destinations.yml``: which countries an order touches, which regimes bind its seller,
which embargo rows cover which lines, and where an ECCN's reasons for control need a licence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from redtrace.flags.order import Line, Order, first, prop

DATA = Path(__file__).parent / "data" / "destinations.yml"
ROLES = ("buyer", "consignee", "end_user")


@cache
def table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Destination:
    country: str
    why: str  # "ship-to", "consignee's country", "region Crimea"...


def destinations(order: Order) -> list[Destination]:
    """Every country the goods or the deal touch, each once, with the first reason found."""
    route = order.raw.get("route") or {}
    found: dict[str, str] = {}
    if route.get("ship_to"):
        found[str(route["ship_to"]).lower()] = "ship-to country"
    for role in ROLES:
        for country in prop(order.parties.get(role), "country"):
            found.setdefault(country.lower(), f"{role.replace('_', ' ')}'s country")
    for party in order.intermediates:
        for country in prop(party, "country"):
            found.setdefault(country.lower(), "intermediate consignee's country")
    return [Destination(c, why) for c, why in found.items()]


def region_hits(order: Order) -> list[tuple[dict[str, Any], str]]:
    """Embargoed regions named in the ship-to city or a consignee's or end user's address."""
    route = order.raw.get("route") or {}
    texts = [str(route.get("ship_to_city") or "")]
    for role in ("consignee", "end_user", "buyer"):
        texts += prop(order.parties.get(role), "address")
    low = " ".join(texts).lower()
    out = []
    for region in table()["regions"]:
        word = next((w for w in region["words"] if w in low), None)
        if word:
            out.append((region, word))
    return out


def bound_by(order: Order, line: Line | None = None) -> set[str]:
    """The regimes that bind this deal: UN always; EU, UK, US by the seller's country or
    the country shipped from; US also for a line that declares an ECCN (subject to the EAR)."""
    out = {"un"}
    route = order.raw.get("route") or {}
    countries = {
        str(route.get("ship_from") or "").lower(),
        first(order.parties.get("seller"), "country"),
    }
    for name, members in table()["jurisdictions"].items():
        if countries & set(members):
            out.add(name)
    if line is not None and str(line.item.get("eccn") or "").strip():
        out.add("us")
    return out


def hs_of(line: Line) -> list[str]:
    """The declared HS code, or every heading the description supports."""
    if line.goods.hs_code and line.goods.hs_valid:
        return [line.goods.hs_code]
    return [c["hs"] for c in line.goods.candidates]


def _starts(codes: list[str], prefixes: list[str]) -> bool:
    return any(code.startswith(p) for code in codes for p in prefixes)


def eccn_of(line: Line) -> str:
    return str(line.item.get("eccn") or "").strip().upper().replace(" ", "")


def controlled(line: Line) -> bool:
    """On a control table, or with an ECCN other than EAR99."""
    return bool(line.goods.controls) or eccn_of(line) not in ("", "EAR99")


def covered(scope: str, line: Line) -> bool:
    scopes = table()["scopes"]
    if scope == "all":
        return not _starts(hs_of(line), scopes["exempt_all"]) or controlled(line)
    if scope == "arms":
        return _starts(hs_of(line), scopes["arms"])
    return controlled(line) or _starts(hs_of(line), scopes["arms"])


def eccn_reasons(eccn: str) -> list[str] | None:
    """Reasons for control of an ECCN (``5A992.c`` -> ``5A992``); None when unknown."""
    known: dict[str, list[str]] = table()["eccn"]
    for length in (len(eccn), 5):
        if eccn[:length] in known:
            return known[eccn[:length]]
    return None


def reason_applies(reason: str, country: str) -> bool:
    rule = table()["reasons"].get(reason)
    if rule is None:
        return True  # an unknown reason: be careful, ask for a licence
    if "only" in rule:
        only = rule["only"]
        return country in (table()["country_groups"][only] if isinstance(only, str) else only)
    group = rule["all_except"]
    members = table()["country_groups"][group] if isinstance(group, str) else group
    return country not in members


def always_licensed(line: Line) -> dict[str, Any] | None:
    return next(
        (row for row in table()["always_licensed"] if _starts(hs_of(line), row["hs"])), None
    )
