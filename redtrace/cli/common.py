"""Helpers shared by the commands: opening the store, printing errors and tables."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import UTC, datetime

import click

from redtrace import settings
from redtrace.service.audit import StoreRecorder
from redtrace.store import StoreError, StoreProtocol
from redtrace.store import open_store as open_url


def open_store(read_only: bool = False) -> StoreProtocol:
    """The store named by the settings (``REDTRACE_DB``); a click error when it cannot open."""
    try:
        return open_url(settings.db_url(), read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def cli_user() -> str:
    """Who runs this command, for the audit log: ``REDTRACE_USER``, else the OS user."""
    return os.environ.get("REDTRACE_USER") or f"os:{getpass.getuser()}"


def recorder() -> StoreRecorder:
    """The audit log of the store named by the settings (records join the command's own
    transaction when it passes its store handle)."""
    return StoreRecorder(lambda: open_url(settings.db_url()))


def error(message: str) -> None:
    click.echo(f"redtrace: error: {message}", err=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def age_days(published: str | None) -> str:
    if not published:
        return "?"
    try:
        date = datetime.fromisoformat(published[:10]).replace(tzinfo=UTC)
    except ValueError:
        return "?"
    return str((datetime.now(UTC) - date).days)
