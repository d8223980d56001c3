"""Shared types of the list importers: source files, rejects, parse results."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redtrace.lists.entity import ListEntity

# The version of what the readers make of a file. Raise it when a reader's output changes
# (2: UN aliases that pack several spellings are split), so that loading an unchanged file
# again makes a new version with the better reading instead of a no-op.
READER_VERSION = "2"


class ListFormatError(Exception):
    """A file that cannot be read at all; names the file, the place and the field."""

    def __init__(
        self, path: str, message: str, where: str | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.where = where
        self.field = field
        self.reason = message
        parts = [path]
        if where:
            parts.append(where)
        if field:
            parts.append(f"field {field}")
        super().__init__(f"{': '.join(parts)}: {message}")


@dataclass(slots=True)
class Reject:
    """A record that was read but could not become an entity."""

    file: str
    where: str
    field: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "where": self.where, "field": self.field, "reason": self.reason}


@dataclass(slots=True)
class SourceFile:
    """One file as given by the user, decompressed if it was gzip'd."""

    path: Path
    data: bytes

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError) as exc:
                raise ListFormatError(str(path), f"broken gzip stream ({exc})") from exc
        return cls(path=path, data=raw)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def text(self, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
        """Decode with the first encoding that works; the last one is cp1252 as OFAC uses."""
        for enc in (*encodings, "cp1252"):
            try:
                return self.data.decode(enc)
            except UnicodeDecodeError:
                continue
        # cp1252 leaves five bytes undefined; latin-1 never fails.
        return self.data.decode("latin-1")


@dataclass
class ParsedList:
    """What one importer made of a set of files: entities, rejects and counts."""

    dataset: str
    format: str
    files: list[SourceFile]
    published: str | None = None
    rows_read: int = 0
    # Rows that added to an entity already made (an alias row, an address row, a UK name row).
    rows_merged: int = 0
    entities: dict[str, ListEntity] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    # A delta (FtM ``{op, entity}`` file) changes the current version instead of replacing it.
    is_delta: bool = False
    deleted: set[str] = field(default_factory=set)

    def add(self, entity: ListEntity) -> None:
        """Add an entity, merging it with an earlier one of the same id."""
        prior = self.entities.get(entity.id)
        if prior is None:
            self.entities[entity.id] = entity
        else:
            prior.merge(entity)
            self.rows_merged += 1

    def reject(self, file: str, where: str, field_name: str, reason: str) -> None:
        self.rejects.append(Reject(file, where, field_name, reason))

    def counts(self) -> dict[str, int]:
        """Counts that reconcile: read = entities + merged + rejected."""
        return {
            "rows_read": self.rows_read,
            "entities": len(self.entities),
            "rows_merged": self.rows_merged,
            "rows_rejected": len(self.rejects),
        }

    @property
    def sha256(self) -> str:
        """One digest for the set: a single file's own sha256, or a digest of the sorted ones.

        Names are left out so that a renamed or gzip'd copy is recognised as the same data.
        """
        if len(self.files) == 1:
            return self.files[0].sha256
        digests = sorted(f.sha256 for f in self.files)
        return hashlib.sha256("\n".join(digests).encode()).hexdigest()

    def __iter__(self) -> Iterator[ListEntity]:
        return iter(self.entities.values())
