"""Continuous monitoring at scale: reverse delta screening of a million watched parties.

1. N watched parties (default 1,000,000) generated from real name sources: persons from the
   given names and surnames that the OFAC SDN and UN lists' person entries carry, recombined
   (so many are near namesakes of listed people: the hard case); companies from the SEC's
   company register titles (../shared/data/customers), their words recombined with legal
   forms. Planted among them: 20 spellings (5 each) of the 4 parties the 2026-02 UN list adds.
2. Parties indexed once (``parties load`` path: keys written with the parties).
3. UN 2026-01-28 -> 2026-02 loaded; measured: from the end of the load to the last alert
   stored (target <= 10 s), planted parties alerted, and forward screening of every party on
   the same delta gives the same alerts.
4. OFAC SDN 2019-01 -> 2021-07 (thousands of changed entries): time and alerts; forward
   screening of a sample of the parties gives the same alerts for that sample.

Run from the repository root:  python bench/monitor.py [--parties 1000000] [--store duckdb]
Writes bench/results/monitor.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redtrace import settings  # noqa: E402
from redtrace.lists.load import plan  # noqa: E402
from redtrace.screen.matcher import PARTY_SCHEMATA  # noqa: E402
from redtrace.service.monitor import (  # noqa: E402
    DeltaRun,
    reverse_rescreen,
    watch_parties,
)
from redtrace.service.rescreen import Delta, delta_matcher, party_alert  # noqa: E402
from redtrace.store import diff, open_store  # noqa: E402
from redtrace.store.watch import count_keys  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
FIX = ROOT / "tests" / "fixtures" / "shared" / "data"
LISTS = (SHARED if SHARED.is_dir() else FIX) / "lists"
UN_OLD = LISTS / "un" / "UN_consolidated_2026-01-28.xml"
UN_NEW = LISTS / "un" / "UN_consolidated_2026-02.xml"
SDN_OLD = LISTS / "ofac_sdn_csv" / "2019-01"
SDN_NEW = LISTS / "ofac_sdn_csv" / "2021-07"
SEC = SHARED / "customers" / "sec_company_tickers.json"
OUT = ROOT / "bench" / "results" / "monitor.json"
FORMS = ("Ltd", "LLC", "GmbH", "S.A.", "A.S.", "Sp. z o.o.", "SRL", "Inc.", "Co.", "")


def parse(path: Path) -> list[dict[str, Any]]:
    jobs, errors = plan([path], None)
    assert not errors, errors
    return [e.to_record() for e in jobs[0].parse().entities.values()]


def parsed_list(path: Path) -> Any:
    jobs, errors = plan([path], None)
    assert not errors, errors
    return jobs[0].parse()


def name_sources() -> tuple[list[str], list[str], list[str]]:
    firsts: set[str] = set()
    lasts: set[str] = set()
    for record in parse(SDN_NEW) + parse(UN_OLD):
        if record["schema"] != "Person":
            continue
        for name in record["properties"].get("name", []):
            words = [w for w in name.replace(",", " ").split() if w.isalpha() and len(w) > 2]
            if len(words) >= 2:
                firsts.add(words[0].title())
                lasts.add(words[-1].title())
    words: set[str] = set()
    if SEC.is_file():
        for entry in json.loads(SEC.read_text("utf-8")).values():
            words.update(w.title() for w in entry["title"].split() if w.isalpha() and len(w) > 2)
    return sorted(firsts), sorted(lasts), sorted(words) or sorted(lasts)


def planted(added: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for record in added:
        name = record["properties"]["name"][0]
        words = name.split()
        variants = [
            name.title(),
            " ".join(reversed(words)),
            name.replace("AL-", "AL ").replace("-", " "),
            " ".join(w[:-1] + w[-1].lower() * 2 if len(w) > 4 else w for w in words),
            name.replace("I", "Y", 1) if "I" in name else name.lower(),
        ]
        for i, variant in enumerate(variants):
            out.append({"id": f"planted-{i}-{record['id']}", "schema": record["schema"],
                        "properties": {"name": [variant]}})  # fmt: skip
    return out


def generate(n: int, added: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = random.Random(20261202)
    firsts, lasts, words = name_sources()
    parties = planted(added)
    for i in range(n - len(parties)):
        if i % 5 < 3:
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if rng.random() < 0.3:
                name = f"{rng.choice(firsts)} {name}"
            parties.append({"id": f"p{i}", "schema": "Person", "properties": {"name": [name]}})
        else:
            name = " ".join(rng.sample(words, rng.choice((1, 2, 2, 3))))
            form = rng.choice(FORMS)
            parties.append({"id": f"p{i}", "schema": "Company",
                            "properties": {"name": [f"{name} {form}".strip()]}})  # fmt: skip
    return parties


def alert_set(alerts: list[dict[str, Any]]) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(a["id"], a["dataset"], tuple(sorted(r["id"] for r in a["results"]))) for a in alerts}


def step(store: Any, new: Any, parties: list[dict[str, Any]], sample: int) -> dict[str, Any]:
    """Load a newer list version, then re-screen in reverse; check forward on a sample."""
    threshold, cutoff = settings.match_threshold(), settings.match_cutoff()
    started = time.perf_counter()
    store.load(new)
    loaded = time.perf_counter()
    runs: list[DeltaRun] = []
    alerts = list(reverse_rescreen(store, threshold, cutoff, [new.dataset], runs))
    done = time.perf_counter()
    run = runs[0]
    # Forward screening of a sample (every party when sample >= N) on the same delta.
    delta = _replay(store, new.dataset, run.from_version, run.to_version)
    matcher = delta_matcher(delta)
    rng = random.Random(7)
    chosen = parties if sample >= len(parties) else rng.sample(parties, sample)
    chosen_ids = {p["id"] for p in chosen}
    f_started = time.perf_counter()
    forward = [a for p in chosen
               if matcher and (a := party_alert(matcher, delta, p, threshold, cutoff))]  # fmt: skip
    f_seconds = time.perf_counter() - f_started
    reverse_sample = [a for a in alerts if a["id"] in chosen_ids]
    return {
        "dataset": new.dataset,
        "from_version": run.from_version,
        "to_version": run.to_version,
        "changed_entries": run.entries,
        "load_seconds": round(loaded - started, 2),
        "load_to_last_alert_seconds": round(done - loaded, 2),
        "parties_scored": run.candidates,
        "alerts": len(alerts),
        "planted_alerted": sorted(a["id"] for a in alerts if a["id"].startswith("planted-")),
        "forward_sample": len(chosen),
        "forward_seconds": round(f_seconds, 1),
        "forward_alerts_in_sample": len(forward),
        "same_alerts_as_forward": alert_set(forward) == alert_set(reverse_sample),
    }


def _replay(store: Any, dataset: str, base: int | None, to_version: int) -> Delta:
    """The delta that was just re-screened, rebuilt (pending_deltas skips it now)."""
    if base is None:
        return Delta(dataset, None, to_version, list(store.records(dataset, to_version)))
    records = [c.record for c in diff(store, dataset, base, to_version)
               if c.kind in ("added", "changed") and c.record is not None]  # fmt: skip
    return Delta(dataset, base, to_version, records)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000,
                        help="parties screened forward for the OFAC check (all for UN)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    un_old, un_new = parsed_list(UN_OLD), parsed_list(UN_NEW)
    old_ids = set(un_old.entities)
    added = [e.to_record() for i, e in un_new.entities.items()
             if i not in old_ids and e.to_record()["schema"] in PARTY_SCHEMATA]  # fmt: skip
    parties = generate(args.parties, added)
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "monitor.duckdb")
        with open_store(url) as store:
            store.load(un_old)
            store.load(parsed_list(SDN_OLD))
            list(reverse_rescreen(store, settings.match_threshold(), settings.match_cutoff()))  # mark the first versions screened
            started = time.perf_counter()
            for start in range(0, len(parties), 100_000):
                watch_parties(store, parties[start : start + 100_000])
            index_seconds = time.perf_counter() - started
            keys = count_keys(store)
            un = step(store, un_new, parties, len(parties))
            sdn = step(store, parsed_list(SDN_NEW), parties, args.sample)
        db_bytes = sum(p.stat().st_size for p in Path(tmp).iterdir())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "parties": len(parties),
        "planted": 20 if len(added) == 4 else len(added) * 5,
        "index_seconds": round(index_seconds, 1),
        "watch_keys": keys,
        "store_mb": round(db_bytes / 2**20, 1),
        "peak_rss_mb": round(rss_mb),
        "steps": [un, sdn],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"parties {result['parties']:,}  indexed in {result['index_seconds']} s  "
          f"keys {keys:,}  store {result['store_mb']} MB  peak RSS {result['peak_rss_mb']} MB")  # fmt: skip
    print(f"{'change':28} {'entries':>8} {'load→last alert':>16} {'scored':>8} {'alerts':>7} "
          f"{'planted':>8} {'forward sample':>15} {'same':>5}")  # fmt: skip
    for s in result["steps"]:
        change = f"{s['dataset']} v{s['from_version']}→v{s['to_version']}"
        print(f"{change:28} {s['changed_entries']:>8} {s['load_to_last_alert_seconds']:>15}s "
              f"{s['parties_scored']:>8} {s['alerts']:>7} {len(s['planted_alerted']):>8} "
              f"{s['forward_sample']:>15} {s['same_alerts_as_forward']!s:>5}")  # fmt: skip


if __name__ == "__main__":
    main()
