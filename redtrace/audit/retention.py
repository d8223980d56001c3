"""Retention: how long each kind of audit record is kept, and a purge that keeps to it.

A purge removes a record's body and keeps its leaf hash, so the tree and every checkpoint
still verify; it refuses any record younger than its kind's period, and leaves an
``audit.purge`` record of what it removed (signed by the next checkpoint).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from redtrace import settings
from redtrace.audit.log import now, record
from redtrace.store import audit as rows
from redtrace.store.interface import StoreProtocol

YEAR = timedelta(days=365.25)


class RetentionError(Exception):
    pass


def period(action: str, table: dict[str, float] | None = None) -> timedelta:
    table = settings.audit_retention() if table is None else table
    return YEAR * table.get(action, table.get("*", 10.0))


def purge(
    store: StoreProtocol, before: datetime, actions: list[str] | None = None, user: str = "local"
) -> dict[str, Any]:
    """Purge the bodies of records older than ``before`` (of these actions, default every
    one whose period has passed). Raises ``RetentionError`` for a date inside a period."""
    at = now()
    table = settings.audit_retention()
    with store.transaction():
        kinds = sorted(rows.oldest_by_action(store))
        chosen = actions or kinds
        young = [a for a in chosen if at - period(a, table) < before]
        if young:
            raise RetentionError(
                f"refused: {', '.join(young)} records are kept {period(young[0], table).days}"
                f" days; nothing before {before:%Y-%m-%d} may be purged yet"
            )
        counts = {a: rows.purge(store, [a], before, at) for a in chosen}
        summary = {"before": before.isoformat(), "purged": {a: n for a, n in counts.items() if n},
                   "retention_years": table}  # fmt: skip
        record(store, user, "audit.purge", None, summary)
    return summary
