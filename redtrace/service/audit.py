"""Where the service layer writes what it decided. The service calls ``record`` for every
screening, order check and release, whichever face asked; the sink decides how it is kept."""

from __future__ import annotations

from typing import Any, Protocol


class Recorder(Protocol):
    def submit(self, user: str, action: str, dataset: str | None, body: dict[str, Any]) -> None:
        """Record one action by ``user`` (with its inputs and result in ``body``)."""


class NoRecorder:
    """For callers that keep no audit trail (tests of the stages, benchmarks)."""

    def submit(self, user: str, action: str, dataset: str | None, body: dict[str, Any]) -> None:
        return None
