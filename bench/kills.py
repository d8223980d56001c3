"""Kill -9 at random moments: nothing a run hands out is missing from the store (issue 24).

Two scenarios, each run as a real ``redtrace`` subprocess on a copy of a prepared store and
killed with SIGKILL at a random moment of its clean run time:

* ``rescreen``: watched parties against two list deltas (UN 2018-10 -> 2026-02 and the EU
  annexes' first version). After each kill: every delta marked re-screened holds exactly the
  alerts a clean run raises for it (none lost), an unmarked delta holds none, every alert line
  written out is in the store; then a second run completes and the store holds exactly the
  clean run's alerts, none twice.
* ``orders``: ``orders check`` of the demonstration deck on the bundled lists. After each
  kill: every decision line written out is stored with that decision (no claimed hold the
  store lacks), and the stored decisions are whole batches.

Run from the repository root:
    python bench/kills.py [--runs 20] [--scenario rescreen|orders|all] [--store duckdb|postgresql]
prints a table and writes bench/results/kills.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.deck import deck  # noqa: E402
from redtrace.lists.load import parse_paths  # noqa: E402
from redtrace.settings import SNAPSHOT_DIR  # noqa: E402
from redtrace.store import open_store  # noqa: E402
from redtrace.store.parties import save_parties  # noqa: E402
from tests.conftest import LISTS, shared_file  # noqa: E402

OUT = ROOT / "bench" / "results" / "kills.json"
REDTRACE = [sys.executable, "-m", "redtrace.cli"]


def _load(url: str, paths: list[Path]) -> None:
    parsed, errors = parse_paths(paths)
    assert not errors, errors
    with open_store(url) as store:
        for item in parsed:
            store.load(item)


# -- stores: a prepared one, copied for each run ----------------------------------------------


class Stores:
    """Makes a prepared store once and hands out copies of it."""

    def __init__(self, kind: str, workdir: Path, pg: Any = None) -> None:
        self.kind, self.workdir, self.pg = kind, workdir, pg
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        if self.kind == "duckdb":
            return str(self.workdir / f"store{self.count}.duckdb")
        return str(self.pg.database())

    def copy(self, url: str) -> str:
        self.count += 1
        if self.kind == "duckdb":
            target = self.workdir / f"store{self.count}.duckdb"
            shutil.copy(url, target)
            return str(target)
        import psycopg

        base = url.rsplit("/", 1)
        name = f"kill{os.getpid()}_{id(self)}_{self.count}"
        with psycopg.connect(base[0] + "/postgres", autocommit=True) as con:
            # A template must have no session: end any the prepared store left open.
            con.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [base[1]],
            )
            con.execute(f"CREATE DATABASE {name} TEMPLATE {base[1]}")
        return f"{base[0]}/{name}"


@contextmanager
def stores(kind: str, workdir: Path) -> Iterator[Stores]:
    if kind == "duckdb":
        yield Stores(kind, workdir)
        return
    from tests.pg import cluster

    with cluster() as pg:
        yield Stores(kind, workdir, pg)


# -- scenarios --------------------------------------------------------------------------------


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with open_store(url, read_only=True) as store:
        return [tuple(r) for r in store.con.execute(sql).fetchall()]


def _lines(path: Path) -> list[dict[str, Any]]:
    """The complete lines of an output file (a line cut by the kill is not handed out)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n")[:-1] if line.strip()]


class Rescreen:
    name = "rescreen"

    def prepare(self, url: str, workdir: Path) -> None:
        un = LISTS / "un"
        _load(url, [shared_file(un / "UN_consolidated_2018-10-29.xml")])
        parsed, _ = parse_paths([un / "UN_consolidated_2026-02.xml"])
        eu, _ = parse_paths(sorted((LISTS / "eu_oj").iterdir()))
        people = [e for e in [*parsed[0], *eu[0]] if e.schema in ("Person", "Organization")]
        parties = [
            {
                "id": f"party-{n}",
                "schema": e.schema,
                "properties": {"name": e.proxy.get("name")[:1]},
            }
            for n, e in enumerate(people[::4])
        ]
        with open_store(url) as store:
            save_parties(store, parties)
        # The baseline: the 2018 list screened; the run under test sees two deltas.
        subprocess.run([*REDTRACE, "rescreen", "-o", os.devnull], env=_env(url), check=True,
                       capture_output=True)  # fmt: skip
        _load(url, [un / "UN_consolidated_2026-02.xml"])
        _load(url, sorted((LISTS / "eu_oj").iterdir()))

    def argv(self, workdir: Path) -> tuple[list[str], Path]:
        out = workdir / "alerts.jsonl"
        return [*REDTRACE, "rescreen", "-o", str(out)], out

    def state(self, url: str) -> dict[tuple[str, int], list[str]]:
        rows = _rows(url, "SELECT dataset, to_version, party_id FROM screening_alerts")
        out: dict[tuple[str, int], list[str]] = {}
        for dataset, version, party in rows:
            out.setdefault((dataset, int(version)), []).append(party)
        return {k: sorted(v) for k, v in out.items()}

    def marks(self, url: str) -> dict[tuple[str, int], int]:
        rows = _rows(url, "SELECT dataset, to_version, alerts FROM rescreens")
        return {(d, int(v)): int(n) for d, v, n in rows}

    def reference(self, url: str, out: Path) -> dict[str, Any]:
        return {"alerts": self.state(url), "marks": self.marks(url)}

    def check(
        self, url: str, out: Path, ref: dict[str, Any], base: dict[str, Any]
    ) -> dict[str, Any]:
        state, marks = self.state(url), self.marks(url)
        new = {k for k in ref["marks"] if k not in base["marks"]}
        lost = sum(
            len(set(ref["alerts"].get(k, [])) - set(state.get(k, [])))
            for k in new if k in marks
        )  # fmt: skip
        unmarked_with_alerts = sum(1 for k in new if k not in marks and state.get(k))
        stored = {(a["dataset"], a["to_version"], a["id"]) for a in _lines(out)}
        have = {(d, v, p) for (d, v), ps in state.items() for p in ps}
        return {
            "deltas_marked": len([k for k in new if k in marks]),
            "alerts_out": len(stored),
            "alerts_stored": sum(len(state.get(k, [])) for k in new),
            "lost": lost + unmarked_with_alerts,
            "claimed_not_stored": len(stored - have),
        }

    def final(self, url: str, ref: dict[str, Any]) -> dict[str, Any]:
        state = self.state(url)
        dupes = sum(len(v) - len(set(v)) for v in state.values())
        return {"resumed_equal": state == ref["alerts"], "duplicates": dupes}


class Orders:
    name = "orders"
    LISTS = ("un_", "eu_oj", "bis_")

    def __init__(self, orders: int) -> None:
        self.orders = orders

    def prepare(self, url: str, workdir: Path) -> None:
        # The lists with the listed buyer of the deck, small enough for many runs.
        paths = sorted(p for p in SNAPSHOT_DIR.iterdir() if p.name.startswith(self.LISTS))
        for path in paths:
            _load(url, [path])
        lines = [json.dumps(o) for o in deck(self.orders)]
        (workdir / "orders.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def argv(self, workdir: Path) -> tuple[list[str], Path]:
        out = workdir / "decisions.jsonl"
        return [
            *REDTRACE,
            "orders",
            "check",
            "-i",
            str(workdir / "orders.jsonl"),
            "-o",
            str(out),
        ], out

    def state(self, url: str) -> list[tuple[str, str]]:
        return [
            (str(i), str(d))
            for i, d in _rows(url, "SELECT order_id, decision FROM order_decisions")
        ]

    def reference(self, url: str, out: Path) -> dict[str, Any]:
        return {"decisions": dict(self.state(url))}

    def check(
        self, url: str, out: Path, ref: dict[str, Any], base: dict[str, Any]
    ) -> dict[str, Any]:
        stored = dict(self.state(url))
        lines = [r for r in _lines(out) if "decision" in r]
        claimed = [r for r in lines if stored.get(str(r["id"])) != r["decision"]]
        holds = [r for r in claimed if r["decision"] in ("review", "block")]
        return {
            "decisions_out": len(lines),
            "decisions_stored": len(stored),
            "claimed_not_stored": len(claimed),
            "holds_claimed_not_stored": len(holds),
            "lost": 0,
        }

    def final(self, url: str, ref: dict[str, Any]) -> dict[str, Any]:
        rows = self.state(url)
        counts = Counter(i for i, _ in rows)
        return {
            "resumed_equal": {i: d for i, d in rows} == ref["decisions"],
            "duplicates": sum(n - 1 for n in counts.values()),
        }


def _env(url: str) -> dict[str, str]:
    return dict(os.environ, REDTRACE_DB=url, PYTHONPATH=str(ROOT))


# -- the runs ---------------------------------------------------------------------------------


def run_scenario(
    scenario: Any,
    st: Stores,
    runs: int,
    seed: int,
    delays: list[float] | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Prepare, measure a clean run, then ``runs`` kills (at ``delays`` fractions of the clean
    run time, or random ones). Returns the per-run rows and totals."""
    rng = random.Random(seed)
    kind = st.kind
    with tempfile.TemporaryDirectory(prefix="redtrace-kills-") as tmp:
        work = Path(tmp)
        base_url = st.fresh()
        scenario.prepare(base_url, work)
        base = scenario.reference(base_url, work / "none")
        clean_url = st.copy(base_url)
        argv, out = scenario.argv(work)
        started = time.perf_counter()
        subprocess.run(argv, env=_env(clean_url), check=True, capture_output=True)
        clean_s = time.perf_counter() - started
        ref = scenario.reference(clean_url, out)
        rows = []
        for n in range(runs):
            url = st.copy(base_url)
            out.unlink(missing_ok=True)
            fraction = delays[n] if delays else rng.uniform(0.05, 1.05)
            proc = subprocess.Popen(argv, env=_env(url), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            time.sleep(clean_s * fraction)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            row = {"run": n + 1, "kill_at_s": round(clean_s * fraction, 2),
                   "killed": proc.returncode == -signal.SIGKILL}  # fmt: skip
            row.update(scenario.check(url, out, ref, base))
            subprocess.run(argv, env=_env(url), check=True, capture_output=True)
            row.update(scenario.final(url, ref))
            rows.append(row)
            progress(f"{scenario.name}/{kind} run {n + 1}: {row}")
        return {"scenario": scenario.name, "store": kind, "clean_run_s": round(clean_s, 2),
                "reference": _summary(ref), "runs": rows, "totals": _totals(rows)}  # fmt: skip


def _summary(ref: dict[str, Any]) -> dict[str, int]:
    if "alerts" in ref:
        return {"alerts": sum(len(v) for v in ref["alerts"].values())}
    return {"decisions": len(ref["decisions"])}


def _totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "runs": len(rows),
        "killed_mid_run": sum(1 for r in rows if r["killed"]),
        "lost": sum(r["lost"] for r in rows),
        "claimed_not_stored": sum(r["claimed_not_stored"] for r in rows),
        "not_resumed_equal": sum(1 for r in rows if not r["resumed_equal"]),
        "duplicates_after_rerun": sum(r["duplicates"] for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scenario", choices=["rescreen", "orders", "all"], default="all")
    parser.add_argument("--store", choices=["duckdb", "postgresql", "all"], default="duckdb")
    parser.add_argument("--orders", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    scenarios = {"rescreen": Rescreen(), "orders": Orders(args.orders)}
    chosen = list(scenarios) if args.scenario == "all" else [args.scenario]
    kinds = ["duckdb", "postgresql"] if args.store == "all" else [args.store]
    results = []
    for name in chosen:
        for kind in kinds:
            with tempfile.TemporaryDirectory() as tmp, stores(kind, Path(tmp)) as st:
                results.append(run_scenario(scenarios[name], st, args.runs, args.seed,
                                            progress=lambda m: print(m, file=sys.stderr)))  # fmt: skip
            OUT.parent.mkdir(parents=True, exist_ok=True)
            OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    header = ("scenario", "store", "clean_s", "runs", "killed", "lost", "claimed_not_stored",
              "not_resumed", "dupes_after_rerun")  # fmt: skip
    print("  ".join(header))
    for r in results:
        t = r["totals"]
        print("  ".join(str(x) for x in (r["scenario"], r["store"], r["clean_run_s"], t["runs"],
              t["killed_mid_run"], t["lost"], t["claimed_not_stored"], t["not_resumed_equal"],
              t["duplicates_after_rerun"])))  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
