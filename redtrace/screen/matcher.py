"""Screen queries against the index: candidates, scores, clusters and the response shape."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from redtrace import settings
from redtrace.datafiles import rows
from redtrace.screen.compare import normalize_identifier
from redtrace.screen.index import Index
from redtrace.screen.party import Party
from redtrace.screen.query import SCHEMATA, Query, QueryError
from redtrace.screen.score import ALGORITHM, VERSION, Scored, score_party
from redtrace.store import Store

PARTY_SCHEMATA = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane",
                  "PublicBody"}  # fmt: skip
MAX_LIMIT = 100


CANDIDATES = 40
LOOSE_CANDIDATES = 100


# FtM's can_match for the schemata of queries and list parties, kept as data so that a
# one-shot screening does not load the FtM model (a second of start-up).
_MATCHES = {(r["query"], r["candidate"])
            for r in rows(Path(__file__).parent / "data" / "schema_matches.csv")}  # fmt: skip


def schema_compatible(query_schema: str, candidate_schema: str) -> bool:
    """A Company query never matches a Person; Thing matches any party."""
    if query_schema == "Thing":
        return True
    if query_schema in SCHEMATA and candidate_schema in PARTY_SCHEMATA:
        return (query_schema, candidate_schema) in _MATCHES
    from followthemoney import model

    query, candidate = model.get(query_schema), model.get(candidate_schema)
    return query is not None and candidate is not None and bool(query.can_match(candidate))


class Matcher:
    """An index plus the dataset versions it was built from."""

    def __init__(self, index: Index, datasets: list[dict[str, Any]]) -> None:
        self.index = index
        self.datasets = datasets
        self.members: dict[int, list[int]] = defaultdict(list)
        for p_idx, root in enumerate(index.clusters):
            self.members[root].append(p_idx)

    @classmethod
    def from_store(cls, store: Store, previous: Matcher | None = None) -> Matcher:
        """Build from the current versions; a dataset whose version is unchanged since
        ``previous`` reuses its prepared parties, so a list update re-prepares only that list."""
        reuse: dict[str, list[Party]] = {}
        if previous is not None:
            old = {d["name"]: d["version"] for d in previous.datasets}
            now = {name: store.current_version(name) for name in store.datasets()}
            unchanged = {name for name, version in now.items() if old.get(name) == version}
            for party in previous.index.parties:
                if party.dataset in unchanged:
                    reuse.setdefault(party.dataset, []).append(party)
        parties: list[Party] = []
        for name in store.datasets():
            if name in reuse:
                parties.extend(reuse[name])
                continue
            parties.extend(
                Party(name, record)
                for record in store.records(name)
                if record["schema"] in PARTY_SCHEMATA
            )
        datasets = []
        for name in store.datasets():
            version = store.version(name)
            if version is not None:
                datasets.append(
                    {
                        "name": name,
                        "version": version.version,
                        "sha256": version.sha256,
                        "published": version.published,
                        "entities": version.entities,
                    }
                )
        return cls(Index(parties), datasets)

    def info(self, threshold: float, cutoff: float) -> dict[str, Any]:
        return {
            "algorithm": ALGORITHM,
            "version": VERSION,
            "threshold": threshold,
            "cutoff": cutoff,
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
        threshold = settings.match_threshold() if threshold is None else threshold
        cutoff = settings.match_cutoff() if cutoff is None else cutoff
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
        index = self.index
        # A name score cannot exceed the share of the query's weight that retrieval found;
        # 0.6 of the cutoff leaves room for the skeleton, compact and variant comparisons
        # (on the benchmark, no result at or above the cutoff came from below 0.67 of it).
        floor = cutoff * 0.6
        # A name romanised from Arabic script keys on consonants alone, which many list
        # names share ("slh": Saleh, Salah, Salehi): more candidates are scored.
        wide = any(name.loose for name in query.names)
        candidates = (
            index.candidates(query.names, limit=LOOSE_CANDIDATES if wide else CANDIDATES,
                             min_fraction=floor)
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
            scored = score_party(index, p_idx, query, name_ids)
            root = index.clusters[p_idx]
            if scored.score >= cutoff and (root not in best or scored.score > best[root].score):
                best[root] = scored
        ranked = sorted(best.items(), key=lambda kv: (-kv[1].score, kv[0]))[:limit]
        return [self._result(root, scored, threshold) for root, scored in ranked]

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
