"""Build the labelled name-screening cases from the real lists (ground truth from the lists).

Groups:
- cross-list: the same party in two lists, tied by the authorities' own references
  (UK OFSI "UN Ref", CSL -> OFAC entry number, CSL DPL rows -> BIS DPL);
- script: a non-Latin name (Arabic, Cyrillic, Chinese...) against Latin-only names of the
  same listed party (UK groups and UN original-script names);
- perturbation: listed names with typos, reordering, dropped tokens, legal-form and
  transliteration variants;
- negative: real US company names (SEC), generated person names not on any list (Latin
  and Cyrillic script), and common Arabic given and family names paired in Arabic script.
"""

from __future__ import annotations

import csv
import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from redtrace.lists.load import parse_paths
from redtrace.screen.names import PreparedName
from redtrace.settings import SNAPSHOT_DIR

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("REDTRACE_SHARED", HERE.parents[2] / "shared")) / "data"
SEED = 20261125
NON_LATIN = re.compile(r"[^\x00-\x7f\u00c0-\u024f\u1e00-\u1eff\u2000-\u206f]")


@dataclass
class Case:
    group: str
    query: dict[str, Any]
    dataset: str = "default"  # where to search
    expect: list[tuple[str, str]] = field(default_factory=list)  # any of these list refs
    latin_only: bool = False  # search only Latin-script names of the targets


def load_records() -> list[tuple[str, dict[str, Any]]]:
    records = []
    for path in sorted(p for p in SNAPSHOT_DIR.iterdir() if not p.name.endswith(".md")):
        parsed, errors = parse_paths([path])
        assert not errors, errors
        for item in parsed:
            records.extend((item.dataset, e.to_record()) for e in item)
    return records


def _refs(record: dict[str, Any], dataset: str) -> list[str]:
    return [r["ref"] for r in record["list_refs"] if r["dataset"] == dataset]


def _query(record: dict[str, Any], name: str, with_dob: bool = False) -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": [name]}
    if with_dob and record["properties"].get("birthDate"):
        props["birthDate"] = record["properties"]["birthDate"][:1]
    schema = (
        record["schema"] if record["schema"] in ("Person", "Vessel", "Airplane") else "LegalEntity"
    )
    return {"schema": schema, "properties": props}


def cross_list(records: list[tuple[str, dict[str, Any]]], rng: random.Random) -> list[Case]:
    by_ds: dict[str, set[str]] = {}
    for ds, rec in records:
        for ref in rec["list_refs"]:
            if ref["dataset"] == ds:
                by_ds.setdefault(ds, set()).add(ref["ref"])
    cases = []
    un_names: dict[str, dict[str, Any]] = {}
    for ds, rec in records:
        if ds == "un_sc_sanctions":
            un_names[_refs(rec, ds)[0]] = rec
    uk_with_un = [(rec, _refs(rec, "un_sc_sanctions")) for ds, rec in records
                  if ds == "gb_hmt_sanctions" and _refs(rec, "un_sc_sanctions")]  # fmt: skip
    for rec, un_refs in uk_with_un:
        present = [r for r in un_refs if r in by_ds["un_sc_sanctions"]]
        if present and rec["properties"].get("name"):
            name = rec["properties"]["name"][0]
            expect = [("un_sc_sanctions", r) for r in present]
            cases.append(Case("cross-list UK->UN", _query(rec, name), "un_sc_sanctions", expect))
            un = un_names[present[0]]
            expect_uk = [("gb_hmt_sanctions", _refs(rec, "gb_hmt_sanctions")[0])]
            cases.append(Case("cross-list UN->UK", _query(un, un["properties"]["name"][0]),
                              "gb_hmt_sanctions", expect_uk))  # fmt: skip
    for target in ("us_ofac_sdn", "us_ofac_cons", "us_bis_dpl"):
        rows = [rec for ds, rec in records if ds == "us_trade_csl"
                and any(r in by_ds.get(target, set()) for r in _refs(rec, target))]  # fmt: skip
        for rec in rng.sample(rows, min(600, len(rows))):
            expect = [(target, r) for r in _refs(rec, target)]
            cases.append(Case(f"cross-list CSL->{target}", _query(rec, rec["properties"]["name"][0]),
                              target, expect))  # fmt: skip
    return cases


def scripts(records: list[tuple[str, dict[str, Any]]]) -> list[Case]:
    """Non-Latin names against the Latin names of the same entry (UK groups, UN entries)."""
    cases = []
    for ds, rec in records:
        if ds not in ("gb_hmt_sanctions", "un_sc_sanctions"):
            continue
        props = rec["properties"]
        names = props.get("name", []) + props.get("alias", [])
        latin = [n for n in names if not NON_LATIN.search(n)]
        if not latin:
            continue
        for name in names:
            script = _script(name)
            if script is None:
                continue
            own = (ds, _refs(rec, ds)[0])
            cases.append(
                Case(f"script {script}->Latin", _query(rec, name), ds, [own], latin_only=True)
            )
    return cases


def _script(name: str) -> str | None:
    if re.search(r"[\u0600-\u06ff]", name):
        return "Arabic"
    if re.search(r"[\u0400-\u04ff]", name):
        return "Cyrillic"
    if re.search(r"[\u4e00-\u9fff]", name):
        return "Chinese"
    if NON_LATIN.search(name):
        return "other"
    return None


LEGAL_SWAPS = [("LIMITED", "LTD"), ("LTD", "LIMITED"), ("LLC", "L.L.C."), ("COMPANY", "CO."),
               ("CORPORATION", "CORP"), ("JSC", "JOINT STOCK COMPANY"), ("D.O.O.", "DOO"),
               ("CO., LTD.", "COMPANY LIMITED"), ("INC.", "INCORPORATED")]  # fmt: skip
TRANSLIT_SWAPS = [("MOHAMMED", "MUHAMMAD"), ("MUHAMMAD", "MOHAMED"), ("MOHAMMAD", "MUHAMMED"),
                  ("YUSUF", "YOUSSEF"), ("USAMA", "OSAMA"), ("AL-", "EL-"), ("ABDUL ", "ABD AL-"),
                  ("HUSSEIN", "HUSAYN"), ("HASSAN", "HASAN"), ("OMAR", "UMAR"), ("IBN ", "BIN "),
                  ("AHMED", "AHMAD"), ("KH", "H"), ("OU", "U"), ("EE", "I"), ("Y", "I")]  # fmt: skip


def perturb(name: str, kind: str, rng: random.Random) -> str | None:
    tokens = name.split()
    upper = name.upper()
    if kind == "typo":
        letters = [i for i, ch in enumerate(name) if ch.isalpha()]
        if len(letters) < 6:
            return None
        i = rng.choice(letters[1:-1])
        op = rng.choice(["sub", "del", "ins", "swap"])
        ch = rng.choice("abcdefghijklmnopqrstuvwxyz")
        if op == "sub":
            return name[:i] + ch + name[i + 1 :]
        if op == "del":
            return name[:i] + name[i + 1 :]
        if op == "ins":
            return name[:i] + ch + name[i:]
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "reorder":
        if len(tokens) < 2:
            return None
        clean = [t.strip(",") for t in tokens]
        return " ".join(clean[1:] + clean[:1])
    if kind == "drop-token":
        # Missing middle names and patronymics: a person phenomenon. Dropping a word from a
        # company name makes another company's name, so companies are not perturbed so.
        if len(tokens) < 3:
            return None
        i = rng.randrange(1, len(tokens) - 1)
        return " ".join(tokens[:i] + tokens[i + 1 :])
    if kind == "legal-form":
        for a, b in LEGAL_SWAPS:
            if upper.endswith(" " + a):
                return name[: -len(a)] + b
        return None
    if kind == "transliteration":
        for a, b in TRANSLIT_SWAPS:
            if a in upper:
                i = upper.index(a)
                return name[:i] + b + name[i + len(a) :]
        return None
    raise ValueError(kind)


def perturbations(records: list[tuple[str, dict[str, Any]]], rng: random.Random) -> list[Case]:
    pool = [(ds, rec) for ds, rec in records
            if ds in ("un_sc_sanctions", "gb_hmt_sanctions", "us_ofac_sdn", "eu_fsf")
            and rec["properties"].get("name")
            and not NON_LATIN.search(rec["properties"]["name"][0])
            and len(PreparedName(rec["properties"]["name"][0], False).tokens) >= 2]  # fmt: skip
    rng.shuffle(pool)
    cases: list[Case] = []
    quota = {
        "typo": 400,
        "reorder": 300,
        "drop-token": 300,
        "legal-form": 200,
        "transliteration": 300,
    }
    for kind, wanted in quota.items():
        made = 0
        for _ds, rec in pool:
            if made >= wanted:
                break
            name = rec["properties"]["name"][0]
            if kind == "drop-token" and rec["schema"] != "Person":
                continue
            varied = perturb(name, kind, rng)
            if not varied or varied == name:
                continue
            expect = [(r["dataset"], r["ref"]) for r in rec["list_refs"]]
            cases.append(Case(f"perturbation {kind}", _query(rec, varied), "default", expect))
            made += 1
    return cases


def arabic_script_negatives(listed_by_token: dict[str, list[tuple[str, ...]]]) -> list[Case]:
    """Every pairing of common Arabic given and family names, in Arabic script, except those
    that are a listed name, as for the Latin-script negatives: every word of it in one listed
    name, read in Arabic script or in one of the pairing's common Latin spellings (from the
    benchmark's own table, not redtrace's). ``EXCLUDED`` keeps the count for the report."""
    names: dict[str, list[tuple[str, list[str]]]] = {}
    with (HERE / "arabic_script_names.csv").open(encoding="utf-8") as fh:
        for kind, arabic, spellings in csv.reader(ln for ln in fh if not ln.startswith("#")):
            names.setdefault(kind, []).append((arabic, spellings.split()))

    def listed_as(name: str) -> bool:
        tokens = set(PreparedName(name, False).tokens)
        return any(tokens <= set(n) for n in listed_by_token.get(min(tokens), ()))

    cases = []
    EXCLUDED.clear()
    for first, first_latin in names["first"]:
        for last, last_latin in names["last"]:
            full = f"{first} {last}"
            latin = [f"{a} {b}" for a in first_latin for b in last_latin]
            if listed_as(full) or any(listed_as(name) for name in latin):
                EXCLUDED.append(full)
                continue
            cases.append(Case("negative persons (ar, Arabic script)",
                              {"schema": "Person", "properties": {"name": [full]}}))  # fmt: skip
    return cases


EXCLUDED: list[str] = []


_ORG_CORES: set[tuple[str, ...]] = set()


def listed_org_cores() -> set[tuple[str, ...]]:
    return _ORG_CORES


def negatives(listed: set[tuple[str, ...]], rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    listed_by_token: dict[str, list[tuple[str, ...]]] = {}
    for name in listed:
        for token in set(name):
            listed_by_token.setdefault(token, []).append(name)
    tickers = orjson.loads((SHARED / "customers" / "sec_company_tickers.json").read_bytes())
    companies = sorted({row["title"] for row in tickers.values()})
    listed_orgs = listed_org_cores()
    for title in companies:
        if tuple(sorted(PreparedName(title, True).tokens)) in listed_orgs:
            # The same name as a listed entry ("TIDEWATER INC" and "TIDEWATER"): a hit
            # that must be reviewed, not a false alert. Excluded, and counted in the report.
            continue
        cases.append(
            Case("negative companies (SEC)", {"schema": "Company", "properties": {"name": [title]}})
        )
    names: dict[str, dict[str, list[str]]] = {}
    with (HERE / "person_names.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(line for line in fh if not line.startswith("#")):
            names.setdefault(row[0], {})[row[1]] = row[2:]
    made = 0
    seen: set[str] = set()
    while made < 2000:
        culture = rng.choice(sorted(names))
        kinds = [k for k in ("first", "first_f") if k in names[culture]]
        kind = rng.choice(kinds)
        last = rng.choice(names[culture]["last"])
        if kind == "first_f":
            last += "а"  # Russian female surname form
        full = f"{rng.choice(names[culture][kind])} {last}"
        if full in seen:
            continue  # each negative person once: a repeated name would count its alert twice
        seen.add(full)
        tokens = set(PreparedName(full, False).tokens)
        if any(tokens <= set(name) for name in listed_by_token.get(min(tokens), ())):
            # Every token of it is in one listed name ("Alexander Smirnov" against
            # "Alexander Vladimirovich Smirnov"): a partial listed name, not a negative.
            continue
        cases.append(
            Case(
                f"negative persons ({culture})",
                {"schema": "Person", "properties": {"name": [full]}},
            )
        )
        made += 1
    return cases + arabic_script_negatives(listed_by_token)


def build() -> tuple[list[tuple[str, dict[str, Any]]], list[Case]]:
    rng = random.Random(SEED)
    records = load_records()
    listed = {
        tuple(sorted(PreparedName(n, False).tokens))
        for _, rec in records
        for p in ("name", "alias", "weakAlias", "previousName")
        for n in rec["properties"].get(p, [])
    }
    _ORG_CORES.update(
        tuple(sorted(PreparedName(n, True).tokens))
        for _, rec in records
        if rec["schema"] != "Person"
        for p in ("name", "alias", "previousName")
        for n in rec["properties"].get(p, [])
    )
    cases = cross_list(records, rng) + scripts(records) + perturbations(records, rng)
    cases += negatives(listed, rng)
    return records, cases
