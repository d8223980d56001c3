"""The whole party graph from the store: checked orders, then the lists' ownership and
control, then ingested documents, then the judgements applied."""

from __future__ import annotations

from redtrace.store.interface import StoreProtocol
from redtrace.store.orders import checked_orders
from redtrace.trace.graph import PartyGraph
from redtrace.trace.resolve import active, apply
from redtrace.trace.sources import add_control, add_documents


def build_graph(store: StoreProtocol) -> PartyGraph:
    graph = PartyGraph()
    seen: set[str] = set()
    for order, result in checked_orders(store):
        if order["id"] in seen:
            continue
        seen.add(order["id"])
        graph.add_order(order, result)
    add_documents(graph, store)
    add_control(graph, store)
    apply(graph, active(store))
    return graph
