"""Ownership and control from FtM Ownership/Directorship entities: aggregate indirect
ownership, and OFAC's 50 % rule (an entity owned 50 % or more, directly or indirectly, in
the aggregate, by blocked persons is itself blocked)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from redtrace.store import Store

SANCTION_TOPICS = {"sanction", "sanction.linked"}


@dataclass
class Holding:
    owner: str
    asset: str
    percentage: float | None
    start: str | None
    end: str | None
    ownership_id: str


class Ownership:
    def __init__(self, entities: dict[str, dict[str, Any]], listed: set[str]) -> None:
        self.entities = entities
        self.listed = listed
        self.owners_of: dict[str, list[Holding]] = defaultdict(list)
        for eid, e in entities.items():
            if e["schema"] != "Ownership":
                continue
            p = e["properties"]
            for owner in p.get("owner", []):
                for asset in p.get("asset", []):
                    pct = p.get("percentage", [None])[0]
                    try:
                        value = float(pct) if pct is not None else None
                    except ValueError:
                        value = None
                    self.owners_of[asset].append(Holding(owner, asset, value, (p.get("startDate") or [None])[0],
                                                         (p.get("endDate") or [None])[0], eid))  # fmt: skip

    @classmethod
    def from_store(cls, store: Store) -> Ownership:
        entities: dict[str, dict[str, Any]] = {}
        listed: set[str] = set()
        for _, record in store.current_records():
            entities[record["id"]] = record
            props = record["properties"]
            if SANCTION_TOPICS & set(props.get("topics", [])) or record.get("sanctions"):
                listed.add(record["id"])
            if record["schema"] == "Sanction":
                listed.update(props.get("entity", []))
        return cls(entities, listed)

    def _current(self, asset: str, on: str) -> list[Holding]:
        """Holdings valid on ``on``; of several records for one owner, the latest started."""
        valid = [h for h in self.owners_of.get(asset, [])
                 if (h.start or "") <= on and (h.end is None or h.end >= on)]  # fmt: skip
        latest: dict[str, Holding] = {}
        for h in sorted(valid, key=lambda h: h.start or ""):
            latest[h.owner] = h
        return list(latest.values())

    def listed_share(
        self, asset: str, on: str, depth: int = 6
    ) -> tuple[float, list[list[dict[str, Any]]]]:
        """Aggregate share (0-100) held by listed owners on a date, directly or through chains."""
        chains: list[list[dict[str, Any]]] = []

        def walk(node: str, factor: float, path: list[dict[str, Any]], seen: set[str]) -> float:
            total = 0.0
            for h in self._current(node, on):
                if h.percentage is None or h.owner in seen:
                    continue
                step = {"owner": h.owner, "owner_caption": self.entities.get(h.owner, {}).get("caption"),
                        "asset": node, "percentage": h.percentage, "ownership": h.ownership_id}  # fmt: skip
                share = factor * h.percentage / 100
                if h.owner in self.listed:
                    chains.append([*path, step])
                    total += share
                elif depth > len(path):
                    total += walk(h.owner, share, [*path, step], seen | {h.owner})
            return total

        return round(min(100.0, 100 * walk(asset, 1.0, [], {asset})), 2), chains

    def fifty_percent(self, asset: str, on: str | None = None) -> dict[str, Any]:
        on = on or date.today().isoformat()
        share, chains = self.listed_share(asset, on)
        return {"entity": asset, "caption": self.entities.get(asset, {}).get("caption"), "date": on,
                "listed_ownership_pct": share, "blocked_by_50_percent_rule": share >= 50,
                "chains": chains, "rule": "ofac-50-percent@2014-08-13"}  # fmt: skip
