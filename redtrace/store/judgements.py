"""Judgements on whether two parties are the same, numbered by a database sequence; an undo
marks a judgement undone and never deletes it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redtrace.store.interface import StoreProtocol


def add_judgement(
    store: StoreProtocol, left: str, right: str, verdict: str, by: str, kind: str, reason: str
) -> int:
    with store.transaction():
        seq = store.next_value("judgement_seq")
        store.con.execute(
            "INSERT INTO judgements VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [seq, left, right, verdict, by, kind, reason, datetime.now(UTC).replace(tzinfo=None)],
        )
    return seq


def undo_judgement(store: StoreProtocol, seq: int) -> bool:
    row = store.con.execute(
        "UPDATE judgements SET undone_at = ? WHERE seq = ? AND undone_at IS NULL RETURNING seq",
        [datetime.now(UTC).replace(tzinfo=None), seq],
    ).fetchone()
    return row is not None


def active_judgements(store: StoreProtocol) -> list[dict[str, Any]]:
    rows = store.con.execute(
        """SELECT seq, left_key, right_key, judgement, judged_by, kind, reason, judged_at
           FROM judgements WHERE undone_at IS NULL ORDER BY seq"""
    ).fetchall()
    keys = ("seq", "left", "right", "judgement", "by", "kind", "reason", "at")
    return [dict(zip(keys, r, strict=True)) for r in rows]
