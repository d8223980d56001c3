"""Reads across current entities beyond the store's own version queries."""

from __future__ import annotations

from typing import Any

import orjson

from redtrace.store.interface import StoreProtocol


def referencing(
    store: StoreProtocol, dataset: str, entity_id: str, limit: int = 50
) -> list[tuple[str, dict[str, Any]]]:
    """Current entities of ``dataset`` whose record names ``entity_id`` (FtM links to it)."""
    needle = orjson.dumps(entity_id).decode()
    rows = store.con.execute(
        """SELECT e.dataset, e.record FROM entities e JOIN current c
           ON e.dataset = c.dataset AND e.version = c.version
           WHERE e.dataset = ? AND e.id <> ? AND strpos(e.record, ?) > 0 LIMIT ?""",
        [dataset, entity_id, needle, limit],
    ).fetchall()
    return [(ds, orjson.loads(raw)) for ds, raw in rows]


def entity_at(
    store: StoreProtocol, dataset: str, version: int, entity_id: str
) -> dict[str, Any] | None:
    """An entity as it stood in one version of its list."""
    row = store.con.execute(
        "SELECT record FROM entities WHERE dataset = ? AND version = ? AND id = ?",
        [dataset, version, entity_id],
    ).fetchone()
    return orjson.loads(row[0]) if row else None


def version_by_hash(store: StoreProtocol, dataset: str, sha256: str) -> int | None:
    """The version of ``dataset`` whose files hash to ``sha256`` (the latest if several)."""
    row = store.con.execute(
        "SELECT max(version) FROM versions WHERE dataset = ? AND sha256 = ?", [dataset, sha256]
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def entities_by_ref(
    store: StoreProtocol, dataset: str, version: int, refs: list[str]
) -> list[dict[str, Any]]:
    """Entities of one version of ``dataset`` that carry any of these list references."""
    if not refs:
        return []
    rows = store.con.execute(
        f"""SELECT DISTINCT e.record FROM entities e JOIN refs r ON r.dataset = e.dataset
            AND r.version = e.version AND r.id = e.id
            WHERE e.dataset = ? AND e.version = ? AND r.ref IN ({", ".join("?" * len(refs))})""",
        [dataset, version, *refs],
    ).fetchall()
    return [orjson.loads(r[0]) for r in rows]
