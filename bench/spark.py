"""Spark engine against the local engine, on all bundled lists.

Generates N customer records (company names recombined from the SEC issuer list, person
names from bench/names/person_names.csv, 0.1 % listed names planted in other spellings),
then screens them with: the local engine on 1 and 2 processes; Spark local[1] and local[2]
with the matcher broadcast (Arrow batches); Spark local[2] with the matcher rebuilt on each
executor from a Parquet export of the lists; Spark local[2] over an RDD of per-row Python
objects instead of Arrow batches. Each run is its own process; its peak memory (PSS of the
driver, of the JVM, of the largest Python worker) is sampled from /proc. Every run's output
must equal the local engine's byte for byte, and every planted name must be found.

Run from the repository root: python bench/spark.py [--rows 100000] [--runs all]
Writes bench/results/spark.json (and spark-<rows>.json).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
WORK = Path(tempfile.gettempdir()) / "redtrace-bench-spark"
STORE = WORK / "lists.duckdb"
# ../shared beside the checkout (REDTRACE_SHARED to name another).
SHARED = Path(os.environ.get("REDTRACE_SHARED") or next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared"))  # fmt: skip
SEC = SHARED / "data" / "customers" / "sec_company_tickers.json"
PERSONS = ROOT / "bench" / "names" / "person_names.csv"
OPTIONS = {"dataset": "default", "threshold": 0.7, "cutoff": 0.5, "limit": 5}
RUNS = {
    "local-1": ("local", 1, "broadcast", "arrow"),
    "local-2": ("local", 2, "broadcast", "arrow"),
    "spark-1-broadcast": ("spark", 1, "broadcast", "arrow"),
    "spark-2-broadcast": ("spark", 2, "broadcast", "arrow"),
    "spark-2-parquet": ("spark", 2, "parquet", "arrow"),
    "spark-2-rdd": ("spark", 2, "broadcast", "rdd"),
}


# -- the store and the input ---------------------------------------------------------------


def build_store() -> None:
    from redtrace.lists.load import parse_paths
    from redtrace.settings import SNAPSHOT_DIR
    from redtrace.store import Store

    if STORE.exists():
        return
    WORK.mkdir(parents=True, exist_ok=True)
    with Store(STORE) as store:
        for path in sorted(p for p in SNAPSHOT_DIR.iterdir() if not p.name.endswith(".md")):
            parsed, errors = parse_paths([path])
            assert not errors, errors
            for item in parsed:
                store.load(item)


def _perturb(name: str, rng: random.Random) -> str:
    """Another spelling: a letter dropped or doubled, two swapped, case or word order."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    kind = rng.randrange(4)
    if kind == 0 and len(w) > 4:
        i = rng.randrange(1, len(w) - 1)
        words[longest] = w[:i] + w[i + 1 :]
    elif kind == 1 and len(w) > 3:
        i = rng.randrange(1, len(w) - 2)
        words[longest] = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif kind == 2 and len(words) > 1:
        words = words[1:] + words[:1]
    else:
        words[longest] = w + w[-1]
    out = " ".join(words)
    return out.lower() if rng.random() < 0.5 else out.title()


def make_input(rows: int, path: Path) -> list[dict[str, Any]]:
    """N realistic customer lines; returns the planted ones with the list entry they are."""
    from redtrace.screen import Matcher
    from redtrace.service import build_matcher
    from redtrace.store import Store

    rng = random.Random(20261202)
    titles = sorted({v["title"] for v in json.loads(SEC.read_text()).values()})
    cultures: dict[str, dict[str, list[str]]] = {}
    for line in PERSONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        culture, kind, *names = line.split(",")
        cultures.setdefault(culture, {})[kind] = names
    people = [(c["first"], c["last"]) for c in cultures.values() if "first" in c and "last" in c]
    with Store(STORE, read_only=True) as store:
        matcher: Matcher = build_matcher(store)
        listed = [(r["caption"], r["schema"]) for name in store.datasets()
                  for r in store.records(name)
                  if r["schema"] in ("Person", "Organization", "Company")
                  and len(r["caption"]) >= 8]  # fmt: skip
    planted: list[dict[str, Any]] = []
    want = max(1, rows // 1000)
    while len(planted) < want:
        caption, schema = rng.choice(listed)
        exact = matcher.match({"schema": schema, "properties": {"name": [caption]}})
        top = [r for r in exact["results"] if r["match"]]
        variant = _perturb(caption, rng)
        found = matcher.match({"schema": schema, "properties": {"name": [variant]}})
        if top and any(r["id"] == top[0]["id"] and r["match"] for r in found["results"]):
            # Planted only where the exact name is found: a name the screen cannot find in
            # its own spelling says nothing about spelling variants.
            planted.append({"name": variant, "schema": schema, "expect": top[0]["id"]})
    at = set(rng.sample(range(rows), len(planted)))
    lines = []
    slots = iter(planted)
    for n in range(rows):
        if n in at:
            p = next(slots)
            p["id"] = f"c{n:07d}"
            lines.append(
                {"id": p["id"], "schema": p["schema"], "properties": {"name": [p["name"]]}}
            )
            continue
        if n % 2:
            a, b = rng.choice(titles).split(), rng.choice(titles).split()
            words = a[: max(1, len(a) // 2)] + b[len(b) // 2 :] if rng.random() < 0.7 else a
            name = " ".join(words)
            lines.append({"id": f"c{n:07d}", "schema": "Company", "properties": {"name": [name]}})
        else:
            firsts, lasts = rng.choice(people)
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if rng.random() < 0.2:
                name = f"{rng.choice(firsts)} {name}"
            lines.append({"id": f"c{n:07d}", "schema": "Person", "properties": {"name": [name]}})
    path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    return planted


# -- one run, in its own process -----------------------------------------------------------


class _Sink:
    """Output kept as a digest (and the planted lines' answers)."""

    def __init__(self, watch: set[str]) -> None:
        self.digest = hashlib.sha256()
        self.watch = watch
        self.seen: dict[str, bytes] = {}

    def write(self, line: bytes) -> int:
        self.digest.update(line)
        for part in line.splitlines():
            if part[7:15].decode(errors="ignore") in self.watch:  # b'{"id":"c0000123"'
                self.seen[part[7:15].decode()] = part
        return len(line)

    def flush(self) -> None:
        return None


def _lines_sink(lines: list[bytes], watch: set[str]) -> _Sink:
    sink = _Sink(watch)
    for line in lines:
        sink.write(line)
    return sink


def _rdd_answers(spark: Any, source: str, index: Any, target: Path) -> None:
    """The per-row alternative: an RDD of (line, number) tuples, one Python object a row."""
    from redtrace.screen import answer_line

    def partition(rows: Any) -> Any:
        matcher = index.load()
        for line, position in rows:
            if line.strip():
                out, _ = answer_line(position + 1, line, matcher, OPTIONS)
                yield out[:-1].decode()

    lines = spark.sparkContext.textFile(
        source, minPartitions=spark.sparkContext.defaultParallelism * 4
    )
    lines.zipWithIndex().mapPartitions(partition).saveAsTextFile(str(target))


def one(name: str, source: Path, watch: set[str]) -> dict[str, Any]:
    engine, cores, index_kind, transport = RUNS[name]
    from redtrace.service import build_matcher
    from redtrace.store import Store

    out: dict[str, Any] = {"run": name, "engine": engine, "cores": cores, "index": index_kind,
                           "transport": transport}  # fmt: skip
    started = time.perf_counter()
    if engine == "local":
        from redtrace.screen import run_batch

        with Store(STORE, read_only=True) as store:
            matcher = build_matcher(store)
        out["index_seconds"] = round(time.perf_counter() - started, 2)
        sink = _Sink(watch)
        t0 = time.perf_counter()
        with source.open(encoding="utf-8") as handle:
            run_batch(matcher, handle, sink, OPTIONS, workers=cores)  # type: ignore[arg-type]
        out["screen_seconds"] = round(time.perf_counter() - t0, 2)
    else:
        from redtrace.spark import BroadcastIndex, ParquetIndex, read_export, run, session

        spark = session(f"local[{cores}]", memory="4g")
        with tempfile.TemporaryDirectory(prefix="redtrace-bench-") as tmp:
            scratch = Path(tmp)
            t0 = time.perf_counter()
            with Store(STORE, read_only=True) as store:
                if index_kind == "parquet":
                    index: Any = ParquetIndex(spark, store, scratch, build_config())
                else:
                    matcher = build_matcher(store)
                    index = BroadcastIndex(spark, matcher)
            out["index_seconds"] = round(time.perf_counter() - t0, 2)
            out["index_mb"] = round(index.bytes / 1e6, 1)
            # What one executor pays to have its matcher, measured here on the same code.
            t1 = time.perf_counter()
            if index_kind == "parquet":
                from pyspark import SparkFiles

                read_export(SparkFiles.get(index.name), index.datasets, index.config)
            else:
                pickle.loads(pickle.dumps(matcher, protocol=5))
            out["executor_load_seconds"] = round(time.perf_counter() - t1, 2)
            t0 = time.perf_counter()
            if transport == "rdd":
                target = scratch / "rdd"
                _rdd_answers(spark, str(source), index, target)
                parts = sorted(target.glob("part-*"))
                sink = _lines_sink([p.read_bytes() for p in parts], watch)
            else:
                sink = _Sink(watch)
                summary = run(spark, str(source), index, OPTIONS, out=sink,  # type: ignore[arg-type]
                              scratch=scratch)  # fmt: skip
                out["summary"] = {k: v for k, v in summary.to_dict().items() if k != "datasets"}
            out["screen_seconds"] = round(time.perf_counter() - t0, 2)
        spark.stop()
    out["sha256"] = sink.digest.hexdigest()
    out["planted_lines"] = {k: v.decode() for k, v in sink.seen.items()}
    return out


def build_config() -> Any:
    from redtrace.service import scorer_config

    return scorer_config()


# -- memory of a run's process tree ------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _kind(pid: int, root: int) -> str:
    if pid == root:
        return "driver"
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return "other"
    if b"java" in cmd:
        return "jvm"
    return "python_worker"


def sample(root: int, peaks: dict[str, float], stop: threading.Event) -> None:
    while not stop.wait(0.5):
        tree = _children()
        todo, seen = [root], []
        while todo:
            pid = todo.pop()
            seen.append(pid)
            todo += tree.get(pid, [])
        workers = 0.0
        for pid in seen:
            kind = _kind(pid, root)
            pss = _pss_mb(pid)
            if kind == "python_worker":
                workers += pss
                peaks["largest_python_worker_mb"] = max(
                    peaks.get("largest_python_worker_mb", 0), pss
                )
            else:
                peaks[f"{kind}_mb"] = max(peaks.get(f"{kind}_mb", 0), pss)
        peaks["all_python_workers_mb"] = max(peaks.get("all_python_workers_mb", 0), workers)


def measure(name: str, source: Path, watch: Path) -> dict[str, Any]:
    result = WORK / f"{name}.json"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--one", name, "--source", str(source),
                             "--watch", str(watch), "--result", str(result)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    peaks: dict[str, float] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=sample, args=(proc.pid, peaks, stop), daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{name} failed: {err.decode()[-3000:]}")
    out: dict[str, Any] = json.loads(result.read_text())
    out["wall_seconds"] = round(time.perf_counter() - t0, 2)
    out["peak_pss_mb"] = {k: round(v) for k, v in peaks.items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", default="all", help="comma-separated: " + ",".join(RUNS))
    parser.add_argument("--one")
    parser.add_argument("--source")
    parser.add_argument("--watch")
    parser.add_argument("--result")
    args = parser.parse_args()
    if args.one:
        watch = set(json.loads(Path(args.watch).read_text()))
        Path(args.result).write_text(json.dumps(one(args.one, Path(args.source), watch)))
        return
    build_store()
    source = WORK / f"customers-{args.rows}.jsonl"
    planted_path = WORK / f"planted-{args.rows}.json"
    if not source.exists() or not planted_path.exists():
        planted = make_input(args.rows, source)
        planted_path.write_text(json.dumps(planted))
    planted = json.loads(planted_path.read_text())
    watch = WORK / f"watch-{args.rows}.json"
    watch.write_text(json.dumps([p["id"] for p in planted]))
    names = list(RUNS) if args.runs == "all" else args.runs.split(",")
    runs = []
    for name in names:
        r = measure(name, source, watch)
        answers = {k: orjson.loads(v) for k, v in r.pop("planted_lines").items()}
        r["planted_found"] = sum(
            any(
                x["id"] == p["expect"] and x["match"]
                for x in answers.get(p["id"], {}).get("results", [])
            )
            for p in planted
        )
        r["rows_per_s"] = round(args.rows / r["screen_seconds"])
        r["rows_per_s_per_core"] = round(r["rows_per_s"] / r["cores"])
        runs.append(r)
        print(f"{name}: {r['screen_seconds']} s, {r['rows_per_s']} rows/s", file=sys.stderr)
    base = {r["cores"]: r for r in runs if r["engine"] == "local"}
    digest = runs[0]["sha256"]
    for r in runs:
        r["same_output_as_first"] = r["sha256"] == digest
        local = base.get(r["cores"])
        if local and r is not local:
            r["overhead_vs_local"] = round(r["screen_seconds"] / local["screen_seconds"] - 1, 3)
    ones = {r["run"]: r for r in runs}
    speedups = {}
    for a, b in (("local-1", "local-2"), ("spark-1-broadcast", "spark-2-broadcast")):
        if a in ones and b in ones:
            speedups[f"{a} -> {b}"] = round(
                ones[a]["screen_seconds"] / ones[b]["screen_seconds"], 2
            )
    header = (f"{'run':<18} {'cores':>5} {'index MB':>8} {'exec load s':>11} {'screen s':>9} "
              f"{'rows/s':>7} {'/core':>6} {'overhead':>8} {'worker MB':>9} {'jvm MB':>7} "
              f"{'planted':>8} {'same':>5}")  # fmt: skip
    print(f"{args.rows} rows, {len(planted)} planted; load average {os.getloadavg()[0]:.1f}")
    print(header)
    for r in runs:
        mem = r["peak_pss_mb"]
        print(f"{r['run']:<18} {r['cores']:>5} {r.get('index_mb', '-'):>8} "
              f"{r.get('executor_load_seconds', '-'):>11} {r['screen_seconds']:>9} "
              f"{r['rows_per_s']:>7} {r['rows_per_s_per_core']:>6} "
              f"{r.get('overhead_vs_local', '-'):>8} "
              f"{mem.get('largest_python_worker_mb', mem.get('driver_mb', 0)):>9} "
              f"{mem.get('jvm_mb', '-'):>7} {r['planted_found']:>4}/{len(planted):<3} "
              f"{'yes' if r['same_output_as_first'] else 'NO':>5}")  # fmt: skip
    for k, v in speedups.items():
        print(f"speed-up {k}: {v}x")
    report = {"benchmark": "spark engine vs local engine", "rows": args.rows,
              "planted": len(planted), "cpu_count": os.cpu_count(),
              "load_average_at_end": os.getloadavg(), "speedups": speedups, "runs": runs}  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"spark-{args.rows}.json").write_text(json.dumps(report, indent=2))
    (RESULTS / "spark.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
