"""Try a store write again when a concurrent transaction changed the same rows first."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from redtrace.store import StoreConflict

T = TypeVar("T")
ATTEMPTS = 5


def retrying(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``work()``, run again (after a short, growing pause) on a ``StoreConflict``; the last
    conflict is raised. ``work`` must be one transaction, so that a retry starts clean."""
    for attempt in range(attempts):
        try:
            return work()
        except StoreConflict:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
