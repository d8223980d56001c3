"""``redtrace match --engine spark`` and ``rescreen --engine spark``: the Spark faces.

A job's summary (rows read, screened, rejected, alerts, the list versions and the scorer)
goes to stderr as JSON and into the audit trail, as the local engine's does.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click
import orjson

from redtrace.cli.common import cli_user, recorder
from redtrace.screen import ScorerConfig
from redtrace.service import build_matcher
from redtrace.store import StoreError, StoreProtocol

MASTER_ENV = "REDTRACE_SPARK_MASTER"


def master(given: str | None) -> str:
    return given or os.environ.get(MASTER_ENV) or "local[*]"


def _spark(given: str | None) -> Any:
    try:
        from redtrace.spark import session
    except ImportError as exc:  # pragma: no cover - without the extra
        raise click.ClickException("the Spark engine needs: pip install 'redtrace[spark]'") from exc
    return session(master(given))


def record_job(action: str, summary: dict[str, Any], quiet: bool = False) -> None:
    """The job's summary: in the audit trail, and on stderr (unless ``quiet``)."""
    if not quiet:
        click.echo("redtrace: " + orjson.dumps(summary).decode(), err=True)
    try:
        recorder().submit(cli_user(), action, None, summary)
    except StoreError as exc:
        raise click.ClickException(f"done, but the audit record was not written: {exc}") from exc


def match_on_spark(
    store: StoreProtocol, config: ScorerConfig, input_: IO[str], output: str,
    options: dict[str, Any], given_master: str | None, input_format: str, output_format: str,
    index_kind: str,
) -> None:  # fmt: skip
    """Screen the input on Spark; the same output lines as the local engine, in order, or
    a folder of Parquet files."""
    from redtrace.spark import BroadcastIndex, ParquetIndex, parquet_as_lines, run

    if output_format == "parquet" and output == "-":
        raise click.UsageError("--output-format parquet writes a folder: give -o PATH")
    spark = _spark(given_master)
    with tempfile.TemporaryDirectory(prefix="redtrace-spark-") as tmp:
        scratch = Path(tmp)
        source = input_.name
        if input_format == "jsonl" and not Path(source).is_file():
            source = str(scratch / "input.jsonl")  # stdin: Spark reads files
            with open(source, "w", encoding="utf-8") as out:
                shutil.copyfileobj(input_, out)
        elif input_format == "parquet":
            source = parquet_as_lines(spark, source, scratch / "input")
        if index_kind == "parquet":
            index: Any = ParquetIndex(spark, store, scratch, config)
        else:
            index = BroadcastIndex(spark, build_matcher(store, config=config))
        if output_format == "parquet":
            summary = run(spark, source, index, options, parquet=Path(output), scratch=scratch)
        else:
            with click.open_file(output, "wb") as handle:
                summary = run(spark, source, index, options, out=handle, scratch=scratch)
                handle.flush()
    record_job("match.spark", summary.to_dict() | {"options": options})


def rescreen_on_spark(
    store: StoreProtocol, config: ScorerConfig, threshold: float, cutoff: float,
    datasets: list[str] | None, given_master: str | None,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """The alerts of a re-screen on Spark, each committed before it is yielded."""
    from redtrace.spark import Summary, rescreen

    summary = Summary()
    yield from rescreen(_spark(given_master), store, threshold, cutoff, datasets, config, summary)
    record_job("rescreen.spark", summary.to_dict() | {"threshold": threshold, "cutoff": cutoff})
