"""Open a store by URL: a path or ``duckdb://PATH`` is the embedded DuckDB file,
``postgresql://user:pass@host:port/db`` the server store."""

from __future__ import annotations

from pathlib import Path

from redtrace.store.duck import Store
from redtrace.store.interface import StoreProtocol
from redtrace.store.sql import StoreError

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(url: str) -> bool:
    return url.startswith(SERVER_SCHEMES)


def store_path(url: str) -> Path:
    """The file of an embedded store URL (a plain path is one)."""
    if url.startswith("duckdb://"):
        return Path(url[len("duckdb://") :]).expanduser()
    if "://" in url:
        raise StoreError(
            f"unknown store URL {url.split('://')[0]}://...: give a file path, duckdb://PATH"
            " or postgresql://user:pass@host:port/db"
        )
    return Path(url).expanduser()


def open_store(url: str | Path, read_only: bool = False, must_exist: bool = False) -> StoreProtocol:
    """The store behind ``url``; ``read_only`` opens it without taking a writer's lock,
    ``must_exist`` refuses to create an empty embedded one (a server never does)."""
    text = str(url)
    if is_server(text):
        from redtrace.store.postgres import PgStore  # psycopg only when a server store is used

        return PgStore(text, read_only=read_only)
    path = store_path(text)
    if must_exist and not path.exists():
        raise StoreError(f"{path}: no store here yet; load lists first")
    return Store(path, read_only=read_only)
