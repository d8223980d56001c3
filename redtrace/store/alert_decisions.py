"""Decisions on screening alerts: a (party, list entry) pair judged by a person, remembered
for the two records as they were, so the pair alerts again only when one of them changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redtrace.store.interface import StoreProtocol
from redtrace.store.parties import close_decided_alerts


def record_decision(
    store: StoreProtocol,
    party_id: str,
    entity_id: str,
    party_digest: str,
    entity_digest: str,
    outcome: str,
    reason: str,
    by: str,
) -> dict[str, Any]:
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        store.con.execute(
            "INSERT INTO alert_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [party_id, entity_id, party_digest, entity_digest, outcome, reason, by, now],
        )
        decided = {
            str(r[0])
            for r in store.con.execute(
                "SELECT DISTINCT entity_id FROM alert_decisions WHERE party_id = ?", [party_id]
            ).fetchall()
        }
        status = "confirmed" if outcome == "true_match" else "false positive"
        closed = close_decided_alerts(store, party_id, decided, status, by, reason)
    return {"party_id": party_id, "entity_id": entity_id, "outcome": outcome, "reason": reason,
            "decided_by": by, "decided_at": now.isoformat(), "alerts_closed": closed}  # fmt: skip


def decided_pairs(store: StoreProtocol) -> dict[tuple[str, str], tuple[str, str]]:
    """The latest decision per pair: (party id, entity id) -> (party digest, entity digest)."""
    rows = store.con.execute(
        "SELECT party_id, entity_id, party_digest, entity_digest FROM alert_decisions"
        " ORDER BY decided_at"
    ).fetchall()
    return {(str(p), str(e)): (str(pd), str(ed)) for p, e, pd, ed in rows}
