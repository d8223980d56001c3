"""The candidate index kept on disk, so that a one-shot command (``redtrace match --name``)
screens without preparing 30,000 list entities first.

One file: a header with the index's lookup tables (token postings, one-edit neighbours,
identifiers, clusters), written with ``marshal`` because it reads back ten times faster than
pickle; then every party pickled on its own, with offsets. The file is memory-mapped and a
party is unpickled only when a query reaches it, so a query reads the few dozen parties it
scores, not all of them.

The file is keyed by what the index was built from: each dataset's version and sha256, and a
hash of the screening code and data (``redtrace/screen``), so a list load, a new release or
an edit of a name table makes it stale. A stale or damaged file is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import pickle
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from redtrace.screen.index import Index
from redtrace.screen.names import PreparedName
from redtrace.screen.party import Party

MAGIC = b"RTIDX002"
_LAZY = ("parties", "names", "party_names")
_SCREEN_DIR = Path(__file__).parent


def code_hash() -> str:
    """A hash of the screening code and its data tables: preparation depends on both."""
    digest = hashlib.sha256()
    for path in sorted(_SCREEN_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".yml", ".yaml", ".json", ".txt"):
            digest.update(path.relative_to(_SCREEN_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(datasets: list[dict[str, Any]]) -> str:
    """What an index was built from: list versions and hashes, and the screening code."""
    parts = sorted(f"{d['name']}:{d['version']}:{d['sha256']}" for d in datasets)
    return hashlib.sha256("|".join([code_hash(), *parts]).encode()).hexdigest()


class _Parties(Sequence[Party]):
    """The parties of a stored index, unpickled on first access."""

    def __init__(self, view: memoryview, offsets: array[int]) -> None:
        self._view = view
        self._offsets = offsets
        self._loaded: dict[int, Party] = {}

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> Party: ...
    @overload
    def __getitem__(self, i: slice) -> list[Party]: ...
    def __getitem__(self, i: int | slice) -> Party | list[Party]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        party = self._loaded.get(i)
        if party is None:
            if i < 0:
                return self[len(self) + i]
            start, end = self._offsets[i], self._offsets[i + 1]
            party = pickle.loads(self._view[start:end])
            self._loaded[i] = party
        return party

    def __iter__(self) -> Iterator[Party]:
        return (self[i] for i in range(len(self)))


class _Names(Sequence[tuple[int, PreparedName, str, float]]):
    """``Index.names``: name ``n`` is the ``n - first[p]``-th name of party ``p``."""

    def __init__(self, parties: _Parties, name_party: array[int], first: array[int]) -> None:
        self._parties = parties
        self._name_party = name_party
        self._first = first

    def __len__(self) -> int:
        return len(self._name_party)

    @overload
    def __getitem__(self, n: int) -> tuple[int, PreparedName, str, float]: ...
    @overload
    def __getitem__(self, n: slice) -> list[tuple[int, PreparedName, str, float]]: ...
    def __getitem__(
        self, n: int | slice
    ) -> tuple[int, PreparedName, str, float] | list[tuple[int, PreparedName, str, float]]:
        if isinstance(n, slice):
            return [self[j] for j in range(*n.indices(len(self)))]
        p = self._name_party[n]
        prepared, prop, weight = self._parties[p].names[n - self._first[p]]
        return p, prepared, prop, weight


class _PartyNames(Sequence[set[int]]):
    """``Index.party_names``: a party's names are numbered contiguously."""

    def __init__(self, first: array[int], total: int) -> None:
        self._first = first
        self._total = total

    def __len__(self) -> int:
        return len(self._first)

    @overload
    def __getitem__(self, p: int) -> set[int]: ...
    @overload
    def __getitem__(self, p: slice) -> list[set[int]]: ...
    def __getitem__(self, p: int | slice) -> set[int] | list[set[int]]:
        if isinstance(p, slice):
            return [self[j] for j in range(*p.indices(len(self)))]
        end = self._first[p + 1] if p + 1 < len(self._first) else self._total
        return set(range(self._first[p], end))


def save(index: Index, key: str, path: Path) -> bool:
    """Write ``index`` to ``path`` (atomically). False when this index cannot be stored
    lazily (its names are not numbered party by party), and nothing is written."""
    first = array("q")
    name_party = array("q")
    for p, party in enumerate(index.parties):
        first.append(len(name_party))
        name_party.extend([p] * len(party.names))
        if index.party_names[p] != set(range(first[-1], len(name_party))):
            return False
    state: dict[str, Any] = {}
    for attr, value in vars(index).items():
        if attr in _LAZY:
            continue
        plain = dict(value) if isinstance(value, dict) else value
        try:
            state[attr] = ("m", marshal.dumps(plain))
        except ValueError:  # not a plain value: pickle it
            state[attr] = ("p", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    blobs = [pickle.dumps(party, protocol=pickle.HIGHEST_PROTOCOL) for party in index.parties]
    offsets = array("q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = marshal.dumps({"key": key, "state": state, "first": first.tobytes(),
                            "name_party": name_party.tobytes(), "offsets": offsets.tobytes()})  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as out:
        out.write(MAGIC + len(header).to_bytes(8, "little") + header)
        for blob in blobs:
            out.write(blob)
    os.replace(tmp, path)
    return True


def load(path: Path, key: str) -> Index | None:
    """The index stored at ``path`` if it was built for ``key``; else None."""
    try:
        with path.open("rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    view = memoryview(mapped)
    try:
        if bytes(view[:8]) != MAGIC:
            return None
        size = int.from_bytes(view[8:16], "little")
        header = marshal.loads(view[16 : 16 + size])
        if header.get("key") != key:
            return None
        offsets = _longs(header["offsets"])
        if 16 + size + offsets[-1] != len(view):
            return None  # cut short: a write that did not finish, or a damaged file
        index = Index.__new__(Index)
        for attr, (kind, data) in header["state"].items():
            setattr(index, attr, marshal.loads(data) if kind == "m" else pickle.loads(data))
    except (ValueError, EOFError, TypeError, KeyError, pickle.UnpicklingError):
        return None
    first = _longs(header["first"])
    parties = _Parties(view[16 + size :], offsets)
    index.parties = parties  # type: ignore[assignment]
    index.names = _Names(parties, _longs(header["name_party"]), first)  # type: ignore[assignment]
    index.party_names = _PartyNames(first, len(index.names))  # type: ignore[assignment]
    return index


def _longs(data: bytes) -> array[int]:
    values = array("q")
    values.frombytes(data)
    return values
