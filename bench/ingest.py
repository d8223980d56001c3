"""Ingestion benchmark: precision and recall of list links, and gazetteer throughput.

Builds the gazetteer from the bundled lists and links three sets of documents against
hand-made gold (which surface must link to which list reference, which must not link):
the three seed articles; our own news-style documents in English, Turkish, Arabic and Greek
(tests/fixtures/documents, the set the linking rules were written against); and a held-out
set in the same four languages written after those rules were frozen. Then times linking on
a large text made of the seeds repeated (about 5 MB). Targets (issue #7): list-link
precision >= 0.95; at least 1 MB of text per second. Writes bench/results/ingest.json.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from redtrace.ingest import Gazetteer, extract, read
from redtrace.ingest.evaluate import LinkScore, score_links
from redtrace.ingest.read import Document
from redtrace.lists.load import parse_paths
from redtrace.service import build_matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = next((p for p in (ROOT.parent / "shared" / "docs" / "seeds",
                          ROOT / "tests" / "fixtures" / "shared" / "docs" / "seeds") if p.is_dir()),
             ROOT / "tests" / "fixtures" / "shared" / "docs" / "seeds")  # fmt: skip
DOCS = ROOT / "tests" / "fixtures" / "documents"
OUT = Path(__file__).parent / "results" / "ingest.json"
SETS = (("seeds", SEEDS, DOCS / "seeds_gold.json"), ("own", DOCS, DOCS / "gold.json"),
        ("held-out", DOCS / "heldout", DOCS / "heldout" / "gold.json"))  # fmt: skip


def link_scores(gazetteer: Gazetteer) -> dict[str, dict[str, object]]:
    """Precision and recall of list links per set and, for our own documents, per language."""
    rows: dict[str, LinkScore] = {}
    for name, folder, gold_path in SETS:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for file, items in gold.items():
            if file.startswith("_"):
                continue
            doc = read(folder / file)
            score = score_links(doc.text, extract(doc, gazetteer), items)
            keys = [name, "all"] + ([f"{name}:{file[:2]}"] if name != "seeds" else [])
            for key in keys:
                rows.setdefault(key, LinkScore()).add(score)
    print(
        f"{'set':14} {'links':>5} {'correct':>7} {'gold':>4} {'found':>5} {'precision':>9} {'recall':>6}"
    )
    for key, sc in rows.items():
        print(
            f"{key:14} {sc.predicted:5} {sc.correct:7} {sc.gold:4} {sc.found:5} {sc.precision:9.3f} {sc.recall:6.3f}"
        )
    for key, sc in rows.items():
        if key in ("all",):
            for item in sc.false_links:
                print(f"  false link: {item}")
            for item in sc.missed:
                print(f"  missed:     {item}")
    return {k: {"links": v.predicted, "correct": v.correct, "gold": v.gold, "found": v.found,
                "precision": round(v.precision, 3), "recall": round(v.recall, 3),
                "false_links": v.false_links, "missed": v.missed} for k, v in rows.items()}  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.duckdb") as store:
        for path in sorted(p for p in SNAPSHOT_DIR.iterdir() if not p.name.endswith(".md")):
            for item in parse_paths([path])[0]:
                store.load(item)
        t0 = time.perf_counter()
        gazetteer = Gazetteer(build_matcher(store))
        build = time.perf_counter() - t0
    scores = link_scores(gazetteer)
    seeds = [read(p) for p in sorted(SEEDS.iterdir())]
    text = "\n\n".join(d.text for d in seeds)
    big = Document("bench", "0" * 64, "text", "bench", (text + "\n\n") * (5_000_000 // len(text)))
    t1 = time.perf_counter()
    matches = gazetteer.find(big.text)
    elapsed = time.perf_counter() - t1
    mb = len(big.text.encode()) / 1e6
    # Everything ingestion does (list links, organisations, persons, places, goods,
    # relations) on the first fifth of that text.
    part = Document("bench", "0" * 64, "text", "bench", big.text[: len(big.text) // 5])
    t2 = time.perf_counter()
    facts = extract(part, gazetteer)
    full_s = time.perf_counter() - t2
    part_mb = len(part.text.encode()) / 1e6
    result = {"gazetteer_build_s": round(build, 1), "text_mb": round(mb, 1), "linking_s": round(elapsed, 2),
              "extract_mb": round(part_mb, 1), "extract_s": round(full_s, 2),
              "extract_mb_per_s": round(part_mb / full_s, 2), "extract_facts": len(facts),
              "mb_per_s": round(mb / elapsed, 2), "hits": len(matches),
              "target_mb_per_s": 1.0, "target_precision": 0.95}  # fmt: skip
    for key, value in result.items():
        print(f"{key:20} {value}")
    OUT.write_text(json.dumps({**result, "list_links": scores}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
