"""Order-screening benchmark on the demonstration deck.

Generates the deck (N legitimate orders + the planted schemes, fictional names) and a few
invalid orders, runs `redtrace orders check` end to end on a fresh store with the bundled
lists (every party screened), and reports: schemes caught (with the flags that caught them),
alert rate on legitimate orders, rejected lines, wall time. Targets (issue #6): every scheme
caught, <= 3 % alerts on legitimate orders, 10,000 orders in <= 60 s on 2 cores.
Run from the repository root: python bench/orders.py [--orders 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.deck import deck

OUT = Path(__file__).parent / "results" / "orders.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10000)
    args = parser.parse_args()
    orders = deck(args.orders)
    lines = [json.dumps(o) for o in orders]
    bad = [json.dumps(dict(orders[0], id="BAD-DATE", date="2024-13-01")), "{truncated",
           json.dumps(dict(orders[1], id="BAD-COUNTRY", route={"ship_to": "xx"}))]  # fmt: skip
    lines[10:10] = bad
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, REDTRACE_DB=str(Path(tmp) / "bench.duckdb"))
        subprocess.run(
            [sys.executable, "-m", "redtrace.cli", "setup"],
            env=env,
            check=True,
            capture_output=True,
        )
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "redtrace.cli", "orders", "check"], env=env,
                              input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)  # fmt: skip
        elapsed = time.perf_counter() - t0
    results = [json.loads(x) for x in proc.stdout.splitlines()]
    by_id = {r["id"]: r for r in results if r.get("id")}
    schemes: dict[str, list[str]] = defaultdict(list)
    for o in orders:
        if "_scheme" in o:
            schemes[o["_scheme"]].append(o["id"])
    caught = {}
    for scheme, ids in sorted(schemes.items()):
        hits = [by_id[i] for i in ids if by_id[i]["decision"] != "pass"]
        codes = Counter(f["code"] for r in hits for f in r["flags"])
        caught[scheme] = {
            "orders": len(ids),
            "held": len(hits),
            "flags": dict(codes.most_common(4)),
        }
    legit = [by_id[o["id"]] for o in orders if "_scheme" not in o]
    alerts = [r for r in legit if r["decision"] != "pass"]
    rejected = [r for r in results if "error" in r]
    report = {
        "orders": len(orders), "legitimate": len(legit), "input_lines": len(lines),
        "output_lines": len(results), "rejected": len(rejected),
        "seconds": round(elapsed, 1), "orders_per_s": round(len(orders) / elapsed),
        "legit_alert_rate": round(len(alerts) / len(legit), 4),
        "legit_alert_flags": dict(Counter(f["code"] for r in alerts for f in r["flags"])),
        "schemes": caught, "all_schemes_caught": all(v["held"] > 0 for v in caught.values()),
        "targets": {"seconds_for_10000": 60, "legit_alert_rate": 0.03},
    }  # fmt: skip
    print(f"{len(orders)} orders ({len(legit)} legitimate) + {len(bad)} invalid lines in {elapsed:.1f} s "
          f"({report['orders_per_s']}/s); {len(results)} output lines, {len(rejected)} rejected")  # fmt: skip
    print(
        f"legitimate orders held: {len(alerts)} ({report['legit_alert_rate']:.2%}) {report['legit_alert_flags']}"
    )
    print(f"{'scheme':8} {'orders':>6} {'held':>5}  flags")
    for scheme, row in caught.items():
        print(f"{scheme:8} {row['orders']:6} {row['held']:5}  {row['flags']}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
