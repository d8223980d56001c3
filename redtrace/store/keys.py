"""API keys in the store: only their hashes, with role, creation and revocation times."""

from __future__ import annotations

from datetime import UTC, datetime

from redtrace.store.interface import StoreProtocol
from redtrace.users import ROLES, User, hash_key, new_key


def create_key(store: StoreProtocol, name: str, role: str) -> str:
    """Create (or replace) a user's key; returns the key, which is never stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key = new_key()
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        store.con.execute("DELETE FROM api_keys WHERE name = ?", [name])
        store.con.execute(
            "INSERT INTO api_keys VALUES (?, ?, ?, ?, NULL)", [name, role, hash_key(key), now]
        )
    return key


def revoke_key(store: StoreProtocol, name: str) -> bool:
    now = datetime.now(UTC).replace(tzinfo=None)
    row = store.con.execute(
        "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING name",
        [now, name],
    ).fetchone()
    return row is not None


def list_users(store: StoreProtocol) -> list[tuple[str, str, datetime, datetime | None]]:
    rows = store.con.execute(
        "SELECT name, role, created_at, revoked_at FROM api_keys ORDER BY name"
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def active_keys(store: StoreProtocol) -> dict[str, User]:
    """Key hash -> user, for the keys not revoked."""
    rows = store.con.execute(
        "SELECT key_hash, name, role FROM api_keys WHERE revoked_at IS NULL"
    ).fetchall()
    return {r[0]: User(r[1], r[2]) for r in rows}


def active_user(store: StoreProtocol, name: str) -> User | None:
    """The user of that name if their key is not revoked."""
    row = store.con.execute(
        "SELECT role FROM api_keys WHERE name = ? AND revoked_at IS NULL", [name]
    ).fetchone()
    return User(name, str(row[0])) if row else None
