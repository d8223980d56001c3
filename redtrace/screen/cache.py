"""Token-pair similarities remembered by the matcher that computed them (instance state).

List and customer names repeat their tokens endlessly, so a similarity is kept by the two
tokens' signatures (spelling, canonical form, script mode), one row per query token. The
cache belongs to an index: two matchers never share one, a pickled matcher travels without
it, and past ``limit`` entries it starts again, so memory stays flat on any input.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PairCache"]


class PairCache:
    __slots__ = ("limit", "rows", "size")

    def __init__(self, limit: int = 500_000) -> None:
        self.limit = limit
        self.rows: dict[str, dict[str, float]] = {}
        self.size = 0

    def row(self, signature: str) -> dict[str, float]:
        """The similarities known for one query token (filled in by the caller)."""
        found = self.rows.get(signature)
        if found is None:
            if self.size > self.limit:
                self.rows.clear()
                self.size = 0
            found = self.rows[signature] = {}
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (PairCache, (self.limit,))
