"""What a rule's condition sees (the order, its screening matches, the history) and what it
returns (hits: the party and line concerned and the evidence for the explanation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redtrace.flags.history import History
from redtrace.flags.order import Order


@dataclass
class Hit:
    party: str | None = None
    item: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    order: Order
    matches: dict[str, list[dict[str, Any]]]  # role -> screening results
    history: History
    threshold: float
    ownership: Any = None  # redtrace.trace.ownership.Ownership, when FtM ownership data is loaded
