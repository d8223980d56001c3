"""Screen queries against the index: candidates, scores, clusters and the response shape."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from followthemoney import model

from redtrace.screen.compare import normalize_identifier
from redtrace.screen.config import DEFAULT, ScorerConfig
from redtrace.screen.index import Index
from redtrace.screen.party import Party
from redtrace.screen.query import Query, QueryError
from redtrace.screen.score import Scored, score_party

PARTY_SCHEMATA = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane",
                  "PublicBody"}  # fmt: skip
MAX_LIMIT = 100


# A name score cannot exceed the share of the query's weight that retrieval found; parties
# below this share of the cutoff are not scored (reverse retrieval prunes by the same share).
RETRIEVAL_FLOOR = 0.6


def schema_compatible(query_schema: str, candidate_schema: str) -> bool:
    """A Company query never matches a Person; Thing matches any party."""
    if query_schema == "Thing":
        return True
    query, candidate = model.get(query_schema), model.get(candidate_schema)
    return query is not None and candidate is not None and bool(query.can_match(candidate))


class Matcher:
    """An index, the dataset versions it was built from, and the scorer configuration it
    screens with (thresholds a query does not name, weights, candidate counts, version)."""

    def __init__(
        self, index: Index, datasets: list[dict[str, Any]], config: ScorerConfig = DEFAULT
    ) -> None:
        self.index = index
        self.datasets = datasets
        self.config = config
        self.members: dict[int, list[int]] = defaultdict(list)
        for p_idx, root in enumerate(index.clusters):
            self.members[root].append(p_idx)

    @classmethod
    def from_records(
        cls,
        records: Iterable[tuple[str, dict[str, Any]]],
        datasets: list[dict[str, Any]] | None = None,
        config: ScorerConfig = DEFAULT,
    ) -> Matcher:
        """Build from ``(dataset, FtM record)`` pairs (a store's, a JSONL or Parquet
        export's): no store, no settings. Records of non-party schemata are skipped."""
        parties = [Party(name, r) for name, r in records if r["schema"] in PARTY_SCHEMATA]
        return cls(Index(parties), list(datasets or []), config)

    def info(self, threshold: float | None = None, cutoff: float | None = None) -> dict[str, Any]:
        """The matcher block of a response (match.md): the scorer and the thresholds used."""
        t = self.config.thresholds
        return {
            "algorithm": self.config.algorithm,
            "version": self.config.version,
            "threshold": t.threshold if threshold is None else threshold,
            "cutoff": t.cutoff if cutoff is None else cutoff,
        }

    def match(
        self,
        data: Any,
        dataset: str = "default",
        threshold: float | None = None,
        cutoff: float | None = None,
        limit: int = 5,
    ) -> dict[str, Any]:
        """One query's response: ``status``, ``query``, ``total``, ``results`` (match.md)."""
        threshold = self.config.thresholds.threshold if threshold is None else threshold
        cutoff = self.config.thresholds.cutoff if cutoff is None else cutoff
        limit = max(1, min(limit, MAX_LIMIT))
        try:
            query = Query(data)
        except QueryError as exc:
            return {"status": 400, "error": {"code": "invalid_query", "message": str(exc)}}
        results = self._results(query, dataset, threshold, cutoff, limit)
        return {
            "status": 200,
            "query": query.raw,
            "total": {"value": len(results), "relation": "eq"},
            "results": results,
        }

    def _results(
        self, query: Query, dataset: str, threshold: float, cutoff: float, limit: int
    ) -> list[dict[str, Any]]:
        ranked = self.scored(query, dataset, cutoff, limit)
        return [self._result(root, scored, threshold) for root, scored in ranked]

    def refs(self, root: int) -> list[dict[str, str]]:
        """The list references of a cluster (one party as several lists print it)."""
        refs: list[dict[str, str]] = []
        for member in self.members[root]:
            for ref in self.index.parties[member].list_refs:
                if ref not in refs:
                    refs.append(ref)
        return refs

    def scored(
        self, query: Query, dataset: str, cutoff: float, limit: int
    ) -> list[tuple[int, Scored]]:
        """(cluster root, score with its best name pair) of the best parties, best first."""
        index, config = self.index, self.config
        # A name score cannot exceed the share of the query's weight that retrieval found;
        # 0.6 of the cutoff leaves room for the skeleton, compact and variant comparisons
        # (on the benchmark, no result at or above the cutoff came from below 0.67 of it).
        floor = cutoff * RETRIEVAL_FLOOR
        # A name romanised from Arabic script keys on consonants alone, which many list
        # names share ("slh": Saleh, Salah, Salehi): more candidates are scored.
        wide = any(name.loose for name in query.names)
        candidates = (
            index.candidates(query.names, min_fraction=floor,
                             limit=config.loose_candidates if wide else config.candidates)
            if query.names
            else {}
        )  # fmt: skip
        for value in {normalize_identifier(i) for i in query.identifiers}:
            for p_idx in index.by_identifier.get(value, ()):
                candidates.setdefault(p_idx, set())
        best: dict[int, Scored] = {}
        for p_idx, name_ids in candidates.items():
            party = index.parties[p_idx]
            if dataset != "default" and party.dataset != dataset:
                continue
            if not schema_compatible(query.schema, party.schema):
                continue
            if not name_ids:  # found by identifier alone: compare all its names
                name_ids = index.party_names[p_idx]
            scored = score_party(index, p_idx, query, name_ids, config.weights)
            root = index.clusters[p_idx]
            if scored.score >= cutoff and (root not in best or scored.score > best[root].score):
                best[root] = scored
        return sorted(best.items(), key=lambda kv: (-kv[1].score, kv[0]))[:limit]

    def _result(self, root: int, scored: Scored, threshold: float) -> dict[str, Any]:
        party: Party = self.index.parties[scored.party]
        members = [self.index.parties[m] for m in self.members[root]]
        refs: list[dict[str, str]] = []
        for member in [party, *members]:
            for ref in member.list_refs:
                if ref not in refs:
                    refs.append(ref)
        datasets = list(dict.fromkeys(m.dataset for m in [party, *members]))
        return {
            "id": party.id,
            "caption": party.caption,
            "schema": party.schema,
            "properties": party.properties,
            "datasets": datasets,
            "list_refs": refs,
            "listed": any(m.listed for m in [party, *members]),
            "score": scored.score,
            "match": scored.score >= threshold,
            "features": scored.features,
            "explanation": scored.explain(),
        }
