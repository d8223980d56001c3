"""``GET /entities/{id}``: an entity with its list refs, versions, first/last seen, neighbours."""

from __future__ import annotations

from typing import Any

from redtrace.store import StoreProtocol
from redtrace.store.entities import referencing


def describe(store: StoreProtocol, entity_id: str, nested: bool = False) -> dict[str, Any] | None:
    """The entity with id ``entity_id``, else the first that carries it as a list reference
    (the caller redirects there). ``nested``: its sanctions as FtM Sanction entities in
    ``properties.sanctions``, as yente nests related entities."""
    found = store.find(entity_id)
    found = [(d, r) for d, r in found if r["id"] == entity_id] or found
    if not found:
        return None
    dataset, record = found[0]
    version = store.version(dataset)
    seen = store.seen(dataset, record["id"])
    record = dict(record)
    record["datasets"] = [dataset]
    record["provenance"] = {
        "dataset": dataset,
        "version": version.version if version else None,
        "sha256": version.sha256 if version else None,
        "published": version.published if version else None,
        "first_seen_version": seen[0] if seen else None,
        "last_seen_version": seen[1] if seen else None,
    }
    record["adjacent"] = _adjacent(store, dataset, record)
    if nested:
        props = dict(record["properties"])
        props["sanctions"] = [
            {"id": f"{record['id']}-sanction-{n}", "schema": "Sanction", "datasets": [dataset],
             "properties": {**sanction, "entity": [record["id"]]}}
            for n, sanction in enumerate(record.get("sanctions", []), start=1)
        ]  # fmt: skip
        record["properties"] = props
    return record


def _adjacent(store: StoreProtocol, dataset: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Entries of other lists sharing a list reference, and FtM entities that point here."""
    out: list[dict[str, Any]] = []
    seen = {record["id"]}
    for ref in record.get("list_refs", []):
        for ds, other in store.find(ref["ref"], ref["dataset"]):
            if other["id"] not in seen:
                seen.add(other["id"])
                out.append({"id": other["id"], "caption": other["caption"], "schema": other["schema"],
                            "dataset": ds, "relation": f"shares {ref['dataset']}:{ref['ref']}"})  # fmt: skip
    for ds, other in referencing(store, dataset, record["id"]):
        props = [p for p, vs in other["properties"].items() if record["id"] in vs]
        if props and other["id"] not in seen:
            seen.add(other["id"])
            out.append({"id": other["id"], "caption": other["caption"], "schema": other["schema"],
                        "dataset": ds, "relation": f"{other['schema']}.{props[0]}"})  # fmt: skip
    return out
