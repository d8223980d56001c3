"""Users, roles and API keys as values: shared by every face (CLI, API, pages) and by the
decisions that need a role (releases). Keys are kept only as SHA-256 hashes
(``redtrace.store.keys`` stores them)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

ROLES = ("viewer", "analyst", "compliance_officer", "admin")
PREFIX = "rt_"


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str

    def has(self, role: str) -> bool:
        """Roles are ordered: an admin can do what a compliance officer can, and so on."""
        return ROLES.index(self.role) >= ROLES.index(role)


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_key(keys: dict[str, User], presented: str) -> User | None:
    """The user whose key hash matches, compared in constant time."""
    digest = hash_key(presented)
    for known, user in keys.items():
        if hmac.compare_digest(known, digest):
            return user
    return None
