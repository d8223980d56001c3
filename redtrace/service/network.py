"""A party's network, for the faces that draw it: the neighbourhood in the party graph of
the checked orders, lists and documents, and the reasons of the cluster it belongs to."""

from __future__ import annotations

from typing import Any

from redtrace.store.interface import StoreProtocol
from redtrace.trace import build_graph, clusters, cytoscape, find_party, neighbourhood

__all__ = ["party_network"]


def party_network(store: StoreProtocol, key: str, depth: int = 2) -> dict[str, Any] | None:
    """The neighbourhood of the party ``key`` (the id it carries in its order record,
    redtrace's party id, or its name); ``None`` if no party is known by it.

    ``nodes`` and ``edges`` as ``trace.neighbourhood`` gives them, ``elements`` for
    Cytoscape.js, and the cluster (members, shared identifiers, reasons in words) that
    ties the party to others, if any."""
    graph = build_graph(store)
    pid = find_party(graph, key)
    if pid is None:
        return None
    view = neighbourhood(graph, pid, depth)
    cluster = next((c for c in clusters(graph) if any(m["id"] == pid for m in c["members"])), None)
    if cluster is not None:
        # The cluster's members are drawn even when they are more than ``depth`` away.
        drawn = {n["id"] for n in view["nodes"]}
        for member in cluster["members"]:
            if member["id"] not in drawn:
                extra = neighbourhood(graph, member["id"], 1)
                known = {n["id"] for n in view["nodes"]}
                view["nodes"] += [n for n in extra["nodes"] if n["id"] not in known]
                seen = {(e["from"], e["to"], e["relation"]) for e in view["edges"]}
                view["edges"] += [e for e in extra["edges"]
                                  if (e["from"], e["to"], e["relation"]) not in seen]  # fmt: skip
    order_ids = {n["id"]: n.get("label") for n in view["nodes"] if n.get("kind") == "order"}
    return {
        "party": pid,
        "caption": graph.parties[pid].caption if pid in graph.parties else pid,
        "nodes": view["nodes"],
        "edges": view["edges"],
        "elements": cytoscape(view)["elements"],
        "cluster": cluster,
        "orders": order_ids,
    }
