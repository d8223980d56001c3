"""Streaming check for `redtrace match`: peak memory must not grow with the input size.

Pipes N generated queries (fictional names) into a real `redtrace match` subprocess for two
sizes and reports throughput and the child's peak RSS. Run from the repository root after
`redtrace setup`: python bench/names/stream.py [--sizes 20000,200000]. Writes
bench/results/stream.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parents[1] / "results" / "stream.json"
# The console script installed beside this interpreter (a virtualenv's bin/), else on PATH.
_BESIDE = Path(sys.executable).parent / "redtrace"
REDTRACE = str(_BESIDE) if _BESIDE.exists() else "redtrace"
FIRST = ["Anna", "Boris", "Chen", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jamal"]
LAST = ["Keller", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato"]


def lines(n: int) -> bytes:
    out = []
    for i in range(n):
        name = f"{FIRST[i % 10]} {LAST[(i // 10) % 9]} {i}"
        out.append(json.dumps({"id": f"c{i}", "schema": "Person", "properties": {"name": [name]}}))
    return ("\n".join(out) + "\n").encode()


def run(n: int) -> dict[str, float]:
    data = lines(n)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([REDTRACE, "match", "-o", "/dev/null"], input=data, capture_output=True)
    if proc.returncode:
        raise SystemExit(f"redtrace match failed: {proc.stderr.decode()[-2000:]}")
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    del proc
    return {"lines": n, "seconds": round(elapsed, 1), "lines_per_s": round(n / elapsed),
            "peak_rss_mb": round(max(peak, before) / 1024)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,200000")
    args = parser.parse_args()
    rows = [run(int(n)) for n in args.sizes.split(",")]
    print(f"{'lines':>8} {'seconds':>8} {'lines/s':>8} {'peak RSS MB':>12}")
    for r in rows:
        print(f"{r['lines']:8} {r['seconds']:8} {r['lines_per_s']:8} {r['peak_rss_mb']:12}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"benchmark": "match streaming", "runs": rows}, indent=2))


if __name__ == "__main__":
    main()
