"""Re-screen the stored parties against only what changed in the lists.

For each dataset, the entries added or changed since the version last re-screened (or the
version before the current one, the first time) form a small index; every stored party is
screened against it. A newly designated party alerts right after the list update, and the
cost is the size of the change, not of the lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from redtrace.screen import DEFAULT_CONFIG, PARTY_SCHEMATA, Index, Matcher, Party, ScorerConfig
from redtrace.service.audit import NoRecorder, Recorder
from redtrace.store import StoreProtocol, diff
from redtrace.store.parties import (
    count_parties,
    iter_parties,
    last_rescreened,
    record_rescreen,
    save_alerts,
)


@dataclass
class Delta:
    dataset: str
    from_version: int | None
    to_version: int
    records: list[dict[str, Any]]


def pending_deltas(store: StoreProtocol, datasets: list[str] | None = None) -> list[Delta]:
    out = []
    for dataset in datasets or store.datasets():
        current = store.current_version(dataset)
        if current is None:
            continue
        done = last_rescreened(store, dataset)
        if done is not None and done >= current:
            continue
        # A quarantined version was never current: no party was screened against it.
        older = [
            v.version
            for v in store.versions(dataset)
            if v.version < current and v.status != "quarantined"
        ]
        base = done if done is not None else (max(older) if older else None)
        if base is None:
            records = list(store.records(dataset, current))  # first version: all of it is new
        else:
            records = [
                c.record
                for c in diff(store, dataset, base, current)
                if c.kind in ("added", "changed") and c.record is not None
            ]
        out.append(Delta(dataset, base, current, records))
    return out


def delta_matcher(delta: Delta, config: ScorerConfig = DEFAULT_CONFIG) -> Matcher | None:
    """A matcher over a delta's added and changed entries (None when it has no party)."""
    entries = [Party(delta.dataset, r) for r in delta.records if r["schema"] in PARTY_SCHEMATA]
    return Matcher(Index(entries), [], config) if entries else None


def party_alert(
    matcher: Matcher, delta: Delta, party: dict[str, Any], threshold: float, cutoff: float
) -> dict[str, Any] | None:
    """The alert for one watched party against one delta, or None; it names the scorer."""
    response = matcher.match(party, threshold=threshold, cutoff=cutoff, limit=5)
    hits = [r for r in response.get("results", []) if r["match"]]
    if not hits:
        return None
    return {"id": party.get("id"), "dataset": delta.dataset, "from_version": delta.from_version,
            "to_version": delta.to_version, "scorer": matcher.config.label(),
            "results": hits}  # fmt: skip


def commit_delta(
    store: StoreProtocol,
    delta: Delta,
    alerts: list[dict[str, Any]],
    parties: int,
    entries: int,
    user: str = "local",
    recorder: Recorder | None = None,
) -> None:
    """The alerts, the mark that this delta was re-screened and their audit records, in one
    transaction, committed before any alert is handed out: a crash re-raises them, never
    skips them."""
    recorder = recorder or NoRecorder()
    with store.transaction():
        record_rescreen(store, delta.dataset, delta.from_version, delta.to_version, parties,
                        entries, len(alerts))  # fmt: skip
        recorder.submit(user, "rescreen", delta.dataset, {
            "from_version": delta.from_version, "to_version": delta.to_version,
            "parties": parties, "entries": entries, "alerts": [a["id"] for a in alerts],
        }, store=store)  # fmt: skip
        raise_alerts(store, alerts, user, recorder)


def raise_alerts(
    store: StoreProtocol, alerts: list[dict[str, Any]], user: str, recorder: Recorder
) -> None:
    """Store screening alerts with their audit records (inside the caller's transaction)."""
    save_alerts(store, alerts)
    for alert in alerts:
        recorder.submit(user, "alert.raised", alert["dataset"], alert,
                        subject=str(alert["id"]), store=store)  # fmt: skip


def rescreen(
    store: StoreProtocol,
    threshold: float,
    cutoff: float,
    datasets: list[str] | None = None,
    config: ScorerConfig = DEFAULT_CONFIG,
    *,
    user: str = "local",
    recorder: Recorder | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one alert per (party, delta) with matches; record each run in the store."""
    parties_total = count_parties(store)
    for delta in pending_deltas(store, datasets):
        matcher = delta_matcher(delta, config)
        alerts: list[dict[str, Any]] = []
        if matcher is not None and parties_total:
            for party in iter_parties(store):
                alert = party_alert(matcher, delta, party, threshold, cutoff)
                if alert is not None:
                    alerts.append(alert)
        entries = len(matcher.index.parties) if matcher else 0
        commit_delta(store, delta, alerts, parties_total, entries, user, recorder)
        yield from alerts
