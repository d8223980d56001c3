"""Batch screening on Apache Spark: the same matcher, the same output lines, more machines.

The driver builds the matcher once from the store's current list versions and broadcasts it
pickled; each executor process unpickles it once (per broadcast) and answers whole
partitions with the local engine's own line function, so a line gets exactly the bytes the
local engine would give it. Lines keep their input position: the output is sorted by it, one
line per input line, rejected lines as error lines.
"""

from __future__ import annotations

import pickle
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from redtrace.screen import Matcher, answer_line

# One unpickled matcher per executor process and broadcast (a Python worker is reused
# across tasks, so a partition after the first pays nothing).
_LOADED: dict[str, Matcher] = {}


@dataclass
class Summary:
    """What a job did, for the audit trail and the operator."""

    rows_read: int = 0
    screened: int = 0
    rejected: int = 0
    alerts: int = 0
    seconds: float = 0.0
    master: str = ""
    datasets: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def session(master: str, app: str = "redtrace") -> Any:
    """A Spark session (``local[*]`` by default; a cluster's URL to go past one machine)."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _matcher(broadcast: Any, token: str) -> Matcher:
    found = _LOADED.get(token)
    if found is None:
        _LOADED.clear()  # a worker keeps only the matcher of the job it serves
        found = pickle.loads(broadcast.value)
        _LOADED[token] = found
    return found


def _answer(broadcast: Any, token: str, options: dict[str, Any]) -> Any:
    def partition(rows: Iterable[tuple[str, int]]) -> Iterator[tuple[int, tuple[bytes, bool]]]:
        matcher = _matcher(broadcast, token)
        for line, index in rows:
            number = index + 1
            if not line.strip():
                continue  # as the local engine: a blank line is no query
            yield number, answer_line(number, line, matcher, options)

    return partition


def screen_lines(
    spark: Any, source: str, matcher: Matcher, options: dict[str, Any]
) -> tuple[Any, Any]:
    """An RDD of ``(line number, (output bytes, is_error))`` sorted by line, and the
    broadcast it uses (to be destroyed when the job is done)."""
    broadcast = spark.sparkContext.broadcast(pickle.dumps(matcher, protocol=5))
    lines = spark.sparkContext.textFile(source).zipWithIndex()
    answered = lines.mapPartitions(_answer(broadcast, secrets.token_hex(8), options))
    answered = answered.sortByKey()
    return answered, broadcast


def parquet_as_lines(spark: Any, source: str, target: Path) -> str:
    """A Parquet file of queries (columns id, schema, properties) as a JSON Lines file, so
    that both inputs take one path through the engine."""
    frame = spark.read.parquet(source)
    frame.select(frame.columns).write.mode("overwrite").json(str(target))
    return str(target)


def run(
    spark: Any,
    source: str,
    out: Any,
    matcher: Matcher,
    options: dict[str, Any],
) -> Summary:
    """Screen every line of ``source``; write the output lines to ``out`` in input order."""
    started = time.perf_counter()
    summary = Summary(master=spark.sparkContext.master, datasets=list(matcher.datasets))
    answered, broadcast = screen_lines(spark, source, matcher, options)
    try:
        for _number, (line, is_error) in answered.toLocalIterator():
            out.write(line)
            summary.rows_read += 1
            if is_error:
                summary.rejected += 1
                continue
            summary.screened += 1
            if any(r["match"] for r in orjson.loads(line)["results"]):
                summary.alerts += 1
    finally:
        broadcast.destroy()
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary
