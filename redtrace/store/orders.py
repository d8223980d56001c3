"""Checked orders in the store: decisions with the order as submitted, the facts that order
history is learned from, and the signatures of releases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from redtrace.store.interface import StoreProtocol

DECISION_COLUMNS = {"order_id": "VARCHAR", "order_date": "VARCHAR", "checked_at": "TIMESTAMP",
                    "decision": "VARCHAR", "score": "DOUBLE", "status": "VARCHAR",
                    "result": "VARCHAR", "order_json": "VARCHAR"}  # fmt: skip
FACT_COLUMNS = {"buyer": "VARCHAR", "buyer_name": "VARCHAR", "kind": "VARCHAR", "value": "VARCHAR"}
OPEN = ("held", "awaiting second release", "awaiting second block")


def save_checks(
    store: StoreProtocol, decisions: list[dict[str, Any]], facts: list[tuple[str, str, str, str]]
) -> None:
    """Store a run's decisions and the history facts it learned: all of it, or none of it.

    An order checked again replaces its earlier decision, unless a person has already
    signed a release of it: then the person's decision stands and the new check is dropped."""
    rows = [dict(zip(FACT_COLUMNS, f, strict=True)) for f in facts]
    with store.transaction():
        ids = sorted({str(d["order_id"]) for d in decisions})
        decided = _released(store, ids)
        for order_id in ids:
            if order_id not in decided:
                store.con.execute("DELETE FROM order_decisions WHERE order_id = ?", [order_id])
        decisions = [d for d in decisions if d["order_id"] not in decided]
        store.bulk_insert("order_decisions", DECISION_COLUMNS, decisions)
        store.bulk_insert("order_facts", FACT_COLUMNS, rows)


def _released(store: StoreProtocol, ids: list[str]) -> set[str]:
    """The ids among ``ids`` that a person has signed a release for."""
    out: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.con.execute(
            f"SELECT DISTINCT order_id FROM order_releases WHERE order_id IN ({marks})", chunk
        ).fetchall()
        out.update(str(r[0]) for r in rows)
    return out


def history_facts(store: StoreProtocol) -> list[tuple[str, str, str, str]]:
    rows = store.con.execute("SELECT buyer, buyer_name, kind, value FROM order_facts").fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def held_orders(store: StoreProtocol) -> list[dict[str, Any]]:
    """Orders held and not released, oldest first, each with its latest decision."""
    rows = store.con.execute(
        """SELECT order_id, order_date, decision, score, status, checked_at, result
           FROM order_decisions WHERE status IN ('held', 'awaiting second release', 'awaiting second block')
           ORDER BY order_date, order_id"""
    ).fetchall()
    keys = ("id", "date", "decision", "score", "status", "checked_at", "result")
    out = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["result"] = orjson.loads(item["result"])
        out.append(item)
    return out


def latest_decision(store: StoreProtocol, order_id: str) -> tuple[str, str] | None:
    """``(decision, status)`` of the latest check of an order."""
    row = store.con.execute(
        """SELECT decision, status FROM order_decisions WHERE order_id = ?
           ORDER BY checked_at DESC LIMIT 1""",
        [order_id],
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def order_record(store: StoreProtocol, order_id: str) -> dict[str, Any] | None:
    """The latest check of an order: the order as submitted, the result, its releases."""
    row = store.con.execute(
        """SELECT order_json, result, status, checked_at FROM order_decisions
           WHERE order_id = ? ORDER BY checked_at DESC LIMIT 1""",
        [order_id],
    ).fetchone()
    if row is None:
        return None
    return {"order": orjson.loads(row[0]), "result": orjson.loads(row[1]), "status": row[2],
            "checked_at": row[3], "releases": releases(store, order_id)}  # fmt: skip


def lock_order(store: StoreProtocol, order_id: str) -> None:
    """Claim an order's rows for this transaction: a concurrent release of the same order
    waits (PostgreSQL) or fails with a conflict (DuckDB) instead of reading stale signatures."""
    store.con.execute("UPDATE order_decisions SET status = status WHERE order_id = ?", [order_id])


def releases(store: StoreProtocol, order_id: str) -> list[dict[str, Any]]:
    rows = store.con.execute(
        """SELECT released_by, role, reason, released_at, coalesce(action, 'release')
           FROM order_releases WHERE order_id = ? ORDER BY released_at""",
        [order_id],
    ).fetchall()
    keys = ("by", "role", "reason", "at", "action")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def sign_release(
    store: StoreProtocol,
    order_id: str,
    user: str,
    role: str,
    reason: str,
    status: str,
    action: str = "release",
) -> None:
    """Add one signature (a release, or the confirmation of a block) and set the order's
    status (inside the caller's transaction)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    store.con.execute(
        """INSERT INTO order_releases (order_id, released_by, role, reason, released_at, action)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [order_id, user, role, reason, now, action],
    )
    store.con.execute(
        "UPDATE order_decisions SET status = ? WHERE order_id = ?", [status, order_id]
    )


def checked_orders(store: StoreProtocol) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(order, result)`` of every check, in order date order (for the party graph)."""
    rows = store.con.execute(
        "SELECT order_json, result FROM order_decisions ORDER BY order_date, order_id"
    ).fetchall()
    return [(orjson.loads(o), orjson.loads(r)) for o, r in rows]


def approve_customer(
    store: StoreProtocol,
    customer: str,
    name: str,
    goods: list[str],
    kyc_date: str,
    by: str,
    note: str = "",
) -> None:
    """Record (or replace) a customer's approval: KYC done on ``kyc_date`` by ``by``, for the
    goods with these HS prefixes (all goods when empty)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        store.con.execute(
            "UPDATE approved_customers SET revoked_at = ? WHERE customer = ? AND revoked_at IS NULL",
            [now, customer],
        )
        store.con.execute(
            "INSERT INTO approved_customers VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            [customer, name, ";".join(goods), kyc_date, by, note, now],
        )


def approved_customers(store: StoreProtocol) -> dict[str, dict[str, Any]]:
    """Customer id -> its current approval (goods as a list of HS prefixes)."""
    rows = store.con.execute(
        """SELECT customer, name, goods, kyc_date, approved_by, note FROM approved_customers
           WHERE revoked_at IS NULL"""
    ).fetchall()
    return {
        str(r[0]): {"name": r[1], "goods": [g for g in str(r[2]).split(";") if g],
                    "kyc_date": r[3], "by": r[4], "note": r[5]}
        for r in rows
    }  # fmt: skip
