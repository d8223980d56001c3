"""Helpers shared by the commands: opening the store, printing errors and tables."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import click

from redtrace import settings
from redtrace.service.audit import StoreRecorder
from redtrace.service.index import stale_datasets
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


def check_datasets(known: Sequence[str], asked: Sequence[str]) -> None:
    """Fail loudly when the store holds no list, or a dataset asked for is not loaded: a
    typo must never read as an all-clear from a list that was never consulted."""
    if not known:
        raise click.ClickException("no lists loaded; run `redtrace setup` first")
    unknown = [name for name in asked if name != "default" and name not in known]
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise click.ClickException(f"unknown dataset {names}; loaded: {', '.join(sorted(known))}")


def check_fresh(datasets: Sequence[dict[str, Any]], allow_stale: bool) -> None:
    """Fail when a list consulted is older than ``REDTRACE_STALE_DAYS`` (unless allowed)."""
    stale = stale_datasets(list(datasets))
    if stale and not allow_stale:
        raise click.ClickException(
            f"list(s) older than REDTRACE_STALE_DAYS={settings.stale_days():g}: "
            f"{', '.join(stale)}; run `redtrace lists update`, or pass --allow-stale"
        )


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
