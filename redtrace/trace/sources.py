"""What joins the order graph from the other sources: control and ownership stated in the
lists' FtM data (Ownership, Directorship), and facts from ingested documents (organisations
and list links named in them, and the relations stated between them, with the sentence).

Document mentions resolve to parties by rule ``same-name@1``: a mention whose normalised
name (legal form included) equals an order party's is that party; a list link resolves to
the list entry it names. Every edge keeps its evidence: document hash, span and sentence, or
the list entity that states the relation."""

from __future__ import annotations

from typing import Any

from redtrace.store.documents import document_facts
from redtrace.store.interface import StoreProtocol
from redtrace.trace import normal
from redtrace.trace.graph import PartyGraph, PartyNode

CONTROL = {
    "Ownership": ("owner", "asset", "owns"),
    "Directorship": ("director", "organization", "directs"),
}
PARTY_FACTS = {"Mention", "Company", "Organization", "Person"}


def add_control(graph: PartyGraph, store: StoreProtocol) -> int:
    """Ownership and directorship edges between list entities, from the FtM data loaded."""
    links: list[tuple[str, str, str, dict[str, Any]]] = []
    for dataset, record in store.current_records(tuple(CONTROL)):
        spec = CONTROL[record["schema"]]
        props = record["properties"]
        evidence = {"dataset": dataset, "entity": record["id"], "schema": record["schema"]}
        for key in ("percentage", "startDate", "endDate", "role"):
            if props.get(key):
                evidence[key] = props[key][0]
        for a in props.get(spec[0], []):
            for b in props.get(spec[1], []):
                links.append((a, b, spec[2], evidence))
    captions = store.captions(sorted({x for a, b, _, _ in links for x in (a, b)}))
    for a, b, relation, evidence in links:
        for node in (a, b):
            if f"list:{node}" not in graph.g:
                graph.g.add_node(f"list:{node}", kind="list_entry", label=captions.get(node, node))
        graph.g.add_edge(f"list:{a}", f"list:{b}", relation=relation, evidence=evidence)
    return len(links)


def _party_for(graph: PartyGraph, fact: dict[str, Any], doc_id: str) -> PartyNode:
    surface = " ".join(fact["surface"].split())
    if fact["schema"] == "Mention":
        entity = fact["properties"]["resolved"][0]
        key = f"listentity:{entity}"
    else:
        key = f"name:{normal.name(surface)}|"
    pid = graph.key_to_party(key) or graph.party_by_name(normal.name(surface))
    if pid is None:
        pid = graph.new_party(fact.get("caption") or surface,
                              "Organization" if fact["schema"] == "Mention" else fact["schema"], "")  # fmt: skip
    graph.remember(key, pid)
    node = graph.parties[pid]
    node.source_ids.add(f"{doc_id}#{fact['id'].rsplit('-', 1)[-1]}")
    node.roles.add("named in a document")
    for ref in fact.get("list_refs", []):
        if ref not in node.list_refs:
            node.list_refs.append(ref)
    if fact["schema"] == "Mention":
        entry = f"list:{fact['properties']['resolved'][0]}"
        if entry not in graph.g:
            graph.g.add_node(entry, kind="list_entry", label=fact.get("caption") or surface)
        if not graph.g.has_edge(pid, entry):
            graph.g.add_edge(pid, entry, relation="is list entry",
                             evidence={"document": fact["provenance"]["document"],
                                       "span": fact["span"], "confidence": fact["confidence"]})  # fmt: skip
    return node


def add_documents(graph: PartyGraph, store: StoreProtocol) -> int:
    """Documents, the parties named in them and the relations stated between those parties."""
    added = 0
    for doc, facts in document_facts(store):
        doc_node = f"doc:{doc['id']}"
        title = (
            doc["properties"].get("title") or doc["properties"].get("fileName") or [doc["id"]]
        )[0]
        graph.g.add_node(doc_node, kind="document", label=title)
        parties: dict[str, str] = {}
        for fact in facts:
            if fact["schema"] not in PARTY_FACTS:
                continue
            node = _party_for(graph, fact, doc["id"])
            parties[fact["id"]] = node.id
            graph.g.add_edge(node.id, doc_node, relation="named in",
                             evidence={"document": fact["provenance"]["document"], "span": fact["span"],
                                       "surface": fact["surface"], "method": fact["provenance"]["method"]})  # fmt: skip
        for fact in facts:
            if fact["schema"] != "UnknownLink":
                continue
            subjects = [parties[i] for i in fact["properties"].get("subject", []) if i in parties]
            objects = [parties[i] for i in fact["properties"].get("object", []) if i in parties]
            evidence = {"document": fact["provenance"]["document"], "sentence": fact["sentence"],
                        "method": fact["provenance"]["method"]}  # fmt: skip
            if subjects and objects and subjects[0] != objects[0]:
                graph.g.add_edge(
                    subjects[0], objects[0], relation=fact["relation"], evidence=evidence
                )
                added += 1
            elif objects:  # the subject is not named ("The engines were paid by ...")
                graph.g.add_edge(doc_node, objects[0], relation=fact["relation"], evidence=evidence)
        added += 1
    return added
