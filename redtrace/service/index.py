"""The index a long-running face serves from: the current matcher, the keys, and the state of
refreshes.

A refresh builds a new matcher beside the one in use and swaps the reference in one
assignment, so a request sees either the old index or the new one, never a half-built one.
If a refresh fails, the old matcher stays and the failure is reported in /readyz and /catalog.
"""

from __future__ import annotations

import gc
import secrets
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from redtrace import settings
from redtrace.screen import cache
from redtrace.screen.index import Index
from redtrace.screen.matcher import PARTY_SCHEMATA, Matcher
from redtrace.screen.party import Party
from redtrace.store import StoreError, StoreProtocol, open_store
from redtrace.store.keys import active_keys
from redtrace.users import User


@dataclass
class Snapshot:
    """One consistent view: a matcher and the dataset versions it was built from."""

    matcher: Matcher
    versions: dict[str, int]
    built_at: datetime


def build_matcher(store: StoreProtocol, previous: Matcher | None = None) -> Matcher:
    """A matcher over the store's current list versions. A dataset whose version is
    unchanged since ``previous`` reuses its prepared parties, so a list update re-prepares
    only that list."""
    names = store.datasets()
    reuse: dict[str, list[Party]] = {}
    if previous is not None:
        old = {d["name"]: d["version"] for d in previous.datasets}
        unchanged = {n for n in names if old.get(n) == store.current_version(n)}
        for party in previous.index.parties:
            if party.dataset in unchanged:
                reuse.setdefault(party.dataset, []).append(party)
    parties: list[Party] = []
    for name in names:
        if name in reuse:
            parties.extend(reuse[name])
        else:
            parties.extend(Party(name, record) for record in store.records(name)
                           if record["schema"] in PARTY_SCHEMATA)  # fmt: skip
    return Matcher(Index(parties), _versions(store))


def stale_datasets(datasets: list[dict[str, Any]]) -> list[str]:
    """The datasets published longer ago than ``REDTRACE_STALE_DAYS`` (none when it is 0);
    a dataset with no readable publication date counts as stale."""
    budget = settings.stale_days()
    if not budget:
        return []
    today = datetime.now(UTC).date()
    out = []
    for info in datasets:
        published = info.get("published")
        try:
            day = date.fromisoformat(published[:10]) if published else None
        except ValueError:
            day = None
        if day is None or (today - day).days > budget:
            out.append(info["name"])
    return out


def cached_matcher(store: StoreProtocol) -> Matcher:
    """The matcher over the store's current lists, read from the index file beside the store
    when it was built from these very list versions (and this screening code); otherwise
    built, and the file written for the next command. What the store says is current decides:
    a file from other versions is never used."""
    datasets = _versions(store)
    key = cache.cache_key(datasets)
    path = settings.index_cache_path()
    index = cache.load(path, key)
    if index is not None:
        return Matcher(index, datasets)
    matcher = build_matcher(store)
    # A read-only place: screening works, and the next command builds again.
    with suppress(OSError):
        cache.save(matcher.index, key, path)
    return matcher


def _versions(store: StoreProtocol) -> list[dict[str, Any]]:
    out = []
    for name in store.datasets():
        version = store.version(name)
        if version is not None:
            out.append({"name": name, "version": version.version, "sha256": version.sha256,
                        "published": version.published, "entities": version.entities})  # fmt: skip
    return out


@dataclass
class IndexHolder:
    snapshot: Snapshot | None = None
    keys: dict[str, User] = field(default_factory=dict)
    last_error: str | None = None
    last_attempt: datetime | None = None
    no_auth: bool = False
    # A server that also writes opens every store handle the same way (DuckDB refuses a
    # read-only handle beside a read-write one in the same process).
    writer: bool = True
    worker: str = field(default_factory=lambda: secrets.token_hex(4))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    def refresh(self, force: bool = False) -> bool:
        """Rebuild if the store changed. Returns True when a new matcher was swapped in."""
        with self._lock:
            self.last_attempt = datetime.now(UTC)
            try:
                with open_store(settings.db_url(), not self.writer, must_exist=True) as store:
                    self.keys = active_keys(store)
                    versions = {d: store.current_version(d) or 0 for d in store.datasets()}
                    if not force and self.snapshot and versions == self.snapshot.versions:
                        self.last_error = None
                        return False
                    previous = self.snapshot.matcher if self.snapshot else None
                    # The index is millions of small objects. Full collections walking
                    # them during the build (and after) would stall request handling for
                    # hundreds of ms, so collection pauses while building and the finished
                    # index is frozen out of the collector's reach.
                    gc.disable()
                    try:
                        matcher = build_matcher(store, previous)
                    finally:
                        gc.enable()
            except (StoreError, OSError, RuntimeError) as exc:
                self.last_error = f"refresh failed at {self.last_attempt:%Y-%m-%dT%H:%M:%SZ}: {exc}"
                return False
            except Exception as exc:  # duckdb raises its own error types for a busy file
                self.last_error = f"refresh failed at {self.last_attempt:%Y-%m-%dT%H:%M:%SZ}: {exc}"
                return False
            old, self.snapshot = self.snapshot, Snapshot(matcher, versions, datetime.now(UTC))
            gc.freeze()
            self.last_error = None
            del old
            return True

    def open_store(self) -> StoreProtocol:
        """A store handle for a request, opened as this holder opens its own."""
        return open_store(settings.db_url(), not self.writer, must_exist=True)

    def start_polling(self) -> threading.Thread:
        def loop() -> None:
            while not self._stop.wait(settings.refresh_seconds()):
                self.refresh()

        thread = threading.Thread(target=loop, name="redtrace-refresh", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def stale(self) -> list[str]:
        """Datasets older than the staleness budget (by publication date, else load date)."""
        if self.snapshot is None:
            return []
        return stale_datasets(self.snapshot.matcher.datasets)

    def status(self) -> dict[str, Any]:
        snap = self.snapshot
        return {
            "ready": snap is not None and not self.stale(),
            "index_built_at": snap.built_at.isoformat(timespec="seconds") if snap else None,
            "last_refresh_error": self.last_error,
            "stale_datasets": self.stale(),
            "staleness_budget_days": settings.stale_days() or None,
            # Which list versions this worker serves (several workers poll the store each).
            "worker": self.worker,
            "serving_versions": dict(snap.versions) if snap else {},
        }
