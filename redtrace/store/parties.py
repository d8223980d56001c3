"""The stored party set (customers, suppliers...) that ``redtrace rescreen`` keeps screening."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from redtrace.store.interface import StoreProtocol


def save_parties(store: StoreProtocol, records: Iterable[dict[str, Any]]) -> int:
    """Insert or replace parties by id; returns how many were written."""
    now = datetime.now(UTC).replace(tzinfo=None)
    # The same id twice in one batch: the later record wins, as a second load would.
    latest = {r["id"]: r for r in records}
    rows = [(pid, orjson.dumps(r).decode(), now) for pid, r in latest.items()]
    if not rows:
        return 0
    with store.transaction():
        store.con.execute(
            "CREATE TEMP TABLE IF NOT EXISTS new_parties AS SELECT * FROM parties LIMIT 0"
        )
        store.con.execute("DELETE FROM new_parties")
        store.con.executemany("INSERT INTO new_parties VALUES (?, ?, ?)", rows)
        store.con.execute("DELETE FROM parties WHERE id IN (SELECT id FROM new_parties)")
        store.con.execute("INSERT INTO parties SELECT * FROM new_parties")
    return len(rows)


def iter_parties(store: StoreProtocol) -> Iterator[dict[str, Any]]:
    cursor = store.con.execute("SELECT record FROM parties ORDER BY id")
    while batch := cursor.fetchmany(5000):
        for (raw,) in batch:
            yield orjson.loads(raw)


def party_names(store: StoreProtocol, ids: list[str]) -> dict[str, str]:
    """The first name of each watched party asked for (ids not stored are left out)."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = store.con.execute(f"SELECT id, record FROM parties WHERE id IN ({marks})", ids)
    out = {}
    for pid, raw in rows.fetchall():
        names = (orjson.loads(raw).get("properties") or {}).get("name") or [""]
        out[str(pid)] = str(names[0])
    return out


def count_parties(store: StoreProtocol) -> int:
    row = store.con.execute("SELECT count(*) FROM parties").fetchone()
    return int(row[0]) if row else 0


def last_rescreened(store: StoreProtocol, dataset: str) -> int | None:
    row = store.con.execute(
        "SELECT max(to_version) FROM rescreens WHERE dataset = ?", [dataset]
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def record_rescreen(
    store: StoreProtocol,
    dataset: str,
    from_version: int | None,
    to_version: int,
    parties: int,
    changed: int,
    alerts: int,
) -> None:
    store.con.execute(
        "INSERT INTO rescreens VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            dataset,
            from_version,
            to_version,
            datetime.now(UTC).replace(tzinfo=None),
            parties,
            changed,
            alerts,
        ],
    )


def save_alerts(store: StoreProtocol, alerts: list[dict[str, Any]]) -> None:
    """Store screening alerts (a party against changed list entries), open for a person."""
    if not alerts:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    store.con.executemany(
        """INSERT INTO screening_alerts
           (party_id, dataset, from_version, to_version, raised_at, status, result)
           VALUES (?, ?, ?, ?, ?, 'open', ?)""",
        [[a["id"], a["dataset"], a["from_version"], a["to_version"], now,
          orjson.dumps(a).decode()] for a in alerts],
    )  # fmt: skip


def open_alerts(store: StoreProtocol) -> list[dict[str, Any]]:
    """Screening alerts nobody has decided yet, oldest first."""
    rows = store.con.execute(
        "SELECT result, raised_at FROM screening_alerts WHERE status = 'open' ORDER BY raised_at"
    ).fetchall()
    return [{**orjson.loads(r), "raised_at": at} for r, at in rows]


def get_party(store: StoreProtocol, party_id: str) -> dict[str, Any] | None:
    row = store.con.execute("SELECT record FROM parties WHERE id = ?", [party_id]).fetchone()
    return orjson.loads(row[0]) if row else None


def close_decided_alerts(
    store: StoreProtocol, party_id: str, decided: set[str], status: str, user: str, reason: str
) -> int:
    """Close the party's open alerts whose every hit is among ``decided``, with a person's
    verdict; returns how many."""
    rows = store.con.execute(
        "SELECT dataset, to_version, result FROM screening_alerts"
        " WHERE party_id = ? AND status = 'open'",
        [party_id],
    ).fetchall()
    closed = 0
    for dataset, version, raw in rows:
        if {h["id"] for h in orjson.loads(raw)["results"]} <= decided:
            store.con.execute(
                "UPDATE screening_alerts SET status = ?, decided_by = ?, reason = ?,"
                " decided_at = ? WHERE party_id = ? AND dataset = ? AND to_version = ?"
                " AND status = 'open'",
                [status, user, reason, datetime.now(UTC).replace(tzinfo=None), party_id,
                 dataset, version],
            )  # fmt: skip
            closed += 1
    return closed


def alerts_of(store: StoreProtocol, party_id: str) -> list[dict[str, Any]]:
    """Every screening alert raised on one party, oldest first, with its status."""
    rows = store.con.execute(
        "SELECT result, raised_at, status FROM screening_alerts WHERE party_id = ?"
        " ORDER BY raised_at",
        [party_id],
    ).fetchall()
    return [{**orjson.loads(r), "raised_at": at, "status": s} for r, at, s in rows]
def decide_alerts(store: StoreProtocol, party_id: str, status: str, user: str, reason: str) -> int:
    """Close the open screening alerts of one party with a person's verdict; returns how
    many. A later list change that matches the party raises a new alert."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        row = store.con.execute(
            "SELECT count(*) FROM screening_alerts WHERE party_id = ? AND status = 'open'",
            [party_id],
        ).fetchone()
        store.con.execute(
            """UPDATE screening_alerts SET status = ?, decided_by = ?, reason = ?, decided_at = ?
               WHERE party_id = ? AND status = 'open'""",
            [status, user, reason, now, party_id],
        )
    return int(row[0]) if row else 0


def party_alerts(store: StoreProtocol, party_id: str) -> list[dict[str, Any]]:
    """Every screening alert of one party, open or decided, oldest first."""
    rows = store.con.execute(
        """SELECT result, raised_at, status, decided_by, reason, decided_at
           FROM screening_alerts WHERE party_id = ? ORDER BY raised_at""",
        [party_id],
    ).fetchall()
    return [{**orjson.loads(r[0]), "raised_at": r[1], "status": r[2], "decided_by": r[3],
             "reason": r[4], "decided_at": r[5]} for r in rows]  # fmt: skip
