"""Cross-list name benchmark for issue 16, built before any tuning; dev and held-out halves.

Ground truth comes from the lists' own cross-references, never from names: UK OFSI rows
citing their UN reference, CSL rows citing OFAC entry numbers, and passport or national id
numbers that two lists print for the same schema (an id printed by at most two entries of a
list). Entries so tied form one cluster; a query is a name of one member, searched in
another list, and is right when a result of that cluster is a match.

Groups (``x``: cross-list, ``p``: perturbed listed names, ``n``: negatives):
- x UK->UN, x UK->OFAC, x UN->OFAC (Latin), x UN->OFAC (Arabic), x EU->UN: cluster members'
  own names (primary name and up to three aliases) searched in the other list;
- p romanisation (Arabic): a listed Latin name of an Arabic-script entry re-spelt with one
  of the other common romanisations of its letters (a bench-own table, ``ROMAN``);
- p romanisation (Cyrillic): the entry's Cyrillic name romanised by ISO 9 (ICU) or the
  German Duden transcription instead of the lists' BGN/PCGN, against its Latin names;
- p generic words: a listed organisation's name with generic trading words or a legal form
  added, or "Air" written "Airlines"; p word order: tokens rotated;
- n SEC companies: real US issuers, split into those with a word that is a legal form or
  abbreviation elsewhere (Embassy, Stiftung, SP...), those sharing a distinctive word with
  a listed organisation, and the rest; n persons: generated names (the existing benchmark's
  set) and listed surnames with another listed person's given name (same surname, other
  person), none of them every word of a listed name.

The split is by a hash of the cluster (positives) or of the name (negatives): an entity is
in one half only. Run: python bench/names/frontier.py [--peers N]; writes
bench/results/names_frontier.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import icu
import orjson

sys.path.insert(0, str(Path(__file__).parent))
from cases import _ORG_CORES, NON_LATIN, SHARED, Case, _query, load_records, negatives

from redtrace.screen.index import Index
from redtrace.screen.legal import table as legal_table
from redtrace.screen.matcher import PARTY_SCHEMATA, Matcher
from redtrace.screen.names import PreparedName, generic_words
from redtrace.screen.party import Party

OUT = Path(__file__).parents[1] / "results" / "names_frontier.json"
SEED = 20261202
ARABIC = "\u0600-\u06ff"
ID_PROPS = ("passportNumber", "idNumber")


def half(key: str) -> str:
    return "dev" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "held-out"


def _strong_ids(record: dict[str, Any]) -> set[str]:
    out = set()
    for prop in ID_PROPS:
        for value in record["properties"].get(prop, []):
            norm = "".join(ch for ch in value.upper() if ch.isalnum())
            if len(norm) >= 6 and sum(ch.isdigit() for ch in norm) >= 4:
                out.add(norm)
    return out


def clusters(records: list[tuple[str, dict[str, Any]]]) -> list[int]:
    """Union-find over shared list references and shared strong identifiers."""
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    owner: dict[tuple[str, str], int] = {}
    for i, (_, rec) in enumerate(records):
        for ref in rec["list_refs"]:
            key = (ref["dataset"], ref["ref"])
            if key in owner:
                union(owner[key], i)
            else:
                owner[key] = i
    by_id: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, (ds, rec) in enumerate(records):
        for value in _strong_ids(rec):
            by_id[(rec["schema"], value)][ds].append(i)
    for per_ds in by_id.values():
        if len(per_ds) < 2 or any(len(v) > 2 for v in per_ds.values()):
            continue  # an id on one list only, or printed by many entries: no tie
        members = [i for v in per_ds.values() for i in v]
        for other in members[1:]:
            union(members[0], other)
    return [find(i) for i in range(len(records))]


def _names(rec: dict[str, Any], latin: bool | None, most: int = 4) -> list[str]:
    props = rec["properties"]
    names = list(dict.fromkeys(props.get("name", []) + props.get("alias", [])))
    if latin is True:
        names = [n for n in names if not NON_LATIN.search(n)]
    elif latin is False:
        names = [n for n in names if any("\u0600" <= ch <= "\u06ff" for ch in n)]
    return names[:most]


def cross(records: list[tuple[str, dict[str, Any]]], roots: list[int]) -> list[Case]:
    members: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots):
        members[root].append(i)
    plan = [  # (group, source dataset, target dataset, Latin names only / Arabic only)
        ("x UK->UN", "gb_hmt_sanctions", "un_sc_sanctions", True),
        ("x UK->OFAC", "gb_hmt_sanctions", "us_ofac_sdn", True),
        ("x UN->OFAC (Latin)", "un_sc_sanctions", "us_ofac_sdn", True),
        ("x UN->OFAC (Arabic)", "un_sc_sanctions", "us_ofac_sdn", False),
        ("x UK->OFAC (Arabic)", "gb_hmt_sanctions", "us_ofac_sdn", False),
        ("x EU->UN", "eu_fsf", "un_sc_sanctions", True),
    ]
    cases = []
    for group, source, target, latin in plan:
        for _root, idx in sorted(members.items()):
            expect = sorted({(r["dataset"], r["ref"]) for i in idx for r in records[i][1]["list_refs"]
                             if r["dataset"] == target and records[i][0] == target})  # fmt: skip
            if not expect:
                continue
            key = half(f"{expect[0][0]}:{expect[0][1]}")
            for i in idx:
                ds, rec = records[i]
                if ds != source:
                    continue
                for name in _names(rec, latin):
                    case = Case(group, _query(rec, name), target, list(expect), latin_only=True)
                    case.query["half"] = key  # type: ignore[index]
                    cases.append(case)
    return cases


# Other romanisations of Arabic letters, as Latin lists write them (bench-own, not redtrace's).
ROMAN = [("DH", "Z"), ("Z", "DH"), ("TH", "Z"), ("TH", "S"), ("DH", "D"), ("Q", "K"), ("K", "Q"),
         ("KH", "H"), ("KH", "KH"), ("OU", "U"), ("U", "OU"), ("EE", "I"), ("I", "EE"),
         ("AH ", "A "), ("A ", "AH "), ("AT ", "A "), ("E", "A"), ("O", "U"), ("J", "DJ"),
         ("SH", "CH"), ("W", "OU"), ("Y", "I"), ("GH", "G")]  # fmt: skip
SUN = "TDRZSNL"


def _respell(name: str, rng: random.Random) -> str | None:
    upper = name.upper()
    options = [(a, b) for a, b in ROMAN if a in upper + " " and a != b]
    if " AL-" in " " + upper and rng.random() < 0.3:
        # The article assimilated ("AL-ZAHAB" -> "AZ-ZAHAB") or fused ("ALZAHAB").
        i = (" " + upper).index(" AL-")
        nxt = upper[i + 3 : i + 4]
        if rng.random() < 0.5 and nxt in SUN:
            return name[:i] + "A" + nxt + "-" + name[i + 3 :]
        return name[: i + 2] + name[i + 3 :]
    if not options:
        return None
    a, b = rng.choice(options)
    spots = [i for i in range(len(upper)) if (upper + " ").startswith(a, i)]
    i = rng.choice(spots)
    return (name[:i] + b + name[i + len(a) :]).strip()


_ISO9 = icu.Transliterator.createInstance("Cyrillic-Latin; Latin-ASCII")
_DUDEN = {"ж": "sch", "ш": "sch", "щ": "schtsch", "ч": "tsch", "ц": "z", "х": "ch", "в": "w",
          "з": "s", "с": "s", "й": "i", "ю": "ju", "я": "ja", "е": "e", "ё": "jo", "ы": "y",
          "ь": "", "ъ": "", "э": "e", "у": "u", "к": "k", "г": "g", "и": "i", "о": "o",
          "а": "a", "б": "b", "д": "d", "л": "l", "м": "m", "н": "n", "п": "p", "р": "r",
          "т": "t", "ф": "f"}  # fmt: skip


def _duden(text: str) -> str:
    out = "".join(_DUDEN.get(ch.lower(), ch) for ch in text)
    return " ".join(w.capitalize() for w in out.split())


ARAB_COUNTRIES = {"iq", "sy", "sa", "ye", "ly", "eg", "jo", "lb", "kw", "qa", "ae", "bh", "om",
                  "dz", "ma", "tn", "sd", "so", "ps", "af", "pk", "ir"}  # fmt: skip
GENERIC_TAILS = ["General Trading Co.", "General Trading LLC", "Group", "International",
                 "Holding Company", "for General Trading", "Trading Company Ltd",
                 "Company for Money Exchange", "Co. W.L.L.", "Import Export"]  # fmt: skip


def perturbed(records: list[tuple[str, dict[str, Any]]], roots: list[int]) -> list[Case]:
    rng = random.Random(SEED)
    cases: list[Case] = []
    lists = ("un_sc_sanctions", "gb_hmt_sanctions", "us_ofac_sdn", "eu_fsf")
    pool = [(i, ds, rec) for i, (ds, rec) in enumerate(records) if ds in lists]
    rng.shuffle(pool)

    def add(group: str, i: int, rec: dict[str, Any], name: str, latin_only: bool = False) -> None:
        # Searched in the entry's own list: the same party on another list, not tied to it
        # by a reference, would otherwise count as a wrong first candidate.
        ds = records[i][0]
        expect = [(r["dataset"], r["ref"]) for r in rec["list_refs"] if r["dataset"] == ds]
        case = Case(group, _query(rec, name), ds, expect, latin_only=latin_only)
        case.query["half"] = half(f"{expect[0][0]}:{expect[0][1]}")  # type: ignore[index]
        cases.append(case)

    made: dict[str, int] = defaultdict(int)
    for i, _ds, rec in pool:
        props = rec["properties"]
        names = _names(rec, None, 20)
        arabic = any(any("\u0600" <= ch <= "\u06ff" for ch in n) for n in names)
        countries = set(props.get("nationality", []) + props.get("country", []))
        latin = [n for n in names if not NON_LATIN.search(n)]
        if not latin:
            continue
        name = latin[0]
        if (arabic or countries & ARAB_COUNTRIES) and made["ar"] < 600:
            varied = _respell(name, rng)
            if varied and varied.upper() != name.upper():
                if rng.random() < 0.5:  # a second letter re-spelt too
                    varied = _respell(varied, rng) or varied
                add("p romanisation (Arabic)", i, rec, varied)
                made["ar"] += 1
        cyr = [n for n in names if any("\u0400" <= ch <= "\u04ff" for ch in n)]
        if cyr and made["ru"] < 600:
            system = rng.choice(["iso9", "duden"])
            text = _ISO9.transliterate(cyr[0]) if system == "iso9" else _duden(cyr[0])
            add("p romanisation (Cyrillic)", i, rec, text.replace("'", ""), latin_only=True)
            made["ru"] += 1
        if rec["schema"] != "Person" and made["gw"] < 500:
            upper = name.upper()
            if upper.endswith(" AIR") or " AIR " in upper + " ":
                varied = name + "lines" if upper.endswith(" AIR") else name.replace("AIR ", "AIRLINES ")
            else:
                core = PreparedName(name, True).tokens
                if len(core) < 1:
                    continue
                varied = f"{name} {rng.choice(GENERIC_TAILS)}"
            add("p generic words", i, rec, varied)
            made["gw"] += 1
        tokens = name.replace(",", " ").split()
        if len(tokens) >= 2 and made["wo"] < 400:
            k = rng.randrange(1, len(tokens))
            add("p word order", i, rec, " ".join(tokens[k:] + tokens[:k]))
            made["wo"] += 1
    return cases


def hard_negatives(records: list[tuple[str, dict[str, Any]]], listed: set[tuple[str, ...]]) -> list[Case]:
    rng = random.Random(SEED + 1)
    by_token: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in listed:
        for t in set(name):
            by_token[t].append(name)

    def is_listed(name: str, org: bool) -> bool:
        tokens = set(PreparedName(name, org).tokens)
        return not tokens or any(tokens <= set(n) for n in by_token.get(min(tokens), ()))

    cases = []
    persons = [rec for ds, rec in records if rec["schema"] == "Person"
               and rec["properties"].get("firstName") and rec["properties"].get("lastName")
               and ds in ("un_sc_sanctions", "gb_hmt_sanctions", "us_ofac_sdn")]  # fmt: skip
    seen: set[str] = set()
    tries = 0
    while len(seen) < 1500 and tries < 20000:
        tries += 1
        a, b = rng.choice(persons), rng.choice(persons)
        last = a["properties"]["lastName"][0]
        first = b["properties"]["firstName"][0]
        if NON_LATIN.search(first + last) or a is b:
            continue
        full = f"{first} {last}"
        if full in seen or is_listed(full, False):
            continue
        seen.add(full)
        cases.append(Case("n same surname, other person", {"schema": "Person", "properties": {"name": [full]}}))
    # Organisations: tokens of listed org names (distinctive ones) to tag SEC names with.
    org_tokens: set[str] = set()
    for _, rec in records:
        if rec["schema"] != "Person":
            for n in rec["properties"].get("name", []) + rec["properties"].get("alias", []):
                org_tokens.update(t for t in PreparedName(n, True).tokens if len(t) >= 4)
    generic = generic_words()
    forms = {k[0] for k in legal_table() if len(k) == 1}
    tickers = orjson.loads((SHARED / "customers" / "sec_company_tickers.json").read_bytes())
    for title in sorted({row["title"] for row in tickers.values()}):
        prepared = PreparedName(title, True)
        if tuple(sorted(prepared.tokens)) in _ORG_CORES:
            continue
        words = [w for w in PreparedName(title, False).tokens]
        inner = words[:-1] if len(words) > 1 else words
        if any(w in forms for w in inner):
            group = "n SEC: word that is a legal form elsewhere"
        elif any(t in org_tokens and t not in generic for t in prepared.tokens):
            group = "n SEC: shares a word with a listed org"
        else:
            group = "n SEC: other"
        cases.append(Case(group, {"schema": "Company", "properties": {"name": [title]}}))
    return cases


def build() -> tuple[list[tuple[str, dict[str, Any]]], list[Case]]:
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
    roots = clusters(records)
    cases = cross(records, roots) + perturbed(records, roots)
    people = [c for c in negatives(listed, random.Random(SEED)) if c.group.startswith("negative persons")]
    for c in people:
        c.group = "n persons (generated)"
    cases += people + hard_negatives(records, listed)
    for c in cases:
        if "half" not in c.query:
            c.query["half"] = half(c.query["properties"]["name"][0])  # type: ignore[index]
    # Cases of cross-list pairs tied only through an id to the right refs: the target's refs.
    return records, cases


def matchers(records: list[tuple[str, dict[str, Any]]]) -> tuple[Matcher, Matcher]:
    parties = [Party(ds, rec) for ds, rec in records if rec["schema"] in PARTY_SCHEMATA]
    full = Matcher(Index(parties), [])
    latin = [Party(ds, rec) for ds, rec in records if rec["schema"] in PARTY_SCHEMATA]
    for p in latin:
        p.names = [n for n in p.names if not NON_LATIN.search(n[0].original)]
    return full, Matcher(Index(latin), [])


def evaluate(full: Matcher, latin: Matcher, cases: list[Case]) -> list[dict[str, Any]]:
    rows = []
    for case in cases:
        query = {k: v for k, v in case.query.items() if k != "half"}
        matcher = latin if case.latin_only else full
        results = matcher.match(query, dataset=case.dataset, limit=10).get("results", [])
        expected = set(case.expect)
        def good(r: dict[str, Any], expected: set[tuple[str, str]] = expected) -> bool:
            return bool(expected & {(x["dataset"], x["ref"]) for x in r["list_refs"]})
        if case.expect:
            score = max((r["score"] for r in results if good(r)), default=0.0)
            rows.append({"hit": any(r["match"] and good(r) for r in results),
                         "top1": bool(results) and good(results[0]), "score": score})  # fmt: skip
        else:
            rows.append({"alert": any(r["match"] for r in results),
                         "score": max((r["score"] for r in results), default=0.0)})  # fmt: skip
    return rows


def summary(cases: list[Case], rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in ("dev", "held-out"):
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c, r in zip(cases, rows, strict=True):
            if c.query["half"] != part:
                continue
            groups[c.group].append(r)
            groups["all x" if c.group.startswith("x") else "all p" if c.group.startswith("p") else "all n"].append(r)
        table = {}
        for g, rs in sorted(groups.items()):
            if "alert" in rs[0]:
                table[g] = {"n": len(rs), "false_alerts": round(sum(r["alert"] for r in rs) / len(rs), 4)}
            else:
                table[g] = {"n": len(rs), "recall": round(sum(r["hit"] for r in rs) / len(rs), 4),
                            "recall@1": round(sum(r["top1"] for r in rs) / len(rs), 4)}  # fmt: skip
        out[part] = table
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", default="", help="print missed cases of groups matching this")
    parser.add_argument("--half", default="dev")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--cache", default="", help="pickle of the built cases, reused if present")
    parser.add_argument("--groups", default="", help="only groups containing this")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.cache and Path(args.cache).exists():
        records, cases = pickle.loads(Path(args.cache).read_bytes())
    else:
        records, cases = build()
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps((records, cases)))
    if args.groups:
        cases = [c for c in cases if args.groups in c.group]
    full, latin = matchers(records)
    print(f"{len(cases)} cases, built in {time.perf_counter() - t0:.0f} s")
    t1 = time.perf_counter()
    rows = evaluate(full, latin, cases)
    qps = len(cases) / (time.perf_counter() - t1)
    result = summary(cases, rows)
    for part, table in result.items():
        print(f"\n{part}")
        print(f"{'group':48} {'n':>6} {'recall':>8} {'recall@1':>9} {'false al.':>10}")
        for g, row in table.items():
            print(f"{g:48} {row['n']:6} {row.get('recall', ''):>8} {row.get('recall@1', ''):>9} {row.get('false_alerts', ''):>10}")
    print(f"\n{qps:.0f} queries/s")
    if args.misses:
        for c, r in zip(cases, rows, strict=True):
            wrong = r.get("hit") is False or r.get("alert")
            if args.misses in c.group and c.query["half"] == args.half and wrong:
                print(c.group, "|", c.query["properties"]["name"][0], "|", c.expect[:1], r["score"])
    Path(args.out).parent.mkdir(exist_ok=True)
    Path(args.out).write_text(json.dumps({"benchmark": "names_frontier", "cases": len(cases),
                                          "queries_per_s": round(qps), "halves": result}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
