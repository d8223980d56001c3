"""The screening audit trail: who screened what, when, against which list versions, and
what came back. Kept in its own DuckDB file beside the store, written by the service.

Each record carries the SHA-256 of the one before it, so that a later reader can tell if a
record was changed or removed (the tamper-evident chain that the analysts' workspace checks).
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import orjson

DDL = """CREATE TABLE IF NOT EXISTS screenings (
    seq BIGINT PRIMARY KEY,
    recorded_at TIMESTAMP NOT NULL,
    user_name VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    dataset VARCHAR,
    body VARCHAR NOT NULL,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL)"""
GENESIS = "0" * 64


class AuditLog:
    """Append-only, hash-chained records; thread-safe within one process.

    Several server processes (uvicorn workers) each keep their own chain: when ``path`` is
    held by another process, the next free ``<stem>-N<suffix>`` beside it is used.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.con = self._connect(path)
        self.con.execute(DDL)
        self.lock = threading.Lock()
        row = self.con.execute(
            "SELECT seq, hash FROM screenings ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        self.seq, self.last_hash = (int(row[0]), str(row[1])) if row else (0, GENESIS)

    @staticmethod
    def _connect(path: Path) -> duckdb.DuckDBPyConnection:
        candidates = [path] + [
            path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, 64)
        ]
        for candidate in candidates:
            try:
                return duckdb.connect(str(candidate))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
        raise RuntimeError(f"no free audit file beside {path}")

    def record(self, user: str, action: str, dataset: str | None, body: dict[str, Any]) -> int:
        data = orjson.dumps(body, option=orjson.OPT_SORT_KEYS).decode()
        with self.lock:
            self.seq += 1
            at = datetime.now(UTC).replace(tzinfo=None)
            digest = hashlib.sha256(
                f"{self.seq}|{at.isoformat()}|{user}|{action}|{dataset}|{data}|{self.last_hash}".encode()
            ).hexdigest()
            self.con.execute(
                "INSERT INTO screenings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [self.seq, at, user, action, dataset, data, self.last_hash, digest],
            )
            self.last_hash = digest
            return self.seq

    def verify(self) -> tuple[bool, int | None]:
        """Recompute the chain; returns (intact, first bad sequence number)."""
        prev = GENESIS
        cursor = self.con.execute(
            "SELECT seq, recorded_at, user_name, action, dataset, body, prev_hash, hash FROM screenings ORDER BY seq"
        )
        for seq, at, user, action, dataset, body, prev_hash, digest in cursor.fetchall():
            expected = hashlib.sha256(
                f"{seq}|{at.isoformat()}|{user}|{action}|{dataset}|{body}|{prev}".encode()
            ).hexdigest()
            if prev_hash != prev or digest != expected:
                return False, int(seq)
            prev = digest
        return True, None

    def records(
        self, limit: int = 200, user: str | None = None, action: str | None = None
    ) -> list[dict[str, Any]]:
        """The newest records first, optionally of one user or one kind of action."""
        where, params = [], []
        for column, value in (("user_name", user), ("action", action)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self.lock:
            rows = self.con.execute(
                f"SELECT seq, recorded_at, user_name, action, dataset, body FROM screenings"
                f" {clause} ORDER BY seq DESC LIMIT ?",
                [*params, limit],
            ).fetchall()
        keys = ("seq", "at", "user", "action", "dataset", "body")
        out = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            item["body"] = orjson.loads(item["body"])
            out.append(item)
        return out

    def count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM screenings").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.con.close()
