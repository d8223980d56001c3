"""The embedded store: one DuckDB file, the default for one person on one machine.

Bulk writes go through a JSON Lines file that DuckDB reads in one statement (its
``executemany`` is slow); the schema comes from the versioned migrations.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import duckdb
import orjson

from redtrace.store.migrations import upgrade
from redtrace.store.sql import (
    ENTITY_COLUMNS,
    LoadOutcome,
    SqlStore,
    StoreError,
    Version,
    record_digest,
)

__all__ = ["LoadOutcome", "Store", "StoreError", "Version", "record_digest"]

# One writer process per DuckDB file: a lock of this process serialises its handles.
_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()
LOCK_TIMEOUT = 60.0

ENTITY_TYPES = {"dataset": "VARCHAR", "version": "INTEGER", "id": "VARCHAR", "schema": "VARCHAR",
                "caption": "VARCHAR", "digest": "VARCHAR", "record": "VARCHAR",
                "refs": "STRUCT(dataset VARCHAR, ref VARCHAR)[]"}  # fmt: skip


class Store(SqlStore):
    """The embedded implementation of the store interface: one DuckDB file.

    Use as a context manager, or call ``close()``. Repositories (``redtrace.store.parties``,
    ``orders``, ``keys``...) run their SQL through ``con`` inside ``transaction()``.
    """

    kind = "duckdb"

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        super().__init__()
        self._held_locks: set[threading.Lock] = set()
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StoreError(f"{self.path}: no store here yet; load lists first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc
        upgrade(self, apply=not read_only)
        if not read_only:
            sweep_temp_files(self.path.parent)

    def __enter__(self) -> Store:
        return self

    @property
    def url(self) -> str:
        return f"duckdb://{self.path}"

    def _conflict(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.TransactionException) or "Conflict" in str(exc)

    def _hold(self, name: str) -> None:
        key = (str(self.path.resolve()), name)
        with _LOCKS_LOCK:
            lock = _LOCKS.setdefault(key, threading.Lock())
        if lock in self._held_locks:
            return  # this transaction holds it already
        if not lock.acquire(timeout=LOCK_TIMEOUT):
            raise StoreError(f"{self.path}: waited {LOCK_TIMEOUT:.0f} s for the {name} lock")
        self._held_locks.add(lock)

        def release() -> None:
            self._held_locks.discard(lock)
            lock.release()

        self._held.append(release)

    def sequence_exists(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM duckdb_sequences() WHERE sequence_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def bulk_insert(self, table: str, columns: dict[str, str], rows: list[dict[str, Any]]) -> None:
        """Insert many rows at once through a JSON Lines file read in one statement."""
        if not rows:
            return
        with self._jsonl(rows) as tmp:
            spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
            names = ", ".join(columns)
            self.con.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM "
                f"read_json('{tmp}', format='newline_delimited', columns={spec})"
            )

    def _insert_entities(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        with self._jsonl(rows) as tmp:
            spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in ENTITY_TYPES.items()) + "}"
            source = f"read_json('{tmp}', format='newline_delimited', columns={spec})"
            names = ", ".join(ENTITY_COLUMNS)
            self.con.execute(f"INSERT INTO entities ({names}) SELECT {names} FROM {source}")
            self.con.execute(
                f"""INSERT INTO refs SELECT dataset, version, id, r.dataset, r.ref
                    FROM (SELECT dataset, version, id, unnest(refs) AS r FROM {source})"""
            )

    def _jsonl(self, rows: list[dict[str, Any]]) -> _TempJsonl:
        return _TempJsonl(self.path.parent, rows)


def sweep_temp_files(folder: Path) -> list[Path]:
    """Remove the bulk-write files that a killed process left beside the store (their
    names carry the writer's PID; a file of a live process is left alone)."""
    removed = []
    for path in folder.glob(".load-*.jsonl"):
        pid = path.name.split("-")[1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _TempJsonl:
    """A JSON Lines file beside the store, removed on every way out of the ``with``."""

    def __init__(self, folder: Path, rows: list[dict[str, Any]]) -> None:
        self.folder, self.rows = folder, rows
        self.path = ""

    def __enter__(self) -> str:
        fd, self.path = tempfile.mkstemp(
            prefix=f".load-{os.getpid()}-", suffix=".jsonl", dir=self.folder
        )
        with os.fdopen(fd, "wb") as out:
            for row in self.rows:
                out.write(orjson.dumps(row) + b"\n")
        return self.path

    def __exit__(self, *exc: object) -> None:
        Path(self.path).unlink(missing_ok=True)
