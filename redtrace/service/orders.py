"""Order use cases, written once for every face: check orders (always with the stored history
and the lists' ownership data), and release a held order with four eyes for a block.

A check commits its decisions before it hands them back, so no face can show a decision that
the store does not have."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from redtrace import settings
from redtrace.flags import ACTIONS, Checker, History, ReleaseError, sign_decision
from redtrace.screen.matcher import Matcher
from redtrace.service.audit import NoRecorder, Recorder
from redtrace.store import StoreConflict
from redtrace.store.interface import StoreProtocol
from redtrace.trace.ownership import Ownership

BATCH = 500  # orders checked, then committed, before their results are handed out
ATTEMPTS = 5

__all__ = ["ACTIONS", "BATCH", "OrderDesk", "ReleaseError", "decide_order", "release_order"]


class OrderDesk:
    """Checks orders against the lists, the goods tables, the history and ownership."""

    def __init__(
        self,
        store: StoreProtocol,
        matcher: Matcher,
        *,
        threshold: float | None = None,
        cutoff: float | None = None,
        user: str = "local",
        recorder: Recorder | None = None,
    ) -> None:
        self.store = store
        self.user = user
        self.recorder = recorder or NoRecorder()
        ownership = Ownership.from_store(store)
        self.checker = Checker(
            matcher,
            History.load(store),
            settings.match_threshold() if threshold is None else threshold,
            settings.match_cutoff() if cutoff is None else cutoff,
            ownership if ownership.owners_of else None,
        )

    def check_records(self, records: Iterable[tuple[int, Any]]) -> list[dict[str, Any]]:
        """Check ``(number, order)`` pairs (an order is a JSON text line or a decoded
        record); commit the decisions, record them, then return one result each."""
        results = []
        for number, item in records:
            if isinstance(item, str):
                results.append(self.checker.check_line(number, item))
            else:
                results.append(self.checker.check_record(number, item))
        self.checker.save(self.store)
        self.recorder.submit(self.user, "orders.check", None, {
            "orders": [r.get("id") for r in results],
            "decisions": [r.get("decision") for r in results],
            "versions": self.checker.versions,
        })  # fmt: skip
        return results

    def check_lines(self, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Check a JSON Lines stream in batches; each batch is committed before it is yielded."""
        batch: list[tuple[int, Any]] = []
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            batch.append((number, text))
            if len(batch) >= BATCH:
                yield from self.check_records(batch)
                batch = []
        if batch:
            yield from self.check_records(batch)


def release_order(
    store: StoreProtocol,
    order_id: str,
    user: str,
    reason: str,
    recorder: Recorder | None = None,
) -> str:
    """Sign the release of a held order; returns its new status. Raises ``ReleaseError``."""
    return decide_order(store, order_id, user, "release", reason, recorder)


def decide_order(
    store: StoreProtocol,
    order_id: str,
    user: str,
    action: str,
    reason: str,
    recorder: Recorder | None = None,
) -> str:
    """Sign ``action`` on a held order: ``release`` it or confirm its ``block``; returns its
    new status. A blocked order needs two different officers who agree. Raises
    ``ReleaseError``.

    Two officers signing the same order at the same instant: one transaction wins, the
    other is tried again on the state the winner left, so it is the second signature."""
    recorder = recorder or NoRecorder()
    try:
        status = _sign(store, order_id, user, reason, action)
    except ReleaseError as exc:
        # A refused attempt is on record too: who tried what, and why it was refused.
        recorder.submit(user, "orders.refused", None, {
            "order": order_id, "reason": reason, "action": action, "refused": str(exc),
        })  # fmt: skip
        raise
    recorder.submit(
        user, f"orders.{action}", None,
        {"order": order_id, "reason": reason, "status": status, "action": action},
    )  # fmt: skip
    return status


def _sign(store: StoreProtocol, order_id: str, user: str, reason: str, action: str) -> str:
    for attempt in range(ATTEMPTS):
        try:
            return sign_decision(store, order_id, user, reason, action)
        except StoreConflict:
            if attempt == ATTEMPTS - 1:
                break
            time.sleep(0.05 * (attempt + 1))
    raise ReleaseError(f"order {order_id} is being decided by someone else; try again")
