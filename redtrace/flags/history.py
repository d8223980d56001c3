"""What earlier orders said: per buyer volumes by HS code, and who shares which address,
phone, e-mail and payer. Kept in memory while checking, stored in the store afterwards."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from redtrace.store.orders import history_facts

if TYPE_CHECKING:
    from redtrace.flags.order import Order
    from redtrace.store import StoreProtocol

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _norm(text: str) -> str:
    return _NON_ALNUM.sub(" ", text.lower()).strip()


class History:
    def __init__(self) -> None:
        # (buyer, hs6) -> (date, kg, order id): the order id keeps an order from being its own
        # history when it is checked again.
        self.lines: dict[tuple[str, str], list[tuple[str, float, str]]] = defaultdict(list)
        self.orders: set[str] = set()  # ids of the orders learned, each learned once
        self.users: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.names: dict[str, str] = {}
        self.new_rows: list[tuple[str, str, str, str]] = []

    # -- keys -----------------------------------------------------------------------------

    @staticmethod
    def party_key(party: dict[str, Any]) -> str:
        """Name and country: the same payer appears under different ids in different orders."""
        props = party.get("properties") or {}
        name = _norm((props.get("name") or [""])[0])
        country = (props.get("country") or [""])[0]
        return f"{name}|{country}"

    def buyer_key(self, order: Order) -> str:
        """The seller's own customer id when the order gives one, else name and country."""
        return str(order.buyer.get("id") or self.party_key(order.buyer))

    def identifiers(self, order: Order) -> list[tuple[str, str]]:
        props = order.buyer.get("properties") or {}
        out = [("address", _norm(a)) for a in props.get("address", []) if len(_norm(a)) > 8]
        out += [
            ("phone", re.sub(r"\D", "", p))
            for p in props.get("phone", [])
            if len(re.sub(r"\D", "", p)) >= 7
        ]
        out += [("email", e.lower()) for e in props.get("email", []) if "@" in e]
        return out

    # -- questions ------------------------------------------------------------------------

    def recent(
        self, buyer: str, hs6: str, day: str, window_days: int, exclude: str = ""
    ) -> list[tuple[str, float]]:
        start = (date.fromisoformat(day) - timedelta(days=window_days)).isoformat()
        return [
            (d, q)
            for d, q, oid in self.lines.get((buyer, hs6), [])
            if start <= d <= day and oid != exclude
        ]

    def quantities(self, buyer: str, hs6: str, before: str, exclude: str = "") -> list[float]:
        return [q for d, q, oid in self.lines.get((buyer, hs6), []) if d < before and oid != exclude]

    def other_buyers(self, kind: str, value: str, me: str) -> set[str]:
        return {self.names.get(b, b) for b in self.users.get((kind, value), set()) if b != me}

    # -- learning -------------------------------------------------------------------------

    def add(self, order: Order) -> None:
        """Learn an order: its volumes always; identifiers and payers of controlled orders.
        An order already learned (the same id checked again) is not learned twice."""
        if order.id in self.orders:
            return
        self.orders.add(order.id)
        buyer = self.buyer_key(order)
        self.names[buyer] = (order.buyer.get("properties", {}).get("name") or [buyer])[0]
        controlled = any(line.controlled for line in order.lines)
        facts: list[tuple[str, str]] = [("order", order.id)]
        for line in order.lines:
            if line.quantity_kg and line.hs6:
                self.lines[(buyer, line.hs6)].append((order.date, line.quantity_kg, order.id))
                facts.append(("line", f"{line.hs6}|{order.date}|{line.quantity_kg}|{order.id}"))
        if controlled:
            for kind, value in self.identifiers(order):
                self.users[(kind, value)].add(buyer)
                facts.append((kind, value))
            payer = order.parties.get("payer")
            if payer is not None and not order.same("payer", "buyer"):
                key = self.party_key(payer)
                self.users[("payer", key)].add(buyer)
                facts.append(("payer", key))
        for kind, value in facts:
            self.new_rows.append((buyer, self.names[buyer], kind, value))

    # -- persistence ----------------------------------------------------------------------

    @classmethod
    def load(cls, store: StoreProtocol) -> History:
        history = cls()
        for buyer, name, kind, value in history_facts(store):
            history.names[buyer] = name
            if kind == "order":
                history.orders.add(value)
            elif kind == "line":
                hs6, day, qty, *oid = value.split("|")  # facts stored before 2026-12 have no id
                history.lines[(buyer, hs6)].append((day, float(qty), oid[0] if oid else ""))
            else:
                history.users[(kind, value)].add(buyer)
        return history

    def take_new_rows(self) -> list[tuple[str, str, str, str]]:
        """The facts learned since the last call, for the store."""
        rows, self.new_rows = self.new_rows, []
        return rows
