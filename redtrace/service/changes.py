"""Use cases that change the store, each with its audit record in the same transaction: a
list load, a key created or revoked, a judgement made or undone, the watched parties saved.
Either the change and its record commit together, or neither does."""

from __future__ import annotations

from typing import Any

from redtrace.lists.base import ParsedList
from redtrace.service.audit import NoRecorder, Recorder
from redtrace.store.interface import StoreProtocol
from redtrace.store.keys import create_key, revoke_key
from redtrace.store.parties import save_parties
from redtrace.store.sql import LoadOutcome
from redtrace.trace.resolve import record as add_judgement
from redtrace.trace.resolve import undo

__all__ = ["add_user", "judge", "load_list", "revoke_user", "save_watched", "undo_judgement"]


def load_list(
    store: StoreProtocol,
    parsed: ParsedList,
    user: str,
    recorder: Recorder | None = None,
    quarantine: list[str] | None = None,
) -> LoadOutcome:
    """Load a list version (quarantined, not made current, when ``quarantine`` names
    problems) and its audit record, in one transaction."""
    with store.transaction():
        outcome = store.load(parsed, quarantine=quarantine)
        v = outcome.version
        (recorder or NoRecorder()).submit(user, "lists.load", v.dataset, {
            "version": v.version, "sha256": v.sha256, "created": outcome.created,
            "files": v.files, "published": v.published, "entities": v.entities,
            "rows_read": v.rows_read, "rows_rejected": v.rows_rejected, "format": v.format,
        }, subject=f"{v.dataset}@{v.version}", store=store)  # fmt: skip
    return outcome


def add_user(
    store: StoreProtocol, name: str, role: str, by: str, recorder: Recorder | None = None
) -> str:
    """A new key for ``name`` (returned once; the record never holds it)."""
    with store.transaction():
        key = create_key(store, name, role)
        (recorder or NoRecorder()).submit(by, "users.key_created", None,
                                          {"name": name, "role": role}, subject=name, store=store)  # fmt: skip
    return key


def revoke_user(store: StoreProtocol, name: str, by: str, recorder: Recorder | None = None) -> bool:
    with store.transaction():
        done = revoke_key(store, name)
        if done:
            (recorder or NoRecorder()).submit(by, "users.key_revoked", None, {"name": name},
                                              subject=name, store=store)  # fmt: skip
    return done


def judge(
    store: StoreProtocol,
    left: str,
    right: str,
    verdict: str,
    by: str,
    reason: str,
    recorder: Recorder | None = None,
) -> int:
    with store.transaction():
        seq = add_judgement(store, left, right, verdict, by, "person", reason)
        (recorder or NoRecorder()).submit(by, "judgement.made", None, {
            "seq": seq, "left": left, "right": right, "verdict": verdict, "reason": reason,
        }, subject=f"judgement:{seq}", store=store)  # fmt: skip
    return seq


def undo_judgement(
    store: StoreProtocol, seq: int, by: str, recorder: Recorder | None = None
) -> bool:
    with store.transaction():
        done = undo(store, seq)
        if done:
            (recorder or NoRecorder()).submit(by, "judgement.undone", None, {"seq": seq},
                                              subject=f"judgement:{seq}", store=store)  # fmt: skip
    return done


def save_watched(
    store: StoreProtocol, parties: list[dict[str, Any]], by: str, recorder: Recorder | None = None
) -> int:
    with store.transaction():
        written = save_parties(store, parties)
        (recorder or NoRecorder()).submit(by, "parties.load", None, {
            "written": written, "ids": [p["id"] for p in parties]}, store=store)  # fmt: skip
    return written
