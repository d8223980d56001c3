"""Reconciliation (W3C Entity Reconciliation Community Group, API version 0.2), the protocol
OpenRefine speaks: a batch of reconciliation queries becomes screening queries, each
candidate a reconciliation candidate; types are FtM schemata, properties FtM properties.

Only the translation lives here; screening is ``match_queries`` as for every face.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from redtrace.screen import MAX_LIMIT, Matcher
from redtrace.screen import QUERY_SCHEMATA as SCHEMATA
from redtrace.service.audit import Recorder
from redtrace.service.screening import match_queries
from redtrace.store import StoreProtocol

__all__ = [
    "EXTEND_PROPERTIES",
    "MATCH_PROPERTIES",
    "TYPES",
    "ReconcileError",
    "extend",
    "propose_properties",
    "reconcile",
    "suggest",
]

TYPES: dict[str, str] = {
    "Thing": "Any listed party",
    "Person": "Person",
    "LegalEntity": "Legal entity (person or organisation)",
    "Organization": "Organisation",
    "Company": "Company",
    "Vessel": "Vessel",
    "Airplane": "Airplane",
}
assert set(TYPES) == set(SCHEMATA)  # every schema a query accepts, and no other

# The FtM properties a reconciliation query may give (match.md), with their labels.
MATCH_PROPERTIES: dict[str, str] = {
    "alias": "Other name", "firstName": "First name", "lastName": "Last name",
    "birthDate": "Birth date", "nationality": "Nationality", "country": "Country",
    "jurisdiction": "Jurisdiction", "address": "Address",
    "registrationNumber": "Registration number", "idNumber": "ID number",
    "passportNumber": "Passport number", "imoNumber": "IMO number", "leiCode": "LEI",
    "innCode": "INN", "taxNumber": "Tax number",
}  # fmt: skip

# What data extension can add to a reconciled row: a list entry's references and terms.
EXTEND_PROPERTIES: dict[str, str] = {
    "list_refs": "List references (dataset:reference)",
    "datasets": "Lists carrying the entry",
    "programs": "Sanctions programmes",
    "countries": "Countries and nationalities",
    "birthDate": "Birth date",
    "alias": "Other names",
    "idNumber": "ID numbers",
    "schema": "Entity type",
}
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")


class ReconcileError(ValueError):
    """A reconciliation request that cannot be answered; the message names the query."""


def _values(value: Any) -> list[str]:
    """A property value as the spec allows it: a string, number, boolean, an entity
    ``{"id", "name"}`` or a list of those."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("id")
        if isinstance(item, bool) or item is None:
            continue
        text = str(item).strip()
        if text:
            out.append(text)
    return out


def to_query(key: str, spec: Any) -> tuple[dict[str, Any], int]:
    """One reconciliation query as an FtM query, and its candidate limit."""
    if not isinstance(spec, dict):
        raise ReconcileError(f"query {key!r}: must be an object")
    types = spec.get("type", "Thing")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise ReconcileError(f"query {key!r}: type must be a type id or a list of them")
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        raise ReconcileError(
            f"query {key!r}: unknown type {unknown[0]!r}; known: {', '.join(TYPES)}"
        )
    # Several types: the most general one holds them all (Person and Company: LegalEntity).
    schema = types[0] if len(types) == 1 else _common_type(types)
    props: dict[str, list[str]] = {}
    if isinstance(spec.get("query"), str) and spec["query"].strip():
        props["name"] = [spec["query"].strip()]
    for item in spec.get("properties") or []:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str):
            raise ReconcileError(f"query {key!r}: each property needs a pid and a v")
        pid = item["pid"]
        if pid not in MATCH_PROPERTIES and pid != "name":
            raise ReconcileError(
                f"query {key!r}: unknown property {pid!r}; known: {', '.join(MATCH_PROPERTIES)}"
            )
        props.setdefault(pid, []).extend(_values(item.get("v")))
    limit = spec.get("limit", 5)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 1:
        raise ReconcileError(f"query {key!r}: limit must be a positive number")
    return {"schema": schema, "properties": props}, min(int(limit), MAX_LIMIT)


def _common_type(types: list[str]) -> str:
    if set(types) <= {"Person", "Organization", "Company", "LegalEntity"}:
        return "LegalEntity"
    return "Thing"


def _candidate(result: dict[str, Any]) -> dict[str, Any]:
    refs = ", ".join(f"{r['dataset']}:{r['ref']}" for r in result["list_refs"][:6])
    born = ", ".join(result["properties"].get("birthDate", [])[:3])
    description = f"{result['schema']}; {refs}" + (f"; born {born}" if born else "")
    return {
        "id": result["id"],
        "name": result["caption"],
        "description": description,
        "score": result["score"],
        "match": result["match"],
        "type": [{"id": result["schema"], "name": TYPES.get(result["schema"], result["schema"])}],
        "features": [{"id": k, "value": v} for k, v in result["features"].items()],
    }


def reconcile(
    matcher: Matcher,
    queries: Any,
    dataset: str,
    *,
    user: str,
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    """A query batch ``{key: {query, type, properties, limit}}`` to ``{key: {result}}``."""
    if not isinstance(queries, dict) or not queries:
        raise ReconcileError("queries must be an object of queries keyed by id")
    converted = {key: to_query(str(key), spec) for key, spec in queries.items()}
    out: dict[str, Any] = {}
    # One screening call per distinct limit, so each query gets the candidates it asked for.
    for limit in sorted({lim for _, lim in converted.values()}):
        batch = {k: q for k, (q, lim) in converted.items() if lim == limit}
        answered = match_queries(matcher, batch, dataset, limit=limit, user=user,
                                 recorder=recorder)["responses"]  # fmt: skip
        for key, response in answered.items():
            if response["status"] != 200:
                raise ReconcileError(f"query {key!r}: {response['error']['message']}")
            out[key] = {"result": [_candidate(r) for r in response["results"]]}
    return {str(k): out[str(k)] for k in queries}


def _prefixed(prefix: str, items: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    low = prefix.strip().lower()
    return [{"id": k, "name": v} for k, v in items
            if not low or k.lower().startswith(low) or low in v.lower()]  # fmt: skip


def suggest(
    kind: str,
    prefix: str,
    matcher: Matcher | None = None,
    dataset: str = "default",
    limit: int = 10,
    user: str = "local",
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    """The suggest services: ``entity`` (names that start like ``prefix``), ``type`` and
    ``property`` (the ones a query can use)."""
    if kind == "type":
        return {"result": _prefixed(prefix, TYPES.items())[:limit]}
    if kind == "property":
        return {"result": _prefixed(prefix, MATCH_PROPERTIES.items())[:limit]}
    if kind != "entity" or matcher is None:
        raise ReconcileError(f"no suggest service for {kind!r}")
    if not prefix.strip():
        return {"result": []}
    query = {"q": {"schema": "Thing", "properties": {"name": [prefix.strip()]}}}
    response = match_queries(matcher, query, dataset, cutoff=0.3, limit=limit, user=user,
                             recorder=recorder)["responses"]["q"]  # fmt: skip
    results = response.get("results", [])
    return {"result": [{"id": r["id"], "name": r["caption"],
                        "description": _candidate(r)["description"],
                        "notable": [r["schema"]]} for r in results]}  # fmt: skip


def propose_properties(type_id: str, limit: int = 20) -> dict[str, Any]:
    """The properties data extension can add to rows reconciled to ``type_id``."""
    if type_id not in TYPES:
        raise ReconcileError(f"unknown type {type_id!r}; known: {', '.join(TYPES)}")
    props = [{"id": k, "name": v} for k, v in EXTEND_PROPERTIES.items()][:limit]
    return {"type": type_id, "properties": props, "limit": limit}


def _extend_values(record: dict[str, Any], datasets: list[str], prop: str) -> list[str]:
    props: dict[str, list[str]] = record.get("properties", {})
    if prop == "list_refs":
        return [f"{r['dataset']}:{r['ref']}" for r in record.get("list_refs", [])]
    if prop == "datasets":
        return datasets
    if prop == "programs":
        found = [p for s in record.get("sanctions", []) for p in s.get("program", [])]
        return list(dict.fromkeys(found))
    if prop == "countries":
        return list(dict.fromkeys(v for p in _COUNTRY_PROPS for v in props.get(p, [])))
    if prop == "schema":
        return [record["schema"]]
    return list(props.get(prop, []))


def extend(store: StoreProtocol, query: Any) -> dict[str, Any]:
    """Data extension: for each entity id, the values of the properties asked for."""
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list):
        raise ReconcileError("extend needs ids (a list) and properties")
    wanted = query.get("properties")
    if not isinstance(wanted, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) for p in wanted
    ):
        raise ReconcileError("extend: properties must be a list of {id}")
    pids = [p["id"] for p in wanted]
    unknown = [p for p in pids if p not in EXTEND_PROPERTIES]
    if unknown:
        raise ReconcileError(
            f"extend: unknown property {unknown[0]!r}; known: {', '.join(EXTEND_PROPERTIES)}"
        )
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for entity_id in query["ids"][: MAX_LIMIT * 10]:
        if not isinstance(entity_id, str):
            raise ReconcileError("extend: ids must be strings")
        found = [(d, r) for d, r in store.find(entity_id) if r["id"] == entity_id]
        record = found[0][1] if found else {}
        datasets = [d for d, _ in found]
        rows[entity_id] = {
            pid: [{"str": v} for v in (_extend_values(record, datasets, pid) if record else [])]
            for pid in pids
        }
    meta = [{"id": pid, "name": EXTEND_PROPERTIES[pid]} for pid in pids]
    return {"meta": meta, "rows": rows}
