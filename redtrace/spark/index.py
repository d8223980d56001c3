"""How the matcher reaches the executors: broadcast pickled, or rebuilt on each executor from
a Parquet export of the current list versions.

Either way an executor process builds or unpickles it once per job (a Python worker is
reused across tasks, so a partition after the first pays nothing), and both give the matcher
the driver would build: the same parties in the same order, the same configuration.
"""

from __future__ import annotations

import pickle
import secrets
from pathlib import Path
from typing import Any

import orjson

from redtrace.screen import Matcher, ScorerConfig
from redtrace.store.interface import StoreProtocol

# One matcher per executor process: the one of the job it serves.
_LOADED: dict[str, Matcher] = {}


def _cached(token: str, build: Any) -> Matcher:
    found = _LOADED.get(token)
    if found is None:
        _LOADED.clear()
        found = _LOADED[token] = build()
    return found


class BroadcastIndex:
    """The driver's matcher, pickled once and broadcast (about 40 MB for the bundled lists)."""

    kind = "broadcast"

    def __init__(self, spark: Any, matcher: Matcher) -> None:
        payload = pickle.dumps(matcher, protocol=5)
        self.bytes = len(payload)
        self.datasets = list(matcher.datasets)
        self.config = matcher.config
        self._broadcast = spark.sparkContext.broadcast(payload)
        self.token = secrets.token_hex(8)

    def load(self) -> Matcher:
        broadcast = self._broadcast
        return _cached(self.token, lambda: pickle.loads(broadcast.value))

    def destroy(self) -> None:
        self._broadcast.destroy()

    def __getstate__(self) -> dict[str, Any]:
        return {"_broadcast": self._broadcast, "token": self.token}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def export_lists(store: StoreProtocol, path: Path) -> list[dict[str, Any]]:
    """Write the records of the store's current list versions to one Parquet file (columns
    ``dataset`` and ``record``, FtM JSON) in the order a matcher takes them; returns the
    dataset versions, as ``build_matcher`` states them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("dataset", pa.string()), ("record", pa.string())])
    datasets = []
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for name in store.datasets():
            batch: dict[str, list[str]] = {"dataset": [], "record": []}
            for record in store.records(name):
                batch["dataset"].append(name)
                batch["record"].append(orjson.dumps(record).decode())
                if len(batch["record"]) >= 20_000:
                    writer.write_table(pa.table(batch, schema=schema))
                    batch = {"dataset": [], "record": []}
            if batch["record"]:
                writer.write_table(pa.table(batch, schema=schema))
            version = store.version(name)
            if version is not None:
                datasets.append({"name": name, "version": version.version, "sha256": version.sha256,
                                 "published": version.published, "entities": version.entities})  # fmt: skip
    return datasets


def read_export(path: str, datasets: list[dict[str, Any]], config: ScorerConfig) -> Matcher:
    """A matcher built from an export written by ``export_lists``."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    pairs = zip(table.column("dataset").to_pylist(), table.column("record").to_pylist(),
                strict=True)  # fmt: skip
    return Matcher.from_records(((d, orjson.loads(r)) for d, r in pairs), datasets, config)


class ParquetIndex:
    """The current list versions exported to Parquet and shipped with the job (``addFile``);
    each executor builds its own matcher from them. What travels is the lists' records
    (a few MB compressed), not the prepared index."""

    kind = "parquet"

    def __init__(
        self, spark: Any, store: StoreProtocol, folder: Path, config: ScorerConfig
    ) -> None:
        path = folder / f"lists-{secrets.token_hex(4)}.parquet"
        self.datasets = export_lists(store, path)
        self.bytes = path.stat().st_size
        self.config = config
        self.name = path.name
        spark.sparkContext.addFile(str(path))
        self.token = secrets.token_hex(8)

    def load(self) -> Matcher:
        from pyspark import SparkFiles

        return _cached(self.token, lambda: read_export(SparkFiles.get(self.name), self.datasets,
                                                      self.config))  # fmt: skip

    def destroy(self) -> None:
        return None
