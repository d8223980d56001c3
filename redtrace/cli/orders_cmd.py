"""``redtrace orders``: check orders, release held ones, read the rules."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO

import click
import orjson

from redtrace import lines
from redtrace.cli.common import check_datasets, check_fresh, cli_user, error, open_store, recorder
from redtrace.flags import document
from redtrace.service import (
    OrderDesk,
    ReleaseError,
    alert_queue,
    build_matcher,
    decide_order,
    release_order,
)
from redtrace.service.orders import approve, csv_rows, party_history, xlsx_rows


@click.group()
def orders() -> None:
    """Screen sales orders: parties, goods and red flags; hold and release."""


@orders.command("check")
@click.option(
    "-i", "--input", "input_",
    type=click.File("r", encoding="utf-8", errors=lines.ERRORS), default="-",
)  # fmt: skip
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--threshold", type=float, default=None)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "jsonl", "csv", "xlsx"]),
    default="auto",
    help="Input format; auto: by the file's extension (.csv, .xlsx), else JSON Lines.",
)
@click.option(
    "--allow-stale", is_flag=True, help="Check even against lists past REDTRACE_STALE_DAYS."
)
def check_cmd(
    input_: IO[str], output: IO[bytes], threshold: float | None, fmt: str, allow_stale: bool
) -> None:
    """Check orders (JSON Lines, or CSV/Excel with one row per order line, in date order);
    one decision line per order."""
    started = time.perf_counter()
    name = str(getattr(input_, "name", ""))
    if fmt == "auto":
        suffix = Path(name).suffix.lower()
        fmt = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}.get(suffix, "jsonl")
    if fmt == "xlsx" and not Path(name).is_file():
        raise click.ClickException("Excel input needs a file: -i orders.xlsx")
    with open_store() as store:
        check_datasets(store.datasets(), [])
        matcher = build_matcher(store)
        check_fresh(matcher.datasets, allow_stale)
        desk = OrderDesk(store, matcher, threshold=threshold, user=cli_user(),
                         recorder=recorder())  # fmt: skip
        counts = {"pass": 0, "review": 0, "block": 0, "rejected": 0}
        if fmt == "csv":
            results = desk.check_table(csv_rows(input_.read()))
        elif fmt == "xlsx":
            results = desk.check_table(xlsx_rows(Path(name)))
        else:
            results = desk.check_lines(input_)
        for result in results:
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
            status = release_order(store, order_id, user, reason, recorder())
        except ReleaseError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{order_id}: {status}")


@orders.command("approve")
@click.argument("customer")
@click.option("--by", "user", required=True, help="The approving compliance officer.")
@click.option("--kyc-date", required=True, help="When the KYC was done (YYYY-MM-DD).")
@click.option(
    "--goods", multiple=True, help="HS prefix the approval covers (repeat); all goods when absent."
)
@click.option("--name", default="", help="The customer's name, for the record.")
@click.option("--note", default="", help="What the KYC found.")
def approve_cmd(
    customer: str, user: str, kyc_date: str, goods: tuple[str, ...], name: str, note: str
) -> None:
    """Approve a customer (its id in orders) after KYC: weak flags on its orders for the
    approved goods weigh less; list matches, embargoes and licences never do."""
    with open_store() as store:
        try:
            approve(store, customer, user, kyc_date, list(goods), name, note)
        except ReleaseError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(
        f"{customer}: approved by {user} (KYC {kyc_date}) for {', '.join(goods) or 'all goods'}"
    )


@orders.command("history")
@click.argument("party")
def history_cmd(party: str) -> None:
    """The orders a party (id or name) took part in, oldest first: JSON lines."""
    with open_store(read_only=True) as store:
        rows = party_history(store, party)
    for row in rows:
        click.echo(orjson.dumps(row).decode())
    if not rows:
        click.echo(f"no checked orders with {party!r}", err=True)
@orders.command("block")
@click.argument("order_id")
@click.option("--by", "user", required=True, help="The confirming user (a compliance officer).")
@click.option("--reason", required=True, help="Why the order must not go ahead.")
def block_cmd(order_id: str, user: str, reason: str) -> None:
    """Confirm the block of a held order; a blocked one needs a second, different user."""
    with open_store() as store:
        try:
            status = decide_order(store, order_id, user, "block", reason, recorder())
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
