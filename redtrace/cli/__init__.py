"""The ``redtrace`` command line.

Commands are imported when they run, not when the program starts: ``redtrace --version`` and
``--help`` need click alone, not FollowTheMoney, DuckDB or the screening stages.
"""

from __future__ import annotations

import importlib

import click

from redtrace import __version__, settings

# name -> (module under redtrace.cli, attribute, the one-line help shown by --help).
# tests/cli/test_startup.py checks that each line is the command's own short help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "alerts": ("rescreen_cmd", "alerts",
               "Screening alerts of watched parties: list them, decide them."),
    "audit": ("audit_cmd", "audit",
              "The signed, append-only audit log."),
    "db": ("db_cmd", "db",
           "The store itself: schema migrations and copies between DuckDB and PostgreSQL."),
    "demo": ("setup_cmd", "demo",
             "Set up the store from the bundled snapshot and show what redtrace does."),
    "export": ("export_cmd", "export",
               "Export the current version of every list: FtM entities (with Sanctions) or CSV."),
    "goods": ("goods_cmd", "goods", "Classify goods against HS 2022 and the control tables."),
    "ingest": ("ingest_cmd", "ingest",
               "Read text, HTML, PDF or e-mail files, folders or URLs into FtM entities with spans."),
    "lists": ("lists_cmd", "lists", "Load official lists into the store and see what changed."),
    "match": ("match_cmd", "match",
              "Screen FtM-shaped queries (JSON Lines) against the loaded lists."),
    "monitor": ("rescreen_cmd", "monitor",
                "Keep the lists current and the watched parties re-screened, on a schedule."),
    "orders": ("orders_cmd", "orders",
               "Screen sales orders: parties, goods and red flags; hold and release."),
    "parties": ("rescreen_cmd", "parties",
                "The stored set of parties (customers, suppliers) that rescreen watches."),
    "rescreen": ("rescreen_cmd", "rescreen",
                 "Screen stored parties against list entries added or changed since the last run."),
    "serve": ("serve_cmd", "serve", "Serve the yente-compatible screening API with uvicorn."),
    "setup": ("setup_cmd", "setup",
              "Load the bundled, dated list snapshot into the store (works offline)."),
    "trace": ("trace_cmd", "trace",
              "Trace the network of parties seen in checked orders, lists and FtM data."),
    "users": ("serve_cmd", "users",
              "Create, list and revoke API keys (the key is shown once; only its hash is kept)."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(f"redtrace.cli.{entry[0]}")
        command: click.Command = getattr(module, entry[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="redtrace")
@click.option(
    "--db", "db_url", metavar="URL", envvar="REDTRACE_DB",
    help="The store: a DuckDB file path, duckdb://PATH or postgresql://user:pass@host/db"
    " (default: REDTRACE_DB, else the embedded file in the user data directory).",
)  # fmt: skip
def main(db_url: str | None) -> None:
    """Screen parties and goods against sanctions and export-control lists."""
    if db_url:
        settings.set_db_url(url=db_url)


__all__ = ["COMMANDS", "main"]
