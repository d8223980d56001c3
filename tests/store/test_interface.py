"""The store interface, written once and run against every implementation (the embedded
DuckDB file and the PostgreSQL server store): versions, repositories, transactions,
sequences, four-eyes releases under concurrency, migrations and whole-store copies."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from redtrace.lists.load import parse_paths
from redtrace.service import release_order
from redtrace.service.orders import ReleaseError
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import StoreError, StoreProtocol, open_store
from redtrace.store.copy import copy_store
from redtrace.store.documents import document_facts, save_document
from redtrace.store.judgements import active_judgements, add_judgement
from redtrace.store.keys import active_keys, active_user, create_key, revoke_key
from redtrace.store.migrations import LATEST, schema_version
from redtrace.store.orders import held_orders, latest_decision, releases, save_checks
from redtrace.store.parties import count_parties, open_alerts, save_alerts, save_parties

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"


def _load(store: StoreProtocol, path: Path) -> Any:
    parsed, errors = parse_paths([path])
    assert not errors
    return store.load(parsed[0])


def _decision(oid: str, decision: str) -> dict[str, Any]:
    return {"order_id": oid, "order_date": "2024-05-02", "checked_at": "2024-05-02T10:00:00",
            "decision": decision, "score": 0.9, "status": "held" if decision != "pass" else "cleared",
            "result": '{"flags": [{"code": "X", "severity": "high"}]}', "order_json": f'{{"id": "{oid}"}}'}  # fmt: skip


def test_versions_and_entities(store_url: str) -> None:
    with open_store(store_url) as store:
        assert schema_version(store) == LATEST
        first = _load(store, UN)
        again = _load(store, UN)
        assert first.created and not again.created and first.version.version == 1
        assert store.datasets() == ["un_sc_sanctions"]
        assert store.current_version("un_sc_sanctions") == 1
        assert first.version.entities == 1003 == sum(1 for _ in store.records("un_sc_sanctions"))
        found = store.find("QDi.299")
        assert len(found) == 1 and "BADRI" in found[0][1]["caption"]
        entity_id = found[0][1]["id"]
        assert store.captions([entity_id, "nope"]) == {entity_id: found[0][1]["caption"]}
        assert store.seen("un_sc_sanctions", entity_id) == (1, 1)


def test_a_failed_load_leaves_the_previous_version(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(store_url) as store:
        _load(store, UN)
        parsed, _ = parse_paths([UN])
        item = parsed[0]
        # A better reader makes the same file a new version: that load fails half-way.
        monkeypatch.setattr("redtrace.store.sql.READER_VERSION", "999")

        def broken(*args: Any) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(type(store), "_write_version", broken)
        with pytest.raises(RuntimeError):
            store.load(item)
        assert store.current_version("un_sc_sanctions") == 1
        assert [v.version for v in store.versions("un_sc_sanctions")] == [1]
        assert sum(1 for _ in store.records("un_sc_sanctions")) == 1003


def test_keys_parties_alerts_documents(store_url: str) -> None:
    with open_store(store_url) as store:
        key = create_key(store, "ana", "analyst")
        assert key.startswith("rt_") and [u.name for u in active_keys(store).values()] == ["ana"]
        assert revoke_key(store, "ana") and active_user(store, "ana") is None
        party = {"id": "c1", "schema": "Company", "properties": {"name": ["Acme"]}}
        assert save_parties(store, [party, party]) == 1 and count_parties(store) == 1
        save_alerts(store, [{"id": "c1", "dataset": "un", "from_version": 1, "to_version": 2,
                             "results": [{"score": 0.9, "caption": "ACME"}]}])  # fmt: skip
        assert [a["id"] for a in open_alerts(store)] == ["c1"]
        doc = {"id": "doc-1", "schema": "Document",
               "properties": {"contentHash": ["abc"], "fileName": ["a.txt"]}}  # fmt: skip
        facts = [{"id": f"m{n}", "schema": "Mention", "properties": {}} for n in range(5)]
        save_document(store, [doc, *facts])
        save_document(store, [doc, *facts[:3]])  # the same document again replaces its facts
        stored = document_facts(store)
        assert len(stored) == 1 and [f["id"] for f in stored[0][1]] == ["m0", "m1", "m2"]


def test_judgements_are_numbered_by_the_database(store_url: str) -> None:
    numbers: list[int] = []

    def judge(n: int) -> None:
        with open_store(store_url) as store:
            for i in range(5):
                numbers.append(add_judgement(store, f"a{n}", f"b{i}", "same", "x", "rule", "r"))

    with open_store(store_url):
        pass  # migrated before the threads start
    threads = [threading.Thread(target=judge, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(1, 16))
    with open_store(store_url) as store:
        assert len(active_judgements(store)) == 15


def test_four_eyes_release_is_safe_when_two_officers_click_at_once(store_url: str) -> None:
    with open_store(store_url) as store:
        for name in ("carla", "dan", "erin"):
            create_key(store, name, "compliance_officer")
        create_key(store, "ana", "analyst")
        save_checks(store, [_decision("SO-1", "block"), _decision("SO-2", "review")], [])
    with open_store(store_url) as store:
        with pytest.raises(ReleaseError, match="compliance_officer"):
            release_order(store, "SO-1", "ana", "looks fine")
        assert release_order(store, "SO-1", "carla", "licence EX-1") == "awaiting second release"
        with pytest.raises(ReleaseError, match="already signed"):
            release_order(store, "SO-1", "carla", "again")

    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def sign(user: str) -> None:
        with open_store(store_url) as store:
            barrier.wait()
            try:
                outcomes.append(release_order(store, "SO-1", user, "second pair of eyes"))
            except ReleaseError as exc:
                outcomes.append(f"refused: {exc}")

    threads = [threading.Thread(target=sign, args=(u,)) for u in ("dan", "erin")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Exactly one completes the release; the other finds it no longer held.
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "released"]
    with open_store(store_url) as store:
        assert latest_decision(store, "SO-1") == ("block", "released")
        assert len(releases(store, "SO-1")) == 2
        assert [h["id"] for h in held_orders(store)] == ["SO-2"]


def test_a_newer_schema_is_refused(store_url: str) -> None:
    with open_store(store_url) as store:
        store.con.execute(
            "INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01 00:00:00')",
            [LATEST + 1],
        )
    with pytest.raises(StoreError, match="newer redtrace"):
        open_store(store_url)


def test_copy_moves_a_whole_store_both_ways(
    store_url: str, tmp_path: Path, pg_cluster: Any
) -> None:
    with open_store(store_url) as store:
        _load(store, UN)
        create_key(store, "carla", "compliance_officer")
        save_checks(store, [_decision("SO-1", "block")], [("b1", "Buyer", "phone", "123")])
        add_judgement(store, "a", "b", "same", "carla", "person", "same phone")
    # to the other implementation and back
    other = (
        str(tmp_path / "copy.duckdb")
        if store_url.startswith("postgresql")
        else pg_cluster.database()
    )
    back = (
        pg_cluster.database()
        if store_url.startswith("postgresql")
        else str(tmp_path / "back.duckdb")
    )
    with open_store(store_url, read_only=True) as src, open_store(other) as dst:
        counts = copy_store(src, dst)
    assert counts["entities"] == 1003 and counts["order_decisions"] == 1
    with open_store(other, read_only=True) as src, open_store(back) as dst:
        assert copy_store(src, dst) == counts
    with open_store(back) as store:
        assert store.find("QDi.299")
        assert latest_decision(store, "SO-1") == ("block", "held")
        assert add_judgement(store, "c", "d", "same", "carla", "person", "next") == 2
