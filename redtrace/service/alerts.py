"""The alert queue: what needs a person. Held orders (review or block, not released), each
with its severity, the top reason in words and the list versions it was judged on; and
screening alerts of watched parties raised by a re-screen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from redtrace.service.audit import NoRecorder, Recorder
from redtrace.service.monitor import remember
from redtrace.store.cases import add_note, assignees, case_notes
from redtrace.store.interface import StoreProtocol
from redtrace.store.keys import active_user
from redtrace.store.orders import held_orders, order_record
from redtrace.store.parties import decide_alerts, open_alerts, party_alerts, party_names

SEVERITY = {"block": "high", "review": "medium"}
RANK = {"critical": 3, "high": 2, "medium": 1, "low": 0}

__all__ = [
    "CASE_KINDS",
    "CaseError",
    "alert_queue",
    "assign_case",
    "case_history",
    "comment_case",
    "decide_screening",
    "order_case",
    "screening_case",
]
CASE_KINDS = ("order", "screening")
MAX_COMMENT = 4000


class CaseError(Exception):
    pass


def alert_queue(store: StoreProtocol) -> list[dict[str, Any]]:
    """One row per held order, blocks first, then oldest first."""
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for held in held_orders(store):
        result = held["result"]
        flags = sorted(result.get("flags", []), key=lambda f: -RANK.get(f.get("severity"), 0))
        top = flags[0] if flags else {}
        rows.append({
            "kind": "order", "id": held["id"], "decision": held["decision"],
            "severity": SEVERITY.get(held["decision"], "low"), "status": held["status"],
            "score": held["score"], "order_date": held["date"],
            "top_reason": top.get("explanation") or top.get("code"),
            "flags": [f.get("code") for f in flags],
            "age_days": (now - held["checked_at"]).days,
            "datasets": (result.get("versions") or {}).get("datasets", []),
        })  # fmt: skip
    alerts = open_alerts(store)
    names = party_names(store, sorted({str(a["id"]) for a in alerts}))
    for alert in alerts:
        top = alert["results"][0]
        rows.append({
            "kind": "screening", "id": alert["id"], "decision": "review", "severity": "high",
            "status": "open", "score": top["score"], "order_date": None,
            "caption": top["caption"], "name": names.get(str(alert["id"])),
            "top_reason": f"matches {top['caption']} ({top['score']:.2f}) in {alert['dataset']}"
                          f" version {alert['to_version']}",
            "flags": [], "age_days": (now - alert["raised_at"]).days,
            "datasets": [{"name": alert["dataset"], "version": alert["to_version"]}],
        })  # fmt: skip
    rows.sort(key=lambda r: (r["severity"] != "high", r["order_date"] or "", r["id"]))
    assigned = assignees(store)
    for row in rows:
        row["assignee"] = assigned.get((row["kind"], str(row["id"])))
    return rows


def order_case(store: StoreProtocol, order_id: str) -> dict[str, Any] | None:
    """Everything about one checked order: as submitted, the result, the signatures, the
    comments and assignments, and who has it now."""
    case = order_record(store, order_id)
    if case is not None:
        case["notes"] = case_notes(store, "order", order_id)
        case["assignee"] = assignees(store).get(("order", order_id))
    return case


def screening_case(store: StoreProtocol, party_id: str) -> list[dict[str, Any]]:
    """The screening alerts of one watched party, open or decided, oldest first."""
    return party_alerts(store, party_id)


VERDICTS = {"confirm": "confirmed", "false_positive": "false positive"}


def decide_screening(
    store: StoreProtocol, party_id: str, user: str, verdict: str, reason: str,
    recorder: Recorder | None = None,
) -> str:  # fmt: skip
    """A compliance officer's verdict on a watched party's open alerts: ``confirm`` (the
    party is the listed one) or ``false_positive``; returns the new status. The re-screen
    raises alerts only for list entries that changed, so a cleared hit is not raised again
    until its entry changes. Raises ``CaseError``."""
    if verdict not in VERDICTS:
        raise CaseError(f"unknown verdict {verdict!r}; one of {', '.join(VERDICTS)}")
    if not reason.strip():
        raise CaseError("a verdict needs a written reason")
    signer = active_user(store, user)
    if signer is None or not signer.has("compliance_officer"):
        raise CaseError(f"a screening verdict needs the compliance_officer role; {user} has not")
    status = VERDICTS[verdict]
    hits = {h["id"] for a in party_alerts(store, party_id) if a["status"] == "open"
            for h in a["results"]}  # fmt: skip
    if not decide_alerts(store, party_id, status, user, reason.strip()):
        raise CaseError(f"party {party_id!r} has no open screening alert")
    # Remembered per list entry and record version: the pair alerts again only on a change.
    remember(store, party_id, hits, "true_match" if verdict == "confirm" else "false_positive",
             reason.strip(), user)  # fmt: skip
    (recorder or NoRecorder()).submit(user, f"screening.{verdict}", None,
                                      {"party": party_id, "reason": reason, "status": status})  # fmt: skip
    return status


def _case(store: StoreProtocol, case_kind: str, case_id: str) -> None:
    if case_kind not in CASE_KINDS:
        raise CaseError(f"unknown kind of case {case_kind!r}")
    known = (order_record(store, case_id) if case_kind == "order"
             else party_alerts(store, case_id))  # fmt: skip
    if not known:
        raise CaseError(f"no {case_kind} case {case_id!r}")


def assign_case(
    store: StoreProtocol, case_kind: str, case_id: str, user: str, assignee: str,
    recorder: Recorder | None = None,
) -> None:  # fmt: skip
    """Give a case to ``assignee`` (``""``: to nobody); raises ``CaseError``."""
    _case(store, case_kind, case_id)
    add_note(store, case_kind, case_id, "assign", user, assignee)
    (recorder or NoRecorder()).submit(user, "case.assign", None,
                                      {"case": case_kind, "id": case_id, "assignee": assignee})  # fmt: skip


def comment_case(
    store: StoreProtocol, case_kind: str, case_id: str, user: str, text: str,
    recorder: Recorder | None = None,
) -> None:  # fmt: skip
    """Add a comment to a case; raises ``CaseError`` for an empty one or an unknown case."""
    text = text.strip()
    if not text:
        raise CaseError("a comment needs some text")
    if len(text) > MAX_COMMENT:
        raise CaseError(f"a comment has at most {MAX_COMMENT} characters")
    _case(store, case_kind, case_id)
    add_note(store, case_kind, case_id, "comment", user, text)
    (recorder or NoRecorder()).submit(user, "case.comment", None,
                                      {"case": case_kind, "id": case_id, "comment": text})  # fmt: skip


def case_history(store: StoreProtocol, case_kind: str, case_id: str) -> list[dict[str, Any]]:
    """The comments and assignments of a case, oldest first."""
    return case_notes(store, case_kind, case_id)
