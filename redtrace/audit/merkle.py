"""An RFC 6962 Merkle tree over leaf hashes: roots of any prefix, inclusion and consistency
proofs (checked by ``redtrace.audit.verifier``).

The complete subtrees are kept level by level (``levels[h][i]`` covers leaves
``i * 2**h`` to ``(i + 1) * 2**h``), so the root of any prefix and every proof node is a
lookup plus at most one hash per level.
"""

from __future__ import annotations

from redtrace.audit.verifier import node_hash


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n`` > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class Tree:
    def __init__(self, leaves: list[bytes]) -> None:
        self.levels = [leaves]
        level = leaves
        while len(level) > 1:
            level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            self.levels.append(level)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def hash(self, start: int, end: int) -> bytes:
        """The root of the subtree over leaves ``start`` to ``end`` (exclusive) as RFC 6962
        splits them (``start`` is a multiple of a power of two at least ``end - start``)."""
        n = end - start
        if n == 0:
            return bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        if n & (n - 1) == 0:
            height = n.bit_length() - 1
            return self.levels[height][start >> height]
        k = _split(n)
        return node_hash(self.hash(start, start + k), self.hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        return self.hash(0, self.size if size is None else size)

    def inclusion(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of leaf ``index`` in the tree of the first ``size`` leaves."""
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ValueError(f"no leaf {index} in a tree of {size}")
        path: list[bytes] = []
        start, end, m = 0, size, index
        while end - start > 1:
            k = _split(end - start)
            if m < k:
                path.append(self.hash(start + k, end))
                end = start + k
            else:
                path.append(self.hash(start, start + k))
                start, m = start + k, m - k
        path.reverse()
        return path

    def consistency(self, first: int, second: int | None = None) -> list[bytes]:
        """The proof that the tree of ``second`` leaves extends the tree of ``first``."""
        second = self.size if second is None else second
        if not 0 <= first <= second <= self.size:
            raise ValueError(f"no consistency proof from {first} to {second} leaves")
        if first in (0, second):
            return []
        proof: list[bytes] = []
        start, end, m, whole = 0, second, first, True
        while m != end - start:
            k = _split(end - start)
            if m <= k:
                proof.append(self.hash(start + k, end))
                end = start + k
            else:
                proof.append(self.hash(start, start + k))
                start, m, whole = start + k, m - k, False
        if not whole:
            proof.append(self.hash(start, end))
        proof.reverse()
        return proof
