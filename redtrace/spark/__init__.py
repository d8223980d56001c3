"""Batch screening and re-screening on Apache Spark (the ``spark`` extra): the pure matcher
broadcast to the executors, the local engine's output contract kept line for line."""

from redtrace.spark.engine import Summary, run, session

__all__ = ["Summary", "run", "session"]
