"""API keys and roles. Keys are shown once at creation and kept only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from redtrace.store import Store

ROLES = ("viewer", "analyst", "compliance_officer", "admin")
PREFIX = "rt_"


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str

    def has(self, role: str) -> bool:
        """Roles are ordered: an admin can do what a compliance officer can, and so on."""
        return ROLES.index(self.role) >= ROLES.index(role)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(store: Store, name: str, role: str) -> str:
    """Create (or replace) a user's key; returns the key, which is never stored."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC).replace(tzinfo=None)
    store.con.execute("DELETE FROM api_keys WHERE name = ?", [name])
    store.con.execute(
        "INSERT INTO api_keys VALUES (?, ?, ?, ?, NULL)", [name, role, hash_key(key), now]
    )
    return key


def revoke_key(store: Store, name: str) -> bool:
    now = datetime.now(UTC).replace(tzinfo=None)
    row = store.con.execute(
        "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING name",
        [now, name],
    ).fetchone()
    return row is not None


def list_users(store: Store) -> list[tuple[str, str, datetime, datetime | None]]:
    rows = store.con.execute(
        "SELECT name, role, created_at, revoked_at FROM api_keys ORDER BY name"
    ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def active_keys(store: Store) -> dict[str, User]:
    """Key hash -> user, for the keys not revoked."""
    rows = store.con.execute(
        "SELECT key_hash, name, role FROM api_keys WHERE revoked_at IS NULL"
    ).fetchall()
    return {r[0]: User(r[1], r[2]) for r in rows}


def check_key(keys: dict[str, User], presented: str) -> User | None:
    digest = hash_key(presented)
    for known, user in keys.items():
        if hmac.compare_digest(known, digest):
            return user
    return None
