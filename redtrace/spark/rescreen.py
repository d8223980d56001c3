"""Re-screening on Spark: the watched parties spread over the executors, each delta's small
matcher broadcast to them; alerts come back to the driver and are committed with the mark
that the delta was re-screened, exactly as the local re-screen does."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from redtrace.service.rescreen import commit_delta, delta_matcher, party_alert, pending_deltas
from redtrace.store.interface import StoreProtocol
from redtrace.store.parties import count_parties, iter_parties


def _export_parties(store: StoreProtocol, folder: Path) -> str:
    path = folder / "parties.jsonl"
    with path.open("wb") as out:
        for party in iter_parties(store):
            out.write(orjson.dumps(party) + b"\n")
    return str(path)


def rescreen(
    spark: Any, store: StoreProtocol, threshold: float, cutoff: float,
    datasets: list[str] | None = None,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Yield the alerts of every pending delta, committed before they are yielded."""
    total = count_parties(store)
    with tempfile.TemporaryDirectory(prefix="redtrace-spark-") as tmp:
        parties = None
        for delta in pending_deltas(store, datasets):
            matcher = delta_matcher(delta)
            alerts: list[dict[str, Any]] = []
            if matcher is not None and total:
                if parties is None:
                    parties = spark.sparkContext.textFile(_export_parties(store, Path(tmp)))
                shared = spark.sparkContext.broadcast(pickle.dumps((matcher, delta), protocol=5))

                def partition(lines: Iterable[str], shared: Any = shared) -> Iterator[bytes]:
                    m, d = pickle.loads(shared.value)
                    for line in lines:
                        alert = party_alert(m, d, orjson.loads(line), threshold, cutoff)
                        if alert is not None:
                            yield orjson.dumps(alert)

                alerts = [orjson.loads(a) for a in parties.mapPartitions(partition).collect()]
                alerts.sort(key=lambda a: str(a["id"]))
                shared.destroy()
            entries = len(matcher.index.parties) if matcher else 0
            commit_delta(store, delta, alerts, total, entries)
            yield from alerts
