"""Re-screening on Spark: the watched parties spread over the executors, each delta's small
matcher broadcast to them; alerts come back to the driver and are committed with the mark
that the delta was re-screened, exactly as the local re-screen does (same alerts, same
order: by party id within a delta, deltas in dataset order)."""

from __future__ import annotations

import pickle
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from redtrace.screen import DEFAULT_CONFIG, ScorerConfig
from redtrace.service.rescreen import commit_delta, delta_matcher, party_alert, pending_deltas
from redtrace.spark.engine import Summary
from redtrace.store.interface import StoreProtocol
from redtrace.store.parties import count_parties, iter_parties


def _export_parties(store: StoreProtocol, folder: Path) -> str:
    path = folder / "parties.jsonl"
    with path.open("wb") as out:
        for party in iter_parties(store):
            out.write(orjson.dumps(party) + b"\n")
    return str(path)


def _alerts(shared: Any, threshold: float, cutoff: float) -> Any:
    def partition(lines: Iterable[str]) -> Iterator[bytes]:
        matcher, delta = pickle.loads(shared.value)
        for line in lines:
            alert = party_alert(matcher, delta, orjson.loads(line), threshold, cutoff)
            if alert is not None:
                yield orjson.dumps(alert)

    return partition


def rescreen(
    spark: Any,
    store: StoreProtocol,
    threshold: float,
    cutoff: float,
    datasets: list[str] | None = None,
    config: ScorerConfig = DEFAULT_CONFIG,
    summary: Summary | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the alerts of every pending delta, committed before they are yielded.
    ``summary`` (when given) is filled in: parties read, party-delta pairs screened, alerts,
    and each delta's dataset and versions."""
    started = time.perf_counter()
    summary = summary if summary is not None else Summary()
    summary.master, summary.index, summary.scorer = (
        spark.sparkContext.master,
        "broadcast",
        config.label(),
    )
    total = count_parties(store)
    summary.rows_read = total
    with tempfile.TemporaryDirectory(prefix="redtrace-spark-") as tmp:
        parties = None
        for delta in pending_deltas(store, datasets):
            matcher = delta_matcher(delta, config)
            alerts: list[dict[str, Any]] = []
            if matcher is not None and total:
                if parties is None:
                    parties = spark.sparkContext.textFile(_export_parties(store, Path(tmp)))
                payload = pickle.dumps((matcher, delta), protocol=5)
                summary.index_bytes = max(summary.index_bytes, len(payload))
                shared = spark.sparkContext.broadcast(payload)
                try:
                    found = parties.mapPartitions(_alerts(shared, threshold, cutoff)).collect()
                finally:
                    shared.destroy()
                alerts = sorted((orjson.loads(a) for a in found), key=lambda a: str(a["id"]))
                summary.screened += total
            entries = len(matcher.index.parties) if matcher else 0
            commit_delta(store, delta, alerts, total, entries)
            summary.alerts += len(alerts)
            summary.datasets.append({"name": delta.dataset, "from_version": delta.from_version,
                                     "version": delta.to_version, "entries": entries})  # fmt: skip
            yield from alerts
    summary.seconds = round(time.perf_counter() - started, 2)
