"""An order as the rules see it: parties by role (``same_as`` resolved) and classified lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from redtrace.goods import Classification, classify
from redtrace.screen import tokens

PARTY_ROLES = ("buyer", "consignee", "end_user", "freight_forwarder", "payer")
# Mass and volume units as order systems write them (lower case), to kilograms.
KG_PER_UNIT = {"kg": 1.0, "kgs": 1.0, "kilogram": 1.0, "kilograms": 1.0, "g": 0.001, "gram": 0.001,
               "mg": 1e-6, "t": 1000.0, "mt": 1000.0, "tonne": 1000.0, "tonnes": 1000.0, "ton": 1000.0,
               "tons": 1000.0, "metric ton": 1000.0, "lb": 0.45359237, "lbs": 0.45359237,
               "pound": 0.45359237, "pounds": 0.45359237, "oz": 0.028349523, "l": 1.0, "ltr": 1.0,
               "litre": 1.0, "liter": 1.0, "litres": 1.0, "liters": 1.0, "ml": 0.001, "m3": 1000.0,
               "gal": 3.785411784}  # fmt: skip


def prop(party: dict[str, Any] | None, name: str) -> list[str]:
    if not party:
        return []
    return [v for v in (party.get("properties") or {}).get(name, []) if isinstance(v, str)]


def first(party: dict[str, Any] | None, name: str) -> str:
    values = prop(party, name)
    return values[0] if values else ""


@cache
def _generic_words() -> frozenset[str]:
    """Legal forms and generic business words (``generic_name_words`` in reference.yml)."""
    data = yaml.safe_load((Path(__file__).parent / "data" / "reference.yml").read_text("utf-8"))
    return frozenset(data["generic_name_words"])


def _distinctive(name: str) -> set[str]:
    return {w for w in tokens(name) if len(w) >= 3 and w not in _generic_words()}


@dataclass
class Line:
    number: int
    item: dict[str, Any]
    goods: Classification

    @property
    def quantity_kg(self) -> float | None:
        """The quantity in kg, from mass units and litres (taken as 1 kg/L: the thresholds
        of EU 2019/1148 are by weight and a density is rarely given); None for pieces."""
        unit = str(self.item.get("unit") or "").strip().lower().rstrip(".")
        qty = float(self.item["quantity"])
        factor = KG_PER_UNIT.get(unit)
        return qty * factor if factor is not None else None

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

    def related(self, a: str, b: str) -> bool:
        """The same party, or two companies whose names share a distinctive word (a group
        treasury "Weber Holding AG" paying for "Weber Polska sp. z o.o.")."""
        if self.same(a, b):
            return True
        words = [_distinctive(first(self.parties.get(r), "name")) for r in (a, b)]
        return bool(words[0] & words[1])

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
