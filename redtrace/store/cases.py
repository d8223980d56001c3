"""What people add to a case beside its decision: comments, and who has taken it on.

A case is an order (``order``, its id) or a watched party's screening alert (``screening``,
the party id). Notes are only added, never changed: the latest assignment is the one that
holds, and the history shows every one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redtrace.store.interface import StoreProtocol

KINDS = ("comment", "assign")
DDL = """CREATE TABLE IF NOT EXISTS case_notes (
    case_kind VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    by_user VARCHAR NOT NULL,
    body VARCHAR NOT NULL,
    noted_at TIMESTAMP NOT NULL)"""


def add_note(
    store: StoreProtocol, case_kind: str, case_id: str, kind: str, user: str, body: str
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        store.con.execute(
            "INSERT INTO case_notes VALUES (?, ?, ?, ?, ?, ?)",
            [case_kind, case_id, kind, user, body, now],
        )


def case_notes(store: StoreProtocol, case_kind: str, case_id: str) -> list[dict[str, Any]]:
    rows = store.con.execute(
        """SELECT kind, by_user, body, noted_at FROM case_notes
           WHERE case_kind = ? AND case_id = ? ORDER BY noted_at""",
        [case_kind, case_id],
    ).fetchall()
    keys = ("kind", "by", "body", "at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def assignees(store: StoreProtocol) -> dict[tuple[str, str], str]:
    """``(case_kind, case_id)`` to the user now assigned (an empty body unassigns)."""
    rows = store.con.execute(
        """SELECT case_kind, case_id, body FROM case_notes WHERE kind = 'assign'
           ORDER BY noted_at"""
    ).fetchall()
    out: dict[tuple[str, str], str] = {}
    for case_kind, case_id, body in rows:
        if body:
            out[(str(case_kind), str(case_id))] = str(body)
        else:
            out.pop((str(case_kind), str(case_id)), None)
    return out
