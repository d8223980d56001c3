"""The audit log against an attacker with every power over the store but the signing key,
on both store implementations: each rewrite is caught by ``verify`` against an earlier
exported checkpoint, an untouched log verifies, and appends from many writers form one log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from redtrace.audit import checkpoint, keygen, load_signing_key, prove, verify
from redtrace.audit.keys import Checkpoint
from redtrace.audit.log import fields, now, record, record_many
from redtrace.audit.verifier import leaf_bytes, leaf_hash, verify_proof
from redtrace.store import StoreProtocol, open_store
from redtrace.store.audit import AuditRow, count, iter_rows, search

ROOT = Path(__file__).resolve().parents[2]


def _fill(store: StoreProtocol, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        record(store, f"user-{i % 3}", "match", "un_sc_sanctions",
               {"q": f"name {i}", "results": [i]}, subject=f"S{i}")  # fmt: skip


def _rehash_all(store: StoreProtocol) -> None:
    """What an attacker does after a change: recompute every leaf hash from the rows."""
    for row in list(iter_rows(store)):
        store.con.execute("UPDATE audit_records SET leaf_hash = ? WHERE seq = ?",
                          [leaf_hash(leaf_bytes(fields(row))).hex(), row.seq])  # fmt: skip
    store.con.execute("DELETE FROM audit_checkpoints")  # and removes the stored checkpoints


@pytest.fixture()
def key(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "audit.key"
    keygen(path)
    return path


def _attack(store: StoreProtocol, kind: str, tmp_path: Path) -> None:
    con = store.con
    if kind == "edit":
        con.execute("UPDATE audit_records SET body = ? WHERE seq = 7", ['{"q":"someone else"}'])
    elif kind == "remove":
        con.execute("DELETE FROM audit_records WHERE seq = 12")
    elif kind == "cut":
        con.execute("DELETE FROM audit_records WHERE seq > 25")
    elif kind == "reorder":
        con.execute("UPDATE audit_records SET seq = -3 WHERE seq = 3")
        con.execute("UPDATE audit_records SET seq = 3 WHERE seq = 4")
        con.execute("UPDATE audit_records SET seq = 4 WHERE seq = -3")
    elif kind == "insert":
        con.execute("UPDATE audit_records SET seq = seq + 1000 WHERE seq >= 20")
        record_many(store, [(now(), "mallory", "match", None, "S-forged", '{"q":"forged"}')])
        con.execute("UPDATE audit_records SET seq = 20 WHERE subject = 'S-forged'")
    elif kind == "rebuild":  # the whole log written again and signed with another key
        rows = list(iter_rows(store))
        con.execute("DELETE FROM audit_records")
        con.execute("DELETE FROM audit_checkpoints")
        forged = [(r.recorded_at, r.user, r.action, r.dataset, r.subject, r.body) for r in rows]
        forged[5] = (*forged[5][:5], '{"q":"rewritten"}')
        record_many(store, forged)
        other = tmp_path / "other.key"
        keygen(other)
        checkpoint(store, load_signing_key(other))
        return
    _rehash_all(store)


ATTACKS = ("edit", "remove", "cut", "reorder", "insert", "rebuild")


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_rewrite_is_caught_by_an_exported_checkpoint(
    store_url: str, key: Path, tmp_path: Path, attack: str
) -> None:
    public = key.with_name(key.name + ".pub").read_bytes()
    with open_store(store_url) as store:
        _fill(store, 30)
        exported = checkpoint(store, load_signing_key(key))  # written out of the store's reach
        _fill(store, 10, start=30)
        given = [("exported", Checkpoint.from_dict(json.loads(json.dumps(exported.to_dict()))))]
        clean = verify(store, given, public)
        assert clean.intact, clean.problems
        assert clean.records == 40 and clean.checkpoints == 2
        _attack(store, attack, tmp_path)
        report = verify(store, given, public)
    assert not report.intact
    text = " ".join(report.problems)
    assert "exported" in text, text
    if attack == "cut":
        assert "cut short" in text
    if attack == "rebuild":
        assert "signed by another key" in text  # the forger's own checkpoint, kept in the store


def test_a_careless_edit_names_the_record(store_url: str, key: Path) -> None:
    with open_store(store_url) as store:
        _fill(store, 12)
        store.con.execute("UPDATE audit_records SET user_name = 'nobody' WHERE seq = 9")
        report = verify(store)
    assert not report.intact and report.problems[0].startswith("record 9:")


def test_inclusion_proof_checks_with_the_public_key_alone(
    store_url: str, key: Path, tmp_path: Path
) -> None:
    public = key.with_name(key.name + ".pub")
    with open_store(store_url) as store:
        _fill(store, 21)
        checkpoint(store, load_signing_key(key))
        proof = prove(store, 13)
    assert verify_proof(proof, public.read_bytes()) == []
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    standalone = ROOT / "redtrace" / "audit" / "verifier.py"
    # The verifier copied out alone, without redtrace on the path.
    alone = tmp_path / "alone" / "verifier.py"
    alone.parent.mkdir()
    alone.write_bytes(standalone.read_bytes())
    run = subprocess.run([sys.executable, str(alone), str(path), "--public-key", str(public)],
                         capture_output=True, text=True, cwd=alone.parent)  # fmt: skip
    assert run.returncode == 0, run.stderr
    proof["record"]["body"] = proof["record"]["body"].replace("name 12", "name 99")
    assert "the record's fields do not give its leaf hash" in verify_proof(
        proof, public.read_bytes()
    )
    other = tmp_path / "other.key"
    keygen(other)
    proof = {**proof, "record": {**proof["record"], "body": None}}
    assert any(
        "another key" in p for p in verify_proof(proof, (tmp_path / "other.key.pub").read_bytes())
    )


def test_writers_at_once_make_one_log(store_url: str, key: Path) -> None:
    """Threads appending through their own handles (a server's requests) while checkpoints
    are signed: every checkpoint is consistent with the final log, numbers only grow."""
    signing = load_signing_key(key)
    public = key.with_name(key.name + ".pub").read_bytes()
    taken: list[Checkpoint] = []
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(40):
                with open_store(store_url) as store:
                    record(store, f"w{n}", "match", None, {"i": i})
        except BaseException as exc:
            errors.append(exc)

    def signer() -> None:
        for _ in range(8):
            with open_store(store_url) as store:
                taken.append(checkpoint(store, signing))

    with open_store(store_url):
        pass  # the store exists before its writers start, as a server's does
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=signer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as store:
        report = verify(store, [(f"cp{c.tree_size}", c) for c in taken], public)
        seqs = [r.seq for r in iter_rows(store)]
    assert report.intact, report.problems
    assert report.records == 160 and seqs == sorted(seqs)


APPENDER = """
import sys
from redtrace.audit.log import record
from redtrace.store import open_store
for i in range(int(sys.argv[2])):
    with open_store(sys.argv[1]) as store:
        record(store, sys.argv[3], "match", None, {"i": i})
"""


def test_two_processes_append_to_one_log(pg_cluster: object, key: Path) -> None:
    """Two processes on the server store (two workers, or a server and the CLI)."""
    url = pg_cluster.database()  # type: ignore[attr-defined]
    with open_store(url) as store:
        _fill(store, 5)
        first = checkpoint(store, load_signing_key(key))
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, url, "60", f"proc{n}"], cwd=ROOT)
             for n in range(2)]  # fmt: skip
    for p in procs:
        assert p.wait(timeout=300) == 0
    with open_store(url) as store:
        report = verify(store, [("first", first)], key.with_name(key.name + ".pub").read_bytes())
        users = [r.user for r in search(store, action="match")]
    assert report.intact, report.problems
    assert users.count("proc0") == users.count("proc1") == 60


def test_an_order_check_and_its_record_commit_together(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redtrace.service.audit import StoreRecorder
    from redtrace.store import audit as audit_rows
    from redtrace.store.orders import save_checks

    decision = {"order_id": "O-1", "order_date": "2024-05-02", "checked_at": "2024-05-02T10:00:00",
                "decision": "block", "score": 0.9, "status": "held", "result": "{}",
                "order_json": '{"id": "O-1"}'}  # fmt: skip
    with open_store(store_url) as store:
        recorder = StoreRecorder(lambda: open_store(store_url))

        def fail(*args: object) -> list[AuditRow]:
            raise RuntimeError("disk full")

        monkeypatch.setattr(audit_rows, "append", fail)
        with pytest.raises(RuntimeError), store.transaction():
            save_checks(store, [decision], [])
            recorder.submit("ana", "orders.check", None, {"order": "O-1"}, store=store)
        monkeypatch.undo()
        row = store.con.execute("SELECT count(*) FROM order_decisions").fetchone()
        assert row is not None and row[0] == 0 and count(store) == 0
        with store.transaction():
            save_checks(store, [decision], [])
            recorder.submit("ana", "orders.check", None, {"order": "O-1"}, store=store)
        assert [r.subject for r in search(store)] == [None] and count(store) == 1


def test_purge_keeps_to_retention_and_the_tree(store_url: str, key: Path) -> None:
    from redtrace.audit import RetentionError, purge

    old = now() - timedelta(days=365 * 11)
    with open_store(store_url) as store:
        record_many(store, [(old, "ana", "search", None, None, '{"q":"old"}')] * 3)
        _fill(store, 4)
        cp = checkpoint(store, load_signing_key(key))
        with pytest.raises(RetentionError):
            purge(store, now() - timedelta(days=365))
        summary = purge(store, now() - timedelta(days=365 * 10 + 5))
        assert summary["purged"] == {"search": 3}
        rows = list(iter_rows(store))
        assert [r.body for r in rows[:3]] == [None] * 3 and rows[-1].action == "audit.purge"
        report = verify(
            store, [("before purge", cp)], key.with_name(key.name + ".pub").read_bytes()
        )
    assert report.intact, report.problems


def test_keys_are_private(tmp_path: Path) -> None:
    from redtrace.audit import AuditKeyError

    path = tmp_path / "k"
    keygen(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    with pytest.raises(AuditKeyError):
        keygen(path)
    path.chmod(0o644)
    with pytest.raises(AuditKeyError, match="readable by others"):
        load_signing_key(path)


def test_the_recorder_commits_every_record_of_many_threads(store_url: str) -> None:
    from redtrace.service.audit import StoreRecorder

    with open_store(store_url):
        pass
    recorder = StoreRecorder(lambda: open_store(store_url))

    def submit(n: int) -> None:
        for i in range(25):
            recorder.submit(f"t{n}", "match", None, {"i": i})

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recorder.close()
    with open_store(store_url) as store:
        users = [r.user for r in search(store)]
        assert verify(store).intact
    assert sorted(set(users)) == [f"t{n}" for n in range(8)] and len(users) == 200

    def broken() -> StoreProtocol:
        raise OSError("no store")

    with pytest.raises(OSError):
        StoreRecorder(broken).submit("ana", "match", None, {})


def test_a_copied_store_keeps_its_tree(pg_cluster: object, key: Path, tmp_path: Path) -> None:
    from redtrace.store.copy import copy_store

    public = key.with_name(key.name + ".pub").read_bytes()
    source = str(tmp_path / "src.duckdb")
    with open_store(source) as store:
        _fill(store, 17)
        cp = checkpoint(store, load_signing_key(key))
    with open_store(source, read_only=True) as src, open_store(pg_cluster.database()) as dst:  # type: ignore[attr-defined]
        copy_store(src, dst)
        report = verify(dst, [("source", cp)], public)
    assert report.intact, report.problems
    assert report.root == cp.root and report.checkpoints == 2
