"""The ``redtrace`` command line."""

from __future__ import annotations

import click

from redtrace import __version__
from redtrace.cli.audit_cmd import audit
from redtrace.cli.db_cmd import db, use_store
from redtrace.cli.export_cmd import export
from redtrace.cli.goods_cmd import goods
from redtrace.cli.ingest_cmd import ingest
from redtrace.cli.lists_cmd import lists
from redtrace.cli.match_cmd import match
from redtrace.cli.orders_cmd import orders
from redtrace.cli.rescreen_cmd import alerts, monitor, parties, rescreen
from redtrace.cli.serve_cmd import serve, users
from redtrace.cli.setup_cmd import demo, setup
from redtrace.cli.trace_cmd import trace


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redtrace")
@click.option(
    "--db", "db_url", metavar="URL", envvar="REDTRACE_DB",
    help="The store: a DuckDB file path, duckdb://PATH or postgresql://user:pass@host/db"
    " (default: REDTRACE_DB, else the embedded file in the user data directory).",
)  # fmt: skip
def main(db_url: str | None) -> None:
    """Screen parties and goods against sanctions and export-control lists."""
    use_store(db_url)


main.add_command(lists)
main.add_command(alerts)
main.add_command(audit)
main.add_command(monitor)
main.add_command(db)
main.add_command(export)
main.add_command(goods)
main.add_command(ingest)
main.add_command(match)
main.add_command(orders)
main.add_command(parties)
main.add_command(rescreen)
main.add_command(serve)
main.add_command(users)
main.add_command(trace)
main.add_command(setup)
main.add_command(demo)

__all__ = ["main"]
