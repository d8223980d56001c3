"""The audit log's cost, on both stores side by side.

1. Appends: one record per transaction through one handle (an action recording itself),
   one per transaction through a handle opened for it (a server's screening), and
   ``--records`` records (default 1,000,000) in transactions of 1,000 (a batch of orders).
   Records carry a body the size of a typical screening record.
2. Size of the log in the store after those appends.
3. ``audit verify`` (every leaf recomputed from its record, the tree built, a consistency
   proof against a checkpoint, 256 inclusion proofs) and ``audit checkpoint`` on the whole log;
   ``audit prove``: time and size of one inclusion proof.
4. The API with the audit log on and off: a real uvicorn server on the DuckDB store,
   ``--connections`` clients sending ``/match`` of one name for ``--seconds`` each way.

Starts its own throwaway PostgreSQL cluster (tests/pg.py). Run from the repository root:
    python bench/audit.py [--records 1000000] [--single 5000] [--seconds 20] [--connections 16]
Writes bench/results/audit.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redtrace.audit import checkpoint, keygen, load_signing_key, prove, verify  # noqa: E402
from redtrace.audit.log import entry, record, record_many  # noqa: E402
from redtrace.service.audit import NoRecorder, StoreRecorder  # noqa: E402
from redtrace.store import StoreProtocol, open_store  # noqa: E402
from redtrace.store.audit import search  # noqa: E402
from tests.pg import cluster  # noqa: E402

OUT = ROOT / "bench" / "results" / "audit.json"
BODY: dict[str, Any] = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Joseph Kony"],
        "birthDate": ["1961"]}}}, "threshold": 0.7, "cutoff": 0.5, "algorithm_requested": "best",
        "datasets": [{"name": n, "version": 3, "sha256": "ab" * 32, "published": "2026-02-27"}
                     for n in ("un_sc_sanctions", "us_ofac_sdn", "eu_fsf", "gb_hmt_sanctions")],
        "results": {"q": [["un-CFi.009", 0.97, True], ["ofac-11018", 0.95, True]]}}  # fmt: skip


def _size(store: StoreProtocol, url: str) -> int:
    if store.kind == "postgresql":
        row = store.con.execute("SELECT pg_total_relation_size('audit_records')").fetchone()
        return int(row[0]) if row else 0
    store.con.execute("CHECKPOINT")
    return Path(url).stat().st_size


def appends(url: str, records: int, single: int, key: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with open_store(url) as store:
        start = time.perf_counter()
        for i in range(single):
            record(store, "bench", "match", "default", {**BODY, "i": i})
        out["single_per_s"] = round(single / (time.perf_counter() - start))
    recorder = StoreRecorder(lambda: open_store(url))
    own = max(1, single // 5)
    start = time.perf_counter()
    for i in range(own):
        recorder.submit("bench", "match", "default", {**BODY, "i": i})
    out["own_handle_per_s"] = round(own / (time.perf_counter() - start))
    with open_store(url) as store:
        start = time.perf_counter()
        done = 0
        while done < records:
            n = min(1000, records - done)
            record_many(store, [entry("bench", "orders.check", None, {**BODY, "i": done + j},
                                      f"SO-{done + j}") for j in range(n)])  # fmt: skip
            done += n
        elapsed = time.perf_counter() - start
        out["batched_records"] = records
        out["batched_seconds"] = round(elapsed, 1)
        out["batched_per_s"] = round(records / elapsed)
        total = records + single + own
        out["records"] = total
        size = _size(store, url)
        out["log_bytes"] = size
        out["bytes_per_record"] = round(size / total)
        signing = load_signing_key(key)
        start = time.perf_counter()
        cp = checkpoint(store, signing)
        out["checkpoint_seconds"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        report = verify(store, [("bench", cp)], Path(str(key) + ".pub").read_bytes())
        out["verify_seconds"] = round(time.perf_counter() - start, 2)
        out["verify_intact"] = report.intact
        start = time.perf_counter()
        proof = prove(store, total // 2)
        out["prove_seconds"] = round(time.perf_counter() - start, 2)
        out["proof_path_nodes"] = len(proof["path"])
        out["proof_bytes"] = len(json.dumps(proof))
    return out


def serve_app(mode: str) -> Any:
    """The server app with the audit log on (the store) or off (for this benchmark only)."""
    from redtrace.api import create_app
    from redtrace.service import IndexHolder

    return create_app(IndexHolder(), NoRecorder() if mode == "off" else None)


SERVER = """
import sys
sys.path.insert(0, sys.argv[1])
import uvicorn
from bench.audit import serve_app
uvicorn.run(serve_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""


def _drive(
    base: str, seconds: float, connections: int, query: dict[str, Any], headers: dict[str, str]
) -> tuple[list[float], list[float]]:
    """Latencies of the answered and the failed requests of ``connections`` clients."""
    import threading

    import httpx

    done: list[float] = []
    failed: list[float] = []
    stop = time.perf_counter() + seconds

    def client() -> None:
        with httpx.Client(timeout=30) as http:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                r = http.post(f"{base}/match/default", json=query, headers=headers)
                (done if r.status_code == 200 else failed).append(time.perf_counter() - t0)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done, failed


def api_overhead(tmp: Path, seconds: float, connections: int) -> dict[str, Any]:
    """A real uvicorn server on the DuckDB store, ``connections`` clients sending ``/match``
    of one name for ``seconds``: requests per second with the audit log on and off."""
    import socket
    import subprocess

    import httpx

    from redtrace.lists.load import parse_paths
    from redtrace.settings import SNAPSHOT_DIR
    from redtrace.store.keys import create_key

    url = str(tmp / "api.duckdb")
    with open_store(url) as store:
        for path in sorted(SNAPSHOT_DIR.glob("*")):
            parsed, _ = parse_paths([path])
            for item in parsed:
                store.load(item)
        key = create_key(store, "bench", "analyst")
    query = {"queries": {"q": BODY["queries"]["q"]}}
    headers = {"Authorization": f"ApiKey {key}"}
    out: dict[str, Any] = {"connections": connections, "seconds": seconds}
    env = dict(os.environ, REDTRACE_DB=url, REDTRACE_REFRESH_SECONDS="3600")
    for mode in ("off", "on", "off", "on"):  # twice each, alternating; the better run counts
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-c", SERVER, str(ROOT), mode, str(port)],
                                env=env)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.5)
            done, failed = _drive(base, seconds, connections, query, headers)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        rate = len(done) / seconds
        p99 = sorted(done)[int(len(done) * 0.99)] * 1000 if done else None
        key_ = f"audit_{mode}"
        best: dict[str, Any] = out.get(key_, {})
        if rate > best.get("req_per_s", 0):
            out[key_] = {"req_per_s": round(rate, 1), "p99_ms": round(p99 or 0, 1),
                         "failed": len(failed)}  # fmt: skip
    with open_store(url) as store:
        out["match_records"] = len(search(store, action="match"))
    out["throughput_drop_pct"] = round(
        100 * (1 - out["audit_on"]["req_per_s"] / out["audit_off"]["req_per_s"]), 1
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-api", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    key = tmp / "audit.key"
    keygen(key)
    result: dict[str, Any] = {"records": args.records}
    with cluster() as pg:
        result["duckdb"] = appends(str(tmp / "audit.duckdb"), args.records, args.single, key)
        result["postgresql"] = appends(pg.database(), args.records, args.single, key)
    if not args.skip_api:
        result["api"] = api_overhead(tmp, args.seconds, args.connections)
    rows = ("single_per_s", "own_handle_per_s", "batched_per_s", "batched_seconds", "records",
            "log_bytes", "bytes_per_record", "checkpoint_seconds", "verify_seconds",
            "verify_intact", "prove_seconds", "proof_path_nodes", "proof_bytes")  # fmt: skip
    print(f"{'':22} {'duckdb':>14} {'postgresql':>14}")
    for name in rows:
        print(f"{name:22} {result['duckdb'][name]!s:>14} {result['postgresql'][name]!s:>14}")
    if "api" in result:
        api = result["api"]
        print(f"API /match, {api['connections']} connections, DuckDB: audit off "
              f"{api['audit_off']}, on {api['audit_on']}: {api['throughput_drop_pct']} % fewer"
              " requests/s (target <= 10 %)")  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
