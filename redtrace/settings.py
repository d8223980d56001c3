"""All runtime settings, read from ``REDTRACE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_DIR = Path(__file__).parent
SNAPSHOT_DIR = PACKAGE_DIR / "data" / "snapshot"


def db_url() -> str:
    """Which store: ``REDTRACE_DB`` (a file path or ``duckdb://PATH``), else the embedded
    file in the user data directory."""
    env = os.environ.get("REDTRACE_DB")
    if env:
        return env
    return str(data_dir() / "redtrace.duckdb")


def set_db_url(url: str) -> None:
    """Name the store for this process and the workers it starts (``--db``)."""
    os.environ["REDTRACE_DB"] = url


def data_dir() -> Path:
    return Path(user_data_dir("redtrace", appauthor=False))


def db_path() -> Path:
    """The embedded store's file (files such as the audit trail are kept beside it); for a
    server store, the user data directory's store file."""
    url = db_url()
    if url.startswith("duckdb://"):
        url = url[len("duckdb://") :]
    if "://" in url:
        return data_dir() / "redtrace.duckdb"
    return Path(url).expanduser()


def http_timeout() -> float:
    """Seconds to wait for an authority's server in ``lists update``."""
    return float(os.environ.get("REDTRACE_HTTP_TIMEOUT", "30"))


def match_threshold() -> float:
    """Default score at or above which a result is a match (see docs/threshold.md)."""
    return float(os.environ.get("REDTRACE_MATCH_THRESHOLD", "0.7"))


def match_cutoff() -> float:
    """Default score below which results are dropped."""
    return float(os.environ.get("REDTRACE_MATCH_CUTOFF", "0.5"))


def audit_path() -> Path:
    """The service's audit trail: ``REDTRACE_AUDIT_DB`` or ``audit.duckdb`` beside the store."""
    env = os.environ.get("REDTRACE_AUDIT_DB")
    return Path(env).expanduser() if env else db_path().with_name("audit.duckdb")


def stale_days() -> float:
    """Staleness budget in days (0: none). Data older than this makes /readyz fail."""
    return float(os.environ.get("REDTRACE_STALE_DAYS", "0"))


def refresh_seconds() -> float:
    """How often the service looks for new list versions and key changes."""
    return float(os.environ.get("REDTRACE_REFRESH_SECONDS", "10"))


def max_body_bytes() -> int:
    return int(os.environ.get("REDTRACE_MAX_BODY_BYTES", str(2 * 1024 * 1024)))


MAX_QUERIES = 1000  # queries in one /match body; documented in the README


def reconcile_as() -> str | None:
    """``REDTRACE_RECONCILE_AS``: the user (with an active key) whose role and name apply to
    reconciliation calls that carry no key, as OpenRefine's do. Unset: a key is required,
    in the ``Authorization`` header or in the service URL (``/reconcile/{dataset}/key/KEY``)."""
    return os.environ.get("REDTRACE_RECONCILE_AS") or None


def index_cache_path() -> Path:
    """``REDTRACE_INDEX_CACHE``: the screening index kept on disk for one-shot commands;
    by default ``index.rtidx`` beside the store file (for a server store, in the user data
    directory, one file per store URL)."""
    env = os.environ.get("REDTRACE_INDEX_CACHE")
    if env:
        return Path(env).expanduser()
    url = db_url()
    if "://" in url and not url.startswith("duckdb://"):
        import hashlib

        tag = hashlib.sha256(url.encode()).hexdigest()[:16]
        return data_dir() / f"index-{tag}.rtidx"
    return db_path().with_name(db_path().name + ".rtidx")
