"""Clusters: parties tied by shared addresses, phones, e-mails or payers, riskiest first."""

from __future__ import annotations

from typing import Any

import networkx as nx

from redtrace.trace.graph import PartyGraph

WEIGHTS = {
    "listed": 0.5,
    "flagged": 0.25,
    "goods": 0.15,
    "payer": 0.15,
    "suppliers": 0.1,
    "size": 0.05,
}


def clusters(graph: PartyGraph, min_size: int = 2) -> list[dict[str, Any]]:
    shared = graph.shared()
    links = nx.Graph()
    for _node, users in shared.items():
        for a in users:
            links.add_node(a)
            for b in users:
                if a < b:
                    links.add_edge(a, b)
    out: list[dict[str, Any]] = []
    for component in nx.connected_components(links):
        if len(component) < min_size:
            continue
        members = [graph.parties[p] for p in sorted(component, key=lambda x: int(x[2:]))]
        ties = [{"type": node.split(":", 1)[0], "value": graph.g.nodes[node]["label"], "members": users}
                for node, users in shared.items() if set(users) <= component]  # fmt: skip
        listed = [m for m in members if m.list_refs]
        flagged = sorted({o for m in members for o in m.flagged_orders})
        goods = sorted({g for m in members for g in m.goods})
        payers = [t for t in ties if t["type"] == "payer"]
        sellers = {s for m in members for s in m.sellers}
        risk = 1.0
        for key, present in (("listed", listed), ("flagged", flagged), ("goods", goods),
                             ("payer", payers), ("suppliers", len(sellers) >= 3),
                             ("size", len(members) >= 3)):  # fmt: skip
            if present:
                risk *= 1 - WEIGHTS[key]
        reasons = [_tie_reason(ties, len(members))]
        if listed:
            reasons.append(f"{len(listed)} member(s) match list entries")
        if flagged:
            reasons.append(f"{len(flagged)} order(s) held for red flags")
        if goods:
            reasons.append("orders of " + ", ".join(goods[:4]))
        if len(sellers) >= 3:
            reasons.append(f"buys from {len(sellers)} different suppliers")
        out.append({
            "risk": round(1 - risk, 3),
            "members": [{"id": m.id, "caption": m.caption, "schema": m.schema,
                         "source_ids": sorted(m.source_ids), "roles": sorted(m.roles),
                         "list_refs": m.list_refs} for m in members],
            "shared": ties, "reasons": reasons,
            "orders": sorted({o for m in members for o in m.orders}),
        })  # fmt: skip
    out.sort(key=lambda c: (-float(c["risk"]), -len(c["members"])))
    for n, cluster in enumerate(out, start=1):
        cluster["cluster_id"] = f"c-{n:04d}"
    return [{"cluster_id": c.pop("cluster_id"), **c} for c in out]


def _tie_reason(ties: list[dict[str, Any]], size: int) -> str:
    kinds = sorted({t["type"] for t in ties})
    return f"{size} parties share " + " and ".join(
        f"{sum(t['type'] == k for t in ties)} {k}(s)" for k in kinds
    )
