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
