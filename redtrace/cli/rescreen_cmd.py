"""``redtrace parties load``, ``redtrace rescreen`` and ``redtrace alerts``: keep a customer
set screened, and decide what it raises."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import IO

import click
import orjson

from redtrace import settings
from redtrace.cli.common import check_datasets, cli_user, error, open_store, recorder, table
from redtrace.cli.spark_run import rescreen_on_spark
from redtrace.service import build_matcher, scorer_config
from redtrace.service import rescreen as forward_rescreen
from redtrace.service.monitor import (
    AlertError,
    DeltaRun,
    decide_alert,
    reverse_rescreen,
    screen_parties,
    watch_parties,
)
from redtrace.service.party_input import read_parties
from redtrace.service.schedule import ListMonitor, Outcome
from redtrace.service.webhooks import DeliveryReport
from redtrace.store.monitoring import deliveries
from redtrace.store.parties import open_alerts


@click.group()
def parties() -> None:
    """The stored set of parties (customers, suppliers) that rescreen watches."""


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        prop, sep, column = pair.partition("=")
        if not sep or not prop.strip() or not column.strip():
            raise click.BadParameter(f"{pair!r}: use PROPERTY=COLUMN", param_hint="--map")
        out[prop.strip()] = column.strip()
    return out


@parties.command("load")
@click.option("-i", "--input", "input_", default="-",
              help="JSON Lines (.jsonl), CSV (.csv) or Excel (.xlsx); '-' reads JSONL from stdin.")  # fmt: skip
@click.option("--map", "maps", multiple=True, metavar="PROPERTY=COLUMN",
              help="Map a column to a property (id, schema, name, country, birthDate...).")  # fmt: skip
@click.option("--schema", "default_schema", default="LegalEntity", show_default=True,
              help="The schema of rows that name none.")  # fmt: skip
@click.option("--screen/--no-screen", default=False,
              help="Also screen the loaded parties against the whole current lists now.")  # fmt: skip
def parties_load(input_: str, maps: tuple[str, ...], default_schema: str, screen: bool) -> None:
    """Store parties for continuous re-screening (bad rows reported by line and field)."""
    if input_ == "-":
        rows = read_parties(None, sys.stdin.read(), _mapping(maps), default_schema)
    else:
        path = Path(input_)
        if not path.is_file():
            raise click.BadParameter(f"{input_}: no such file", param_hint="--input")
        rows = read_parties(path, None, _mapping(maps), default_schema)
    for message in rows.errors:
        error(message)
    with open_store() as store:
        written = watch_parties(store, rows.parties, cli_user(), recorder())
        raised = 0
        if screen and rows.parties:
            config = scorer_config()
            matcher = build_matcher(store, config=config)
            alerts = screen_parties(store, matcher, rows.parties, config.thresholds.threshold,
                                    config.thresholds.cutoff, cli_user(), recorder())  # fmt: skip
            for alert in alerts:
                sys.stdout.buffer.write(orjson.dumps(alert) + b"\n")
            raised = len(alerts)
    click.echo(f"{written} parties stored, {len(rows.errors)} rejected"
               + (f", {raised} alerts" if screen else ""), err=screen)  # fmt: skip
    if rows.errors:
        sys.exit(1)


@click.command()
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--dataset", multiple=True, help="Only these datasets (default: all).")
@click.option("--threshold", type=float, default=None)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="spark: the parties spread over Apache Spark (the spark extra), same alerts as local.",
)
@click.option("--master", help="Spark master URL (default REDTRACE_SPARK_MASTER or local[*]).")
@click.option("--direction", type=click.Choice(["reverse", "forward"]), default="reverse",
              show_default=True,
              help="local engine: reverse, changed entries look up the watched parties (cost "
                   "grows with the change); forward, every party is screened against it.")  # fmt: skip
def rescreen(
    output: IO[bytes], dataset: tuple[str, ...], threshold: float | None, engine: str,
    master: str | None, direction: str,
) -> None:  # fmt: skip
    """Screen stored parties against list entries added or changed since the last run."""
    config = scorer_config()
    threshold = config.thresholds.threshold if threshold is None else threshold
    cutoff = config.thresholds.cutoff
    count = 0
    runs: list[DeltaRun] = []
    with open_store() as store:
        check_datasets(store.datasets(), dataset)
        chosen = list(dataset) or None
        user, audit = cli_user(), recorder()
        if engine == "spark":
            alerts = rescreen_on_spark(store, config, threshold, cutoff, chosen, master)
        elif direction == "reverse":
            alerts = reverse_rescreen(store, threshold, cutoff, chosen, runs, config,
                                      user=user, recorder=audit)  # fmt: skip
        else:
            alerts = forward_rescreen(store, threshold, cutoff, chosen, config,
                                      user=user, recorder=audit)  # fmt: skip
        for alert in alerts:
            output.write(orjson.dumps(alert) + b"\n")
            count += 1
    for run in runs:
        click.echo(f"redtrace: {run.dataset} v{run.from_version}->v{run.to_version}: "
                   f"{run.entries} changed entries, {run.candidates} parties scored, "
                   f"{run.alerts} alerts", err=True)  # fmt: skip
    click.echo(f"redtrace: {count} alerts", err=True)


@click.group()
def alerts() -> None:
    """Screening alerts of watched parties: list them, decide them."""


@alerts.command("list")
def alerts_list() -> None:
    """Open screening alerts, oldest first (JSON Lines)."""
    with open_store(read_only=True) as store:
        for alert in open_alerts(store):
            alert["raised_at"] = str(alert["raised_at"])
            sys.stdout.buffer.write(orjson.dumps(alert) + b"\n")


@alerts.command("decide")
@click.argument("party_id")
@click.argument("entity_id")
@click.option("--outcome", type=click.Choice(["true_match", "false_positive"]), required=True)
@click.option("--reason", required=True, help="Why: what tells the two apart, or joins them.")
@click.option("--by", "user", required=True, help="The deciding user (analyst or above).")
def alerts_decide(party_id: str, entity_id: str, outcome: str, reason: str, user: str) -> None:
    """Decide a (party, list entry) pair; it does not alert again until one of them changes."""
    with open_store() as store:
        try:
            decision = decide_alert(store, party_id, entity_id, outcome, reason, user, recorder())
        except AlertError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(table(["party", "entry", "outcome", "by", "alerts closed"],
                     [[party_id, entity_id, outcome, user, decision["alerts_closed"]]]))  # fmt: skip


@alerts.command("deliveries")
def alerts_deliveries() -> None:
    """Webhook deliveries of screening alerts: delivered, retrying or failed, with the error."""
    with open_store(read_only=True) as store:
        rows = deliveries(store)
    click.echo(table(["alert", "status", "attempts", "last error", "next attempt"],
                     [[r["alert_key"], r["status"], r["attempts"], r["last_error"] or "",
                       r["next_at"] if r["status"] == "retrying" else ""] for r in rows]))  # fmt: skip


@click.command()
@click.option("--once", is_flag=True, help="One pass over the lists that are due, then exit.")
@click.option("--all", "force", is_flag=True, help="Fetch every watched list now, due or not.")
@click.option("--poll", type=float, default=30.0, show_default=True,
              help="Seconds between passes.")  # fmt: skip
@click.option("--dataset", multiple=True, help="Only these lists (default: every loaded list "
              "with a public source).")  # fmt: skip
def monitor(once: bool, force: bool, poll: float, dataset: tuple[str, ...]) -> None:
    """Keep the lists current and the watched parties re-screened, on a schedule.

    Fetches each list on its interval (REDTRACE_UPDATE_INTERVALS), loads a version only when
    it changed, re-screens the watched parties, delivers alerts to the webhook
    (REDTRACE_WEBHOOK_URL). A failed fetch keeps what is loaded."""
    runner = ListMonitor(settings.db_url(), list(dataset) or None)

    def show(outcomes: list[Outcome], report: DeliveryReport | None) -> None:
        for o in outcomes:
            version = f" v{o.version}" if o.version is not None else ""
            click.echo(f"{o.dataset}{version}: {o.outcome}"
                       + (f" ({o.detail})" if o.detail else ""), err=True)  # fmt: skip
        if report is not None and (report.delivered or report.retrying or report.failed):
            click.echo(f"webhook: {report.delivered} delivered, {report.retrying} retrying, "
                       f"{report.failed} failed", err=True)  # fmt: skip

    if once:
        outcomes, report = runner.tick(force=force)
        show(outcomes, report)
        if outcomes and all(o.outcome == "failed" for o in outcomes):
            sys.exit(1)
        return
    stop = threading.Event()
    try:
        if force:
            show(*runner.tick(force=True))
        runner.run(stop, poll, show)
    except KeyboardInterrupt:
        stop.set()
