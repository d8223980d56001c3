"""Held orders and their decision by people: a compliance officer releases the order or
confirms its block, with a written reason; a blocked order needs two different people who
agree (four eyes), a held-for-review one needs one."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

import yaml

from redtrace.flags.engine import RULES
from redtrace.store.interface import StoreProtocol
from redtrace.store.keys import active_user
from redtrace.store.orders import (
    latest_decision,
    lock_order,
    order_record,
    releases,
    sign_release,
)

# What a person can do to a held order, and the status it has once enough people agree.
ACTIONS = {"release": "released", "block": "blocked"}
# The status while an action waits for its second signature.
AWAITING = {"release": "awaiting second release", "block": "awaiting second block"}
CLOSED = ("released", "blocked")


class ReleaseError(Exception):
    pass


@cache
def _basis() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES.read_text(encoding="utf-8"))["release_basis"]
    return data


def missing_basis(flags: list[dict[str, Any]], reason: str) -> list[str]:
    """The blocking flags whose legal basis the reason does not state."""
    basis = _basis()
    out = []
    for code in sorted({f["code"] for f in flags if f.get("effect") == "block"}):
        kinds = basis["by_flag"].get(code, ["licence"])
        if not any(re.search(basis[k], reason, re.IGNORECASE) for k in kinds):
            out.append(f"{code} ({' or '.join(k.replace('_', ' ') for k in kinds)})")
    return out


def release(store: StoreProtocol, order_id: str, user: str, reason: str) -> str:
    """Record a release; returns the order's new status (``released`` or ``awaiting second
    release``)."""
    return sign_decision(store, order_id, user, reason, "release")


def sign_decision(store: StoreProtocol, order_id: str, user: str, reason: str, action: str) -> str:
    """Sign ``action`` (``release`` or ``block``) on a held order; returns its new status.

    A ``block`` decision closes when two different officers sign the same action, a
    ``review`` one with the first signature. Nobody signs one order twice. The read of the
    earlier signatures and the write of this one are one transaction, so two officers
    signing at once cannot both be the first."""
    if action not in ACTIONS:
        raise ReleaseError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if not reason.strip():
        raise ReleaseError("a decision needs a written reason")
    with store.transaction():
        lock_order(store, order_id)
        signer = active_user(store, user)
        if signer is None:
            raise ReleaseError(f"{user!r} is not a known, active user (see `redtrace users`)")
        if not signer.has("compliance_officer"):
            raise ReleaseError(
                f"deciding a held order needs the compliance_officer role; {user} is {signer.role}"
            )
        held = latest_decision(store, order_id)
        if held is None:
            raise ReleaseError(f"no checked order {order_id!r}")
        decision, status = held
        if status in CLOSED or decision == "pass":
            raise ReleaseError(f"order {order_id} is not held (decision {decision}, {status})")
        earlier = releases(store, order_id)
        if user in {r["by"] for r in earlier}:
            raise ReleaseError(
                f"{user} has already signed a decision on {order_id}; a second person must"
            )
        record = order_record(store, order_id)
        flags = (record or {}).get("result", {}).get("flags", []) if decision == "block" else []
        # The first release of a block states the legal basis of each blocking flag.
        firsts = not any(r["action"] == "release" for r in earlier)
        missing = missing_basis(flags, reason) if action == "release" and firsts else []
        if missing:
            raise ReleaseError(
                "releasing this block needs a stated legal basis for "
                + "; ".join(missing)
                + ", e.g. the licence number"
            )
        needed = 2 if decision == "block" else 1
        agreeing = Counter(r["action"] for r in earlier)[action] + 1
        status = ACTIONS[action] if agreeing >= needed else AWAITING[action]
        sign_release(store, order_id, user, signer.role, reason, status, action)
    return status
