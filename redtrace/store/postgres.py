"""The server store: PostgreSQL through psycopg 3, for a team, many workers and servers.

The repositories' portable SQL runs unchanged: ``?`` placeholders become psycopg's ``%s``.
Bulk writes use ``COPY``. Connections come from one pool per database URL in a process, so a
server's requests share a few connections; a store handle gives its connection back on close.
Loads serialise on an advisory lock per dataset, so two loads never number the same version.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from redtrace.store.migrations import upgrade
from redtrace.store.sql import ENTITY_COLUMNS, LoadOutcome, SqlStore, StoreError

try:  # psycopg is the server extra: the embedded store works without it
    import psycopg
    from psycopg_pool import ConnectionPool
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

_QMARK = re.compile(r"\?")
_POOLS: dict[str, Any] = {}
_POOLS_LOCK = threading.Lock()


def _sql(query: str) -> str:
    # The repositories write no literal '?' or '%' in their SQL; guard both anyway.
    return _QMARK.sub("%s", query.replace("%", "%%"))


class _Connection:
    """The DB-API subset the repositories use, over one psycopg connection."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, query: str, parameters: Any = None) -> Any:
        cursor = self.conn.cursor()
        cursor.execute(_sql(query), parameters)
        return cursor

    def executemany(self, query: str, parameters: Any) -> Any:
        cursor = self.conn.cursor()
        cursor.executemany(_sql(query), parameters)
        return cursor

    def close(self) -> None:
        return None  # the store gives the connection back to its pool


def pool(url: str, size: int = 4) -> Any:
    """The process's connection pool for ``url`` (opened on first use)."""
    if psycopg is None:
        raise StoreError("PostgreSQL needs the server extra: pip install 'redtrace[server]'")
    with _POOLS_LOCK:
        found = _POOLS.get(url)
        if found is None:
            found = ConnectionPool(url, min_size=1, max_size=size, open=False,
                                   kwargs={"autocommit": True})  # fmt: skip
            try:
                found.open(wait=True, timeout=15)
            except Exception as exc:
                raise StoreError(
                    f"cannot reach the PostgreSQL store: {_safe(url)} ({exc})"
                ) from exc
            _POOLS[url] = found
        return found


def close_pools() -> None:
    with _POOLS_LOCK:
        for p in _POOLS.values():
            p.close()
        _POOLS.clear()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class PgStore(SqlStore):
    """The store interface on PostgreSQL."""

    kind = "postgresql"

    def __init__(self, url: str, read_only: bool = False) -> None:
        super().__init__()
        self._url = url
        self.read_only = read_only
        self._pool = pool(url)
        try:
            self._conn = self._pool.getconn(timeout=30)
        except Exception as exc:
            raise StoreError(f"no PostgreSQL connection free: {_safe(url)} ({exc})") from exc
        self.con = _Connection(self._conn)
        try:
            self._conn.execute(
                f"SET default_transaction_read_only = {'on' if read_only else 'off'}"
            )
            upgrade(self, apply=not read_only)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> PgStore:
        return self

    def close(self) -> None:
        if self._conn is not None:
            if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                self._conn.rollback()
            self._pool.putconn(self._conn)
            self._conn = None

    @property
    def url(self) -> str:
        return _safe(self._url)

    def _conflict(self, exc: BaseException) -> bool:
        errors = psycopg.errors
        # A unique key written by a concurrent transaction first is a conflict too: tried
        # again, the work sees that row.
        return isinstance(
            exc, errors.SerializationFailure | errors.DeadlockDetected | errors.UniqueViolation
        )

    def _hold(self, name: str) -> None:
        # Released by PostgreSQL itself when the transaction ends.
        self.con.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [f"redtrace:{name}"])

    def table_exists(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
            " AND table_schema = current_schema()",
            [name],
        ).fetchone()
        return bool(row and row[0])

    def sequence_exists(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.sequences WHERE sequence_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def bulk_insert(self, table: str, columns: dict[str, str], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = list(columns)
        with self._conn.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(n) for n in names])

    def _insert_entities(self, rows: list[dict[str, Any]]) -> None:
        cursor = self._conn.cursor()
        with cursor.copy(f"COPY entities ({', '.join(ENTITY_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in ENTITY_COLUMNS])
        with cursor.copy("COPY refs (dataset, version, id, ref_dataset, ref) FROM STDIN") as copy:
            for row in rows:
                for ref in row["refs"]:
                    copy.write_row([row["dataset"], row["version"], row["id"], ref["dataset"],
                                    ref["ref"]])  # fmt: skip

    def load(self, parsed: Any, quarantine: list[str] | None = None) -> LoadOutcome:
        # Two loads of one dataset at once would number the same version: take turns.
        with self.transaction():
            self.con.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [parsed.dataset])
            return super().load(parsed, quarantine)
