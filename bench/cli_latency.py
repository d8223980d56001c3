"""Benchmark: how long one-shot CLI commands take, as a user starts them.

Runs each command as a fresh process (`redtrace --version`, `--help`, and single-name
screening with `match --name`) several times on a store holding every bundled list, and
reports wall time (p50, p95) and CPU time (user + system, which contention on a shared
machine does not inflate). The first screening after the list versions change builds the
index file beside the store; it is reported apart as the cold run.

    python bench/cli_latency.py [--runs 7] [--store PATH] [--baseline CMD]

`--baseline CMD` times another installation the same way (for example the redtrace of the
main checkout) on the same store, for a before/after table. Targets (issue #22): screening
p50 under 1 s, start-up under 0.3 s. Writes bench/results/cli_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "cli_latency.json"
COMMANDS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "match person": ["match", "--name", "Joseph Kony", "--schema", "Person"],
    "match birth date": ["match", "--name", "Abu Bakr al-Baghdadi", "--birth-date", "1971"],
    "match company": ["match", "--name", "Korea Mining Development Trading Corporation",
                      "--schema", "Company"],
    "match country": ["match", "--name", "Viktor Bout", "--country", "ru"],
}  # fmt: skip


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU of the child, from getrusage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{shlex.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(label: str, base: list[str], env: dict[str, str], runs: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    cache = Path(env["REDTRACE_DB"] + ".rtidx")
    if cache.exists():
        cache.unlink()
    cold_wall, cold_cpu = timed([*base, *COMMANDS["match person"]], env)
    rows.append({"install": label, "command": "match (cold: index file built)", "runs": 1,
                 "wall_p50": cold_wall, "wall_p95": cold_wall, "cpu_p50": cold_cpu})  # fmt: skip
    for name, args in COMMANDS.items():
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = timed([*base, *args], env)
            walls.append(wall)
            cpus.append(cpu)
        rows.append({"install": label, "command": name, "runs": runs,
                     "wall_p50": statistics.median(walls), "wall_p95": p95(walls),
                     "cpu_p50": statistics.median(cpus)})  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", help="A store with lists loaded (default: a fresh setup).")
    parser.add_argument("--baseline", help="Another redtrace command to time the same way.")
    args = parser.parse_args()
    this = [str(Path(sys.executable).with_name("redtrace"))]
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or str(Path(tmp) / "bench.duckdb")
        env = {**os.environ, "REDTRACE_DB": store, "REDTRACE_AUDIT_DB": str(Path(tmp) / "a.db")}
        env.pop("REDTRACE_INDEX_CACHE", None)
        if not args.store:
            subprocess.run([*this, "setup"], env=env, capture_output=True, check=True)
        rows = []
        if args.baseline:
            rows += measure("baseline", shlex.split(args.baseline), env, args.runs)
        rows += measure("this", this, env, args.runs)
    print(
        f"{'install':9} {'command':32} {'runs':>4} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>8}"
    )
    for r in rows:
        print(f"{r['install']:9} {r['command']:32} {r['runs']:>4} {r['wall_p50']:>8.2f}s "
              f"{r['wall_p95']:>8.2f}s {r['cpu_p50']:>7.2f}s")  # fmt: skip
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(),
                               "load_average": load, "rows": rows}, indent=2) + "\n")  # fmt: skip


if __name__ == "__main__":
    main()
