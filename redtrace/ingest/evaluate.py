"""Precision and recall of list links against hand-made gold: which surfaces in a document
must link to which list reference, and which must not link at all."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LinkScore:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    false_links: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: LinkScore) -> None:
        self.predicted += other.predicted
        self.correct += other.correct
        self.gold += other.gold
        self.found += other.found
        self.false_links += other.false_links
        self.missed += other.missed

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def _occurrences(
    text: str, gold: list[dict[str, Any]]
) -> list[tuple[int, int, str, frozenset[str]]]:
    """Whole-word occurrences of the gold surfaces; one inside a longer one is not counted."""
    found = []
    for item in gold:
        pattern = rf"(?<!\w){re.escape(item['surface'])}(?!\w)"
        for m in re.finditer(pattern, text):
            ref = item["ref"]
            refs = frozenset([ref] if isinstance(ref, str) else ref or [])
            found.append((m.start(), m.end(), item["surface"], refs))
    return [o for o in found
            if not any(p[0] <= o[0] and o[1] <= p[1] and p[1] - p[0] > o[1] - o[0] for p in found)]  # fmt: skip


def score_links(text: str, facts: list[dict[str, Any]], gold: list[dict[str, Any]]) -> LinkScore:
    occurrences = _occurrences(text, gold)
    links = [f for f in facts if f.get("schema") == "Mention" and f.get("list_refs")]
    score = LinkScore(predicted=len(links), gold=sum(1 for o in occurrences if o[3]))
    hit: set[tuple[int, int]] = set()
    for link in links:
        start, end = link["span"]
        refs = {f"{r['dataset']}:{r['ref']}" for r in link["list_refs"]}
        overlapping = [o for o in occurrences if o[0] < end and start < o[1]]
        good = [o for o in overlapping if o[3] & refs]
        if good:
            score.correct += 1
            hit.update((o[0], o[1]) for o in good)
        else:
            score.false_links.append(f"{link['surface']!r} -> {sorted(refs)[:3]}")
    for start, end, surface, ref in occurrences:
        if ref:
            if (start, end) in hit:
                score.found += 1
            else:
                score.missed.append(f"{surface!r} ({', '.join(sorted(ref))})")
    return score


@dataclass
class PageScore:
    """Entity-level scores on one page or a set of pages: a page's facts are the list entries
    it names; a link is correct when its refs are one of them (or an optional one)."""

    links: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    per_list: dict[str, list[int]] = field(default_factory=dict)  # dataset -> [gold, found]
    false_links: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: PageScore) -> None:
        self.links += other.links
        self.correct += other.correct
        self.gold += other.gold
        self.found += other.found
        for dataset, (gold, found) in other.per_list.items():
            row = self.per_list.setdefault(dataset, [0, 0])
            row[0] += gold
            row[1] += found
        self.false_links += other.false_links
        self.missed += other.missed

    @property
    def precision(self) -> float:
        return self.correct / self.links if self.links else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def score_entities(
    facts: list[dict[str, Any]],
    mentions: list[list[str]],
    optional: list[list[str]] | None = None,
    label: str = "",
) -> PageScore:
    """Score a page's list links against the entries it names. ``mentions`` and ``optional``
    are entries, each the list of ``dataset:ref`` strings that are that one party."""
    linked: dict[frozenset[str], str] = {}
    for fact in facts:
        if fact.get("schema") == "Mention" and fact.get("list_refs"):
            refs = frozenset(f"{r['dataset']}:{r['ref']}" for r in fact["list_refs"])
            linked.setdefault(refs, fact.get("surface", ""))
    entries = [frozenset(m) for m in mentions]
    allowed = entries + [frozenset(o) for o in optional or []]
    score = PageScore(gold=len(entries))
    for refs, surface in linked.items():
        score.links += 1
        if any(refs & e for e in allowed):
            score.correct += 1
        else:
            score.false_links.append(f"{label}: {surface!r} -> {sorted(refs)[:3]}")
    all_refs = set().union(*linked) if linked else set()
    for entry in entries:
        hit = bool(entry & all_refs)
        score.found += hit
        if not hit:
            score.missed.append(f"{label}: {sorted(entry)}")
        for ref in entry:
            dataset = ref.split(":", 1)[0]
            row = score.per_list.setdefault(dataset, [0, 0])
            row[0] += 1
            row[1] += ref in all_refs
    return score
