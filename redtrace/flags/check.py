"""``redtrace orders check``: validate, screen parties, classify goods, apply rules, decide."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from redtrace.flags import destinations
from redtrace.flags.context import Context
from redtrace.flags.destinations import hs_of
from redtrace.flags.engine import decide, evaluate, lower_for_approved, ruleset
from redtrace.flags.history import History
from redtrace.flags.order import Order
from redtrace.flags.validate import problems
from redtrace.lines import bad_byte
from redtrace.screen import Matcher
from redtrace.store.interface import StoreProtocol
from redtrace.store.orders import save_checks


class Checker:
    """Checks orders in date order against the lists, the goods tables and the history."""

    def __init__(
        self,
        matcher: Matcher,
        history: History,
        threshold: float,
        cutoff: float,
        ownership: Any = None,
        approved: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.matcher = matcher
        self.approved = approved or {}
        self.ownership = ownership
        self.history = history
        self.threshold = threshold
        self.cutoff = cutoff
        self.decisions: list[dict[str, Any]] = []
        self.versions = {
            "rules": ruleset()[0],
            "destinations": str(destinations.table()["version"]),
            "datasets": [
                {"name": d["name"], "sha256": d["sha256"], "published": d["published"]}
                for d in matcher.datasets
            ],
        }

    def check_line(self, number: int, text: str) -> dict[str, Any]:
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            return _error(None, f"line {number}: {bad_byte(text) or f'not JSON ({exc})'}")
        return self.check_record(number, raw, "line")

    def check_record(self, number: int, raw: Any, where: str = "order") -> dict[str, Any]:
        """Validate, then check; an invalid order comes back as an error naming its place."""
        found = problems(raw)
        if found:
            oid = raw.get("id") if isinstance(raw, dict) else None
            return _error(oid, f"{where} {number}: " + "; ".join(found))
        return self.check(raw)

    def check(self, raw: dict[str, Any]) -> dict[str, Any]:
        order = Order.from_record(raw)
        matches: dict[str, list[dict[str, Any]]] = {}
        for role, party in order.screened_parties():
            response = self.matcher.match(party, "default", self.threshold, self.cutoff, 3)
            if response["status"] == 200 and response["results"]:
                matches[role] = response["results"]
        ctx = Context(order, matches, self.history, self.threshold, self.ownership)
        flags = evaluate(ctx)
        approval = self.approved.get(str(order.buyer.get("id") or "")) or self.approved.get(
            self.history.party_key(order.buyer)
        )
        lower_for_approved(flags, approval, {ln.number: hs_of(ln) for ln in order.lines})
        decision, score = decide(flags)
        result = {
            "id": order.id,
            "decision": decision,
            "score": score,
            "flags": flags,
            "matches": [{"party": role, "results": results} for role, results in matches.items()],
            "goods": [
                {
                    "line": line.number,
                    "hs_code": line.goods.hs_code,
                    "hs_valid": line.goods.hs_valid,
                    "candidates": line.goods.candidates,
                    "controls": [c.to_dict() for c in line.goods.controls],
                }
                for line in order.lines
            ],
            "versions": self.versions,
        }
        self.history.add(order)
        # The same order id again in this run replaces its earlier decision.
        self.decisions = [d for d in self.decisions if d["order_id"] != order.id]
        self.decisions.append({
            "order_id": order.id, "order_date": order.date,
            "checked_at": datetime.now(UTC).replace(tzinfo=None).isoformat(),
            "decision": decision, "score": score,
            "status": "held" if decision != "pass" else "cleared",
            "result": orjson.dumps(result).decode(),
            "order_json": orjson.dumps(raw).decode(),
        })  # fmt: skip
        return result

    def run(self, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
        for number, text in enumerate(lines, start=1):
            if text.strip():
                yield self.check_line(number, text)

    def save(self, store: StoreProtocol) -> None:
        """Store decisions and history in one transaction: all of this run, or none of it."""
        save_checks(store, self.decisions, self.history.take_new_rows())
        self.decisions = []


def rejected(message: str, order_id: Any = None) -> dict[str, Any]:
    """The result line of an order that could not be read."""
    return _error(order_id, message)


def _error(order_id: Any, message: str) -> dict[str, Any]:
    return {"id": order_id, "error": {"code": "invalid_order", "message": message}}
