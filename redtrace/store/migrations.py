"""Versioned schema migrations, the same for every store implementation.

Each migration has a number, a description and its steps (SQL, or a function for what SQL
alone cannot say portably); ``schema_migrations`` records which ran. Opening a store for
writing applies the missing ones; a store whose schema is newer than this redtrace knows is
refused, never misread. A store made before migrations existed has tables but no record of
them: migration 1 is written with ``IF NOT EXISTS`` so that it adopts such a store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from redtrace.store.cases import DDL as CASE_NOTES
from redtrace.store.schema import (
    ALERTS,
    APPROVED_CUSTOMERS,
    AUDIT,
    AUDIT_INDEXES,
    DDL,
    INDEXES,
    SEQUENCES,
    WATCH,
    WATCH_INDEXES,
)
from redtrace.store.sql import StoreError

if TYPE_CHECKING:
    from redtrace.store.interface import StoreProtocol

Step = str | Callable[["StoreProtocol"], None]


@dataclass(frozen=True)
class Migration:
    number: int
    description: str
    steps: tuple[Step, ...]
    only: str | None = None  # a store kind ("postgresql"): elsewhere recorded, not run


def _sequences(store: StoreProtocol) -> None:
    # A sequence starts past the rows its table already has (a store older than it).
    for name, (table, column) in SEQUENCES.items():
        if store.sequence_exists(name):
            continue
        row = store.con.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()
        start = int(row[0]) + 1 if row else 1
        store.con.execute(f"CREATE SEQUENCE {name} START {start}")


MIGRATIONS = (
    Migration(1, "dataset versions, entities, parties, keys, orders, judgements, documents", DDL),
    Migration(2, "screening alerts of watched parties", ALERTS),
    Migration(3, "judgements numbered by a database sequence", (_sequences,)),
    Migration(
        4,
        "the order of a document's facts",
        ("ALTER TABLE document_facts ADD COLUMN IF NOT EXISTS pos INTEGER",),
    ),
    Migration(5, "indexes for the server store's reads", INDEXES, only="postgresql"),
    Migration(
        6,
        "quarantined list versions: a status and the problems that kept one from being current",
        (
            "ALTER TABLE versions ADD COLUMN IF NOT EXISTS status VARCHAR",
            "ALTER TABLE versions ADD COLUMN IF NOT EXISTS problems VARCHAR",
        ),
    ),
    Migration(7, "the audit log: records and signed checkpoints", AUDIT),
    Migration(8, "indexes of the audit log's reads", AUDIT_INDEXES, only="postgresql"),
    Migration(9, "the watch index of reverse screening; decided screening alerts", WATCH),
    Migration(10, "indexes of the watch index", WATCH_INDEXES, only="postgresql"),
    Migration(11, "customers approved after KYC", APPROVED_CUSTOMERS),
    Migration(
        12,
        "what a signature on a held order decides (release, or confirm the block)",
        ("ALTER TABLE order_releases ADD COLUMN IF NOT EXISTS action VARCHAR",),
    ),
    Migration(13, "comments and assignments of cases", (CASE_NOTES,)),
    Migration(
        14,
        "who decided a screening alert, why and when",
        tuple(
            f"ALTER TABLE screening_alerts ADD COLUMN IF NOT EXISTS {c}"
            for c in ("decided_by VARCHAR", "reason VARCHAR", "decided_at TIMESTAMP")
        ),
    ),
)
LATEST = MIGRATIONS[-1].number

TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    number INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL)"""


def applied(store: StoreProtocol) -> list[tuple[int, str, datetime]]:
    """The migrations recorded in this store, oldest first ([] before the first)."""
    if not store.table_exists("schema_migrations"):
        return []
    rows = store.con.execute(
        "SELECT number, description, applied_at FROM schema_migrations ORDER BY number"
    ).fetchall()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows]


def schema_version(store: StoreProtocol) -> int:
    done = applied(store)
    return done[-1][0] if done else 0


def upgrade(store: StoreProtocol, apply: bool = True) -> list[int]:
    """Apply the missing migrations in order, each in its own transaction; returns their
    numbers. With ``apply`` False (a read-only handle) a store that needs them is refused."""
    version = schema_version(store)
    if version > LATEST:
        raise StoreError(
            f"{store.url}: schema version {version} was written by a newer redtrace"
            f" (this one knows up to {LATEST}); upgrade redtrace"
        )
    missing = [m for m in MIGRATIONS if m.number > version]
    if not missing:
        return []
    if not apply:
        if version == 0 and not store.table_exists("versions"):
            raise StoreError(f"{store.url}: an empty store; load lists first")
        raise StoreError(
            f"{store.url}: schema version {version}, this redtrace needs {LATEST};"
            " run `redtrace db upgrade`"
        )
    done = []
    for migration in missing:
        with store.transaction():
            store.con.execute(TABLE)
            if migration.only in (None, store.kind):
                for step in migration.steps:
                    if isinstance(step, str):
                        store.con.execute(step)
                    else:
                        step(store)
            store.con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.number, migration.description, datetime.now(UTC).replace(tzinfo=None)],
            )
        done.append(migration.number)
    return done
