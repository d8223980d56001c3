"""Order use cases, written once for every face: check orders (always with the stored history
and the lists' ownership data), and release a held order with four eyes for a block.

A check commits its decisions before it hands them back, so no face can show a decision that
the store does not have."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from redtrace import settings
from redtrace.flags import ACTIONS, Checker, History, ReleaseError, sign_decision
from redtrace.flags.check import rejected
from redtrace.flags.tabular import csv_rows, read_rows, xlsx_rows
from redtrace.screen import Matcher
from redtrace.service.audit import NoRecorder, Recorder
from redtrace.store import StoreConflict
from redtrace.store.interface import StoreProtocol
from redtrace.store.keys import active_user
from redtrace.store.orders import approve_customer, approved_customers, checked_orders
from redtrace.trace.ownership import Ownership

BATCH = 500  # orders checked, then committed, before their results are handed out
ATTEMPTS = 5

__all__ = [
    "ACTIONS",
    "BATCH",
    "OrderDesk",
    "ReleaseError",
    "approve",
    "csv_rows",
    "decide_order",
    "party_history",
    "release_order",
    "xlsx_rows",
]


class OrderDesk:
    """Checks orders against the lists, the goods tables, the history and ownership."""

    def __init__(
        self,
        store: StoreProtocol,
        matcher: Matcher,
        *,
        threshold: float | None = None,
        cutoff: float | None = None,
        user: str = "local",
        recorder: Recorder | None = None,
    ) -> None:
        self.store = store
        self.user = user
        self.recorder = recorder or NoRecorder()
        ownership = Ownership.from_store(store)
        self.checker = Checker(
            matcher,
            History.load(store),
            settings.match_threshold() if threshold is None else threshold,
            settings.match_cutoff() if cutoff is None else cutoff,
            ownership if ownership.owners_of else None,
            approved_customers(store),
        )

    def check_records(self, records: Iterable[tuple[int, Any]]) -> list[dict[str, Any]]:
        """Check ``(number, order)`` pairs (an order is a JSON text line or a decoded
        record); commit the decisions, record them, then return one result each."""
        results = []
        for number, item in records:
            if isinstance(item, str):
                results.append(self.checker.check_line(number, item))
            else:
                results.append(self.checker.check_record(number, item))
        # The decisions and their audit records commit together, before anything is returned.
        with self.store.transaction():
            self.checker.save(self.store)
            for result in results:
                self.recorder.submit(self.user, "orders.check", None, {
                    "order": result.get("id"), "decision": result.get("decision"),
                    "result": result, "versions": self.checker.versions,
                }, subject=_text(result.get("id")), store=self.store)  # fmt: skip
        return results

    def check_table(self, rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[dict[str, Any]]:
        """Check spreadsheet rows (``redtrace.flags.tabular``: CSV or Excel, one row per
        order line); a rejected order comes back as an error naming its line and field."""
        batch: list[dict[str, Any]] = []
        pending: list[tuple[int, dict[str, Any]]] = []
        for number, entry in read_rows(rows):
            if isinstance(entry, str):
                if pending:
                    batch.extend(self.check_records(pending))
                    pending = []
                batch.append(rejected(entry))
            else:
                pending.append((number, entry))
            if len(pending) >= BATCH:
                batch.extend(self.check_records(pending))
                pending = []
            yield from batch
            batch = []
        if pending:
            yield from self.check_records(pending)

    def check_lines(self, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Check a JSON Lines stream in batches; each batch is committed before it is yielded."""
        batch: list[tuple[int, Any]] = []
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            batch.append((number, text))
            if len(batch) >= BATCH:
                yield from self.check_records(batch)
                batch = []
        if batch:
            yield from self.check_records(batch)


ROLES = ("buyer", "consignee", "end_user", "payer", "freight_forwarder")


def party_history(store: StoreProtocol, party: str) -> list[dict[str, Any]]:
    """Every checked order in which a party (its id, or its name in any case) took a role,
    in date order: the role, the decision and status, the goods and their quantities."""
    wanted = party.strip().lower()
    out = []
    for order, result in checked_orders(store):
        for role in ROLES:
            value = order.get(role)
            if not isinstance(value, dict) or "same_as" in value:
                continue
            names = [n.lower() for n in (value.get("properties") or {}).get("name", [])]
            if str(value.get("id") or "").lower() == wanted or wanted in names:
                out.append({
                    "order": order.get("id"), "date": order.get("date"), "role": role,
                    "decision": result.get("decision"),
                    "flags": sorted({f["code"] for f in result.get("flags", [])}),
                    "goods": [{"description": i.get("description"), "hs_code": i.get("hs_code"),
                               "quantity": i.get("quantity"), "unit": i.get("unit")}
                              for i in order.get("items", [])],
                })  # fmt: skip
    return out


def approve(
    store: StoreProtocol,
    customer: str,
    by: str,
    kyc_date: str,
    goods: list[str],
    name: str = "",
    note: str = "",
    recorder: Recorder | None = None,
) -> None:
    """Record a customer's approval after KYC (a compliance officer's act). Raises
    ``ReleaseError`` when ``by`` is not an active compliance officer."""
    signer = active_user(store, by)
    if signer is None or not signer.has("compliance_officer"):
        raise ReleaseError(
            f"approving a customer needs an active compliance_officer; {by!r} is not one"
        )
    prefixes = ["".join(ch for ch in g if ch.isdigit()) for g in goods]
    approve_customer(store, customer, name, [p for p in prefixes if p], kyc_date, by, note)
    (recorder or NoRecorder()).submit(by, "orders.approve", None, {
        "customer": customer, "goods": prefixes, "kyc_date": kyc_date})  # fmt: skip


def release_order(
    store: StoreProtocol,
    order_id: str,
    user: str,
    reason: str,
    recorder: Recorder | None = None,
) -> str:
    """Sign the release of a held order; returns its new status. Raises ``ReleaseError``."""
    return decide_order(store, order_id, user, "release", reason, recorder)


def decide_order(
    store: StoreProtocol,
    order_id: str,
    user: str,
    action: str,
    reason: str,
    recorder: Recorder | None = None,
) -> str:
    """Sign ``action`` on a held order: ``release`` it or confirm its ``block``; returns its
    new status. A blocked order needs two different officers who agree. Raises
    ``ReleaseError``.

    Two officers signing the same order at the same instant: one transaction wins, the
    other is tried again on the state the winner left, so it is the second signature."""
    recorder = recorder or NoRecorder()
    try:
        return _sign(store, order_id, user, reason, action, recorder)
    except ReleaseError as exc:
        # A refused attempt is on record too: who tried what, and why it was refused.
        recorder.submit(user, "orders.refused", None, {
            "order": order_id, "reason": reason, "action": action, "refused": str(exc),
        }, subject=order_id)  # fmt: skip
        raise


def _sign(
    store: StoreProtocol, order_id: str, user: str, reason: str, action: str, recorder: Recorder
) -> str:
    for attempt in range(ATTEMPTS):
        try:
            # The signature and its audit record: one transaction.
            with store.transaction():
                status = sign_decision(store, order_id, user, reason, action)
                recorder.submit(
                    user, f"orders.{action}", None,
                    {"order": order_id, "reason": reason, "status": status, "action": action},
                    subject=order_id, store=store,
                )  # fmt: skip
            return status
        except StoreConflict:
            if attempt == ATTEMPTS - 1:
                break
            time.sleep(0.05 * (attempt + 1))
    raise ReleaseError(f"order {order_id} is being decided by someone else; try again")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
