"""Write audit records off the request path: a queue drained by one thread, flushed on close."""

from __future__ import annotations

import queue
import threading
from typing import Any

from redtrace.audit.log import AuditLog


class AuditWriter:
    def __init__(self, log: AuditLog) -> None:
        self.log = log
        self.queue: queue.Queue[tuple[str, str, str | None, dict[str, Any]] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="redtrace-audit", daemon=True)
        self.thread.start()

    def submit(self, user: str, action: str, dataset: str | None, body: dict[str, Any]) -> None:
        self.queue.put((user, action, dataset, body))

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                self.log.record(*item)
            finally:
                self.queue.task_done()

    def flush(self) -> None:
        """Wait until every record submitted so far is written."""
        self.queue.join()

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=30)
        self.log.close()
