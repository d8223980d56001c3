"""The audit log: every record in the store's ``audit_records``, one Merkle tree over them,
signed checkpoints of that tree, and the proofs a reader checks them with.

A record is hashed as a leaf (``redtrace.audit.verifier.leaf_bytes``) when it is appended in
the transaction of the action it records. Anyone who can write the store can rewrite records
and recompute every hash; what they cannot do is sign a checkpoint with a key that is not in
the store. ``verify`` therefore proves the log consistent with every signed checkpoint given
(an exported file) or kept (in the store), and names what contradicts one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from redtrace.audit.keys import Checkpoint, sign
from redtrace.audit.merkle import Tree
from redtrace.audit.verifier import (
    leaf_bytes,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
    verify_signature,
)
from redtrace.store import audit as rows
from redtrace.store.audit import AuditRow, CheckpointRow
from redtrace.store.interface import StoreProtocol

SPOT_CHECKS = 256  # records whose inclusion proof ``verify`` also checks, spread over the log


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def fields(row: AuditRow) -> list[Any]:
    """What a record's leaf hash is taken over, in the verifier's order."""
    return [row.seq, row.recorded_at.isoformat(timespec="microseconds"), row.user, row.action,
            row.dataset, row.subject, row.body]  # fmt: skip


def _leaf(row: AuditRow) -> str:
    return leaf_hash(leaf_bytes(fields(row))).hex()


def entry(
    user: str, action: str, dataset: str | None, body: dict[str, Any], subject: str | None = None
) -> tuple[datetime, str, str, str | None, str | None, str]:
    text = orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
                        default=str).decode()  # fmt: skip
    return (now(), user, action, dataset, subject, text)


def record(
    store: StoreProtocol,
    user: str,
    action: str,
    dataset: str | None,
    body: dict[str, Any],
    subject: str | None = None,
) -> AuditRow:
    """Append one record inside the current transaction (or one of its own)."""
    return rows.append(store, [entry(user, action, dataset, body, subject)], _leaf)[0]


def record_many(
    store: StoreProtocol,
    entries: Iterable[tuple[datetime, str, str, str | None, str | None, str]],
) -> list[AuditRow]:
    return rows.append(store, list(entries), _leaf)


def row_dict(row: AuditRow) -> dict[str, Any]:
    return {"seq": row.seq, "recorded_at": row.recorded_at.isoformat(timespec="microseconds"),
            "user": row.user, "action": row.action, "dataset": row.dataset,
            "subject": row.subject, "body": row.body,
            "purged_at": row.purged_at.isoformat() if row.purged_at else None}  # fmt: skip


# -- the tree --------------------------------------------------------------------------------


@dataclass
class Loaded:
    """The log as read: the tree over its stored leaf hashes, the number of each leaf, and
    the records whose content no longer gives their stored hash."""

    tree: Tree
    seqs: list[int]
    altered: list[int] = field(default_factory=list)


def load(store: StoreProtocol, recompute: bool = True) -> Loaded:
    """Read the whole log; with ``recompute`` each leaf is hashed again from its record."""
    leaves: list[bytes] = []
    seqs: list[int] = []
    altered: list[int] = []
    if recompute:
        for row in rows.iter_rows(store):
            stored = bytes.fromhex(row.leaf_hash)
            if row.body is not None and leaf_hash(leaf_bytes(fields(row))) != stored:
                altered.append(row.seq)
            leaves.append(stored)
            seqs.append(row.seq)
    else:
        for seq, hexed in rows.leaf_hashes(store):
            leaves.append(bytes.fromhex(hexed))
            seqs.append(seq)
    return Loaded(Tree(leaves), seqs, altered)


def checkpoint(store: StoreProtocol, key: Ed25519PrivateKey) -> Checkpoint:
    """Sign the current tree and keep the checkpoint in the store; returns it (to export)."""
    with store.transaction():  # one snapshot of the log
        tree = load(store, recompute=False).tree
    signed = sign(key, tree.size, tree.root().hex())
    rows.add_checkpoint(store, CheckpointRow(**signed.to_dict()))
    return signed


def stored_checkpoints(store: StoreProtocol) -> list[Checkpoint]:
    return [Checkpoint(c.tree_size, c.root, c.signed_at, c.key_id, c.signature)
            for c in rows.checkpoints(store)]  # fmt: skip


# -- verification ----------------------------------------------------------------------------


@dataclass
class Report:
    records: int
    root: str
    checkpoints: int = 0
    unsigned: int = 0  # stored checkpoints whose signature was not checked (no public key)
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"intact": self.intact, "records": self.records, "root": self.root,
                "checkpoints_checked": self.checkpoints,
                "signatures_not_checked": self.unsigned, "problems": self.problems}  # fmt: skip


def verify(
    store: StoreProtocol,
    given: list[tuple[str, Checkpoint]] | None = None,
    public_key: bytes | None = None,
) -> Report:
    """Check every record against its leaf hash, the tree against every checkpoint given
    (``(label, checkpoint)``) and kept in the store, and each checkpoint's signature."""
    with store.transaction():
        loaded = load(store)
        kept = stored_checkpoints(store)
    tree = loaded.tree
    report = Report(tree.size, tree.root().hex())
    for seq in loaded.altered[:1]:
        report.problems.append(
            f"record {seq}: its content does not give its stored hash (changed;"
            f" {len(loaded.altered)} record(s) in all)"
        )
    labelled = [(label, cp, True) for label, cp in given or []]
    labelled += [(f"stored checkpoint of {c.tree_size} records signed {c.signed_at}", c, False)
                 for c in kept]  # fmt: skip
    good: list[int] = [0]
    for label, cp, exported in sorted(labelled, key=lambda item: item[1].tree_size):
        report.checkpoints += 1
        if public_key is None:
            # A checkpoint handed in must be proven signed; the store's own are then
            # checked for consistency only, and the report says their signatures were not.
            if exported:
                report.problems.append(f"{label}: no public key to check its signature")
            else:
                report.unsigned += 1
        else:
            bad = verify_signature(cp.to_dict(), public_key)
            if bad:
                report.problems.append(f"{label}: {bad}")
                continue
        problem = _against(tree, loaded.seqs, cp, max(good))
        if problem:
            report.problems.append(f"{label}: {problem}")
        else:
            good.append(cp.tree_size)
    report.problems += _spot_check(tree)
    return report


def _against(tree: Tree, seqs: list[int], cp: Checkpoint, last_good: int) -> str | None:
    """What in the log contradicts checkpoint ``cp`` (None when it is consistent)."""
    if cp.tree_size > tree.size:
        return (f"the log was cut short: the checkpoint covers {cp.tree_size} records, the log"
                f" has {tree.size}")  # fmt: skip
    proof = tree.consistency(cp.tree_size)
    if verify_consistency(cp.tree_size, tree.size, bytes.fromhex(cp.root), tree.root(), proof):
        return None
    first = seqs[last_good] if last_good < len(seqs) else None
    last = seqs[cp.tree_size - 1] if cp.tree_size else None
    where = f" (first bad record between {first} and {last})" if first is not None else ""
    return (f"contradicted: records among the first {cp.tree_size} were changed, removed,"
            f" reordered or inserted{where}")  # fmt: skip


def _spot_check(tree: Tree) -> list[str]:
    """Inclusion proofs of records spread over the log, checked as a third party would."""
    if not tree.size:
        return []
    root = tree.root()
    step = max(1, tree.size // SPOT_CHECKS)
    for index in [*range(0, tree.size, step), tree.size - 1]:
        if not verify_inclusion(tree.levels[0][index], index, tree.size,
                                tree.inclusion(index), root):  # fmt: skip
            return [f"leaf {index}: its inclusion proof does not verify"]
    return []


def prove(store: StoreProtocol, seq: int, tree: Tree | None = None) -> dict[str, Any]:
    """An inclusion proof of record ``seq`` against the latest stored checkpoint that covers
    it (``tree``: the log's, when the caller has loaded it). Raises ``LookupError`` when there
    is no such record or checkpoint."""
    with store.transaction():
        row = rows.get(store, seq)
        if row is None:
            raise LookupError(f"no audit record {seq}")
        index = rows.rank(store, seq)
        kept = [c for c in stored_checkpoints(store) if c.tree_size > index]
        if not kept:
            raise LookupError(f"no checkpoint covers record {seq} yet; run `redtrace audit"
                              " checkpoint`")  # fmt: skip
        tree = tree or load(store, recompute=False).tree
    cp = kept[-1]
    return {"record": row_dict(row), "leaf_hash": row.leaf_hash, "index": index,
            "tree_size": cp.tree_size, "path": [h.hex() for h in tree.inclusion(index, cp.tree_size)],
            "checkpoint": cp.to_dict(),
            "verify_with": "python -m redtrace.audit PROOF --public-key KEY.pub"}  # fmt: skip
