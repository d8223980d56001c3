"""Where the service layer writes what it decided. Every use case calls ``submit`` for what
it screened, checked, released, judged, loaded or changed, whichever face asked.

``StoreRecorder`` appends to the audit log in the store and returns only once the record is
committed, so a face never answers before its record is durable. Given the ``store`` the
action itself wrote through, the record joins that transaction: an order check and its
record commit together, or neither does. Without one, it opens a handle as the face opens
its own (``open``), so a server process has one kind of store connection only.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, Protocol

from redtrace import settings
from redtrace.audit.keys import Checkpoint, load_signing_key, public_key_pem
from redtrace.audit.log import checkpoint, entry, record_many, verify
from redtrace.store.audit import count
from redtrace.store.interface import StoreProtocol

__all__ = ["NoRecorder", "Recorder", "StoreRecorder", "audit_checkpoints", "verify_log"]


class Recorder(Protocol):
    def submit(
        self,
        user: str,
        action: str,
        dataset: str | None,
        body: dict[str, Any],
        *,
        subject: str | None = None,
        store: StoreProtocol | None = None,
    ) -> None:
        """Record one action by ``user`` (with its inputs and result in ``body``)."""


class NoRecorder:
    """For callers that keep no audit trail (tests of the stages, benchmarks)."""

    def submit(
        self,
        user: str,
        action: str,
        dataset: str | None,
        body: dict[str, Any],
        *,
        subject: str | None = None,
        store: StoreProtocol | None = None,
    ) -> None:
        return None


class StoreRecorder:
    """Records in the store's audit log, committed before ``submit`` returns."""

    def __init__(self, open_store: Callable[[], StoreProtocol]) -> None:
        self.open_store = open_store

    def submit(
        self,
        user: str,
        action: str,
        dataset: str | None,
        body: dict[str, Any],
        *,
        subject: str | None = None,
        store: StoreProtocol | None = None,
    ) -> None:
        item = entry(user, action, dataset, body, subject)
        if store is not None:
            record_many(store, [item])
            return
        with self.open_store() as own:
            record_many(own, [item])


def verify_log(store: StoreProtocol, given: list[tuple[str, Checkpoint]] | None = None,
               public_key: bytes | None = None) -> dict[str, Any]:  # fmt: skip
    """The audit log checked against the checkpoints given and stored; signatures with
    ``public_key``, else the public half of ``REDTRACE_AUDIT_KEY``."""
    if public_key is None:
        path = settings.audit_key()
        public_key = public_key_pem(path) if path else None
    return verify(store, given, public_key).to_dict()


def audit_checkpoints(open_store: Callable[[], StoreProtocol]) -> Callable[[], None]:
    """Sign a checkpoint every ``REDTRACE_AUDIT_CHECKPOINT_SECONDS`` while the log grows (when
    ``REDTRACE_AUDIT_KEY`` is set); returns the function that stops it."""
    path, every = settings.audit_key(), settings.audit_checkpoint_seconds()
    if path is None or every <= 0:
        return lambda: None
    key = load_signing_key(path)
    stop = threading.Event()

    def loop() -> None:
        signed = -1
        while not stop.wait(every):
            try:
                with open_store() as store:
                    if count(store) != signed:
                        signed = checkpoint(store, key).tree_size
            except Exception as exc:  # the next interval tries again
                print(f"redtrace: audit checkpoint failed: {exc}", file=sys.stderr)

    threading.Thread(target=loop, name="redtrace-audit-checkpoint", daemon=True).start()
    return stop.set
