"""An order as the rules see it: parties by role (``same_as`` resolved) and classified lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redtrace.goods import Classification, classify

PARTY_ROLES = ("buyer", "consignee", "end_user", "freight_forwarder", "payer")


def prop(party: dict[str, Any] | None, name: str) -> list[str]:
    if not party:
        return []
    return [v for v in (party.get("properties") or {}).get(name, []) if isinstance(v, str)]


def first(party: dict[str, Any] | None, name: str) -> str:
    values = prop(party, name)
    return values[0] if values else ""


@dataclass
class Line:
    number: int
    item: dict[str, Any]
    goods: Classification

    @property
    def quantity_kg(self) -> float | None:
        unit = str(self.item.get("unit") or "").lower()
        qty = float(self.item["quantity"])
        factor = {"kg": 1.0, "t": 1000.0, "tonne": 1000.0, "tonnes": 1000.0, "g": 0.001, "l": 1.0}
        return qty * factor[unit] if unit in factor else None

    @property
    def value(self) -> float:
        return float(self.item.get("unit_price") or 0) * float(self.item["quantity"])

    def regimes(self) -> set[str]:
        return {c.regime for c in self.goods.controls}

    def concern_codes(self) -> set[str]:
        return {c.entry for c in self.goods.controls if c.regime == "concern"}

    @property
    def controlled(self) -> bool:
        return bool(self.goods.controls)

    @property
    def hs6(self) -> str:
        declared = (self.goods.hs_code or "")[:6]
        if declared and self.goods.hs_valid:
            return declared
        return self.goods.candidates[0]["hs"] if self.goods.candidates else declared


@dataclass
class Order:
    raw: dict[str, Any]
    parties: dict[str, dict[str, Any]] = field(default_factory=dict)
    intermediates: list[dict[str, Any]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Order:
        order = cls(raw)
        for role in ("seller", *PARTY_ROLES):
            value = raw.get(role)
            if isinstance(value, dict) and "same_as" not in value:
                order.parties[role] = value
        for role in ("seller", *PARTY_ROLES):
            value = raw.get(role)
            if isinstance(value, dict) and "same_as" in value and value["same_as"] in order.parties:
                order.parties[role] = order.parties[value["same_as"]]
        order.intermediates = [
            p
            for p in raw.get("intermediate_consignees") or []
            if isinstance(p, dict) and "same_as" not in p
        ]
        for n, item in enumerate(raw["items"], start=1):
            goods = classify(
                item.get("description", ""), item.get("hs_code"), item.get("cas") or []
            )
            order.lines.append(Line(int(item.get("line") or n), item, goods))
        return order

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def date(self) -> str:
        return str(self.raw["date"])

    @property
    def buyer(self) -> dict[str, Any]:
        return self.parties["buyer"]

    def same(self, a: str, b: str) -> bool:
        """Two roles are the same party (by reference or by identical name)."""
        pa, pb = self.parties.get(a), self.parties.get(b)
        if pa is None or pb is None:
            return False
        return pa is pb or first(pa, "name").strip().lower() == first(pb, "name").strip().lower()

    def screened_parties(self) -> list[tuple[str, dict[str, Any]]]:
        seen: set[int] = set()
        out = []
        for role in PARTY_ROLES:
            party = self.parties.get(role)
            if party is not None and id(party) not in seen:
                seen.add(id(party))
                out.append((role, party))
        out.extend((f"intermediate_consignees[{i}]", p) for i, p in enumerate(self.intermediates))
        return out
