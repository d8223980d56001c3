"""What changed between two versions of a dataset: added, removed and changed entries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from redtrace.store.duck import StoreError
from redtrace.store.interface import StoreProtocol


@dataclass(slots=True)
class Change:
    """One entry that differs between two versions; ``fields`` names what changed."""

    kind: str  # added | removed | changed
    id: str
    caption: str | None
    fields: list[str] = field(default_factory=list)
    record: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"change": self.kind, "id": self.id, "caption": self.caption}
        if self.fields:
            out["fields"] = self.fields
        if self.record is not None:
            out["list_refs"] = self.record.get("list_refs", [])
        return out


def resolve_versions(
    store: StoreProtocol, dataset: str, v_from: int | None, v_to: int | None
) -> tuple[int, int]:
    """Default: the version before the current one, to the current one."""
    to = v_to if v_to is not None else store.current_version(dataset)
    if to is None:
        raise StoreError(f"dataset {dataset!r} is not loaded")
    if v_from is None:
        older = [v.version for v in store.versions(dataset) if v.version < to]
        if not older:
            raise StoreError(f"dataset {dataset!r} has no version before {to} to compare with")
        v_from = max(older)
    for v in (v_from, to):
        if store.version(dataset, v) is None:
            raise StoreError(f"dataset {dataset!r} has no version {v}")
    return v_from, to


def diff(store: StoreProtocol, dataset: str, v_from: int, v_to: int) -> Iterator[Change]:
    """Changes from ``v_from`` to ``v_to``, added and changed entries with their new record."""
    rows = store.con.execute(
        """SELECT coalesce(a.id, b.id), a.record, b.record, a.digest, b.digest
           FROM (SELECT * FROM entities WHERE dataset = ? AND version = ?) a
           FULL OUTER JOIN (SELECT * FROM entities WHERE dataset = ? AND version = ?) b
           ON a.id = b.id
           WHERE a.digest IS DISTINCT FROM b.digest
           ORDER BY 1""",
        [dataset, v_from, dataset, v_to],
    )
    while batch := rows.fetchmany(1000):
        for entity_id, old_raw, new_raw, _, _ in batch:
            old = orjson.loads(old_raw) if old_raw else None
            new = orjson.loads(new_raw) if new_raw else None
            if old is None and new is not None:
                yield Change("added", entity_id, new.get("caption"), record=new)
            elif new is None and old is not None:
                yield Change("removed", entity_id, old.get("caption"), record=old)
            elif old is not None and new is not None:
                yield Change(
                    "changed", entity_id, new.get("caption"), changed_fields(old, new), new
                )


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    fields = [k for k in ("schema", "caption") if old.get(k) != new.get(k)]
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for prop in sorted(set(old_props) | set(new_props)):
        if sorted(old_props.get(prop, [])) != sorted(new_props.get(prop, [])):
            fields.append(prop)
    for key in ("list_refs", "sanctions"):
        old_items = sorted(orjson.dumps(x, option=orjson.OPT_SORT_KEYS) for x in old.get(key, []))
        new_items = sorted(orjson.dumps(x, option=orjson.OPT_SORT_KEYS) for x in new.get(key, []))
        if old_items != new_items:
            fields.append(key)
    return fields
