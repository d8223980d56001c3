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
    nodes = {n["id"]: n for n in view["nodes"]}
    edges = list(view["edges"])
    # The cluster's members are drawn with their own orders and identifiers, however far
    # from the party they are.
    for member in cluster["members"] if cluster else []:
        extra = neighbourhood(graph, member["id"], 1)
        for node in extra["nodes"]:
            nodes.setdefault(node["id"], node)
        edges += extra["edges"]
    view = {"entity": pid, "nodes": list(nodes.values()), "edges": _distinct(edges)}
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


def _distinct(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One edge per pair and relation (a party named in several roles of one order links
    to its address once per role), with every distinct piece of evidence kept."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for edge in edges:
        a, b = sorted((edge["from"], edge["to"]))
        key = (a, b, edge["relation"])
        if key not in out:
            out[key] = {**edge, "evidence": [edge["evidence"]]}
        elif edge["evidence"] not in out[key]["evidence"]:
            out[key]["evidence"].append(edge["evidence"])
    return list(out.values())
