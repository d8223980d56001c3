"""Open a store by URL: a path or ``duckdb://PATH`` is the embedded DuckDB file."""

from __future__ import annotations

from pathlib import Path

from redtrace.store.duck import Store, StoreError
from redtrace.store.interface import StoreProtocol

SCHEMES = ("duckdb://",)


def store_path(url: str) -> Path:
    """The file of an embedded store URL (a plain path is one)."""
    if url.startswith("duckdb://"):
        return Path(url[len("duckdb://") :]).expanduser()
    if "://" in url:
        raise StoreError(
            f"unknown store URL {url!r}: give a file path or duckdb://PATH"
            " (postgresql:// is not supported by this version)"
        )
    return Path(url).expanduser()


def open_store(url: str | Path, read_only: bool = False, must_exist: bool = False) -> StoreProtocol:
    """The store behind ``url``; ``read_only`` opens it without taking the writer's lock,
    ``must_exist`` refuses to create an empty one (a server never does)."""
    path = store_path(str(url))
    if must_exist and not path.exists():
        raise StoreError(f"{path}: no store here yet; load lists first")
    return Store(path, read_only=read_only)
