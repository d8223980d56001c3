"""``redtrace audit`` as an officer and an examiner use it: every CLI decision recorded, a
checkpoint exported, verify exiting 0 on the log and 1 after a rewrite, an inclusion proof, the
log read back, and an evidence bundle whose order, checked again against the same list
versions, gives the same result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from redtrace.audit.log import fields
from redtrace.audit.verifier import leaf_bytes, leaf_hash, verify_proof
from redtrace.cli import main
from redtrace.service import OrderDesk, build_matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import open_store
from redtrace.store.audit import iter_rows

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"
ORDER = {"id": "SO-K-1", "date": "2024-05-02",
         "buyer": {"id": "b1", "schema": "Person", "properties": {"name": ["Joseph Kony"]}},
         "seller": {"id": "s1", "schema": "Company", "properties": {"name": ["Seller One"]}},
         "items": [{"description": "aluminium paste", "hs_code": "7603.20", "quantity": 500,
                    "unit": "kg"}]}  # fmt: skip


def _ok(runner: CliRunner, args: list[str], **kw: Any) -> str:
    out = runner.invoke(main, args, **kw)
    assert out.exit_code == 0, (args, out.output)
    return out.stdout


def _store(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("REDTRACE_DB", str(tmp_path / name / "redtrace.duckdb"))
    monkeypatch.setenv("REDTRACE_USER", "ana")
    runner = CliRunner()
    _ok(runner, ["lists", "load", str(UN)])
    return runner


def test_audit_commands_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _store(tmp_path, "a", monkeypatch)
    key = tmp_path / "keys" / "audit.key"
    _ok(runner, ["audit", "keygen", "-o", str(key)])
    monkeypatch.setenv("REDTRACE_AUDIT_KEY", str(key))
    for name in ("ofc1", "ofc2"):
        _ok(runner, ["users", "add", name, "--role", "compliance_officer"])
    out = _ok(runner, ["orders", "check"], input=json.dumps(ORDER) + "\n")
    assert json.loads(out)["decision"] == "block"
    _ok(runner, ["orders", "release", "SO-K-1", "--by", "ofc1",
                 "--reason", "OFAC licence IR-2024-118 seen"])  # fmt: skip
    cp1 = tmp_path / "cp1.json"
    _ok(runner, ["audit", "checkpoint", "-o", str(cp1)])
    _ok(runner, ["orders", "release", "SO-K-1", "--by", "ofc2", "--reason", "agreed"])
    _ok(runner, ["match", "--name", "Joseph Kony"])

    log = [json.loads(line) for line in _ok(runner, ["audit", "log"]).splitlines()]
    actions = [r["action"] for r in log]
    assert actions == ["lists.load", "users.key_created", "users.key_created", "orders.check",
                       "orders.release", "orders.release", "match"]  # fmt: skip
    assert all("API key" not in (r["body"] or "") and "rt_" not in (r["body"] or "") for r in log)
    mine = _ok(runner, ["audit", "log", "--subject", "SO-K-1", "--action", "orders."])
    assert len(mine.splitlines()) == 3
    assert "ofc2" in _ok(runner, ["audit", "log", "--user", "ofc2", "--format", "table"])

    public = str(key) + ".pub"
    assert "intact" in _ok(runner, ["audit", "verify", "--checkpoint", str(cp1),
                                    "--public-key", public])  # fmt: skip
    _ok(runner, ["audit", "checkpoint", "-o", str(tmp_path / "cp2.json")])
    proof_path = tmp_path / "proof.json"
    _ok(runner, ["audit", "prove", str(log[4]["seq"]), "-o", str(proof_path)])
    proof = json.loads(proof_path.read_text())
    assert verify_proof(proof, Path(public).read_bytes()) == []

    bundle_dir = tmp_path / "evidence"
    _ok(runner, ["audit", "evidence", "SO-K-1", "-o", str(bundle_dir)])
    bundle = json.loads((bundle_dir / "evidence.json").read_text())
    html = (bundle_dir / "evidence.html").read_text()
    assert "JOSEPH KONY" in html and "ofc2" in html
    assert [s["step"] for s in bundle["trail"]] == ["checked", "release signed", "release signed"]
    assert any(e["entry"] and e["entry"]["caption"] == "JOSEPH KONY" for e in bundle["entries"])
    assert [r["record"]["action"] for r in bundle["audit"]] == ["orders.check", "orders.release",
                                                                "orders.release"]  # fmt: skip
    for item in bundle["audit"]:
        assert verify_proof(item["inclusion_proof"], Path(public).read_bytes()) == []

    # The same order, checked again on another store with the same list version: same result.
    _store(tmp_path, "b", monkeypatch)
    with open_store(tmp_path / "b" / "redtrace.duckdb") as store:
        again = OrderDesk(store, build_matcher(store)).check_records([(1, bundle["order"])])[0]
    assert again == bundle["result"]

    # An attacker rewrites the release reason and every hash: verify fails on the export.
    monkeypatch.setenv("REDTRACE_DB", str(tmp_path / "a" / "redtrace.duckdb"))
    with open_store(tmp_path / "a" / "redtrace.duckdb") as store:
        store.con.execute("UPDATE audit_records SET body = replace(body, 'IR-2024-118', 'IR-2024-999')")
        for row in list(iter_rows(store)):
            store.con.execute("UPDATE audit_records SET leaf_hash = ? WHERE seq = ?",
                              [leaf_hash(leaf_bytes(fields(row))).hex(), row.seq])  # fmt: skip
        store.con.execute("DELETE FROM audit_checkpoints")
    bad = runner.invoke(main, ["audit", "verify", "--checkpoint", str(cp1), "--public-key", public])
    assert bad.exit_code == 1 and f"checkpoint {cp1}" in bad.stderr and "contradicted" in bad.stderr
