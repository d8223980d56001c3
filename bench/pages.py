"""Real-page linking benchmark (issue #17): precision and recall of list links on real web
pages in eight languages, with UN and OFAC SDN 2021-07 loaded (the acceptance setup).

Reads tests/fixtures/pages (63 page excerpts, gold written before the linking rules) and
reports, for the dev and held-out halves: entity-level precision and recall per language
and per list, and the negative pages that got any link. Writes bench/results/pages.json.
Targets: precision >= 0.95, recall >= 0.90, no link on a negative page, every language's
recall >= 0.8. ``--split dev`` scores one half only (tune on dev; held-out once, at the end).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from redtrace.ingest import Gazetteer, extract, read
from redtrace.ingest.evaluate import PageScore, score_entities
from redtrace.lists.load import parse_paths
from redtrace.service import build_matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "fixtures" / "pages"
OUT = Path(__file__).parent / "results" / "pages.json"
LISTS = ("un_consolidated_2026-02-27.xml.gz", "ofac_sdn_2021-07")


def gazetteer() -> Gazetteer:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "p.duckdb") as store:
        for name in LISTS:
            parsed, errors = parse_paths([SNAPSHOT_DIR / name])
            if errors:
                sys.exit(f"cannot read {name}: {errors}")
            for item in parsed:
                store.load(item)
        return Gazetteer(build_matcher(store))


def run(gaz: Gazetteer, splits: list[str]) -> dict[str, object]:
    gold = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))
    entities: dict[str, list[str]] = gold["_entities"]
    rows: dict[str, PageScore] = {}
    negatives: dict[str, list[str]] = {}
    pages = 0
    t0 = time.perf_counter()
    size = 0
    for file, meta in gold.items():
        if file.startswith("_") or meta["split"] not in splits:
            continue
        doc = read(PAGES / file)
        size += len(doc.text.encode())
        facts = extract(doc, gaz)
        pages += 1
        score = score_entities(facts, [entities[m] for m in meta["mentions"]],
                               [entities[o] for o in meta["optional"]], file)  # fmt: skip
        split = meta["split"]
        for key in (split, f"{split}:{meta['language']}", "all"):
            rows.setdefault(key, PageScore()).add(score)
        if meta["kind"] == "negative":
            negatives.setdefault(split, [])
            if score.links:
                negatives[split].append(file)
    elapsed = time.perf_counter() - t0
    print(
        f"{'set':12} {'links':>5} {'ok':>4} {'gold':>4} {'found':>5} {'P':>6} {'R':>6} {'R UN':>6} {'R OFAC':>6}"
    )
    for key in sorted(rows, key=lambda k: (k == "all", k)):
        sc = rows[key]
        un, ofac = (sc.per_list.get(d, [0, 0]) for d in ("un_sc_sanctions", "us_ofac_sdn"))
        r_un = f"{un[1] / un[0]:.2f}" if un[0] else "-"
        r_ofac = f"{ofac[1] / ofac[0]:.2f}" if ofac[0] else "-"
        print(
            f"{key:12} {sc.links:5} {sc.correct:4} {sc.gold:4} {sc.found:5} {sc.precision:6.3f} {sc.recall:6.3f} {r_un:>6} {r_ofac:>6}"
        )
    for split, files in sorted(negatives.items()):
        print(
            f"negative pages with a link ({split}): {len(files)} of {sum(1 for f, m in gold.items() if not f.startswith('_') and m['split'] == split and m['kind'] == 'negative')} {files}"
        )
    for key in splits:
        if key in rows:
            for item in rows[key].false_links:
                print(f"  false link: {item}")
            for item in rows[key].missed:
                print(f"  missed:     {item}")
    print(f"pages {pages}, {size / 1e3:.0f} kB in {elapsed:.2f} s")
    return {"pages": pages, "negatives_with_links": negatives,
            "scores": {k: {"links": v.links, "correct": v.correct, "gold": v.gold, "found": v.found,
                           "precision": round(v.precision, 3), "recall": round(v.recall, 3),
                           "per_list": v.per_list, "false_links": v.false_links, "missed": v.missed}
                       for k, v in rows.items()}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout", "both"], default="both")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    splits = ["dev", "heldout"] if args.split == "both" else [args.split]
    t0 = time.perf_counter()
    gaz = gazetteer()
    print(f"gazetteer built in {time.perf_counter() - t0:.1f} s")
    result = run(gaz, splits)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
