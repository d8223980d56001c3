"""Find known names in text with one Aho-Corasick automaton: list entries' names and aliases
(all scripts), country names, and goods terms. Matching is on a same-length folded copy of
the text (lower case, accents off), so every hit maps to an exact span of the original."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
from followthemoney.types import registry

from redtrace.datafiles import rows
from redtrace.goods.classify import terms
from redtrace.ingest.inflect import StemIndex
from redtrace.ingest.resolve import Resolver
from redtrace.screen import Matcher

DATA = Path(__file__).parent / "data"
MIN_LENGTH = 4
# Short forms that are also ordinary words ("IS" the verb): found only in upper case, and
# only when a longer name of the same party appears in the same document.
SHORT_FORMS = {"is", "isil", "isis"}


def _place_aliases() -> list[tuple[str, str]]:
    return [(r["name"], r["country"]) for r in rows(DATA / "place_aliases.csv")]


def _short_forms() -> dict[str, list[tuple[str, bool, str]]]:
    """Folded long name -> [(short or local form, needs context, language)]."""
    out: dict[str, list[tuple[str, bool, str]]] = {}
    for r in rows(DATA / "short_forms.csv"):
        for long in r["long"].split("|"):
            form = (r["short"], r["context"] == "yes", r["lang"])
            out.setdefault(fold(long.strip()), []).append(form)
    return out


def plural(term: str) -> str:
    """The English plural of a goods term's last word."""
    if term.endswith("y") and term[-2:-1] not in ("a", "e", "o", "u"):
        return term[:-1] + "ies"
    if term.endswith(("s", "x", "ch", "sh")):
        return term + "es"
    return term + "s"


HYPHENS = "-\u2010\u2011\u2012\u2013"


def fold(text: str) -> str:
    """Lower case, accents removed, any white space or hyphen a space: one character for
    one."""
    out = []
    for ch in text:
        if ch.isspace() or ch in HYPHENS:
            out.append(" ")  # "Al-Qaeda" is "Al Qaeda"
            continue
        low = ch.lower()
        if len(low) != 1:
            low = ch
        base = unicodedata.normalize("NFKD", low)[:1]
        out.append(base if base and unicodedata.category(base) != "Mn" else low)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # list | place | goods
    key: str  # entity id, country code or HS code
    label: str
    list_refs: tuple[tuple[str, str], ...] = ()
    weak: bool = False
    short: bool = False  # a short or local form from short_forms.csv
    context: bool = False  # the form is also a word: needs upper case and the long name nearby
    person: bool = False
    countries: tuple[str, ...] = ()


class Gazetteer:
    def __init__(self, matcher: Matcher | None) -> None:
        self.matcher = matcher
        # Candidate mentions the automaton does not know are screened (resolve.py).
        self.resolver = Resolver(matcher) if matcher is not None else None
        self._cross: dict[str, tuple[list[dict[str, str]], float | None]] = {}
        self.automaton = ahocorasick.Automaton()
        # Local forms matched on word stems (inflected languages), and UN reference numbers.
        self.stems: StemIndex[Target] = StemIndex()
        self.un_refs: dict[str, Target] = {}
        entries: dict[str, list[Target]] = {}

        def add(surface: str, target: Target) -> None:
            key = fold(surface.strip())
            if (
                len(key) >= MIN_LENGTH
                or key in SHORT_FORMS
                or target.short
                or target.kind == "place"
            ):
                entries.setdefault(key, []).append(target)

        short_forms = _short_forms()
        if matcher is not None:
            index = matcher.index
            for p_idx, party in enumerate(index.parties):
                if not party.listed:
                    continue
                # The refs of every entry tied to this one (a UK row citing its UN reference).
                members = matcher.members[index.clusters[p_idx]]
                refs = tuple(dict.fromkeys((r["dataset"], r["ref"]) for m in members
                                           for r in index.parties[m].list_refs))  # fmt: skip
                person = party.schema == "Person"
                countries = tuple(dict.fromkeys(party.countries))
                for dataset, ref in refs:
                    if dataset == "un_sc_sanctions" and ref not in self.un_refs:
                        self.un_refs[ref] = Target("list", party.id, party.caption, refs,
                                                   person=person, countries=countries)  # fmt: skip
                for prepared, prop, _ in party.names:
                    target = Target("list", party.id, party.caption, refs, prop == "weakAlias",
                                    person=person, countries=countries)  # fmt: skip
                    add(prepared.original, target)
                    for short, context, lang in short_forms.get(fold(prepared.original), []):
                        local = Target("list", party.id, party.caption, refs, False, True, context)
                        add(short, local)
                        if not context:
                            self.stems.add(lang, short, local)
        for code, name in registry.country.names.items():
            add(str(name), Target("place", code, str(name)))
        for name, code in _place_aliases():
            add(name, Target("place", code, registry.country.names.get(code, name)))
        for term in terms():
            add(term.text, Target("goods", term.hs, term.text))
            if term.language == "en":  # plurals: "turbine engines", "thermal batteries"
                add(plural(term.text), Target("goods", term.hs, term.text))
        for key, targets in entries.items():
            self.automaton.add_word(key, (key, tuple(targets)))
        self.automaton.make_automaton()

    def cross_refs(
        self, target: Target, min_score: float = 0.9
    ) -> tuple[list[dict[str, str]], float | None]:
        """The UN entry that a linked entry of another list is, by a strong name match (OFAC
        and CSL rows do not cite UN references); cached. Returns (refs, match score)."""
        if self.matcher is None or any(d == "un_sc_sanctions" for d, _ in target.list_refs):
            return [], None
        if target.key not in self._cross:
            found: tuple[list[dict[str, str]], float | None] = ([], None)
            response = self.matcher.match({"schema": "LegalEntity", "properties": {"name": [target.label]}},
                                          "un_sc_sanctions", min_score, min_score, 1)  # fmt: skip
            for r in response.get("results", []):
                refs = [x for x in r["list_refs"] if x["dataset"] == "un_sc_sanctions"]
                found = (refs, r["score"])
            self._cross[target.key] = found
        return self._cross[target.key]

    def counterpart(
        self, label: str, key: str, dataset: str, min_score: float = 0.95
    ) -> tuple[list[dict[str, str]], float | None]:
        """The entry of ``dataset`` that a linked party is, by a strong match of its caption
        (the UN list does not cite OFAC numbers, nor OFAC UN ones); cached."""
        if self.matcher is None:
            return [], None
        cache_key = f"{dataset}\x1f{key}"
        if cache_key not in self._cross:
            found: tuple[list[dict[str, str]], float | None] = ([], None)
            query = {"schema": "LegalEntity", "properties": {"name": [label]}}
            response = self.matcher.match(query, dataset, min_score, min_score, 2)
            results = response.get("results", [])
            # Two parties of the other list equally close: neither is taken.
            if len(results) == 1 or (
                len(results) > 1 and results[0]["score"] > results[1]["score"]
            ):
                refs = [x for x in results[0]["list_refs"] if x["dataset"] == dataset]
                found = (refs, results[0]["score"])
            self._cross[cache_key] = found
        return self._cross[cache_key]

    def find_stemmed(self, text: str, langs: set[str]) -> list[tuple[int, int, tuple[Target, ...]]]:
        """Local forms of listed groups found on word stems ("Исламского государства")."""
        found = self.stems.find(text, sorted(langs))
        merged: dict[tuple[int, int], list[Target]] = {}
        for start, end, targets in found:
            for t in targets:
                if t not in merged.setdefault((start, end), []):
                    merged[(start, end)].append(t)
        return [(s, e, tuple(ts)) for (s, e), ts in sorted(merged.items())]

    def find(self, text: str) -> list[tuple[int, int, tuple[Target, ...]]]:
        """(start, end, targets) of whole-word hits, longest first where they overlap."""
        folded = fold(text)
        hits = []
        for end, (key, targets) in self.automaton.iter(folded):
            start = end - len(key) + 1
            before = folded[start - 1] if start > 0 else " "
            after = folded[end + 1] if end + 1 < len(folded) else " "
            if before.isalnum() or after.isalnum():
                continue
            hits.append((start, end + 1, targets))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        kept: list[tuple[int, int, tuple[Target, ...]]] = []
        last_end = -1
        for hit in hits:
            if hit[0] >= last_end:
                kept.append(hit)
                last_end = hit[1]
        return kept
