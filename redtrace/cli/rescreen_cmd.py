"""``redtrace parties load`` and ``redtrace rescreen``: keep a customer set screened."""

from __future__ import annotations

import sys
from typing import IO

import click
import orjson

from redtrace import settings
from redtrace.cli.common import check_datasets, error, open_store
from redtrace.screen.query import Query, QueryError
from redtrace.service import rescreen as run_rescreen
from redtrace.store.parties import save_parties


@click.group()
def parties() -> None:
    """The stored set of parties (customers, suppliers) that rescreen watches."""


@parties.command("load")
@click.option("-i", "--input", "input_", type=click.File("r", encoding="utf-8"), default="-")
def parties_load(input_: IO[str]) -> None:
    """Store FtM-shaped parties (JSON Lines, each with an id) for continuous re-screening."""
    good, bad = [], 0
    for number, line in enumerate(input_, start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                raise QueryError("each party needs a string id")
            Query(data)
        except (orjson.JSONDecodeError, QueryError) as exc:
            error(f"line {number}: {exc}")
            bad += 1
            continue
        good.append(data)
    with open_store() as store:
        written = save_parties(store, good)
    click.echo(f"{written} parties stored, {bad} rejected")
    if bad:
        sys.exit(1)


@click.command()
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--dataset", multiple=True, help="Only these datasets (default: all).")
@click.option("--threshold", type=float, default=None)
def rescreen(output: IO[bytes], dataset: tuple[str, ...], threshold: float | None) -> None:
    """Screen stored parties against list entries added or changed since the last run."""
    threshold = settings.match_threshold() if threshold is None else threshold
    count = 0
    with open_store() as store:
        check_datasets(store.datasets(), dataset)
        for alert in run_rescreen(store, threshold, settings.match_cutoff(), list(dataset) or None):
            output.write(orjson.dumps(alert) + b"\n")
            count += 1
    click.echo(f"redtrace: {count} alerts", err=True)
