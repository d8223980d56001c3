"""Both stores side by side: the embedded DuckDB file and the PostgreSQL server store.

1. Bulk load of every list in the bundled snapshot into a fresh store of each kind (files
   parsed once; the time is the store's writing). Target: PostgreSQL within 2x of DuckDB.
2. ``kill -9`` at a random moment of ``redtrace lists load`` (a new UN version over the one
   loaded), 20 runs per store: afterwards the store opens, exactly one version is current,
   and the current version is whole (its entity count is the one recorded for it).

Starts its own throwaway PostgreSQL cluster (tests/pg.py). Run from the repository root:
    python bench/stores.py [--kills 20]
Writes bench/results/stores.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redtrace.cli.setup_cmd import snapshot_paths  # noqa: E402
from redtrace.lists.load import parse_paths  # noqa: E402
from redtrace.settings import SNAPSHOT_DIR  # noqa: E402
from redtrace.store import open_store  # noqa: E402
from tests.pg import cluster  # noqa: E402

OUT = ROOT / "bench" / "results" / "stores.json"
UN_OLD = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"
UN_NEW = ROOT.parent / "shared" / "data" / "lists" / "un" / "UN_consolidated_2026-01-28.xml"


def bulk_load(url: str, parsed: list[Any]) -> dict[str, Any]:
    started = time.perf_counter()
    entities = 0
    with open_store(url) as store:
        for item in parsed:
            entities += store.load(item).version.entities
    return {"seconds": round(time.perf_counter() - started, 2), "entities": entities}


def whole(url: str) -> tuple[bool, str]:
    """The store opens, UN has one current version, and that version is complete."""
    with open_store(url) as store:
        current = store.current_version("un_sc_sanctions")
        version = store.version("un_sc_sanctions")
        if current is None or version is None:
            return False, "no current version"
        count = sum(1 for _ in store.records("un_sc_sanctions"))
        if count != version.entities:
            return False, f"v{current}: {count} entities, {version.entities} recorded"
        return True, f"v{current} whole ({count})"


def kills(url_for_run: Any, runs: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    outcomes = []
    for _ in range(runs):
        url = url_for_run()
        with open_store(url) as store:
            parsed, _ = parse_paths([UN_OLD])
            store.load(parsed[0])
        env = dict(os.environ, REDTRACE_DB=url)
        proc = subprocess.Popen([sys.executable, "-m", "redtrace.cli", "lists", "load", str(UN_NEW)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        delay = rng.uniform(0.5, 6.0)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        ok, state = whole(url)
        outcomes.append({"delay_s": round(delay, 2), "finished_before_kill": finished,
                         "whole": ok, "state": state})  # fmt: skip
    return {"runs": runs, "whole": sum(o["whole"] for o in outcomes),
            "killed_mid_load": sum(not o["finished_before_kill"] for o in outcomes),
            "outcomes": outcomes}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=20)
    args = parser.parse_args()
    parsed: list[Any] = []
    for path in snapshot_paths(SNAPSHOT_DIR):
        items, errors = parse_paths([path])
        assert not errors, errors
        parsed += items
    tmp = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    result: dict[str, Any] = {}
    with cluster() as pg:
        result["bulk_load"] = {
            "duckdb": bulk_load(str(tmp / "bulk.duckdb"), parsed),
            "postgresql": bulk_load(pg.database(), parsed),
        }
        counter = iter(range(10_000))
        result["kill9"] = {
            "duckdb": kills(lambda: str(tmp / f"kill-{next(counter)}.duckdb"), args.kills, 1),
            "postgresql": kills(pg.database, args.kills, 2),
        }
    load = result["bulk_load"]
    load["ratio_pg_to_duckdb"] = round(load["postgresql"]["seconds"] / load["duckdb"]["seconds"], 2)
    print(f"{'':12} {'bulk load s':>12} {'entities':>9} {'kill -9 whole':>14} {'mid-load':>9}")
    for kind in ("duckdb", "postgresql"):
        k = result["kill9"][kind]
        print(f"{kind:12} {load[kind]['seconds']:>12} {load[kind]['entities']:>9} "
              f"{k['whole']:>9}/{k['runs']:<4} {k['killed_mid_load']:>9}")  # fmt: skip
    print(f"PostgreSQL / DuckDB bulk load: {load['ratio_pg_to_duckdb']}x (target <= 2x)")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
