"""``redtrace db``: the store's schema version, its upgrade, and copying a whole store."""

from __future__ import annotations

import click

from redtrace import settings
from redtrace.cli.common import open_store, table
from redtrace.service import verify_log
from redtrace.store import StoreError
from redtrace.store import open_store as open_url
from redtrace.store.copy import CopyError, copy_store
from redtrace.store.migrations import LATEST, MIGRATIONS, applied


@click.group()
def db() -> None:
    """The store itself: schema migrations and copies between DuckDB and PostgreSQL."""


@db.command("status")
def status_cmd() -> None:
    """Which store, its schema version, and the migrations applied."""
    with open_store() as store:
        done = applied(store)
        click.echo(f"store: {store.url} ({store.kind})")
        version = done[-1][0] if done else 0
        click.echo(f"schema version {version} of {LATEST}")
        rows = [(n, d, at.isoformat(timespec="seconds")) for n, d, at in done]
        rows += [(m.number, m.description, "pending") for m in MIGRATIONS if m.number > version]
        click.echo(table(("n", "migration", "applied"), rows))


@db.command("upgrade")
def upgrade_cmd() -> None:
    """Apply the missing schema migrations (also done on first use of an empty database)."""
    with open_store() as store:  # opening for writing applies them
        click.echo(f"{store.url}: schema version {applied(store)[-1][0]}, up to date")


@db.command("copy")
@click.argument("source")
@click.argument("target")
def copy_cmd(source: str, target: str) -> None:
    """Copy every version, decision, key and record from store SOURCE to an empty TARGET
    (each a path, duckdb://PATH or postgresql://...)."""
    try:
        with open_url(source, read_only=True) as src, open_url(target) as dst:
            counts = copy_store(src, dst)
            report = verify_log(dst)  # against the checkpoints copied with it
    except (StoreError, CopyError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(table(("table", "rows"), sorted(counts.items())))
    for problem in report["problems"]:
        click.echo(f"redtrace: audit: {problem}", err=True)
    if report["problems"]:
        raise click.ClickException("the copied audit log does not verify")
    click.echo(f"audit log: {report['records']} records, root {report['root']}, intact")


def use_store(url: str | None) -> None:
    """``--db`` on the command line: the store for this run (as ``REDTRACE_DB``)."""
    if url:
        settings.set_db_url(url)
