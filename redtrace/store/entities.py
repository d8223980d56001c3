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
