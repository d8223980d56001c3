"""Damaged copies of the real list files: how many would become the current version?
(issue 24, row 1)

For each real file: ``--cuts`` copies cut at random byte offsets, ``--quotes`` copies with the
closing quote of a random field removed (CSV files), and for the UK workbook one copy without
each column an entry is made of. Each copy is parsed and, when it parses, judged by the
plausibility rules against the whole file as the current version (what ``lists load`` does).
Outcomes: ``refused`` (the reader names file, line and field), ``quarantined``, or
``current`` (the damage got through). Prints a table; writes bench/results/damaged.json.
Run from the repository root: python bench/damaged.py [--cuts 10] [--quotes 5]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redtrace.lists.base import ListFormatError, ParsedList  # noqa: E402
from redtrace.lists.detect import plan  # noqa: E402
from redtrace.lists.plausible import Policy, assess  # noqa: E402
from redtrace.lists.uk_ofsi import REQUIRED as UK_REQUIRED  # noqa: E402
from tests.conftest import LISTS, shared_bytes  # noqa: E402

OUT = ROOT / "bench" / "results" / "damaged.json"
FILES = {
    "ofac_sdn_csv": LISTS / "ofac_sdn_csv" / "2024-05-03" / "sdn.csv",
    "us_csl": LISTS / "us_csl" / "consolidated_2022-05-16.csv",
    "bis_dpl": LISTS / "bis_dpl" / "dpl.txt",
    "eu_oj": LISTS / "eu_oj" / "32002R0881.csv",
    "un_xml": LISTS / "un" / "UN_consolidated_2026-02.xml",
    "ofac_xml": LISTS / "ofac_xml" / "ofac_consolidated_nonsdn_2026-01-08.xml",
    "uk_xlsx": LISTS / "uk_ofsi" / "ofsi_conlist_2025-04-10.xlsx",
    "ofac_enhanced": LISTS / "ofac_enhanced" / "CONS_ENHANCED_2025-01.zip",
}
CSV = ("ofac_sdn_csv", "us_csl", "bis_dpl", "eu_oj")


def parse(tmp: Path, name: str, data: bytes) -> ParsedList:
    path = tmp / name
    path.write_bytes(data)
    jobs, errors = plan([path])
    if errors:
        raise errors[0]
    return jobs[0].parse()


def judge(tmp: Path, name: str, data: bytes, whole: int) -> tuple[str, str]:
    try:
        parsed = parse(tmp, name, data)
    except ListFormatError as exc:
        return "refused", str(exc)[:160]
    reasons = assess(parsed, whole, Policy.from_settings())
    if reasons:
        return "quarantined", reasons[0][:160]
    return "current", f"{len(parsed.entities)} of {whole} entries"


def unclose(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    while True:
        n = rng.randrange(1, len(lines) - 1)
        line = lines[n]
        starts = [i for i, c in enumerate(line) if c == 0x22]
        if len(starts) >= 2:
            end = starts[1]
            lines[n] = line[:end] + line[end + 1 :]
            return b"\n".join(lines)


def uk_without(data: bytes, column: str) -> bytes:
    from openpyxl import Workbook, load_workbook

    source = load_workbook(io.BytesIO(data), read_only=True)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    drop = None
    for row in source["Data"].iter_rows(values_only=True):
        if column in row:
            drop = row.index(column)
        cells = list(row)
        if drop is not None:
            del cells[drop]
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cuts", type=int, default=10)
    parser.add_argument("--quotes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for key, path in FILES.items():
            data = shared_bytes(path)
            whole = len(parse(tmp, path.name, data).entities)
            cases = [(f"cut at {f:.3f}", data[: int(len(data) * f)])
                     for f in (rng.uniform(0.01, 0.999) for _ in range(args.cuts))]  # fmt: skip
            if key in CSV:
                cases += [("unclosed quote", unclose(data, rng)) for _ in range(args.quotes)]
            if key == "uk_xlsx":
                cases += [(f"no {c!r} column", uk_without(data, c)) for c in UK_REQUIRED]
            for damage, copy in cases:
                outcome, detail = judge(tmp, path.name, copy, whole)
                rows.append({"file": key, "damage": damage, "outcome": outcome, "detail": detail})
                print(f"{key:14} {damage:24} {outcome:12} {detail[:90]}", file=sys.stderr)
    table: dict[str, Counter[str]] = {}
    for r in rows:
        table.setdefault(r["file"], Counter())[r["outcome"]] += 1
    print(f"{'file':14} {'copies':>6} {'refused':>8} {'quarantined':>11} {'current':>8}")
    for key, c in table.items():
        print(
            f"{key:14} {sum(c.values()):6} {c['refused']:8} {c['quarantined']:11} {c['current']:8}"
        )
    total = Counter(r["outcome"] for r in rows)
    print(
        f"{'all':14} {len(rows):6} {total['refused']:8} {total['quarantined']:11} {total['current']:8}"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"totals": dict(total), "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
