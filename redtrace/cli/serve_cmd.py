"""``redtrace serve`` and ``redtrace users``: the HTTP service and its API keys."""

from __future__ import annotations

import click

from redtrace import settings
from redtrace.cli.common import open_store, table
from redtrace.store.keys import create_key, list_users, revoke_key
from redtrace.store.open import is_server
from redtrace.users import ROLES


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option(
    "--no-auth", is_flag=True,
    help="Local mode without API keys: every caller is an admin. Never on a shared host.",
)  # fmt: skip
def serve(host: str, port: int, workers: int, no_auth: bool) -> None:
    """Serve the yente-compatible screening API with uvicorn."""
    import os

    import uvicorn

    if workers > 1 and not is_server(settings.db_url()):
        raise click.ClickException(
            "several workers need the PostgreSQL store (REDTRACE_DB=postgresql://...):"
            " a DuckDB file has one writing process"
        )
    if no_auth:
        os.environ["REDTRACE_NO_AUTH"] = "1"
        click.echo(
            "redtrace: WARNING: authentication is OFF (--no-auth); every caller is an admin",
            err=True,
        )
    uvicorn.run(
        "redtrace.api.factory:app", host=host, port=port, workers=workers, factory=True,
        log_level="warning",
    )  # fmt: skip


@click.group()
def users() -> None:
    """Create, list and revoke API keys (the key is shown once; only its hash is kept)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
def users_add(name: str, role: str) -> None:
    with open_store() as store:
        key = create_key(store, name, role)
    """Create a key for NAME with ROLE; the key alone goes to stdout (KEY=$(...) keeps it)."""
    click.echo(f"API key for {name} ({role}); store it now, it is not shown again:", err=True)
    click.echo(key)


@users.command("revoke")
@click.argument("name")
def users_revoke(name: str) -> None:
    with open_store() as store:
        if not revoke_key(store, name):
            raise click.ClickException(f"no active key for {name!r}")
    click.echo(f"revoked {name}")


@users.command("list")
def users_list() -> None:
    with open_store(read_only=True) as store:
        rows = list_users(store)
    click.echo(table(("name", "role", "created", "revoked"),
                     [(n, r, c.isoformat(timespec="seconds"), v.isoformat(timespec="seconds") if v else "")
                      for n, r, c, v in rows]))  # fmt: skip
