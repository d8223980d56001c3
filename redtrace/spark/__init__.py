"""Batch screening and re-screening on Apache Spark (the ``spark`` extra): the pure matcher
broadcast to the executors or rebuilt on each from a Parquet export of the lists, lines
screened in Arrow batches, the local engine's output contract kept line for line."""

from redtrace.spark.engine import OUTPUT_SCHEMA, Summary, answers, parquet_as_lines, run, session
from redtrace.spark.index import BroadcastIndex, ParquetIndex, export_lists, read_export
from redtrace.spark.rescreen import rescreen

__all__ = [
    "OUTPUT_SCHEMA",
    "BroadcastIndex",
    "ParquetIndex",
    "Summary",
    "answers",
    "export_lists",
    "parquet_as_lines",
    "read_export",
    "rescreen",
    "run",
    "session",
]
