"""Load benchmark of the screening API against a real uvicorn on 127.0.0.1.

Starts `redtrace serve` on a copy of the bundled store, runs N concurrent clients sending
single-query POST /match requests for a bounded time, and halfway through loads a new list
version with the CLI and forces a refresh, to show that a refresh fails no request.
Reports throughput, p50/p90/p99 latency and errors; writes bench/results/api_load.json.
Targets (issue #5): >= 300 requests/s, p99 <= 100 ms, zero errors, on 2 cores.

With --store postgresql (a throwaway cluster started here) and --workers 4, it is the server
store's benchmark: the list load commits beside the running workers, which find the new
version by polling (no forced refresh); the time until every worker serves it is measured,
and --orders N orders are checked and their holds released from the CLI during the run.

The load comes from wrk (Debian package `wrk`) when installed, else from Python httpx clients
(which compete with the server for the same two cores). Run from the repository root:
    python bench/api_load.py [--clients 16] [--seconds 30] [--workers 1] [--python-clients]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "api_load.json"
SHARED = ROOT.parent / "shared" / "data" / "lists"
NAMES = ["Joseph Kony", "Abu Bakr al-Baghdadi", "Usama bin Laden", "Bank of Kunlun", "Acme Widgets",
         "Maria Keller", "Yildiz Iletisim Ltd Sti", "Hamas", "Ali Kony", "Donata Company DOO",
         "Siemens AG", "Rosneft", "Kim Jong Un", "Ahmad Hassan", "Tidewater"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout


async def client(base: str, key: str, stop: float, lat: list[float], errors: list[str]) -> None:
    rng = random.Random()
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"ApiKey {key}"}, timeout=10
    ) as http:
        while time.perf_counter() < stop:
            name = rng.choice(NAMES)
            body = {"queries": {"q": {"schema": "Thing", "properties": {"name": [name]}}}}
            t0 = time.perf_counter()
            try:
                r = await http.post("/match/default", json=body)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {r.text[:100]}")
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
            lat.append(time.perf_counter() - t0)


WRK_SCRIPT = """
local bodies = {}
local names = {NAMES}
for i, name in ipairs(names) do
  bodies[i] = '{"queries": {"q": {"schema": "Thing", "properties": {"name": ["' .. name .. '"]}}}}'
end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "ApiKey KEY"
request = function()
  counter = counter + 1
  return wrk.format(nil, "/match/default", nil, bodies[(counter % #bodies) + 1])
end
"""


def parse_wrk(text: str) -> dict[str, float]:
    """Read wrk's --latency report: percentiles, requests, non-2xx and socket errors."""
    import re

    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    out: dict[str, float] = {}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        if m:
            out[f"p{pct}_ms"] = round(ms(m.group(1)), 1)
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    if m:
        out["requests"] = int(m.group(1))
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["requests_per_s"] = float(m.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(x) for x in sock.groups()) if sock else 0
    )
    return out


async def wrk_run(
    base: str, key: str, args: argparse.Namespace, tmp: Path
) -> tuple[dict[str, float], str]:
    script = tmp / "match.lua"
    names = ", ".join(f'"{n}"' for n in NAMES)
    script.write_text(WRK_SCRIPT.replace("{NAMES}", "{" + names + "}").replace("KEY", key))
    proc = await asyncio.create_subprocess_exec(
        "wrk", "-t2", f"-c{args.clients}", f"-d{int(args.seconds)}s", "--latency", "-s", str(script), base,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await proc.communicate()
    text = out.decode()
    return parse_wrk(text), text


async def converge(base: str, workers: int, version: int, log: list[str]) -> None:
    """Poll /readyz until ``workers`` distinct workers serve UN version ``version``."""
    t0 = time.perf_counter()
    serving: dict[str, int] = {}
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        while time.perf_counter() - t0 < 60:
            status = (await http.get("/readyz")).json()
            serving[status["worker"]] = status["serving_versions"].get("un_sc_sanctions", 0)
            if len(serving) >= workers and all(v >= version for v in serving.values()):
                log.append(
                    f"every worker on the new version {time.perf_counter() - t0:.1f} s after the commit"
                )
                return
            await asyncio.sleep(0.05)
    log.append(f"workers not converged after 60 s: {serving}")


async def orders_midway(env: dict[str, str], count: int, log: list[str]) -> None:
    """Check ``count`` deck orders from the CLI, then release every hold (two officers)."""
    sys.path.insert(0, str(ROOT))
    from bench.deck import deck

    text = "".join(json.dumps(o) + "\n" for o in deck(count)[:count])
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "redtrace.cli", "orders", "check", env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await proc.communicate(text.encode())
    results = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    held = [r["id"] for r in results if r.get("decision") in ("review", "block")]
    released = 0
    for oid in held:
        for officer in ("carla", "dan"):
            p = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "redtrace.cli", "orders", "release", oid, "--by", officer,
                "--reason", "benchmark release", env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            pout, _ = await p.communicate()
            if b"released" in pout and b"awaiting" not in pout:
                released += 1
                break
    log.append(
        f"{len(results)} orders checked from the CLI, {len(held)} held, {released} released"
        f" in {time.perf_counter() - t0:.1f} s"
    )


async def refresh_midway(
    base: str,
    admin: str,
    env: dict[str, str],
    delay: float,
    log: list[str],
    workers: int = 1,
    force: bool = True,
) -> None:
    await asyncio.sleep(delay)
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "redtrace.cli", "lists", "load",
        str(SHARED / "un" / "UN_consolidated_2026-01-28.xml"), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate()
    log.append(
        f"list load exit {proc.returncode} in {time.perf_counter() - t0:.1f} s: {out.decode().strip()}{err.decode().strip()}"
    )
    if not force:
        await converge(base, workers, 2, log)
        return
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"ApiKey {admin}"}, timeout=60
    ) as http:
        r = await http.post("/admin/refresh")
        log.append(f"refresh: {r.status_code} {r.json()}")


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    if args.store == "postgresql":
        sys.path.insert(0, str(ROOT))
        from tests.pg import cluster

        with cluster() as pg:
            return await _run(args, pg.database())
    return await _run(args, None)


async def _run(args: argparse.Namespace, url: str | None) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="redtrace-load-"))
    env = dict(os.environ, REDTRACE_DB=url or str(tmp / "redtrace.duckdb"),
               REDTRACE_AUDIT_DB=str(tmp / "audit.duckdb"), REDTRACE_REFRESH_SECONDS="5")  # fmt: skip
    run([sys.executable, "-m", "redtrace.cli", "setup"], env)
    for officer in ("carla", "dan"):
        run([sys.executable, "-m", "redtrace.cli", "users", "add", officer, "--role",
             "compliance_officer"], env)  # fmt: skip
    analyst = run(
        [sys.executable, "-m", "redtrace.cli", "users", "add", "loadtest", "--role", "analyst"], env
    ).split()[-1]
    admin = run(
        [sys.executable, "-m", "redtrace.cli", "users", "add", "ops", "--role", "admin"], env
    ).split()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "redtrace.cli", "serve", "--port", str(port),
                               "--workers", str(args.workers)], env=env)  # fmt: skip
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(240):
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
        # Warm-up, then the measured run.
        await asyncio.gather(
            *(client(base, analyst, time.perf_counter() + 2, [], []) for _ in range(4))
        )
        lat: list[float] = []
        errors: list[str] = []
        log: list[str] = []
        start = time.perf_counter()
        stop = start + args.seconds
        side = [refresh_midway(base, admin, env, args.seconds / 2, log, args.workers,
                               force=args.store == "duckdb")]  # fmt: skip
        if args.orders:
            side.append(orders_midway(env, args.orders, log))
        if shutil.which("wrk") and not args.python_clients:
            (report, _raw), *_ = await asyncio.gather(wrk_run(base, analyst, args, tmp), *side)
            report.update({"clients": args.clients, "workers": args.workers, "driver": "wrk",
                           "store": args.store,
                           "seconds": round(time.perf_counter() - start, 1), "refresh_during_run": log,
                           "targets": {"requests_per_s": 300, "p99_ms": 100, "errors": 0}})  # fmt: skip
            return report
        await asyncio.gather(
            *side, *(client(base, analyst, stop, lat, errors) for _ in range(args.clients))
        )
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    ms = sorted(x * 1000 for x in lat)
    return {
        "clients": args.clients, "workers": args.workers, "store": args.store,
        "driver": "python httpx", "seconds": round(elapsed, 1),
        "requests": len(ms), "requests_per_s": round(len(ms) / elapsed, 1),
        "p50_ms": round(ms[len(ms) // 2], 1), "p90_ms": round(ms[int(len(ms) * 0.90)], 1),
        "p99_ms": round(ms[int(len(ms) * 0.99)], 1), "errors": len(errors), "error_samples": errors[:5],
        "refresh_during_run": log,
        "targets": {"requests_per_s": 300, "p99_ms": 100, "errors": 0},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--python-clients", action="store_true", help="drive with httpx, not wrk")
    parser.add_argument("--store", choices=("duckdb", "postgresql"), default="duckdb")
    parser.add_argument(
        "--orders", type=int, default=0, help="orders checked and released meanwhile"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    for key in (
        "driver",
        "store",
        "clients",
        "workers",
        "seconds",
        "requests",
        "requests_per_s",
        "p50_ms",
        "p90_ms",
        "p99_ms",
        "errors",
    ):
        print(f"{key:16} {result.get(key)}")
    for line in result["refresh_during_run"]:  # type: ignore[attr-defined]
        print(line)
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
