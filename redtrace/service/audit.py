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
from contextlib import suppress
from typing import Any, Protocol

from redtrace import settings
from redtrace.audit.keys import Checkpoint, load_signing_key, public_key_pem
from redtrace.audit.log import checkpoint, entry, record_many, verify
from redtrace.store.audit import AuditRow, count, search
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
    """Records in the store's audit log, committed before ``submit`` returns.

    A commit waits for the disk, so records submitted at the same moment by several request
    threads are written as one transaction (group commit): the first waiting thread writes
    every record pending, through one handle kept open (opened by ``open_store``, so with the
    same configuration as every other handle of the process), and each thread returns once
    its own record is committed, or raises what prevented it.
    """

    def __init__(self, open_store: Callable[[], StoreProtocol]) -> None:
        self.open_store = open_store
        self._lock = threading.Lock()
        self._pending: list[_Waiter] = []
        self._writing = False
        self._store: StoreProtocol | None = None

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
            record_many(store, [item])  # joins the caller's transaction
            return
        waiter = _Waiter(item)
        with self._lock:
            self._pending.append(waiter)
            lead = not self._writing
            self._writing = True
        if not lead:
            waiter.wake.wait()
        if not waiter.done:  # this thread writes the pending records
            self._write_pending()
        if waiter.error is not None:
            raise waiter.error

    def _write_pending(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        error: BaseException | None = None
        try:
            if self._store is None:
                self._store = self.open_store()
            record_many(self._store, [w.item for w in batch])
        except BaseException as exc:
            error = exc
            self._reset()
        for w in batch:
            w.error, w.done = error, True
            w.wake.set()
        with self._lock:
            if self._pending:
                self._pending[0].wake.set()  # the next waiting thread writes the next batch
            else:
                self._writing = False

    def open(self) -> None:
        """Open the handle now (a server at start-up), not at the first record."""
        with self._lock:
            if self._store is None:
                self._store = self.open_store()

    def _reset(self) -> None:
        if self._store is not None:
            with suppress(Exception):
                self._store.close()
            self._store = None

    def close(self) -> None:
        with self._lock:
            self._reset()


class _Waiter:
    __slots__ = ("done", "error", "item", "wake")

    def __init__(self, item: tuple[Any, ...]) -> None:
        self.item = item
        self.wake = threading.Event()
        self.done = False
        self.error: BaseException | None = None


def audit_records(
    store: StoreProtocol, user: str | None = None, action: str | None = None
) -> list[AuditRow]:
    """The audit records of one user or one kind of action (an action ending in ``.``
    names a prefix), oldest first."""
    return search(store, user=user, action=action)


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
