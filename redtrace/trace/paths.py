"""Shortest evidence-backed paths between two parties, and a party's neighbourhood."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import orjson

from redtrace.trace import normal
from redtrace.trace.graph import PartyGraph


def find_party(graph: PartyGraph, key: str) -> str | None:
    """A party by its graph id, a source id (as the order gave it) or its exact name; or a
    list entry by its node id ("list:un-QDe.115") or entity id."""
    if key in graph.parties or (key.startswith(("list:", "doc:")) and key in graph.g):
        return key
    if f"list:{key}" in graph.g:
        return f"list:{key}"
    for pid, node in graph.parties.items():
        if key in node.source_ids or key.lower() == node.caption.lower():
            return pid
    return graph.party_by_name(normal.name(key))


def _edge(graph: PartyGraph, a: str, b: str) -> dict[str, Any]:
    data = next(iter(graph.g.get_edge_data(a, b).values()))
    return {"from": a, "to": b, "relation": data["relation"], "evidence": data["evidence"]}


def paths(graph: PartyGraph, a: str, b: str, max_hops: int = 6, limit: int = 5) -> dict[str, Any]:
    simple = nx.Graph(graph.g)
    found = []
    try:
        for path in nx.all_shortest_paths(simple, a, b):
            if len(path) - 1 > max_hops:
                break
            found.append({"hops": [_edge(graph, x, y) for x, y in itertools.pairwise(path)]})
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        pass
    return {"paths": found}


def neighbourhood(graph: PartyGraph, entity: str, depth: int = 2) -> dict[str, Any]:
    nodes = nx.single_source_shortest_path_length(graph.g, entity, cutoff=depth)
    sub = graph.g.subgraph(nodes)
    return {
        "entity": entity,
        "nodes": [{"id": n, **d} for n, d in sub.nodes(data=True)],
        "edges": [
            {"from": a, "to": b, "relation": d["relation"], "evidence": d["evidence"]}
            for a, b, d in sub.edges(data=True)
        ],
    }


def cytoscape(view: dict[str, Any]) -> dict[str, Any]:
    """The neighbourhood as Cytoscape.js elements, for the web view."""
    return {"elements": {
        "nodes": [{"data": {"id": n["id"], "label": n.get("label"), "kind": n.get("kind")}} for n in view["nodes"]],
        "edges": [{"data": {"id": f"e{i}", "source": e["from"], "target": e["to"], "label": e["relation"]}}
                  for i, e in enumerate(view["edges"])],
    }}  # fmt: skip


def ftm(graph: PartyGraph, view: dict[str, Any]) -> list[dict[str, Any]]:
    """The neighbourhood as FollowTheMoney entities: parties with the identifiers they use,
    and UnknownLink entities for party-to-party relations, each with its evidence."""
    out: list[dict[str, Any]] = []
    ids = {n["id"] for n in view["nodes"]}
    for pid in ids & set(graph.parties):
        node = graph.parties[pid]
        props: dict[str, list[str]] = {
            "name": [node.caption],
            "country": [node.country] if node.country else [],
        }
        for neighbour in graph.g.neighbors(pid):
            kind = graph.g.nodes[neighbour]["kind"]
            if kind in ("address", "phone", "email"):
                props.setdefault(kind, []).append(graph.g.nodes[neighbour]["label"])
        out.append({"id": pid, "schema": node.schema, "properties": {k: v for k, v in props.items() if v},
                    "source_ids": sorted(node.source_ids)})  # fmt: skip
    for n, edge in enumerate(view["edges"]):
        if edge["from"] in graph.parties and edge["to"] in graph.parties:
            out.append({"id": f"link-{n}", "schema": "UnknownLink",
                        "properties": {"subject": [edge["from"]], "object": [edge["to"]],
                                       "role": [edge["relation"]],
                                       "description": [orjson.dumps(edge["evidence"]).decode()]}})  # fmt: skip
    return out
