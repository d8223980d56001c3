"""Benchmark: load every bundled list into a fresh store.

Measures wall time per dataset, entries per second and peak resident memory, on the bundled
snapshot (the real official files). Target (issue #3): all lists in under 60 s, under 1 GB.
Writes bench/results/lists.json.
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from redtrace.lists.load import parse_paths
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

OUT = Path(__file__).parent / "results" / "lists.json"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    rows = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        for path in sorted(p for p in SNAPSHOT_DIR.iterdir() if not p.name.endswith(".md")):
            t0 = time.perf_counter()
            parsed, errors = parse_paths([path])
            t1 = time.perf_counter()
            for item in parsed:
                outcome = store.load(item)
                t2 = time.perf_counter()
                rows.append(
                    {
                        "dataset": item.dataset,
                        "file": path.name,
                        "rows_read": item.rows_read,
                        "entities": outcome.version.entities,
                        "parse_s": round(t1 - t0, 3),
                        "store_s": round(t2 - t1, 3),
                        "entities_per_s": round(outcome.version.entities / (t2 - t0)),
                    }
                )
            if errors:
                print("errors:", errors, file=sys.stderr)
    total = time.perf_counter() - start
    entities = sum(r["entities"] for r in rows)
    result = {
        "benchmark": "lists",
        "machine": {
            "python": platform.python_version(),
            "cpus": len(__import__("os").sched_getaffinity(0)),
        },
        "datasets": rows,
        "total_s": round(total, 2),
        "entities": entities,
        "entities_per_s": round(entities / total),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "targets": {"total_s": 60, "peak_rss_mb": 1024},
    }
    print(f"{'dataset':18} {'rows':>7} {'entities':>8} {'parse_s':>8} {'store_s':>8} {'ent/s':>7}")
    for r in rows:
        print(
            f"{r['dataset']:18} {r['rows_read']:7} {r['entities']:8} {r['parse_s']:8} "
            f"{r['store_s']:8} {r['entities_per_s']:7}"
        )
    print(
        f"total {total:.1f} s, {entities} entities, {result['entities_per_s']} entities/s, "
        f"peak RSS {result['peak_rss_mb']} MB"
    )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
