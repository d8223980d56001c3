"""Ownership and control from FtM Ownership/Directorship entities: aggregate indirect
ownership, and OFAC's 50 % rule (an entity owned 50 % or more, directly or indirectly, in
the aggregate, by blocked persons is itself blocked)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from redtrace.store.interface import StoreProtocol

SANCTION_TOPICS = {"sanction", "sanction.linked"}
EXPORT_TOPICS = {"export.control"}
RULES = Path(__file__).parent / "data" / "ownership_rules.yml"


@cache
def ownership_rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    return data


def version_on(rule: str, on: str) -> dict[str, Any] | None:
    """The version of ``rule`` in force on date ``on`` (None before the first)."""
    versions = [v for v in ownership_rules()[rule]["versions"] if str(v["from"]) <= on]
    return versions[-1] if versions else None


@dataclass
class Holding:
    owner: str
    asset: str
    percentage: float | None
    start: str | None
    end: str | None
    ownership_id: str


class Ownership:
    def __init__(
        self,
        entities: dict[str, dict[str, Any]],
        listed: set[str],
        export_listed: set[str] | None = None,
    ) -> None:
        self.entities = entities
        self.listed = listed
        self.export_listed = export_listed or set()
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
    def from_store(cls, store: StoreProtocol) -> Ownership:
        entities: dict[str, dict[str, Any]] = {}
        listed: set[str] = set()
        export: set[str] = set()
        for _, record in store.current_records():
            entities[record["id"]] = record
            topics = set(record["properties"].get("topics", []))
            if SANCTION_TOPICS & topics or record.get("sanctions"):
                listed.add(record["id"])
            if EXPORT_TOPICS & topics:
                export.add(record["id"])
            if record["schema"] == "Sanction":
                listed.update(record["properties"].get("entity", []))
        return cls(entities, listed, export)

    def _current(self, asset: str, on: str) -> list[Holding]:
        """Holdings valid on ``on``; of several records for one owner, the latest started."""
        valid = [h for h in self.owners_of.get(asset, [])
                 if (h.start or "") <= on and (h.end is None or h.end >= on)]  # fmt: skip
        latest: dict[str, Holding] = {}
        for h in sorted(valid, key=lambda h: h.start or ""):
            latest[h.owner] = h
        return list(latest.values())

    def listed_share(
        self, asset: str, on: str, depth: int = 6, owners: set[str] | None = None
    ) -> tuple[float, list[list[dict[str, Any]]]]:
        """Aggregate share (0-100) held by listed owners on a date, directly or through chains."""
        listed = self.listed if owners is None else owners
        chains: list[list[dict[str, Any]]] = []

        def walk(node: str, factor: float, path: list[dict[str, Any]], seen: set[str]) -> float:
            total = 0.0
            for h in self._current(node, on):
                if h.percentage is None or h.owner in seen:
                    continue
                step = {"owner": h.owner, "owner_caption": self.entities.get(h.owner, {}).get("caption"),
                        "asset": node, "percentage": h.percentage, "ownership": h.ownership_id}  # fmt: skip
                share = factor * h.percentage / 100
                if h.owner in listed:
                    chains.append([*path, step])
                    total += share
                elif depth > len(path):
                    total += walk(h.owner, share, [*path, step], seen | {h.owner})
            return total

        return round(min(100.0, 100 * walk(asset, 1.0, [], {asset})), 2), chains

    def fifty_percent(self, asset: str, on: str | None = None) -> dict[str, Any]:
        """OFAC's 50 % rule and the BIS affiliates rule, each in the version of that date."""
        on = on or date.today().isoformat()
        share, chains = self.listed_share(asset, on)
        result: dict[str, Any] = {
            "entity": asset, "caption": self.entities.get(asset, {}).get("caption"), "date": on,
            "listed_ownership_pct": share, "chains": chains, "rules": [],
        }  # fmt: skip
        for name, owners in (
            ("ofac-50-percent", self.listed),
            ("bis-affiliates", self.export_listed),
        ):
            version = version_on(name, on)
            if version is None:
                continue
            if not version["aggregate"]:
                pct = max(
                    (c[-1]["percentage"] for c in self.listed_share(asset, on, 1, owners)[1]),
                    default=0.0,
                )
            else:
                pct = self.listed_share(asset, on, owners=owners)[0]
            applies = version["threshold"] is not None and pct >= float(version["threshold"])
            result["rules"].append({"rule": f"{name}@{version['from']}", "note": version["note"],
                                    "share_pct": pct, "applies": applies})  # fmt: skip
        result["blocked_by_50_percent_rule"] = any(
            r["applies"] for r in result["rules"] if r["rule"].startswith("ofac")
        )
        return result
