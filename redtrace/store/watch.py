"""The watch index: retrieval keys of the stored parties, for reverse delta screening.

A party's keys are written in the same transaction as the party, so the index never lags the
party set. The keys depend on how names are prepared, so the store remembers which key
version wrote them; a different version means the index is rebuilt before it is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson

from redtrace.store.interface import StoreProtocol

KEY_COLUMNS = {"party_id": "VARCHAR", "key": "VARCHAR", "name_no": "INTEGER", "pos": "INTEGER",
               "weight": "DOUBLE", "total": "DOUBLE"}  # fmt: skip
# A key row: (key, name number, token position, token weight, the name's total weight).
KeyRow = tuple[str, int, int, float, float]
BATCH = 200_000


def write_keys(store: StoreProtocol, keys: Mapping[str, Iterable[KeyRow]]) -> int:
    """Replace the keys of these parties (inside the caller's transaction); returns rows."""
    if not keys:
        return 0
    ids = list(keys)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        marks = ", ".join("?" for _ in chunk)
        store.con.execute(f"DELETE FROM watch_keys WHERE party_id IN ({marks})", chunk)
    written = 0
    rows: list[dict[str, Any]] = []
    for party_id, party_keys in keys.items():
        rows.extend({"party_id": party_id, "key": k, "name_no": n, "pos": pos, "weight": w,
                     "total": t} for k, n, pos, w, t in party_keys)  # fmt: skip
        if len(rows) >= BATCH:
            store.bulk_insert("watch_keys", KEY_COLUMNS, rows)
            written += len(rows)
            rows = []
    store.bulk_insert("watch_keys", KEY_COLUMNS, rows)
    return written + len(rows)


def key_version(store: StoreProtocol) -> str | None:
    row = store.con.execute("SELECT value FROM watch_meta WHERE name = 'key_version'").fetchone()
    return str(row[0]) if row else None


def set_key_version(store: StoreProtocol, version: str) -> None:
    store.con.execute("DELETE FROM watch_meta WHERE name = 'key_version'")
    store.con.execute("INSERT INTO watch_meta VALUES ('key_version', ?)", [version])


def clear_keys(store: StoreProtocol) -> None:
    store.con.execute("DELETE FROM watch_keys")


def unindexed_parties(store: StoreProtocol) -> Iterator[dict[str, Any]]:
    """Parties stored without keys (written before the watch index existed)."""
    cursor = store.con.execute(
        "SELECT record FROM parties WHERE id NOT IN (SELECT DISTINCT party_id FROM watch_keys)"
        " ORDER BY id"
    )
    while batch := cursor.fetchmany(5000):
        for (raw,) in batch:
            yield orjson.loads(raw)


def parties_with_keys(
    store: StoreProtocol, lookups: Iterable[tuple[str, int]], floor: float
) -> list[dict[str, Any]]:
    """The stored parties one of whose names shares keys with one entry (``lookups``: key,
    entry number) carrying at least ``floor`` of the name's weight; ordered by id."""
    wanted = [{"key": k, "entry": e} for k, e in set(lookups)]
    if not wanted:
        return []
    with store.transaction():
        store.con.execute("CREATE TEMP TABLE IF NOT EXISTS lookup_keys (key VARCHAR, entry INTEGER)")
        store.con.execute("DELETE FROM lookup_keys")
        store.bulk_insert("lookup_keys", {"key": "VARCHAR", "entry": "INTEGER"}, wanted)
        rows = store.con.execute(
            """WITH hits AS (
                   SELECT w.party_id, w.name_no, l.entry, w.pos,
                          max(w.weight) AS weight, max(w.total) AS total
                   FROM watch_keys w JOIN lookup_keys l ON w.key = l.key
                   GROUP BY w.party_id, w.name_no, l.entry, w.pos),
               shares AS (
                   SELECT party_id, sum(weight) AS a, max(total) AS t
                   FROM hits GROUP BY party_id, name_no, entry)
               SELECT p.record FROM parties p WHERE p.id IN (
                   SELECT party_id FROM shares
                   WHERE t <= 0 OR a >= ? * t)
               ORDER BY p.id""",
            [floor - 1e-9],
        ).fetchall()
        store.con.execute("DELETE FROM lookup_keys")
    return [orjson.loads(r[0]) for r in rows]


def count_keys(store: StoreProtocol) -> int:
    row = store.con.execute("SELECT count(*) FROM watch_keys").fetchone()
    return int(row[0]) if row else 0
