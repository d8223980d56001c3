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


def stale_days() -> float:
    """Staleness budget in days (0: none). Data older than this makes /readyz fail."""
    return float(os.environ.get("REDTRACE_STALE_DAYS", "0"))


def refresh_seconds() -> float:
    """How often the service looks for new list versions and key changes."""
    return float(os.environ.get("REDTRACE_REFRESH_SECONDS", "10"))


def max_body_bytes() -> int:
    return int(os.environ.get("REDTRACE_MAX_BODY_BYTES", str(2 * 1024 * 1024)))


MAX_QUERIES = 1000  # queries in one /match body; documented in the README


def lists_mirror() -> str | None:
    """``REDTRACE_LISTS_MIRROR``: a base URL that serves each dataset's files under
    ``<base>/<dataset>/<file name>`` (an internal mirror), fetched instead of the authorities'."""
    return os.environ.get("REDTRACE_LISTS_MIRROR") or None


def update_intervals() -> dict[str, float]:
    """Seconds between fetches of each list: ``REDTRACE_UPDATE_INTERVALS`` as
    ``dataset=SECONDS,...`` with ``*`` for the rest (default: every list hourly)."""
    out = {"*": 3600.0}
    for part in os.environ.get("REDTRACE_UPDATE_INTERVALS", "").split(","):
        name, sep, value = part.partition("=")
        if sep and name.strip():
            out[name.strip()] = float(value)
    return out


def webhook_url() -> str | None:
    """``REDTRACE_WEBHOOK_URL``: where each new screening alert is POSTed as JSON."""
    return os.environ.get("REDTRACE_WEBHOOK_URL") or None


def webhook_secret() -> str:
    """``REDTRACE_WEBHOOK_SECRET``: the shared secret of the alerts' HMAC-SHA256 signature."""
    return os.environ.get("REDTRACE_WEBHOOK_SECRET", "")


def max_shrink() -> float:
    """Share of entries a new list version may lose against the current one before it is
    quarantined instead of made current (``REDTRACE_MAX_SHRINK``, default 0.05). Real
    versions of the bundled lists move by 0-9 %; a file cut in half loses 50 %."""
    return float(os.environ.get("REDTRACE_MAX_SHRINK", "0.05"))


def max_rejected() -> float:
    """Share of a version's rows that may be rejected before it is quarantined
    (``REDTRACE_MAX_REJECTED``, default 0.01; every bundled file has none)."""
    return float(os.environ.get("REDTRACE_MAX_REJECTED", "0.01"))


def audit_key() -> Path | None:
    """The audit checkpoint signing key file (``REDTRACE_AUDIT_KEY``), kept out of the store."""
    env = os.environ.get("REDTRACE_AUDIT_KEY")
    return Path(env).expanduser() if env else None


def audit_retention() -> dict[str, float]:
    """Years each kind of audit record is kept: ``REDTRACE_AUDIT_RETENTION`` as
    ``action=years,...`` (``*`` for every other action). Ten years by default: OFAC's
    recordkeeping rule (31 CFR 501.601) asks for ten since March 2025."""
    out = {"*": 10.0}
    for part in os.environ.get("REDTRACE_AUDIT_RETENTION", "").split(","):
        name, _, years = part.partition("=")
        if name.strip() and years.strip():
            out[name.strip()] = float(years)
    return out


def audit_checkpoint_seconds() -> float:
    """How often a server with the audit key signs a checkpoint (0: only on demand)."""
    return float(os.environ.get("REDTRACE_AUDIT_CHECKPOINT_SECONDS", "300"))


def reconcile_as() -> str | None:
    """``REDTRACE_RECONCILE_AS``: the user (with an active key) whose role and name apply to
    reconciliation calls that carry no key, as OpenRefine's do. Unset: a key is required,
    in the ``Authorization`` header or in the service URL (``/reconcile/{dataset}/key/KEY``)."""
    return os.environ.get("REDTRACE_RECONCILE_AS") or None
def session_secret() -> str | None:
    """The key that signs the workspace's session cookies (``REDTRACE_SESSION_SECRET``).
    Unset: each server process makes its own at start, so sessions end with the process
    and several workers need it set (the same value in each)."""
    return os.environ.get("REDTRACE_SESSION_SECRET") or None


def session_hours() -> float:
    """How long a workspace session lasts after sign-in (``REDTRACE_SESSION_HOURS``)."""
    return float(os.environ.get("REDTRACE_SESSION_HOURS", "12"))
def keep_alive_seconds() -> int:
    """How long the server keeps an idle client connection open (``REDTRACE_KEEP_ALIVE``,
    default 75 s, longer than the usual client and proxy pools keep theirs: a server that
    closes first races the client's next request and resets it)."""
    return int(os.environ.get("REDTRACE_KEEP_ALIVE", "75"))
