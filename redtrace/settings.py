"""All runtime settings, read from ``REDTRACE_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_DIR = Path(__file__).parent
SNAPSHOT_DIR = PACKAGE_DIR / "data" / "snapshot"


def db_path() -> Path:
    """Where the embedded store lives: ``REDTRACE_DB`` or the user data directory."""
    env = os.environ.get("REDTRACE_DB")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("redtrace", appauthor=False)) / "redtrace.duckdb"


def http_timeout() -> float:
    """Seconds to wait for an authority's server in ``lists update``."""
    return float(os.environ.get("REDTRACE_HTTP_TIMEOUT", "30"))


def match_threshold() -> float:
    """Default score at or above which a result is a match (see docs/threshold.md)."""
    return float(os.environ.get("REDTRACE_MATCH_THRESHOLD", "0.7"))


def match_cutoff() -> float:
    """Default score below which results are dropped."""
    return float(os.environ.get("REDTRACE_MATCH_CUTOFF", "0.5"))
