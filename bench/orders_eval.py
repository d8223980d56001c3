"""Order judgement on the evaluation order book (bench/orderbook.py), per half.

Runs every order of the book, in date order, through the order checker with the bundled lists
(UN, OFAC, UK, EU, BIS, CSL) and prints, for the dev and the held-out half: legitimate orders
alerted (review or block) and blocked, hard negatives alerted, alert rate per hard-negative
kind, schemes caught and by which flags (a scheme counts as caught when one of its orders is
held by a flag that names what is wrong, and blocked where the law forbids the deal), and
embargo blocks. Writes bench/results/orders_eval.json.
Targets (issue #15): <= 2 % legitimate alerted, <= 0.3 % blocked, <= 10 % hard negatives
alerted, every scheme caught by its flag, every embargo enforced.
Run from the repository root: python -m bench.orders_eval [--store PATH] [--half dev]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.orderbook import book
from redtrace import settings
from redtrace.flags import Checker, History
from redtrace.service import build_matcher
from redtrace.store import Store

OUT = Path(__file__).parent / "results" / "orders_eval.json"
EMBARGO = "EMBARGOED_DESTINATION"


def _store(path: Path) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, REDTRACE_DB=str(path))
        subprocess.run(
            [sys.executable, "-m", "redtrace.cli", "setup"],
            env=env,
            check=True,
            capture_output=True,
        )
    return path


def run(
    store_path: Path, orders: int = 2400, customers: int = 420, seed: int = 20261202
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    with Store(_store(store_path), read_only=True) as store:
        matcher = build_matcher(store)
    checker = Checker(matcher, History(), settings.match_threshold(), settings.match_cutoff())
    rows = book(orders, customers, seed)
    return [(o, checker.check({k: v for k, v in o.items() if not k.startswith("_")})) for o in rows]


def summarise(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    legit = [(o, r) for o, r in pairs if "_scheme" not in o]
    alerted = [(o, r) for o, r in legit if r["decision"] != "pass"]
    blocked = [(o, r) for o, r in legit if r["decision"] == "block"]
    hard = [(o, r) for o, r in legit if o["_kind"] != "regular"]
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for o, r in legit:
        kinds[o["_kind"]]["orders"] += 1
        kinds[o["_kind"]]["alerted"] += r["decision"] != "pass"
        kinds[o["_kind"]]["blocked"] += r["decision"] == "block"
    schemes: dict[str, dict[str, Any]] = {}
    for o, r in pairs:
        if "_scheme" not in o:
            continue
        s = schemes.setdefault(o["_scheme"], {"orders": 0, "held": 0, "blocked": 0, "by": Counter(),
                                              "expect": o["_expect"], "must_block": o["_block"]})  # fmt: skip
        s["orders"] += 1
        codes = {f["code"] for f in r["flags"]}
        if r["decision"] != "pass":
            s["held"] += 1
            s["by"].update(codes & set(o["_expect"]))
        s["blocked"] += r["decision"] == "block"
    for s in schemes.values():
        s["caught"] = bool(s["by"]) and (s["blocked"] > 0 or not s["must_block"])
        s["by"] = dict(s["by"])
    embargo = [s for s in schemes.values() if EMBARGO in s["expect"]]
    flags = Counter(f["code"] for _, r in alerted for f in r["flags"])
    return {
        "legitimate": len(legit), "alerted": len(alerted), "blocked": len(blocked),
        "alerted_pct": round(100 * len(alerted) / max(1, len(legit)), 2),
        "blocked_pct": round(100 * len(blocked) / max(1, len(legit)), 2),
        "hard_negatives": len(hard),
        "hard_alerted_pct": round(100 * sum(r["decision"] != "pass" for _, r in hard) / max(1, len(hard)), 2),
        "kinds": {k: dict(v) for k, v in sorted(kinds.items())},
        "flags_on_alerted_legitimate": dict(flags.most_common()),
        "schemes": schemes, "schemes_caught": sum(s["caught"] for s in schemes.values()),
        "embargo_schemes": len(embargo), "embargo_blocked": sum(s["blocked"] > 0 for s in embargo),
    }  # fmt: skip


def show(name: str, s: dict[str, Any]) -> None:
    print(f"\n== {name}: {s['legitimate']} legitimate orders, {s['hard_negatives']} hard negatives")
    print(f"legitimate alerted {s['alerted_pct']:.2f} % ({s['alerted']}), blocked {s['blocked_pct']:.2f} % "
          f"({s['blocked']}); hard negatives alerted {s['hard_alerted_pct']:.2f} %")  # fmt: skip
    print(f"{'kind':26} {'orders':>6} {'alerted':>8} {'blocked':>8}")
    for kind, c in s["kinds"].items():
        print(f"{kind:26} {c['orders']:6} {c.get('alerted', 0):8} {c.get('blocked', 0):8}")
    print("flags on alerted legitimate orders:", s["flags_on_alerted_legitimate"])
    print(f"schemes caught {s['schemes_caught']} / {len(s['schemes'])}; embargo schemes blocked "
          f"{s['embargo_blocked']} / {s['embargo_schemes']}")  # fmt: skip
    for key, v in sorted(s["schemes"].items()):
        print(
            f"  {'ok ' if v['caught'] else 'MISS'} {key:34} held {v['held']}/{v['orders']} blocked {v['blocked']} by {v['by']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--store", type=Path, default=Path("/tmp/redtrace-orders-eval/store.duckdb")
    )
    parser.add_argument("--half", choices=["dev", "held-out", "both"], default="both")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--orders", type=int, default=2400, help="legitimate orders")
    parser.add_argument("--customers", type=int, default=420)
    parser.add_argument("--seed", type=int, default=20261202, help="another seed: another book")
    args = parser.parse_args()
    t0 = time.perf_counter()
    pairs = run(args.store, args.orders, args.customers, args.seed)
    halves = ["dev", "held-out"] if args.half == "both" else [args.half]
    report: dict[str, Any] = {"seconds": round(time.perf_counter() - t0, 1), "orders": len(pairs),
                              "seed": args.seed, "legitimate_asked": args.orders}  # fmt: skip
    for half in halves:
        report[half] = summarise([(o, r) for o, r in pairs if o["_half"] == half])
        show(half, report[half])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n{len(pairs)} orders in {report['seconds']} s; written {args.out}")


if __name__ == "__main__":
    main()
