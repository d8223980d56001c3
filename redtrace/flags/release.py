"""Held orders and their release: a compliance officer's written reason; a blocked order
needs two different people (four eyes)."""

from __future__ import annotations

from datetime import UTC, datetime

from redtrace.api.keys import ROLES
from redtrace.store import Store


class ReleaseError(Exception):
    pass


def release(store: Store, order_id: str, user: str, reason: str) -> str:
    """Record a release; returns the order's new status (``released`` or ``awaiting second``)."""
    if not reason.strip():
        raise ReleaseError("a release needs a written reason")
    row = store.con.execute(
        "SELECT role FROM api_keys WHERE name = ? AND revoked_at IS NULL", [user]
    ).fetchone()
    if row is None:
        raise ReleaseError(f"{user!r} is not a known, active user (see `redtrace users`)")
    role = str(row[0])
    if ROLES.index(role) < ROLES.index("compliance_officer"):
        raise ReleaseError(f"releasing needs the compliance_officer role; {user} is {role}")
    held = store.con.execute(
        """SELECT decision, status FROM order_decisions WHERE order_id = ?
           ORDER BY checked_at DESC LIMIT 1""",
        [order_id],
    ).fetchone()
    if held is None:
        raise ReleaseError(f"no checked order {order_id!r}")
    decision, status = held
    if status == "released" or decision == "pass":
        raise ReleaseError(f"order {order_id} is not held (decision {decision}, {status})")
    earlier = {
        r[0]
        for r in store.con.execute(
            "SELECT released_by FROM order_releases WHERE order_id = ?", [order_id]
        ).fetchall()
    }
    if user in earlier:
        raise ReleaseError(f"{user} has already signed this release; a second person must")
    now = datetime.now(UTC).replace(tzinfo=None)
    store.con.execute(
        "INSERT INTO order_releases VALUES (?, ?, ?, ?, ?)", [order_id, user, role, reason, now]
    )
    needed = 2 if decision == "block" else 1
    if len(earlier) + 1 >= needed:
        store.con.execute(
            "UPDATE order_decisions SET status = 'released' WHERE order_id = ?", [order_id]
        )
        return "released"
    store.con.execute(
        "UPDATE order_decisions SET status = 'awaiting second release' WHERE order_id = ?",
        [order_id],
    )
    return "awaiting second release"
