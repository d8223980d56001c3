"""Entity resolution over the party graph: candidate pairs by blocking (the screening index
over party names), scored with the name comparison plus shared identifiers, and recorded as
judgements (same / different / unsure) by a rule or a person. Judgements never edit the source
facts; applying them merges graph nodes, and undoing one restores the split."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redtrace.screen import ORG_COVERAGE_EXPONENT, Index, Party, name_pair_score
from redtrace.store.interface import StoreProtocol
from redtrace.store.judgements import active_judgements, add_judgement, undo_judgement
from redtrace.trace.graph import SHARED_KINDS, PartyGraph
from redtrace.trace.paths import find_party

RULE = "similar-name-shared-identifier@1"
VERDICTS = ("same", "different", "unsure")


@dataclass
class Candidate:
    left: str
    right: str
    name_score: float
    shared: list[str]

    @property
    def score(self) -> float:
        return round(min(1.0, self.name_score * 0.75 + 0.15 * min(len(self.shared), 2)), 3)


def party_key(graph: PartyGraph, pid: str) -> str:
    """A stable key for judgements: the party's first source id, else its name node key."""
    node = graph.parties[pid]
    return sorted(node.source_ids)[0] if node.source_ids else f"{node.caption}|{node.country}"


def candidates(graph: PartyGraph, min_name: float = 0.75) -> list[Candidate]:
    pids = list(graph.parties)
    parties = [Party("orders", {"id": pid, "schema": graph.parties[pid].schema,
                                "caption": graph.parties[pid].caption,
                                "properties": {"name": [graph.parties[pid].caption]}}) for pid in pids]  # fmt: skip
    index = Index(parties)
    out: dict[tuple[str, str], Candidate] = {}
    for i, party in enumerate(parties):
        names = [n for n, _, _ in party.names]
        for j in index.candidates(names, limit=10):
            if i == j:
                continue
            a, b = sorted((pids[i], pids[j]), key=lambda x: int(x[2:]))
            if (a, b) in out:
                continue
            other = index.parties[j].names[0][0] if index.parties[j].names else None
            if other is None or not names:
                continue
            score = name_pair_score(names[0], other, index.weight, ORG_COVERAGE_EXPONENT)
            if score >= min_name:
                shared = _shared(graph, a, b)
                out[(a, b)] = Candidate(a, b, round(score, 3), shared)
    return sorted(out.values(), key=lambda c: -c.score)


def _shared(graph: PartyGraph, a: str, b: str) -> list[str]:
    na, nb = set(graph.g.neighbors(a)), set(graph.g.neighbors(b))
    return sorted(n for n in na & nb if graph.g.nodes[n]["kind"] in SHARED_KINDS)


def record(
    store: StoreProtocol, left: str, right: str, verdict: str, by: str, kind: str, reason: str
) -> int:
    if verdict not in VERDICTS:
        raise ValueError(f"judgement must be one of {VERDICTS}")
    return add_judgement(store, left, right, verdict, by, kind, reason)


def undo(store: StoreProtocol, seq: int) -> bool:
    return undo_judgement(store, seq)


def active(store: StoreProtocol) -> list[dict[str, Any]]:
    return active_judgements(store)


def auto_judge(store: StoreProtocol, graph: PartyGraph, min_score: float = 0.9) -> int:
    """Record the rule's 'same' for strong candidates that nobody has judged yet."""
    judged = {frozenset((j["left"], j["right"])) for j in active(store)}
    made = 0
    for cand in candidates(graph):
        left, right = party_key(graph, cand.left), party_key(graph, cand.right)
        if cand.score >= min_score and cand.shared and frozenset((left, right)) not in judged:
            reason = f"name {cand.name_score} and shared {', '.join(cand.shared)}"
            record(store, left, right, "same", RULE, "rule", reason)
            made += 1
    return made


def apply(graph: PartyGraph, judgements: list[dict[str, Any]]) -> int:
    """Merge the parties judged the same; a person's 'different' overrides a rule's 'same'.

    Endpoints are resolved on the unmerged graph first, so each judgement keeps meaning the
    two source records it was made about.
    """
    ends = [(j, find_party(graph, j["left"]), find_party(graph, j["right"])) for j in judgements]
    vetoed = {frozenset((a, b)) for j, a, b in ends
              if a and b and j["kind"] == "person" and j["judgement"] == "different"}  # fmt: skip
    rep: dict[str, str] = {}

    def find(x: str) -> str:
        while x in rep:
            x = rep[x]
        return x

    merged = 0
    for j, a, b in ends:
        if j["judgement"] != "same" or not a or not b or frozenset((a, b)) in vetoed:
            continue
        keep, gone = find(a), find(b)
        if keep != gone:
            graph.merge(
                keep, gone, evidence={"judgement": j["seq"], "by": j["by"], "reason": j["reason"]}
            )
            rep[gone] = keep
            merged += 1
    return merged
