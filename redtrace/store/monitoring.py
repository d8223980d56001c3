"""What continuous monitoring records: each scheduled list fetch, and each webhook delivery of
a screening alert (the alerts table is the outbox: an alert with no delivered row is due)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from redtrace.store.interface import StoreProtocol


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record_fetch(
    store: StoreProtocol, dataset: str, outcome: str, version: int | None, detail: str
) -> None:
    with store.transaction():
        store.con.execute("INSERT INTO list_fetches VALUES (?, ?, ?, ?, ?)",
                          [dataset, _now(), outcome, version, detail])  # fmt: skip


def last_fetches(store: StoreProtocol) -> dict[str, dict[str, Any]]:
    """The latest fetch of each dataset, and its latest successful one."""
    rows = store.con.execute(
        "SELECT dataset, fetched_at, outcome, version, detail FROM list_fetches"
        " ORDER BY fetched_at"
    ).fetchall()
    out: dict[str, dict[str, Any]] = {}
    for dataset, at, outcome, version, detail in rows:
        entry = out.setdefault(dataset, {})
        entry["last"] = {"at": at, "outcome": outcome, "version": version, "detail": detail}
        if outcome != "failed":
            entry["last_ok"] = entry["last"]
    return out


def alert_key(alert: dict[str, Any]) -> str:
    return f"{alert['id']}|{alert['dataset']}|{alert['to_version']}"


def due_alerts(store: StoreProtocol, limit: int = 100) -> list[tuple[str, dict[str, Any], int]]:
    """Alerts not yet delivered whose next attempt is due: (key, alert, attempts so far)."""
    rows = store.con.execute(
        """SELECT a.result, coalesce(d.attempts, 0) FROM screening_alerts a
           LEFT JOIN webhook_deliveries d ON d.alert_key =
               a.party_id || '|' || a.dataset || '|' || CAST(a.to_version AS VARCHAR)
           WHERE d.alert_key IS NULL OR (d.status = 'retrying' AND d.next_at <= ?)
           ORDER BY a.raised_at LIMIT ?""",
        [_now(), limit],
    ).fetchall()
    out = []
    for raw, attempts in rows:
        alert = orjson.loads(raw)
        out.append((alert_key(alert), alert, int(attempts)))
    return out


def record_delivery(
    store: StoreProtocol, key: str, url: str, ok: bool, attempts: int, error: str | None,
    retry_in: float, give_up: bool,
) -> None:  # fmt: skip
    now = _now()
    status = "delivered" if ok else ("failed" if give_up else "retrying")
    with store.transaction():
        store.con.execute("DELETE FROM webhook_deliveries WHERE alert_key = ?", [key])
        store.con.execute(
            "INSERT INTO webhook_deliveries VALUES (?, ?, ?, ?, ?, ?, ?)",
            [key, url, status, attempts, error, now + timedelta(seconds=retry_in),
             now if ok else None],
        )  # fmt: skip


def deliveries(store: StoreProtocol) -> list[dict[str, Any]]:
    rows = store.con.execute(
        "SELECT alert_key, url, status, attempts, last_error, next_at, delivered_at"
        " FROM webhook_deliveries ORDER BY alert_key"
    ).fetchall()
    names = ("alert_key", "url", "status", "attempts", "last_error", "next_at", "delivered_at")
    return [dict(zip(names, r, strict=True)) for r in rows]
