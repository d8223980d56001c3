"""Batch screening on Apache Spark: the same matcher, the same output lines, more machines.

The matcher reaches the executors broadcast or rebuilt from a Parquet export of the lists
(``redtrace.spark.index``). Lines are read as a DataFrame and screened in Arrow batches
(``mapInPandas``), each line answered by the local engine's own line function, so it gets
exactly the bytes the local engine would give it. The job writes its answers as Parquet, in
parallel; JSON Lines output is those answers read back in input order, one line per input
line, rejected lines as error lines.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import orjson

from redtrace.screen import Matcher, ScorerConfig, answer_line

# Output columns: the input line's number, the query id (a string, or its JSON when it is
# not one), the output line as the local engine writes it, and what it says.
OUTPUT_SCHEMA = "line long, id string, output string, is_error boolean, match boolean"
_PART_BITS = 33  # monotonically_increasing_id: partition index above, row number below


class IndexSource(Protocol):
    kind: str
    bytes: int
    datasets: list[dict[str, Any]]
    config: ScorerConfig

    def load(self) -> Matcher: ...

    def destroy(self) -> None: ...


@dataclass
class Summary:
    """What a job did, for the audit trail and the operator."""

    rows_read: int = 0
    screened: int = 0
    rejected: int = 0
    alerts: int = 0
    seconds: float = 0.0
    master: str = ""
    index: str = ""
    index_bytes: int = 0
    scorer: str = ""
    datasets: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        keys = ("name", "from_version", "version", "sha256", "published", "entries")
        out["datasets"] = [{k: d[k] for k in keys if k in d} for d in self.datasets]
        return out


def session(master: str, app: str = "redtrace", memory: str = "4g") -> Any:
    """A Spark session (``local[*]`` by default; a cluster's URL to go past one machine)."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master.startswith("local"):
        # On this machine the executors run the driver's interpreter (its virtualenv, with
        # redtrace and the extra) unless PYSPARK_PYTHON names another; on a cluster,
        # PYSPARK_PYTHON or spark.pyspark.python names theirs.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def _query_id(line: str) -> str | None:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    qid = data.get("id") if isinstance(data, dict) else None
    return qid if isinstance(qid, str) or qid is None else orjson.dumps(qid).decode()


def _screen(index: IndexSource, offsets: dict[int, int], options: dict[str, Any]) -> Any:
    def batches(frames: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        matcher = index.load()
        mask = (1 << _PART_BITS) - 1
        for frame in frames:
            rows: dict[str, list[Any]] = {"line": [], "id": [], "output": [], "is_error": [],
                                          "match": []}  # fmt: skip
            for text, pos in zip(frame["value"], frame["pos"], strict=True):
                if not text.strip():
                    continue  # as the local engine: a blank line is no query
                number = offsets[int(pos) >> _PART_BITS] + (int(pos) & mask) + 1
                out, is_error = answer_line(number, text, matcher, options)
                rows["line"].append(number)
                rows["id"].append(_query_id(text))
                rows["output"].append(out[:-1].decode())
                rows["is_error"].append(is_error)
                # Inside JSON strings a quote is escaped: this can only be a result's key.
                rows["match"].append(not is_error and b'"match":true' in out)
            yield pd.DataFrame(rows)

    return batches


def answers(
    spark: Any, source: str, index: IndexSource, options: dict[str, Any],
    split_bytes: int = 8 << 20,
) -> Any:  # fmt: skip
    """A DataFrame of the answer to every non-blank line of ``source`` (one file) in
    ``OUTPUT_SCHEMA``. The file is read in splits of about ``split_bytes`` (a line costs
    about a millisecond to screen: small splits keep every core busy to the end); a line's
    number is its split's offset, from a count of the lines of the splits before it, plus
    its row in the split."""
    from pyspark.sql import functions as F

    if Path(source).is_file():  # at least four splits a core, so no core idles at the end
        cores = spark.sparkContext.defaultParallelism
        split_bytes = min(split_bytes, max(64 << 10, Path(source).stat().st_size // (4 * cores)))
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(split_bytes))
    lines = (spark.read.text(source).withColumn("pos", F.monotonically_increasing_id())
             .withColumn("start", F.input_file_block_start()))  # fmt: skip
    part = F.shiftright(F.col("pos"), _PART_BITS).alias("part")
    counts = lines.groupBy(part).agg(F.count("*").alias("n"), F.min("start").alias("start"),
                                     F.countDistinct("start").alias("splits")).collect()  # fmt: skip
    if any(row["splits"] != 1 for row in counts):
        raise ValueError(f"{source}: screen one file at a time (its lines keep their order)")
    offsets, total = {}, 0
    for row in sorted(counts, key=lambda r: r["start"]):
        offsets[int(row["part"])] = total
        total += int(row["n"])
    return lines.select("value", "pos").mapInPandas(_screen(index, offsets, options),
                                                    OUTPUT_SCHEMA)  # fmt: skip


def parquet_as_lines(spark: Any, source: str, target: Path) -> str:
    """A Parquet file of queries (columns id, schema, properties) as one JSON Lines file, so
    that both inputs take one path through the engine."""
    frame = spark.read.parquet(source)
    frame.coalesce(1).write.mode("overwrite").json(str(target))
    (written,) = target.glob("part-*.json")
    return str(written)


def _parts(folder: Path) -> list[Path]:
    """The answer files of a job, in input order (each holds one split's lines)."""
    import pyarrow.parquet as pq

    firsts = []
    for part in folder.glob("part-*.parquet"):
        lines = pq.read_table(part, columns=["line"]).column(0)
        if len(lines):
            firsts.append((lines[0].as_py(), part))
    return [part for _, part in sorted(firsts)]


def _count(summary: Summary, folder: Path) -> None:
    import pyarrow.parquet as pq

    for part in _parts(folder):
        table = pq.read_table(part, columns=["is_error", "match"])
        errors = sum(bool(v) for v in table.column("is_error").to_pylist())
        summary.rows_read += table.num_rows
        summary.rejected += errors
        summary.screened += table.num_rows - errors
        summary.alerts += sum(bool(v) for v in table.column("match").to_pylist())


def write_lines(folder: Path, out: IO[bytes], summary: Summary) -> None:
    """The job's Parquet answers, in input order, as the local engine's JSON Lines."""
    import pyarrow.parquet as pq

    for part in _parts(folder):
        handle = pq.ParquetFile(part)
        for batch in handle.iter_batches(columns=["output", "is_error", "match"]):
            outputs = batch.column(0).to_pylist()
            errors = batch.column(1).to_pylist()
            matches = batch.column(2).to_pylist()
            out.write(("\n".join(outputs) + "\n").encode())
            summary.rows_read += len(outputs)
            rejected = sum(bool(e) for e in errors)
            summary.rejected += rejected
            summary.screened += len(outputs) - rejected
            summary.alerts += sum(bool(m) for m in matches)


def run(
    spark: Any,
    source: str,
    index: IndexSource,
    options: dict[str, Any],
    *,
    out: IO[bytes] | None = None,
    parquet: Path | None = None,
    scratch: Path,
    split_bytes: int = 8 << 20,
) -> Summary:
    """Screen every line of ``source``. The answers go to ``parquet`` (a folder of Parquet
    files, ``OUTPUT_SCHEMA``), or to ``out`` as JSON Lines in input order."""
    started = time.perf_counter()
    summary = Summary(master=spark.sparkContext.master, datasets=list(index.datasets),
                      index=index.kind, index_bytes=index.bytes,
                      scorer=index.config.label())  # fmt: skip
    target = parquet if parquet is not None else scratch / "answers"
    try:
        frame = answers(spark, source, index, options, split_bytes)
        frame.write.mode("overwrite").parquet(str(target))
    finally:
        index.destroy()
    if parquet is not None:
        _count(summary, target)
    elif out is not None:
        write_lines(target, out, summary)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary
