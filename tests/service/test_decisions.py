"""Deciding held orders: release, or confirm the block, with four eyes for a block; on every
store implementation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from redtrace.service import alert_queue, decide_order, order_case
from redtrace.service.orders import ReleaseError
from redtrace.store import open_store
from redtrace.store.keys import create_key
from redtrace.store.orders import latest_decision, save_checks


def _decision(oid: str, decision: str) -> dict[str, Any]:
    return {"order_id": oid, "order_date": "2024-05-02", "checked_at": "2024-05-02T10:00:00",
            "decision": decision, "score": 0.9, "status": "held",
            "result": '{"flags": [{"code": "X", "severity": "high"}]}',
            "order_json": f'{{"id": "{oid}"}}'}  # fmt: skip


@pytest.fixture()
def desk(store_url: str) -> str:
    with open_store(store_url) as store:
        for name in ("carla", "dan", "erin"):
            create_key(store, name, "compliance_officer")
        create_key(store, "ana", "analyst")
        save_checks(store, [_decision("SO-B", "block"), _decision("SO-R", "review")], [])
    return store_url


def _queue(url: str) -> list[str]:
    with open_store(url) as store:
        return [a["id"] for a in alert_queue(store)]


def test_a_block_is_confirmed_by_two_officers(desk: str) -> None:
    with open_store(desk) as store:
        with pytest.raises(ReleaseError, match="compliance_officer"):
            decide_order(store, "SO-B", "ana", "block", "it is bad")
        with pytest.raises(ReleaseError, match="reason"):
            decide_order(store, "SO-B", "carla", "block", "  ")
        assert decide_order(store, "SO-B", "carla", "block", "listed buyer") == (
            "awaiting second block"
        )
    assert "SO-B" in _queue(desk)
    with open_store(desk) as store:
        with pytest.raises(ReleaseError, match="already signed"):
            decide_order(store, "SO-B", "carla", "block", "again")
        with pytest.raises(ReleaseError, match="already signed"):
            decide_order(store, "SO-B", "carla", "release", "changed my mind")
        assert decide_order(store, "SO-B", "dan", "block", "agree") == "blocked"
        assert latest_decision(store, "SO-B") == ("block", "blocked")
        case = order_case(store, "SO-B")
        assert case is not None
        assert [(r["by"], r["action"]) for r in case["releases"]] == [
            ("carla", "block"),
            ("dan", "block"),
        ]
        with pytest.raises(ReleaseError, match="not held"):
            decide_order(store, "SO-B", "erin", "release", "late")
    assert "SO-B" not in _queue(desk)


def test_two_officers_who_disagree_leave_it_to_a_third(desk: str) -> None:
    with open_store(desk) as store:
        assert decide_order(store, "SO-B", "carla", "release", "licence seen").startswith(
            "awaiting"
        )
        assert decide_order(store, "SO-B", "dan", "block", "no licence").startswith("awaiting")
        assert decide_order(store, "SO-B", "erin", "release", "licence checked") == "released"


def test_a_review_needs_one_officer(desk: str) -> None:
    with open_store(desk) as store:
        with pytest.raises(ReleaseError, match="unknown action"):
            decide_order(store, "SO-R", "carla", "shred", "why not")
        assert decide_order(store, "SO-R", "carla", "block", "end use not credible") == "blocked"
    assert _queue(desk) == ["SO-B"]


def test_comments_and_assignment_are_kept_with_the_case(desk: str) -> None:
    from redtrace.service import CaseError, assign_case, comment_case

    with open_store(desk) as store:
        assign_case(store, "order", "SO-R", "ana", "ana")
        comment_case(store, "order", "SO-R", "ana", "  asked the buyer for the end-use form ")
        with pytest.raises(CaseError, match="text"):
            comment_case(store, "order", "SO-R", "ana", "   ")
        with pytest.raises(CaseError, match="no order case"):
            comment_case(store, "order", "SO-NONE", "ana", "hello")
        with pytest.raises(CaseError, match="unknown kind"):
            assign_case(store, "invoice", "SO-R", "ana", "ana")
        queue = {a["id"]: a["assignee"] for a in alert_queue(store)}
        assert queue == {"SO-B": None, "SO-R": "ana"}
        assign_case(store, "order", "SO-R", "carla", "carla")
        assign_case(store, "order", "SO-B", "carla", "carla")
        assign_case(store, "order", "SO-B", "carla", "")
        queue = {a["id"]: a["assignee"] for a in alert_queue(store)}
        assert queue == {"SO-B": None, "SO-R": "carla"}
        case = order_case(store, "SO-R")
        assert case is not None and case["assignee"] == "carla"
        assert [(n["kind"], n["by"], n["body"]) for n in case["notes"]] == [
            ("assign", "ana", "ana"),
            ("comment", "ana", "asked the buyer for the end-use form"),
            ("assign", "carla", "carla"),
        ]


def test_a_cleared_screening_hit_is_not_raised_again_until_its_entry_changes(
    store_url: str, shared_lists: Path
) -> None:
    from redtrace.lists.load import parse_paths
    from redtrace.service import CaseError, decide_screening, rescreen, screening_case
    from redtrace.store.parties import save_parties

    un = shared_lists / "un"
    jan = parse_paths([un / "UN_consolidated_2026-01-28.xml"])[0][0]
    feb = parse_paths([un / "UN_consolidated_2026-02.xml"])[0][0]
    with open_store(store_url) as store:
        create_key(store, "carla", "compliance_officer")
        create_key(store, "ana", "analyst")
        store.load(jan)
        save_parties(store, [{"id": "cust-kony", "schema": "Person",
                              "properties": {"name": ["Joseph Kony"]}}])  # fmt: skip
        assert [a["id"] for a in rescreen(store, 0.7, 0.5)] == ["cust-kony"]
        with pytest.raises(CaseError, match="compliance_officer"):
            decide_screening(store, "cust-kony", "ana", "false_positive", "namesake")
        with pytest.raises(CaseError, match="reason"):
            decide_screening(store, "cust-kony", "carla", "false_positive", " ")
        assert decide_screening(store, "cust-kony", "carla", "false_positive", "namesake") == (
            "false positive"
        )
        with pytest.raises(CaseError, match="no open"):
            decide_screening(store, "cust-kony", "carla", "confirm", "changed my mind")
        assert [a["kind"] for a in alert_queue(store)] == []
        # The February list leaves Kony's entry as it was: nothing is raised again.
        store.load(feb)
        assert "cust-kony" not in {a["id"] for a in rescreen(store, 0.7, 0.5)}
        alerts = screening_case(store, "cust-kony")
        assert [(a["status"], a["decided_by"], a["reason"]) for a in alerts] == [
            ("false positive", "carla", "namesake")
        ]


def test_two_officers_confirming_at_once_cannot_both_be_first(desk: str) -> None:
    import threading

    with open_store(desk) as store:
        assert decide_order(store, "SO-B", "carla", "block", "listed").startswith("awaiting")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def sign(user: str) -> None:
        with open_store(desk) as store:
            barrier.wait()
            try:
                outcomes.append(decide_order(store, "SO-B", user, "block", "agree"))
            except ReleaseError as exc:
                outcomes.append(f"refused: {exc}")

    threads = [threading.Thread(target=sign, args=(u,)) for u in ("dan", "erin")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.split(":")[0] for o in outcomes) == ["blocked", "refused"]
    with open_store(desk) as store:
        case = order_case(store, "SO-B")
        assert case is not None and len(case["releases"]) == 2
