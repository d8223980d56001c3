"""Continuous monitoring: watched parties screened against each list change, in reverse.

Forward re-screening (``service.rescreen``) screens every stored party against a small index
of the changed list entries, so its cost grows with the customer base. Here the parties'
retrieval keys are indexed once, when they are stored (``store.watch``), and each changed
entry looks up the parties that share a key with it; only those are scored, in the forward
direction and by the same scorer, so the alerts are exactly the forward ones.

Alerts have memory: a person's decision on a (party, list entry) pair holds while neither
record changes, so the same pair does not alert again at the next list version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from redtrace.screen import (
    DEFAULT_CONFIG,
    RETRIEVAL_FLOOR,
    KeyRow,
    Matcher,
    Query,
    QueryError,
    ScorerConfig,
    delta_keys,
    party_keys,
)
from redtrace.service.audit import NoRecorder, Recorder
from redtrace.service.rescreen import (
    Delta,
    commit_delta,
    delta_matcher,
    party_alert,
    pending_deltas,
    raise_alerts,
)
from redtrace.store import StoreProtocol
from redtrace.store.alert_decisions import decided_pairs, record_decision
from redtrace.store.keys import active_user
from redtrace.store.parties import count_parties, get_party, save_parties
from redtrace.store.sql import record_digest
from redtrace.store.watch import (
    clear_keys,
    key_version,
    parties_with_keys,
    set_key_version,
    unindexed_parties,
    write_keys,
)

# The keys follow how names are prepared: a new scorer version rebuilds the watch index.
KEY_VERSION = f"reverse-1/{DEFAULT_CONFIG.version}"
OUTCOMES = ("true_match", "false_positive")
INDEX_BATCH = 20_000


class AlertError(ValueError):
    """A decision that cannot be recorded; the message says why."""


def party_digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _keys_of(records: Iterable[dict[str, Any]]) -> dict[str, list[KeyRow]]:
    out: dict[str, list[KeyRow]] = {}
    for record in records:
        try:
            out[record["id"]] = party_keys(Query(record))
        except QueryError:
            out[record["id"]] = []  # nothing to retrieve it by, nothing to alert on
    return out


def watch_parties(
    store: StoreProtocol,
    records: list[dict[str, Any]],
    user: str = "local",
    recorder: Recorder | None = None,
) -> int:
    """Store parties, their watch keys and the audit record in one transaction; returns
    parties written."""
    ensure_watch_index(store)
    latest = {r["id"]: r for r in records}
    with store.transaction():
        written = save_parties(store, latest.values())
        write_keys(store, _keys_of(latest.values()))
        (recorder or NoRecorder()).submit(user, "parties.load", None, {
            "written": written, "ids": list(latest)}, store=store)  # fmt: skip
    return written


def ensure_watch_index(store: StoreProtocol) -> int:
    """Bring the watch index up to date: rebuilt when the key version changed, completed for
    parties stored without keys. Returns how many parties were (re)indexed."""
    done = 0
    with store.transaction():
        if key_version(store) != KEY_VERSION:
            clear_keys(store)
            set_key_version(store, KEY_VERSION)
        batch: list[dict[str, Any]] = []
        for record in unindexed_parties(store):
            batch.append(record)
            if len(batch) >= INDEX_BATCH:
                done += _index(store, batch)
                batch = []
        done += _index(store, batch)
    return done


def _index(store: StoreProtocol, batch: list[dict[str, Any]]) -> int:
    keys = _keys_of(batch)
    # A party with no key at all still gets a row, so it is not read again next time.
    none = [KeyRow("!none", 0, 0, 0.0, 1.0)]
    write_keys(store, {pid: k or none for pid, k in keys.items()})
    return len(batch)


@dataclass
class DeltaRun:
    dataset: str
    from_version: int | None
    to_version: int
    entries: int
    candidates: int
    alerts: int


def reverse_candidates(
    store: StoreProtocol, delta: Delta, matcher: Matcher, cutoff: float
) -> list[dict[str, Any]]:
    """The watched parties that forward screening could score against the delta's entries."""
    entries = matcher.index.parties
    if not entries:
        return []
    floor = cutoff * RETRIEVAL_FLOOR
    return parties_with_keys(store, delta_keys(entries), floor)


def reverse_rescreen(
    store: StoreProtocol,
    threshold: float,
    cutoff: float,
    datasets: list[str] | None = None,
    runs: list[DeltaRun] | None = None,
    config: ScorerConfig = DEFAULT_CONFIG,
    *,
    user: str = "local",
    recorder: Recorder | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one alert per (party, delta) with undecided matches, like ``rescreen``; each
    delta's alerts and its mark are committed before any is handed out."""
    ensure_watch_index(store)
    parties_total = count_parties(store)
    decided = decided_pairs(store)
    for delta in pending_deltas(store, datasets):
        matcher = delta_matcher(delta, config)
        alerts: list[dict[str, Any]] = []
        candidates = reverse_candidates(store, delta, matcher, cutoff) if matcher else []
        digests = {r["id"]: record_digest(r) for r in delta.records}
        for party in candidates:
            assert matcher is not None
            alert = party_alert(matcher, delta, party, threshold, cutoff)
            if alert is not None:
                alert = _without_decided(alert, party, decided, digests)
            if alert is not None:
                alerts.append(alert)
        entries = len(matcher.index.parties) if matcher else 0
        commit_delta(store, delta, alerts, parties_total, entries, user, recorder)
        if runs is not None:
            runs.append(DeltaRun(delta.dataset, delta.from_version, delta.to_version, entries,
                                 len(candidates), len(alerts)))  # fmt: skip
        yield from alerts


def _without_decided(
    alert: dict[str, Any],
    party: dict[str, Any],
    decided: dict[tuple[str, str], tuple[str, str]],
    digests: dict[str, str],
) -> dict[str, Any] | None:
    """Drop the hits a person already decided for these same two records."""
    pdig = party_digest(party)
    kept = []
    for hit in alert["results"]:
        known = decided.get((str(party.get("id")), hit["id"]))
        if known is not None and known == (pdig, digests.get(hit["id"], "")):
            continue
        kept.append(hit)
    return {**alert, "results": kept} if kept else None


def decide_alert(
    store: StoreProtocol,
    party_id: str,
    entity_id: str,
    outcome: str,
    reason: str,
    by: str,
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    """Record a person's decision on a (party, list entry) pair, for these record versions."""
    if outcome not in OUTCOMES:
        raise AlertError(f"outcome: {outcome!r} is not one of {', '.join(OUTCOMES)}")
    if not reason.strip():
        raise AlertError("reason: a decision needs a reason")
    decider = active_user(store, by)
    if decider is None:
        raise AlertError(f"by: {by!r} is not a known, active user (see `redtrace users`)")
    if not decider.has("analyst"):
        raise AlertError(f"by: deciding an alert needs the analyst role; {by} is {decider.role}")
    record = get_party(store, party_id)
    if record is None:
        raise AlertError(f"party: no stored party {party_id!r}")
    found = [r for _, r in store.find(entity_id) if r["id"] == entity_id]
    if not found:
        raise AlertError(f"entity: no current list entry {entity_id!r}")
    entity = found[0]
    with store.transaction():
        decision = record_decision(store, party_id, entity_id, party_digest(record),
                                   record_digest(entity), outcome, reason.strip(), by)  # fmt: skip
        (recorder or NoRecorder()).submit(by, "alert.decided", None, decision,
                                          subject=party_id, store=store)  # fmt: skip
    return decision


def screen_parties(
    store: StoreProtocol,
    matcher: Matcher,
    records: list[dict[str, Any]],
    threshold: float,
    cutoff: float,
    user: str = "local",
    recorder: Recorder | None = None,
) -> list[dict[str, Any]]:
    """Screen new or changed parties against the whole current lists (a changed party is a
    new question, which no list delta will ask); store and return their undecided alerts."""
    decided = decided_pairs(store)
    versions = {d["name"]: d["version"] for d in matcher.datasets}
    alerts: list[dict[str, Any]] = []
    for party in records:
        response = matcher.match(party, threshold=threshold, cutoff=cutoff, limit=5)
        hits = [r for r in response.get("results", []) if r["match"]]
        if not hits:
            continue
        digests = {h["id"]: _entity_digest(store, h["id"]) for h in hits}
        by_dataset: dict[str, list[dict[str, Any]]] = {}
        for hit in hits:
            by_dataset.setdefault(hit["datasets"][0], []).append(hit)
        for dataset, found in by_dataset.items():
            alert = {"id": party.get("id"), "dataset": dataset, "from_version": None,
                     "to_version": versions.get(dataset, 0), "results": found}  # fmt: skip
            kept = _without_decided(alert, party, decided, digests)
            if kept is not None:
                alerts.append(kept)
    with store.transaction():
        raise_alerts(store, alerts, user, recorder or NoRecorder())
    return alerts


def _entity_digest(store: StoreProtocol, entity_id: str) -> str:
    found = [r for _, r in store.find(entity_id) if r["id"] == entity_id]
    return record_digest(found[0]) if found else ""


def remember(
    store: StoreProtocol, party_id: str, entity_ids: set[str], outcome: str, reason: str, by: str
) -> None:
    """Remember a person's verdict on a party's pairs with these list entries, for the
    records as they stand (the caller has checked the person's authority)."""
    record = get_party(store, party_id)
    if record is None:
        return
    pdig = party_digest(record)
    with store.transaction():
        for entity_id in sorted(entity_ids):
            record_decision(store, party_id, entity_id, pdig, _entity_digest(store, entity_id),
                            outcome, reason, by)  # fmt: skip
