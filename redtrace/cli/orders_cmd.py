"""``redtrace orders``: check orders, release held ones, read the rules."""

from __future__ import annotations

import sys
import time
from typing import IO

import click
import orjson

from redtrace.cli.common import check_datasets, check_fresh, error, open_store
from redtrace.flags import document
from redtrace.service import OrderDesk, ReleaseError, alert_queue, cached_matcher, release_order


@click.group()
def orders() -> None:
    """Screen sales orders: parties, goods and red flags; hold and release."""


@orders.command("check")
@click.option("-i", "--input", "input_", type=click.File("r", encoding="utf-8"), default="-")
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--threshold", type=float, default=None)
@click.option(
    "--allow-stale", is_flag=True, help="Check even against lists past REDTRACE_STALE_DAYS."
)
def check_cmd(
    input_: IO[str], output: IO[bytes], threshold: float | None, allow_stale: bool
) -> None:
    """Check orders (JSON Lines, in date order); one decision line per order."""
    started = time.perf_counter()
    with open_store() as store:
        check_datasets(store.datasets(), [])
        matcher = cached_matcher(store)
        check_fresh(matcher.datasets, allow_stale)
        desk = OrderDesk(store, matcher, threshold=threshold, user="cli")
        counts = {"pass": 0, "review": 0, "block": 0, "rejected": 0}
        for result in desk.check_lines(input_):
            output.write(orjson.dumps(result) + b"\n")
            if "error" in result:
                counts["rejected"] += 1
                error(result["error"]["message"])
            else:
                counts[result["decision"]] += 1
        output.flush()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    click.echo(f"redtrace: {summary} in {time.perf_counter() - started:.1f} s", err=True)


@orders.command("release")
@click.argument("order_id")
@click.option("--by", "user", required=True, help="The releasing user (a compliance officer).")
@click.option("--reason", required=True, help="Why the order may go ahead.")
def release_cmd(order_id: str, user: str, reason: str) -> None:
    """Release a held order; a blocked one needs a second, different user."""
    with open_store() as store:
        try:
            status = release_order(store, order_id, user, reason)
        except ReleaseError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{order_id}: {status}")


@orders.command("rules")
def rules_cmd() -> None:
    """Print the red-flag rules' documentation (generated from rules.yml)."""
    click.echo(document())


@orders.command("held")
def held_cmd() -> None:
    """List orders that are held (review or block, not yet released)."""
    with open_store(read_only=True) as store:
        rows = [r for r in alert_queue(store) if r["kind"] == "order"]
    rows.sort(key=lambda r: (r["order_date"], r["id"]))
    for row in rows:
        click.echo(
            "  ".join(str(row[k]) for k in ("id", "order_date", "decision", "score", "status"))
        )
    if not rows:
        click.echo("no held orders", err=True)
    sys.stdout.flush()
