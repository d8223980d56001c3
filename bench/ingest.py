"""Ingestion benchmark: gazetteer linking throughput and list-link precision on the seeds.

Builds the gazetteer from the bundled lists, links the three seed articles, and times
linking on a large text made of the seeds repeated (about 5 MB). Target (issue #7): at least
1 MB of text per second for gazetteer linking; list-link precision >= 0.95 (the seeds' links
are checked by hand in tests/ingest). Writes bench/results/ingest.json.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from redtrace.ingest import Gazetteer, extract, read
from redtrace.ingest.read import Document
from redtrace.lists.load import parse_paths
from redtrace.screen.matcher import Matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "docs" / "seeds"
OUT = Path(__file__).parent / "results" / "ingest.json"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.duckdb") as store:
        for path in sorted(p for p in SNAPSHOT_DIR.iterdir() if not p.name.endswith(".md")):
            for item in parse_paths([path])[0]:
                store.load(item)
        t0 = time.perf_counter()
        gazetteer = Gazetteer(Matcher.from_store(store))
        build = time.perf_counter() - t0
    seeds = [read(p) for p in sorted(SEEDS.iterdir())]
    links = [f for d in seeds for f in extract(d, gazetteer) if f["schema"] == "Mention"]
    text = "\n\n".join(d.text for d in seeds)
    big = Document("bench", "0" * 64, "text", "bench", (text + "\n\n") * (5_000_000 // len(text)))
    t1 = time.perf_counter()
    matches = gazetteer.find(big.text)
    elapsed = time.perf_counter() - t1
    mb = len(big.text.encode()) / 1e6
    result = {"gazetteer_build_s": round(build, 1), "text_mb": round(mb, 1), "linking_s": round(elapsed, 2),
              "mb_per_s": round(mb / elapsed, 2), "hits": len(matches),
              "seed_list_links": sorted({f["surface"] for f in links}), "target_mb_per_s": 1.0}  # fmt: skip
    for key, value in result.items():
        print(f"{key:20} {value}")
    OUT.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
