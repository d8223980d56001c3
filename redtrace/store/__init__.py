"""The embedded store: versioned datasets in one DuckDB file."""

from redtrace.store.diff import Change, diff, resolve_versions
from redtrace.store.duck import LoadOutcome, Store, StoreError, Version

__all__ = ["Change", "LoadOutcome", "Store", "StoreError", "Version", "diff", "resolve_versions"]
