"""The audit log's rows in the store: records and signed checkpoints.

A record's number comes from the ``audit_seq`` sequence, taken under the ``audit`` lock that
is held until the appending transaction ends, so numbers are committed in increasing order by
every handle and every process (one log for all workers). A rolled-back append leaves a gap in
the numbers, never in the log: a record's place in the Merkle tree is its rank, not its number.

The hashing is the caller's (``redtrace.audit``): ``append`` is given the function that turns
a numbered row into its leaf hash, so the number is inside what is hashed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redtrace.store.interface import StoreProtocol

COLUMNS = "seq, recorded_at, user_name, action, dataset, subject, body, leaf_hash, purged_at"
LOCK = "audit"
CHUNK = 200  # rows per INSERT statement


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    recorded_at: datetime
    user: str
    action: str
    dataset: str | None
    subject: str | None
    body: str | None  # None once purged
    leaf_hash: str
    purged_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CheckpointRow:
    tree_size: int
    root: str
    signed_at: str
    key_id: str
    signature: str


def append(
    store: StoreProtocol,
    entries: list[tuple[datetime, str, str, str | None, str | None, str]],
    leaf: Callable[[AuditRow], str],
) -> list[AuditRow]:
    """Append ``(at, user, action, dataset, subject, body)`` entries inside the current
    transaction (one of its own when there is none); returns the numbered rows."""
    rows = []
    with store.transaction():
        store.serialise(LOCK)
        seqs = _numbers(store, len(entries))
        for seq, (at, user, action, dataset, subject, body) in zip(seqs, entries, strict=True):
            draft = AuditRow(seq, at, user, action, dataset, subject, body, "")
            rows.append(AuditRow(seq, at, user, action, dataset, subject, body, leaf(draft)))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            marks = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, NULL)"] * len(chunk))
            params: list[Any] = []
            for r in chunk:
                params += [r.seq, r.recorded_at, r.user, r.action, r.dataset, r.subject, r.body,
                           r.leaf_hash]  # fmt: skip
            store.con.execute(f"INSERT INTO audit_records ({COLUMNS}) VALUES {marks}", params)
    return rows


def _numbers(store: StoreProtocol, n: int) -> list[int]:
    """``n`` numbers of the audit sequence, in one statement, in increasing order."""
    if n == 1:
        return [store.next_value("audit_seq")]
    found = store.con.execute(
        "SELECT nextval('audit_seq') FROM generate_series(1, ?)", [n]
    ).fetchall()
    return sorted(int(r[0]) for r in found)


def iter_rows(store: StoreProtocol, after: int = 0, batch: int = 20000) -> Iterator[AuditRow]:
    """Every record with a number above ``after``, in log order."""
    while True:
        found = store.con.execute(
            f"SELECT {COLUMNS} FROM audit_records WHERE seq > ? ORDER BY seq LIMIT {batch}",
            [after],
        ).fetchall()
        for r in found:
            yield _row(r)
        if len(found) < batch:
            return
        after = int(found[-1][0])


def leaf_hashes(
    store: StoreProtocol, after: int = 0, batch: int = 100000
) -> Iterator[tuple[int, str]]:
    """``(seq, stored leaf hash)`` in log order, without the bodies."""
    while True:
        found = store.con.execute(
            f"SELECT seq, leaf_hash FROM audit_records WHERE seq > ? ORDER BY seq LIMIT {batch}",
            [after],
        ).fetchall()
        for seq, leaf in found:
            yield int(seq), str(leaf)
        if len(found) < batch:
            return
        after = int(found[-1][0])


def get(store: StoreProtocol, seq: int) -> AuditRow | None:
    found = store.con.execute(
        f"SELECT {COLUMNS} FROM audit_records WHERE seq = ?", [seq]
    ).fetchone()
    return _row(found) if found else None


def rank(store: StoreProtocol, seq: int) -> int:
    """The place of record ``seq`` in the log (0 for the first)."""
    found = store.con.execute("SELECT count(*) FROM audit_records WHERE seq < ?", [seq]).fetchone()
    return int(found[0]) if found else 0


def count(store: StoreProtocol) -> int:
    found = store.con.execute("SELECT count(*) FROM audit_records").fetchone()
    return int(found[0]) if found else 0


def search(
    store: StoreProtocol,
    *,
    user: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    subject: str | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """Records matching every filter given (an action ending in ``.`` matches its prefix)."""
    where, params = [], []
    if user:
        where.append("user_name = ?")
        params.append(user)
    if action:
        if action.endswith("."):
            where.append("action LIKE ?")
            params.append(action.replace("_", r"\_") + "%")
        else:
            where.append("action = ?")
            params.append(action)
    if since:
        where.append("recorded_at >= ?")
        params.append(since)  # type: ignore[arg-type]
    if subject:
        where.append("subject = ?")
        params.append(subject)
    sql = f"SELECT {COLUMNS} FROM audit_records"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_row(r) for r in store.con.execute(sql, params).fetchall()]


def purge(store: StoreProtocol, actions: list[str], before: datetime, at: datetime) -> int:
    """Remove the bodies of records of these actions older than ``before`` (their leaf hashes
    stay, so the tree still verifies); returns how many were purged."""
    if not actions:
        return 0
    marks = ", ".join("?" * len(actions))
    found = store.con.execute(
        f"""UPDATE audit_records SET body = NULL, purged_at = ?
            WHERE action IN ({marks}) AND recorded_at < ? AND purged_at IS NULL
            RETURNING seq""",
        [at, *actions, before],
    ).fetchall()
    return len(found)


def oldest_by_action(store: StoreProtocol) -> dict[str, datetime]:
    """The oldest unpurged record of each action."""
    rows = store.con.execute(
        "SELECT action, min(recorded_at) FROM audit_records WHERE purged_at IS NULL GROUP BY action"
    ).fetchall()
    return {str(a): t for a, t in rows}


def add_checkpoint(store: StoreProtocol, checkpoint: CheckpointRow) -> None:
    with store.transaction():
        store.con.execute(
            "INSERT INTO audit_checkpoints VALUES (?, ?, ?, ?, ?)",
            [checkpoint.tree_size, checkpoint.root, checkpoint.signed_at, checkpoint.key_id,
             checkpoint.signature],
        )  # fmt: skip


def checkpoints(store: StoreProtocol) -> list[CheckpointRow]:
    """Stored checkpoints, smallest tree first."""
    rows = store.con.execute(
        "SELECT tree_size, root, signed_at, key_id, signature FROM audit_checkpoints"
        " ORDER BY tree_size, signed_at"
    ).fetchall()
    return [CheckpointRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]


def _row(r: tuple[Any, ...]) -> AuditRow:
    return AuditRow(int(r[0]), r[1], str(r[2]), str(r[3]), r[4], r[5], r[6], str(r[7]), r[8])
