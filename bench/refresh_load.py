"""Requests while the index refreshes: every answer is JSON, none is a 5xx, no connection is
dropped (issue 24, row 5).

Starts a real ``redtrace serve`` on a store with the UN, EU and BIS lists, then for
``--seconds`` sends, from ``--clients`` threads, ``/match``, ``/orders/check``,
``/orders/{id}/release``, ``/ingest`` and ``/healthz`` while an admin thread calls
``/admin/refresh`` back to back (each one rebuilds the index). Counts answers by route and
status, non-JSON bodies and dropped connections; prints a table and writes
bench/results/refresh_load.json.
Run from the repository root: python bench/refresh_load.py [--seconds 30] [--store duckdb|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.deck import deck  # noqa: E402
from redtrace.lists.load import parse_paths  # noqa: E402
from redtrace.settings import SNAPSHOT_DIR  # noqa: E402
from redtrace.store import open_store  # noqa: E402
from redtrace.store.keys import create_key  # noqa: E402

OUT = ROOT / "bench" / "results" / "refresh_load.json"
LISTS = ("un_", "eu_oj", "bis_")
DOCUMENT = (
    "The UN Security Council listed Joseph Kony, leader of the Lord's Resistance Army, and "
    "the company Al-Furqan Foundation Welfare Trust was named in the same notice."
)


def prepare(url: str) -> dict[str, str]:
    for path in sorted(p for p in SNAPSHOT_DIR.iterdir() if p.name.startswith(LISTS)):
        parsed, errors = parse_paths([path])
        assert not errors, errors
        with open_store(url) as store:
            for item in parsed:
                store.load(item)
    with open_store(url) as store:
        return {role: create_key(store, f"bench-{role}", role)
                for role in ("analyst", "compliance_officer", "admin")}  # fmt: skip


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str, tmp: Path) -> Iterator[str]:
    port = _port()
    env = dict(os.environ, REDTRACE_DB=url, REDTRACE_AUDIT_DB=str(tmp / "audit.duckdb"),
               REDTRACE_REFRESH_SECONDS="3600", PYTHONPATH=str(ROOT))  # fmt: skip
    log = (tmp / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "redtrace.cli", "serve", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError((tmp / "server.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
        if os.environ.get("REDTRACE_BENCH_LOG"):
            text = (tmp / "server.log").read_text(errors="replace")
            Path(os.environ["REDTRACE_BENCH_LOG"]).write_text(text)


def _requests(keys: dict[str, str], rng: random.Random, orders: list[dict[str, Any]]) -> Any:
    def h(role: str) -> dict[str, str]:
        return {"Authorization": f"ApiKey {keys[role]}"}

    kind = rng.choice(["match", "check", "release", "ingest", "healthz"])
    if kind == "match":
        query = {"schema": "Person", "properties": {"name": ["Joseph Kony"]}}
        return (
            kind,
            "POST",
            "/match/default",
            {"json": {"queries": {"q": query}}, "headers": h("analyst")},
        )
    if kind == "check":
        order = dict(rng.choice(orders), id=f"B-{rng.randrange(10**9)}")
        return kind, "POST", "/orders/check", {"json": {"orders": [order]}, "headers": h("analyst")}
    if kind == "release":
        return kind, "POST", "/orders/SO-S6-01/release", {
            "json": {"reason": "bench"}, "headers": h("compliance_officer")}  # fmt: skip
    if kind == "ingest":
        return kind, "POST", "/ingest?store=true", {
            "content": DOCUMENT.encode(), "headers": {**h("analyst"), "Content-Type": "text/plain"}}  # fmt: skip
    return kind, "GET", "/healthz", {}


def load(base: str, keys: dict[str, str], seconds: float, clients: int) -> dict[str, Any]:
    orders = deck(50)
    counts: Counter[tuple[str, str]] = Counter()
    problems: list[str] = []
    refreshes: Counter[str] = Counter()
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(n: int) -> None:
        rng = random.Random(n)
        with httpx.Client(base_url=base, timeout=120) as http:
            while time.monotonic() < stop:
                kind, method, path, kw = _requests(keys, rng, orders)
                try:
                    r = http.request(method, path, **kw)
                    try:
                        r.json()
                        body = "json"
                    except ValueError:
                        body = "not-json"
                    key = (kind, f"{r.status_code}{'' if body == 'json' else ' ' + body}")
                    if r.status_code >= 500 or body != "json":
                        with lock:
                            problems.append(f"{kind} {r.status_code}: {r.text[:200]}")
                except httpx.HTTPError as exc:
                    key = (kind, f"dropped ({type(exc).__name__})")
                    with lock:
                        problems.append(f"{kind}: {exc!r}")
                with lock:
                    counts[key] += 1

    def admin() -> None:
        with httpx.Client(base_url=base, timeout=300) as http:
            while time.monotonic() < stop:
                r = http.post(
                    "/admin/refresh", headers={"Authorization": f"ApiKey {keys['admin']}"}
                )
                refreshes[str(r.status_code)] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=admin))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"answers": {f"{k} {s}": n for (k, s), n in sorted(counts.items())},
            "refreshes": dict(refreshes), "problems": problems[:20],
            "server_errors": sum(n for (k, s), n in counts.items() if s[:1] == "5"),
            "not_json_or_dropped": sum(n for (k, s), n in counts.items()
                                       if "not-json" in s or "dropped" in s)}  # fmt: skip


@contextmanager
def store_url(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "duckdb":
        yield str(tmp / "redtrace.duckdb")
        return
    from tests.pg import cluster

    with cluster() as pg:
        yield pg.database()


def run(kind: str, seconds: float, clients: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, store_url(kind, Path(tmp)) as url:
        keys = prepare(url)
        with server(url, Path(tmp)) as base:
            result = load(base, keys, seconds, clients)
    return {"store": kind, "seconds": seconds, "clients": clients, **result}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--store", choices=["duckdb", "postgresql", "all"], default="all")
    args = parser.parse_args()
    kinds = ["duckdb", "postgresql"] if args.store == "all" else [args.store]
    results = [run(k, args.seconds, args.clients) for k in kinds]
    print("store  route  status  count")
    for r in results:
        for key, n in r["answers"].items():
            print(f"{r['store']}  {key}  {n}")
        print(f"{r['store']}  refreshes {r['refreshes']}  5xx {r['server_errors']}"
              f"  not-json/dropped {r['not_json_or_dropped']}")  # fmt: skip
        for p in r["problems"][:5]:
            print("   ", p)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
