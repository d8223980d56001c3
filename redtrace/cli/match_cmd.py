"""``redtrace match``: screen a JSON Lines file of FtM queries, or one name."""

from __future__ import annotations

import os
import sys
import time
from typing import IO

import click

from redtrace import lines, settings
from redtrace.cli.common import check_datasets, check_fresh, cli_user, open_store, recorder, table
from redtrace.cli.spark_run import match_on_spark, record_job
from redtrace.screen import Matcher
from redtrace.screen import run_batch as run
from redtrace.service import build_matcher, one_name, scorer_config


def load_matcher(dataset: str = "default", allow_stale: bool = False) -> Matcher:
    """The matcher over the store's lists; a click error for an empty store, an unknown
    dataset, or (unless ``allow_stale``) a list older than ``REDTRACE_STALE_DAYS``."""
    with open_store(read_only=True) as store:
        check_datasets(store.datasets(), [dataset])
        matcher = build_matcher(store)
    check_fresh([d for d in matcher.datasets if dataset in ("default", d["name"])], allow_stale)
    return matcher


class _Counted:
    """The output, counting the lines with a match (each write is one output line)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.alerts = out, 0

    def write(self, line: bytes) -> int:
        # Inside JSON strings a quote is escaped: this can only be a result's key.
        self.alerts += b'"match":true' in line
        return self.out.write(line)


@click.command()
@click.option(
    "-i", "--input", "input_",
    type=click.File("r", encoding="utf-8", errors=lines.ERRORS), default="-",
)  # fmt: skip
@click.option("-o", "--output", default="-", help="File (default stdout), or a folder for Parquet.")
@click.option("--dataset", default="default", help="Dataset name, or default (all lists).")
@click.option("--threshold", type=float, default=None, help="Score at or above which match=true.")
@click.option("--cutoff", type=float, default=None, help="Drop results scoring below this.")
@click.option("--limit", type=int, default=5, show_default=True)
@click.option("--workers", type=int, default=os.cpu_count() or 1, show_default=True)
@click.option("--name", help="Screen this one name and print a table.")
@click.option("--schema", default="Thing", help="With --name: Person, Company, ...")
@click.option("--birth-date", help="With --name: date or year of birth.")
@click.option("--country", multiple=True, help="With --name: country or nationality.")
@click.option("--id-number", multiple=True, help="With --name: passport, registration... number.")
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="spark: Apache Spark (the spark extra), same output as local.",
)
@click.option(
    "--allow-stale", is_flag=True, help="Screen even against lists past REDTRACE_STALE_DAYS."
)
@click.option("--master", help="Spark master URL (default REDTRACE_SPARK_MASTER or local[*]).")
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="With --engine spark: JSON Lines or Parquet input.",
)
@click.option(
    "--output-format",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="With --engine spark: JSON Lines, or a folder of Parquet files (-o PATH): line, id, "
    "output (the JSON line), is_error, match.",
)
@click.option(
    "--index",
    "index_kind",
    type=click.Choice(["broadcast", "parquet"]),
    default="broadcast",
    show_default=True,
    help="With --engine spark: broadcast the pickled matcher, or rebuild it on each executor "
    "from a Parquet export of the current list versions.",
)
def match(
    input_: IO[str],
    output: str,
    dataset: str,
    threshold: float | None,
    cutoff: float | None,
    limit: int,
    workers: int,
    name: str | None,
    schema: str,
    birth_date: str | None,
    country: tuple[str, ...],
    id_number: tuple[str, ...],
    engine: str,
    allow_stale: bool,
    master: str | None,
    input_format: str,
    output_format: str,
    index_kind: str,
) -> None:
    """Screen FtM-shaped queries (JSON Lines) against the loaded lists.

    Writes one line per input line, in order: {"id": ..., "results": [...]}, or
    {"id": ..., "error": {...}} for a line that cannot be screened.
    """
    threshold = settings.match_threshold() if threshold is None else threshold
    cutoff = settings.match_cutoff() if cutoff is None else cutoff
    started = time.perf_counter()
    options = {"dataset": dataset, "threshold": threshold, "cutoff": cutoff, "limit": limit}
    if engine == "spark" and name is None:
        # Read-write: the job's audit record is written beside this handle (DuckDB allows
        # two handles in one process only when they are opened alike).
        with open_store() as store:
            check_datasets(store.datasets(), [dataset])
            match_on_spark(store, scorer_config(), input_, output, options, master,
                           input_format, output_format, index_kind)  # fmt: skip
        return
    matcher = load_matcher(dataset, allow_stale)
    if name is not None:
        _single(matcher, name, schema, birth_date, country, id_number, options)
        return
    tty = sys.stderr.isatty()

    def progress(n: int) -> None:
        if tty:
            rate = n / max(time.perf_counter() - started, 1e-9)
            click.echo(f"\rscreened {n} lines ({rate:.0f}/s)", err=True, nl=False)

    def on_error(line: bytes) -> None:
        click.echo(f"redtrace: rejected: {line.decode().strip()}", err=True)

    with click.open_file(output, "wb") as handle:
        counted = _Counted(handle)
        done, errors = run(matcher, input_, counted, options, workers, on_error, progress)  # type: ignore[arg-type]
        handle.flush()
    if tty:
        click.echo("", err=True)
    elapsed = time.perf_counter() - started
    click.echo(f"redtrace: {done} lines screened, {errors} rejected, {elapsed:.1f} s", err=True)
    record_job("match.batch", {
        "engine": "local", "workers": workers, "rows_read": done, "screened": done - errors,
        "rejected": errors, "alerts": counted.alerts, "seconds": round(elapsed, 2),
        "scorer": matcher.config.label(), "options": options,
        "datasets": [{k: d[k] for k in ("name", "version", "sha256", "published")}
                     for d in matcher.datasets]}, quiet=True)  # fmt: skip


def _single(
    matcher: Matcher,
    name: str,
    schema: str,
    birth_date: str | None,
    country: tuple[str, ...],
    id_number: tuple[str, ...],
    options: dict[str, object],
) -> None:
    response = one_name(
        matcher, name, schema=schema, birth_date=birth_date, countries=country,
        id_numbers=id_number, user=cli_user(), recorder=recorder(),
        **options,  # type: ignore[arg-type]
    )  # fmt: skip
    if response["status"] != 200:
        raise click.ClickException(response["error"]["message"])
    rows = []
    for r in response["results"]:
        refs = ", ".join(f"{x['dataset']}:{x['ref']}" for x in r["list_refs"][:4])
        rows.append((f"{r['score']:.2f}", "MATCH" if r["match"] else "", r["caption"][:40],
                     r["schema"], refs))  # fmt: skip
    if not rows:
        click.echo(f"No result at or above the cutoff {options['cutoff']}.")
        return
    click.echo(table(("score", "", "caption", "schema", "list refs"), rows))
    for r in response["results"]:
        click.echo(f"\n{r['caption']}:")
        for line in r["explanation"]:
            click.echo(f"  - {line}")
