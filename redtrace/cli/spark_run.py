"""``redtrace match --engine spark`` and ``rescreen --engine spark``: the Spark faces."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

import click
import orjson

from redtrace.screen import Matcher

MASTER_ENV = "REDTRACE_SPARK_MASTER"


def master(given: str | None) -> str:
    return given or os.environ.get(MASTER_ENV) or "local[*]"


def _spark(given: str | None) -> Any:
    try:
        from redtrace.spark import session
    except ImportError as exc:  # pragma: no cover - without the extra
        raise click.ClickException("the Spark engine needs: pip install 'redtrace[spark]'") from exc
    return session(master(given))


def match_on_spark(
    matcher: Matcher, input_: IO[str], output: IO[bytes], options: dict[str, Any],
    given_master: str | None, input_format: str,
) -> None:  # fmt: skip
    """Screen the input on Spark; the same output lines as the local engine, in order."""
    from redtrace.spark import run
    from redtrace.spark.engine import parquet_as_lines

    spark = _spark(given_master)
    with tempfile.TemporaryDirectory(prefix="redtrace-spark-") as tmp:
        source = input_.name
        if input_format == "jsonl" and not Path(source).is_file():
            source = str(Path(tmp) / "input.jsonl")  # stdin: Spark reads files
            with open(source, "w", encoding="utf-8") as out:
                shutil.copyfileobj(input_, out)
        elif input_format == "parquet":
            source = parquet_as_lines(spark, source, Path(tmp) / "input")
        summary = run(spark, source, output, matcher, options)
    output.flush()
    click.echo("redtrace: " + orjson.dumps(summary.to_dict() | {"datasets": [
        {k: d[k] for k in ("name", "version", "sha256")} for d in summary.datasets]}).decode(),
        err=True)  # fmt: skip
