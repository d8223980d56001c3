"""The store: versioned datasets and everything decided about them.

``StoreProtocol`` is the interface; ``Store`` (one DuckDB file) its embedded implementation;
``open_store(url)`` picks the implementation from a URL. Repositories live beside it:
``parties``, ``orders``, ``keys``, ``judgements``, ``documents``, ``entities``.
"""

from redtrace.store.diff import Change, diff, resolve_versions
from redtrace.store.duck import LoadOutcome, Store, StoreError, Version
from redtrace.store.interface import StoreProtocol
from redtrace.store.open import open_store, store_path
from redtrace.store.sql import StoreConflict

__all__ = [
    "Change",
    "LoadOutcome",
    "Store",
    "StoreConflict",
    "StoreError",
    "StoreProtocol",
    "Version",
    "diff",
    "open_store",
    "resolve_versions",
    "store_path",
]
