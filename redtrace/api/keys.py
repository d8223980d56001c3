"""Users and keys, as the API sees them (the values live in ``redtrace.users``, the stored
keys in ``redtrace.store.keys``)."""

from redtrace.store.keys import active_keys, active_user, create_key, list_users, revoke_key
from redtrace.users import PREFIX, ROLES, User, check_key, hash_key

__all__ = [
    "PREFIX",
    "ROLES",
    "User",
    "active_keys",
    "active_user",
    "check_key",
    "create_key",
    "hash_key",
    "list_users",
    "revoke_key",
]
