"""Scheduled list updates: fetch each list when its interval has passed, load a new version
only when the content changed, re-screen the watched parties against the change, and hand
the alerts to the webhook. A failed fetch is recorded and changes nothing that is loaded."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redtrace import settings
from redtrace.lists.load import parse_paths
from redtrace.lists.plausible import Policy, assess
from redtrace.lists.registry import sources
from redtrace.lists.update import Fetched, fetch
from redtrace.service.audit import StoreRecorder
from redtrace.service.changes import load_list
from redtrace.service.monitor import reverse_rescreen
from redtrace.service.webhooks import DeliveryReport, deliver_due
from redtrace.store import StoreError, open_store
from redtrace.store.monitoring import last_fetches, record_fetch

Fetcher = Callable[[str, Path], Fetched]


@dataclass
class Outcome:
    dataset: str
    outcome: str  # loaded | unchanged | quarantined | failed
    version: int | None = None
    alerts: int = 0
    detail: str = ""


@dataclass
class ListMonitor:
    """One store's monitor; ``tick`` does one pass, ``run`` ticks until stopped."""

    store_url: str
    datasets: list[str] | None = None  # default: every loaded list with a public source
    intervals: dict[str, float] = field(default_factory=settings.update_intervals)
    fetcher: Fetcher = fetch
    threshold: float = field(default_factory=settings.match_threshold)
    cutoff: float = field(default_factory=settings.match_cutoff)

    def watched(self) -> list[str]:
        known = sources()
        if self.datasets is not None:
            return [d for d in self.datasets if d in known]
        with open_store(self.store_url) as store:
            loaded = store.datasets()
        return [d for d in loaded if d in known and (known[d].get("files") or known[d].get("env_url"))]

    def due(self, now: datetime | None = None) -> list[str]:
        now = now or datetime.now(UTC).replace(tzinfo=None)
        with open_store(self.store_url) as store:
            fetched = last_fetches(store)
        out = []
        for dataset in self.watched():
            every = self.intervals.get(dataset, self.intervals.get("*", 3600.0))
            last = fetched.get(dataset, {}).get("last")
            if last is None or (now - last["at"]).total_seconds() >= every:
                out.append(dataset)
        return out

    def tick(self, force: bool = False) -> tuple[list[Outcome], DeliveryReport | None]:
        outcomes = [self._update(d) for d in (self.watched() if force else self.due())]
        report = None
        url = settings.webhook_url()
        if url:
            with open_store(self.store_url) as store:
                report = deliver_due(store, url, settings.webhook_secret())
        return outcomes, report

    def _update(self, dataset: str) -> Outcome:
        workdir = Path(tempfile.mkdtemp(prefix="redtrace-monitor-"))
        try:
            got = self.fetcher(dataset, workdir)
            if got.error:
                return self._record(Outcome(dataset, "failed", detail=got.error))
            parsed, errors = parse_paths(got.paths, dataset)
            if errors or not parsed:
                detail = "; ".join(str(e) for e in errors) or "nothing readable in the download"
                return self._record(Outcome(dataset, "failed", detail=detail))
            with open_store(self.store_url) as store:
                current = store.version(dataset)
                # The same checks as `lists load`: an implausible version is kept aside.
                reasons = assess(parsed[0], current.entities if current else None,
                                 Policy.from_settings())  # fmt: skip
                try:
                    loaded = load_list(store, parsed[0], "monitor", StoreRecorder(lambda: store),
                                       quarantine=reasons or None)  # fmt: skip
                except StoreError as exc:
                    return self._record(Outcome(dataset, "failed", detail=str(exc)))
                version = loaded.version.version
                if reasons and loaded.created:
                    return self._record(Outcome(dataset, "quarantined", version,
                                                detail="; ".join(reasons)))  # fmt: skip
                if not loaded.created:
                    return self._record(Outcome(dataset, "unchanged", version))
                alerts = list(reverse_rescreen(store, self.threshold, self.cutoff, [dataset]))
            return self._record(Outcome(dataset, "loaded", version, len(alerts),
                                        f"{len(alerts)} alerts"))  # fmt: skip
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _record(self, outcome: Outcome) -> Outcome:
        with open_store(self.store_url) as store:
            record_fetch(store, outcome.dataset, outcome.outcome, outcome.version,
                         outcome.detail)  # fmt: skip
        return outcome

    def run(self, stop: threading.Event, poll: float = 30.0,
            report: Callable[[list[Outcome], DeliveryReport | None], Any] | None = None) -> None:  # fmt: skip
        while not stop.is_set():
            result = self.tick()
            if report is not None:
                report(*result)
            stop.wait(poll)
