"""``redtrace match``: screen a JSON Lines file of FtM queries, or one name."""

from __future__ import annotations

import os
import sys
import time
from typing import IO

import click

from redtrace import settings
from redtrace.cli.common import check_datasets, check_fresh, open_store, table
from redtrace.cli.spark_run import match_on_spark
from redtrace.screen.batch import run
from redtrace.screen.matcher import Matcher
from redtrace.service import cached_matcher, one_name


def load_matcher(dataset: str = "default", allow_stale: bool = False) -> Matcher:
    """The matcher over the store's lists; a click error for an empty store, an unknown
    dataset, or (unless ``allow_stale``) a list older than ``REDTRACE_STALE_DAYS``."""
    with open_store(read_only=True) as store:
        check_datasets(store.datasets(), [dataset])
        matcher = cached_matcher(store)
    check_fresh([d for d in matcher.datasets if dataset in ("default", d["name"])], allow_stale)
    return matcher


@click.command()
@click.option("-i", "--input", "input_", type=click.File("r", encoding="utf-8"), default="-")
@click.option("-o", "--output", type=click.File("wb"), default="-")
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
def match(
    input_: IO[str],
    output: IO[bytes],
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
) -> None:
    """Screen FtM-shaped queries (JSON Lines) against the loaded lists.

    Writes one line per input line, in order: {"id": ..., "results": [...]}, or
    {"id": ..., "error": {...}} for a line that cannot be screened.
    """
    threshold = settings.match_threshold() if threshold is None else threshold
    cutoff = settings.match_cutoff() if cutoff is None else cutoff
    started = time.perf_counter()
    matcher = load_matcher(dataset, allow_stale)
    options = {"dataset": dataset, "threshold": threshold, "cutoff": cutoff, "limit": limit}
    if name is not None:
        _single(matcher, name, schema, birth_date, country, id_number, options)
        return
    if engine == "spark":
        match_on_spark(matcher, input_, output, options, master, input_format)
        return
    tty = sys.stderr.isatty()

    def progress(n: int) -> None:
        if tty:
            rate = n / max(time.perf_counter() - started, 1e-9)
            click.echo(f"\rscreened {n} lines ({rate:.0f}/s)", err=True, nl=False)

    def on_error(line: bytes) -> None:
        click.echo(f"redtrace: rejected: {line.decode().strip()}", err=True)

    done, errors = run(matcher, input_, output, options, workers, on_error, progress)
    output.flush()
    if tty:
        click.echo("", err=True)
    elapsed = time.perf_counter() - started
    click.echo(f"redtrace: {done} lines screened, {errors} rejected, {elapsed:.1f} s", err=True)


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
        id_numbers=id_number, user="cli", **options,  # type: ignore[arg-type]
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
