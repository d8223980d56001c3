"""What every SQL store shares: the version and entity queries in portable SQL, transactions,
sequences, and the load of a parsed list as one transaction. An implementation (DuckDB,
PostgreSQL) supplies the connection, bulk writes and its own DDL details.

A load writes the new version and moves the ``current`` pointer last, in one transaction; a
crash or SIGKILL before COMMIT leaves the previous version current and whole.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from redtrace.lists.base import READER_VERSION, ParsedList

ENTITY_COLUMNS = ("dataset", "version", "id", "schema", "caption", "digest", "record")


class StoreError(Exception):
    """The store cannot be opened or written; the message says why."""


class StoreConflict(StoreError):
    """Another transaction changed the same rows first; the work may be tried again."""


@dataclass(frozen=True, slots=True)
class Version:
    dataset: str
    version: int
    sha256: str
    format: str
    files: list[dict[str, str]]
    published: str | None
    loaded_at: datetime
    rows_read: int
    entities: int
    rows_merged: int
    rows_rejected: int
    rejects: list[dict[str, str]]
    # "accepted" (made current when loaded), "quarantined" (kept, never made current by the
    # load: ``problems`` say why) or "promoted" (made current later, on a person's word).
    status: str = "accepted"
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__slots__}
        data["loaded_at"] = self.loaded_at.isoformat(timespec="seconds")
        return data


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    version: Version
    created: bool  # False when the same content was already loaded


def record_digest(record: dict[str, Any]) -> str:
    # Value order within a property carries no meaning; sort so that it does not count.
    body = {
        "schema": record["schema"],
        "caption": record["caption"],
        "properties": {k: sorted(v) for k, v in record["properties"].items()},
        "list_refs": sorted((r["dataset"], r["ref"]) for r in record["list_refs"]),
        "sanctions": sorted(
            orjson.dumps(s, option=orjson.OPT_SORT_KEYS) for s in record["sanctions"]
        ),
    }
    return hashlib.sha1(
        orjson.dumps(body, option=orjson.OPT_SORT_KEYS, default=bytes.decode)
    ).hexdigest()


class SqlStore:
    """The shared part of a store; subclasses set ``con`` and implement the bulk writes."""

    kind = "sql"
    con: Any
    read_only: bool

    def __init__(self) -> None:
        self._depth = 0
        self._held: list[Callable[[], None]] = []

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @property
    def url(self) -> str:
        raise NotImplementedError

    # -- transactions and sequences ----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one. Rolled back on any exception."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if self._conflict(exc):
                raise StoreConflict(f"a concurrent change to the same records: {exc}") from exc
            raise
        finally:
            self._depth = 0
            while self._held:
                self._held.pop()()

    def serialise(self, name: str) -> None:
        """Take the lock ``name`` until the current transaction ends (commit or rollback).

        Work done under it by every handle of this store, in every process, commits in the
        order the lock was taken: what an append-only log needs so that a number taken from a
        sequence under the lock is never committed after a larger one."""
        if not self._depth:
            raise StoreError("serialise() needs an open transaction")
        self._hold(name)

    def _hold(self, name: str) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        with suppress(Exception):  # a failed COMMIT has already ended the transaction
            self.con.execute("ROLLBACK")

    def _conflict(self, exc: BaseException) -> bool:
        """Whether ``exc`` is the implementation's word for a write-write conflict."""
        return False

    def table_exists(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def sequence_exists(self, name: str) -> bool:
        raise NotImplementedError

    def next_value(self, sequence: str) -> int:
        """The next number of a database sequence (never ``max()+1``)."""
        row = self.con.execute(f"SELECT nextval('{sequence}')").fetchone()
        assert row is not None
        return int(row[0])

    # -- reading ---------------------------------------------------------------------------

    def datasets(self) -> list[str]:
        rows = self.con.execute("SELECT dataset FROM current ORDER BY dataset").fetchall()
        return [r[0] for r in rows]

    def current_version(self, dataset: str) -> int | None:
        row = self.con.execute(
            "SELECT version FROM current WHERE dataset = ?", [dataset]
        ).fetchone()
        return int(row[0]) if row else None

    def versions(self, dataset: str | None = None) -> list[Version]:
        sql = f"SELECT {VERSION_COLUMNS} FROM versions"
        params: list[Any] = []
        if dataset:
            sql += " WHERE dataset = ?"
            params.append(dataset)
        rows = self.con.execute(sql + " ORDER BY dataset, version", params).fetchall()
        return [_version(r) for r in rows]

    def version(self, dataset: str, version: int | None = None) -> Version | None:
        if version is None:
            version = self.current_version(dataset)
            if version is None:
                return None
        row = self.con.execute(
            f"SELECT {VERSION_COLUMNS} FROM versions WHERE dataset = ? AND version = ?",
            [dataset, version],
        ).fetchone()
        return _version(row) if row else None

    def records(self, dataset: str, version: int | None = None) -> Iterator[dict[str, Any]]:
        """Every entity record of a version (the current one by default)."""
        if version is None:
            version = self.current_version(dataset)
        rows = self.con.execute(
            "SELECT record FROM entities WHERE dataset = ? AND version = ? ORDER BY id",
            [dataset, version],
        )
        while batch := rows.fetchmany(2000):
            for (raw,) in batch:
                yield orjson.loads(raw)

    def current_records(
        self, schemata: tuple[str, ...] | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(dataset, record)`` for every entity of every current version (of these schemata)."""
        where = f"WHERE e.schema IN ({', '.join('?' * len(schemata))})" if schemata else ""
        rows = self.con.execute(
            f"""SELECT e.dataset, e.record FROM entities e JOIN current c
               ON e.dataset = c.dataset AND e.version = c.version {where}
               ORDER BY e.dataset, e.id""",
            list(schemata or ()),
        )
        while batch := rows.fetchmany(2000):
            for dataset, raw in batch:
                yield dataset, orjson.loads(raw)

    def captions(self, ids: list[str]) -> dict[str, str]:
        """Captions of current entities by id."""
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.con.execute(
                f"""SELECT e.id, e.caption FROM entities e JOIN current c
                   ON e.dataset = c.dataset AND e.version = c.version
                   WHERE e.id IN ({", ".join("?" * len(chunk))})""",
                chunk,
            ).fetchall()
            out.update({i: c for i, c in rows if c})
        return out

    def find(self, ref: str, dataset: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        """Current entities that carry ``ref`` as an entity id or as a list reference."""
        sql = """SELECT DISTINCT e.dataset, e.record FROM entities e
                 JOIN current c ON e.dataset = c.dataset AND e.version = c.version
                 LEFT JOIN refs r ON r.dataset = e.dataset AND r.version = e.version
                      AND r.id = e.id
                 WHERE (e.id = ? OR r.ref = ?)"""
        params: list[Any] = [ref, ref]
        if dataset:
            sql += " AND (r.ref_dataset = ? OR e.dataset = ?)"
            params += [dataset, dataset]
        rows = self.con.execute(sql, params).fetchall()
        return [(d, orjson.loads(r)) for d, r in rows]

    def seen(self, dataset: str, entity_id: str) -> tuple[int, int] | None:
        """First and last version of ``dataset`` in which an entity appears."""
        row = self.con.execute(
            "SELECT min(version), max(version) FROM entities WHERE dataset = ? AND id = ?",
            [dataset, entity_id],
        ).fetchone()
        return (int(row[0]), int(row[1])) if row and row[0] is not None else None

    # -- writing ---------------------------------------------------------------------------

    def bulk_insert(self, table: str, columns: dict[str, str], rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def _insert_entities(self, rows: list[dict[str, Any]]) -> None:
        """Write entity rows (``ENTITY_COLUMNS`` plus ``refs``) into entities and refs."""
        raise NotImplementedError

    def load(self, parsed: ParsedList, quarantine: list[str] | None = None) -> LoadOutcome:
        """Write a parsed list as a new version of its dataset, atomically.

        With ``quarantine`` reasons the version is kept but the current one stays current."""
        dataset = parsed.dataset
        row = self.con.execute(
            "SELECT version FROM versions WHERE dataset = ? AND sha256 = ? "
            "AND coalesce(reader, '1') = ?",
            [dataset, parsed.sha256, READER_VERSION],
        ).fetchone()
        if row is not None:
            prior = self.version(dataset, int(row[0]))
            assert prior is not None
            return LoadOutcome(prior, created=False)
        current = self.current_version(dataset)
        version = self._max_version(dataset) + 1
        rows = [_row(dataset, version, e.to_record()) for e in parsed]
        with self.transaction():
            self._insert_entities(rows)
            kept = self._keep_untouched(parsed, version, current)
            self._write_version(parsed, version, len(rows) + kept, quarantine or [])
            if not quarantine:
                self._point(dataset, version)
            _fault_point()
        loaded = self.version(dataset, version)
        assert loaded is not None
        return LoadOutcome(loaded, created=True)

    def set_current(self, dataset: str, version: int) -> Version:
        """Make a stored version current (``lists promote`` / ``lists rollback``)."""
        with self.transaction():
            found = self.version(dataset, version)
            if found is None:
                raise StoreError(f"{dataset} has no version {version}")
            if found.status == "quarantined":
                self.con.execute(
                    "UPDATE versions SET status = 'promoted' WHERE dataset = ? AND version = ?",
                    [dataset, version],
                )
            self._point(dataset, version)
        done = self.version(dataset, version)
        assert done is not None
        return done

    def _point(self, dataset: str, version: int) -> None:
        self.con.execute("DELETE FROM current WHERE dataset = ?", [dataset])
        self.con.execute("INSERT INTO current VALUES (?, ?)", [dataset, version])

    def _max_version(self, dataset: str) -> int:
        row = self.con.execute(
            "SELECT max(version) FROM versions WHERE dataset = ?", [dataset]
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _keep_untouched(self, parsed: ParsedList, version: int, current: int | None) -> int:
        """A delta keeps every entity of the current version it does not touch."""
        if not parsed.is_delta or current is None:
            return 0
        touched = sorted(set(parsed.entities) | set(parsed.deleted))
        self.con.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id VARCHAR)")
        self.con.execute("DELETE FROM touched")
        if touched:
            self.con.executemany("INSERT INTO touched VALUES (?)", [[t] for t in touched])
        for table, cols in (("entities", "dataset, ?, id, schema, caption, digest, record"),
                            ("refs", "dataset, ?, id, ref_dataset, ref")):  # fmt: skip
            self.con.execute(
                f"""INSERT INTO {table} SELECT {cols} FROM {table}
                    WHERE dataset = ? AND version = ? AND id NOT IN (SELECT id FROM touched)""",
                [version, parsed.dataset, current],
            )
        row = self.con.execute(
            "SELECT count(*) FROM entities WHERE dataset = ? AND version = ?",
            [parsed.dataset, version],
        ).fetchone()
        return int(row[0]) - len(parsed.entities) if row else 0

    def _write_version(
        self, parsed: ParsedList, version: int, entity_count: int, problems: list[str]
    ) -> None:
        counts = parsed.counts()
        files = [{"name": f.name, "sha256": f.sha256} for f in parsed.files]
        self.con.execute(
            f"INSERT INTO versions ({VERSION_COLUMNS}, reader) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [parsed.dataset, version, parsed.sha256, parsed.format, orjson.dumps(files).decode(),
             parsed.published, datetime.now(UTC).replace(tzinfo=None), counts["rows_read"],
             entity_count, counts["rows_merged"], counts["rows_rejected"],
             orjson.dumps([r.to_dict() for r in parsed.rejects]).decode(),
             "quarantined" if problems else "accepted", orjson.dumps(problems).decode(),
             READER_VERSION],
        )  # fmt: skip


VERSION_COLUMNS = (
    "dataset, version, sha256, format, files, published, loaded_at, rows_read, entities, "
    "rows_merged, rows_rejected, rejects, status, problems"
)


def _row(dataset: str, version: int, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "dataset": dataset,
        "version": version,
        "id": record["id"],
        "schema": record["schema"],
        "caption": record["caption"],
        "digest": record_digest(record),
        "record": orjson.dumps(record).decode(),
        "refs": record["list_refs"],
    }


def _version(row: tuple[Any, ...]) -> Version:
    return Version(
        dataset=row[0],
        version=int(row[1]),
        sha256=row[2],
        format=row[3],
        files=orjson.loads(row[4]),
        published=row[5],
        loaded_at=row[6],
        rows_read=int(row[7]),
        entities=int(row[8]),
        rows_merged=int(row[9]),
        rows_rejected=int(row[10]),
        rejects=orjson.loads(row[11]),
        status=row[12] or "accepted",
        problems=orjson.loads(row[13]) if row[13] else [],
    )


def _fault_point() -> None:
    """Fault injection for the crash tests: hold the open transaction for a while."""
    pause = os.environ.get("REDTRACE_FAULT_PAUSE_BEFORE_COMMIT")
    if pause:
        print("redtrace: paused before commit", flush=True)
        time.sleep(float(pause))
