"""Name-screening benchmark: redtrace vs nomenklatura's algorithms vs rapidfuzz brute force.

Run from the repository root: python bench/names/run.py [--sample N]
All lists bundled with redtrace are indexed. Every peer is run in this process on the same
cases; nomenklatura scores the same candidates that redtrace's index retrieves (top 20), as
yente would score what its search returns. Writes bench/results/names.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from cases import NON_LATIN, SEED, Case, build

from redtrace.screen.batch import run as run_batch
from redtrace.screen.index import Index
from redtrace.screen.matcher import PARTY_SCHEMATA, Matcher
from redtrace.screen.party import Party
from redtrace.screen.query import Query

OUT = Path(__file__).parents[1] / "results" / "names.json"
PEER_THRESHOLD = 0.7  # yente's default match threshold
RAPIDFUZZ_THRESHOLD = 90


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_matchers(
    records: list[tuple[str, dict[str, Any]]],
) -> tuple[Matcher, Matcher, float, float]:
    before = rss_mb()
    t0 = time.perf_counter()
    parties = [Party(ds, rec) for ds, rec in records if rec["schema"] in PARTY_SCHEMATA]
    full = Matcher(Index(parties), [])
    build_s = time.perf_counter() - t0
    index_mb = rss_mb() - before
    latin = [Party(ds, rec) for ds, rec in records if rec["schema"] in PARTY_SCHEMATA]
    for p in latin:
        p.names = [n for n in p.names if not NON_LATIN.search(n[0].original)]
    return full, Matcher(Index(latin), []), build_s, index_mb


def hit(results: list[dict[str, Any]], case: Case) -> bool:
    expected = set(case.expect)
    return any(
        r["match"] and expected & {(x["dataset"], x["ref"]) for x in r["list_refs"]}
        for r in results
    )


def evaluate_redtrace(
    full: Matcher, latin: Matcher, cases: list[Case]
) -> tuple[list[bool], list[float]]:
    outcomes, latencies = [], []
    for case in cases:
        matcher = latin if case.latin_only else full
        t0 = time.perf_counter()
        response = matcher.match(case.query, dataset=case.dataset, limit=10)
        latencies.append(time.perf_counter() - t0)
        results = response.get("results", [])
        outcomes.append(hit(results, case) if case.expect else any(r["match"] for r in results))
    return outcomes, latencies


def throughput(full: Matcher, cases: list[Case], workers: int) -> float:
    lines = [orjson.dumps({"id": str(i), **c.query}).decode() for i, c in enumerate(cases)]
    out = io.BytesIO()
    t0 = time.perf_counter()
    run_batch(full, lines, out, {"dataset": "default", "limit": 5}, workers=workers)
    return len(lines) / (time.perf_counter() - t0)


def to_proxy(party: Party, latin_only: bool) -> Any:
    from followthemoney import model

    proxy = model.make_entity(party.schema)
    proxy.id = party.id
    for prop, values in party.properties.items():
        if latin_only and prop in ("name", "alias", "weakAlias", "previousName"):
            values = [v for v in values if not NON_LATIN.search(v)]
        proxy.add(prop, values, quiet=True)
    return proxy


def query_proxy(case: Case, number: int) -> Any:
    from followthemoney import model

    proxy = model.make_entity(
        case.query["schema"] if case.query["schema"] != "Thing" else "LegalEntity"
    )
    # Unique ids: nomenklatura's algorithms cache what they derive from an entity by its id.
    proxy.id = f"query-{number}"
    for prop, values in case.query["properties"].items():
        proxy.add(prop, values, quiet=True)
    return proxy


def evaluate_nomenklatura(
    full: Matcher, latin: Matcher, sample: list[Case], algorithms: list[str]
) -> dict[str, Any]:
    from nomenklatura.matching import get_algorithm

    prepared = []
    for number, case in enumerate(sample):
        matcher = latin if case.latin_only else full
        query = Query(case.query)
        cands = matcher.index.candidates(query.names, limit=20)
        parties = [
            p
            for p in cands
            if case.dataset == "default" or matcher.index.parties[p].dataset == case.dataset
        ]
        prepared.append(
            (
                case,
                query_proxy(case, number),
                [
                    (matcher.index.parties[p], to_proxy(matcher.index.parties[p], case.latin_only))
                    for p in parties
                ],
            )
        )
    out: dict[str, Any] = {}
    for name in algorithms:
        algo = get_algorithm(name)
        assert algo is not None
        config = algo.default_config()
        algo.compare(prepared[0][1], prepared[0][1], config)  # warm-up: loads its data
        outcomes, best_scores = [], []
        t0 = time.perf_counter()
        for case, qproxy, cands in prepared:
            scores = []
            for party, cproxy in cands:
                score = algo.compare(qproxy, cproxy, config).score
                scores.append((score, party))
            if case.expect:
                expected = set(case.expect)
                good = [
                    s
                    for s, p in scores
                    if expected & {(x["dataset"], x["ref"]) for x in p.list_refs}
                ]
                best_scores.append(max(good, default=0.0))
                outcomes.append(max(good, default=0.0) >= PEER_THRESHOLD)
            else:
                top = max((s for s, _ in scores), default=0.0)
                best_scores.append(top)
                outcomes.append(top >= PEER_THRESHOLD)
        elapsed = time.perf_counter() - t0
        out[name] = {
            "outcomes": outcomes,
            "scores": best_scores,
            "queries_per_s": len(prepared) / elapsed,
        }
    return out


def evaluate_rapidfuzz(
    records: list[tuple[str, dict[str, Any]]], sample: list[Case]
) -> dict[str, Any]:
    from rapidfuzz import fuzz, process, utils

    names: dict[str, list[tuple[str, list[tuple[str, str]]]]] = defaultdict(list)
    for ds, rec in records:
        if rec["schema"] not in PARTY_SCHEMATA:
            continue
        refs = [(r["dataset"], r["ref"]) for r in rec["list_refs"]]
        for prop in ("name", "alias", "weakAlias", "previousName"):
            for n in rec["properties"].get(prop, []):
                names[ds].append((n, refs))
                names["default"].append((n, refs))
    choices = {ds: [utils.default_process(n) for n, _ in rows] for ds, rows in names.items()}
    outcomes, scores = [], []
    t0 = time.perf_counter()
    for case in sample:
        rows, texts = names[case.dataset], choices[case.dataset]
        if case.latin_only:
            keep = [i for i, (n, _) in enumerate(rows) if not NON_LATIN.search(n)]
        else:
            keep = None
        query = utils.default_process(case.query["properties"]["name"][0])
        pool = texts if keep is None else [texts[i] for i in keep]
        found = process.extract(
            query,
            pool,
            scorer=fuzz.WRatio,
            processor=None,
            limit=10,
            score_cutoff=RAPIDFUZZ_THRESHOLD,
        )
        refs = [rows[i if keep is None else keep[i]][1] for _, _, i in found]
        ok = any(set(case.expect) & set(r) for r in refs) if case.expect else bool(found)
        outcomes.append(ok)
        scores.append(found[0][1] / 100 if found else 0.0)
    elapsed = time.perf_counter() - t0
    return {"outcomes": outcomes, "scores": scores, "queries_per_s": len(sample) / elapsed}


def summarise(cases: list[Case], outcomes: list[bool]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for case, ok in zip(cases, outcomes, strict=True):
        groups[case.group].append(ok)
        kind = (
            "all negatives"
            if not case.expect
            else (
                "all cross-list"
                if case.group.startswith("cross")
                else "all script"
                if case.group.startswith("script")
                else "all perturbations"
            )
        )
        groups[kind].append(ok)
    out = {}
    for group, oks in sorted(groups.items()):
        rate = sum(oks) / len(oks)
        negative = group.startswith(("negative", "all negatives"))
        out[group] = {"n": len(oks), ("false_alert_rate" if negative else "recall"): round(rate, 4)}
    return out


def stratified(cases: list[Case], per_group: int, negatives: int, rng: random.Random) -> list[Case]:
    by_group: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_group[c.group].append(c)
    sample: list[Case] = []
    neg = [c for c in cases if not c.expect]
    for _group, items in sorted(by_group.items()):
        if items[0].expect:
            sample.extend(rng.sample(items, min(per_group, len(items))))
    sample.extend(rng.sample(neg, min(negatives, len(neg))))
    return sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=120, help="positives per group for peers")
    parser.add_argument("--negatives", type=int, default=1500, help="negatives for peers")
    parser.add_argument(
        "--algorithms", default="logic-v1,logic-v2,name-qualified,name-based,regression-v1"
    )
    args = parser.parse_args()
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    records, cases = build()
    print(
        f"{len(cases)} cases from {len(records)} list entities ({time.perf_counter() - t0:.1f} s)"
    )
    full, latin, build_s, index_mb = make_matchers(records)
    print(
        f"index: {len(full.index.names)} names of {len(full.index.parties)} entities, built in {build_s:.1f} s, ~{index_mb:.0f} MB"
    )

    outcomes, latencies = evaluate_redtrace(full, latin, cases)
    lat_ms = sorted(x * 1000 for x in latencies)
    p50, p99 = lat_ms[len(lat_ms) // 2], lat_ms[int(len(lat_ms) * 0.99)]
    redtrace_summary = summarise(cases, outcomes)
    batch_cases = [c for c in cases if not c.latin_only][:6000]
    qps1 = throughput(full, batch_cases, 1)
    qps2 = throughput(full, batch_cases, os.cpu_count() or 2)

    sample = stratified(cases, args.sample, args.negatives, rng)
    index_of = {id(c): i for i, c in enumerate(cases)}
    redtrace_sample = [outcomes[index_of[id(c)]] for c in sample]
    t1 = time.perf_counter()
    for c in sample:
        (latin if c.latin_only else full).match(c.query, dataset=c.dataset, limit=10)
    redtrace_sample_qps = len(sample) / (time.perf_counter() - t1)
    peers: dict[str, Any] = {
        "redtrace": {"outcomes": redtrace_sample, "queries_per_s": redtrace_sample_qps}
    }
    peers.update(
        {
            f"nomenklatura {k}": v
            for k, v in evaluate_nomenklatura(
                full, latin, sample, args.algorithms.split(",")
            ).items()
        }
    )
    peers["rapidfuzz WRatio>=90 brute force"] = evaluate_rapidfuzz(records, sample)

    print("\nredtrace on all cases (threshold 0.7)")
    print(f"{'group':42} {'n':>6} {'recall':>8} {'false alerts':>13}")
    for group, row in redtrace_summary.items():
        print(
            f"{group:42} {row['n']:6} {row.get('recall', ''):>8} {row.get('false_alert_rate', ''):>13}"
        )
    print(
        f"\nsingle query latency: p50 {p50:.2f} ms, p99 {p99:.2f} ms; batch: {qps1:.0f} q/s on 1 process, {qps2:.0f} q/s on {os.cpu_count()}"
    )

    print(
        f"\nside by side on a stratified sample ({len(sample)} cases; peers at threshold {PEER_THRESHOLD})"
    )
    peer_rows = {}
    header = f"{'system':36} {'cross-list':>10} {'script':>8} {'perturb':>8} {'false alerts':>13} {'queries/s':>10}"
    print(header)
    for name, res in peers.items():
        summary = summarise(sample, res["outcomes"])
        row = {
            "cross_list_recall": summary["all cross-list"]["recall"],
            "script_recall": summary["all script"]["recall"],
            "perturbation_recall": summary["all perturbations"]["recall"],
            "false_alert_rate": summary["all negatives"]["false_alert_rate"],
            "queries_per_s": round(res["queries_per_s"], 1),
            "groups": summary,
        }
        peer_rows[name] = row
        print(
            f"{name:36} {row['cross_list_recall']:10.4f} {row['script_recall']:8.4f} {row['perturbation_recall']:8.4f} {row['false_alert_rate']:13.4f} {row['queries_per_s']:10.1f}"
        )
    # Each nomenklatura algorithm at the threshold that gives redtrace's false-alert rate.
    fair = {}
    target_far = peer_rows["redtrace"]["false_alert_rate"]
    for name, res in peers.items():
        if "scores" not in res or not name.startswith("nomenklatura"):
            continue
        neg = sorted(
            (s for c, s in zip(sample, res["scores"], strict=True) if not c.expect), reverse=True
        )
        allowed = int(target_far * len(neg))
        thr = (neg[allowed] + 1e-9) if allowed < len(neg) else 0.0
        pos = [s for c, s in zip(sample, res["scores"], strict=True) if c.expect]
        fair[name] = {
            "threshold": round(thr, 4),
            "recall": round(sum(s >= thr for s in pos) / len(pos), 4),
        }
    red_pos = [o for c, o in zip(sample, peers["redtrace"]["outcomes"], strict=True) if c.expect]
    print(
        f"\nat redtrace's false-alert rate ({target_far}): redtrace recall {sum(red_pos) / len(red_pos):.4f}; "
        + "; ".join(f"{k} recall {v['recall']} (thr {v['threshold']})" for k, v in fair.items())
    )

    result = {
        "benchmark": "names",
        "cases": len(cases),
        "index": {
            "names": len(full.index.names),
            "entities": len(full.index.parties),
            "build_s": round(build_s, 2),
            "memory_mb": round(index_mb),
        },
        "redtrace": {
            "threshold": 0.7,
            "groups": redtrace_summary,
            "latency_ms": {"p50": round(p50, 3), "p99": round(p99, 3)},
            "batch_qps": {"1": round(qps1), str(os.cpu_count()): round(qps2)},
        },
        "side_by_side": {
            "sample": len(sample),
            "peer_threshold": PEER_THRESHOLD,
            "systems": peer_rows,
            "at_equal_false_alert_rate": fair,
        },
        "peak_rss_mb": round(rss_mb()),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))
    print(f"\nwritten {OUT}")


if __name__ == "__main__":
    main()
