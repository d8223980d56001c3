"""Name screening use cases: a set of queries (the yente ``/match`` shape), a free-text
search, and one name with its details. Every face calls these, and each call is recorded."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from redtrace.screen import DEFAULT_CONFIG, MAX_LIMIT, Matcher
from redtrace.service.audit import NoRecorder, Recorder

ALGORITHM, VERSION = DEFAULT_CONFIG.algorithm, DEFAULT_CONFIG.version
WEIGHTS = DEFAULT_CONFIG.weights

__all__ = [
    "ALIASES",
    "AlgorithmError",
    "Filters",
    "algorithms",
    "dataset_versions",
    "match_queries",
    "one_name",
    "resolve_algorithm",
    "search",
]

# Names a yente client may send for "whatever the service does best".
ALIASES = ("best", "default")
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")


class AlgorithmError(ValueError):
    """An algorithm name the service does not have; the message lists the known ones."""


def algorithms() -> dict[str, Any]:
    """The scoring algorithms, as yente's ``/algorithms`` lists them."""
    features = {name: {"weight": weight} for name, weight in WEIGHTS.items()}
    return {
        "algorithms": [{"name": ALGORITHM, "version": VERSION, "features": features,
                        "description": "Weighted sum of named features (name similarity "
                        "across scripts, birth date, country, identifiers), clipped to [0, 1]."}],
        "default": ALGORITHM,
        "best": ALGORITHM,
    }  # fmt: skip


def resolve_algorithm(name: str | None) -> str:
    """The algorithm a request names (an alias, or none, means the best one)."""
    if name is None or name in ALIASES or name == ALGORITHM:
        return ALGORITHM
    raise AlgorithmError(
        f"unknown algorithm {name!r}; known: {ALGORITHM} (or {', '.join(ALIASES)}); see /algorithms"
    )


@dataclass(frozen=True)
class Filters:
    """yente's result filters. A result spans the lists that carry one party: it is kept when
    one of its lists is included (or none is asked for) and not every one is excluded."""

    include_datasets: tuple[str, ...] = ()
    exclude_datasets: tuple[str, ...] = ()
    exclude_schemata: tuple[str, ...] = ()
    exclude_ids: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.include_datasets, self.exclude_datasets, self.exclude_schemata,
                    self.exclude_ids, self.countries))  # fmt: skip

    def keep(self, result: dict[str, Any]) -> bool:
        datasets = set(result["datasets"])
        if self.include_datasets and not datasets & set(self.include_datasets):
            return False
        if self.exclude_datasets and datasets <= set(self.exclude_datasets):
            return False
        if result["schema"] in self.exclude_schemata or result["id"] in self.exclude_ids:
            return False
        if self.countries:
            found = {v.lower() for p in _COUNTRY_PROPS for v in result["properties"].get(p, [])}
            return bool(found & {c.lower() for c in self.countries})
        return True


def _filtered(response: dict[str, Any], filters: Filters, limit: int) -> dict[str, Any]:
    if response.get("status") != 200:
        return response
    kept = [r for r in response["results"] if filters.keep(r)]
    return {**response, "results": kept[:limit], "total": {"value": len(kept), "relation": "eq"}}


def dataset_versions(matcher: Matcher) -> list[dict[str, Any]]:
    """The list versions a matcher screens against, as every response states them."""
    return [{"name": d["name"], "version": d["version"], "sha256": d["sha256"],
             "published": d["published"]} for d in matcher.datasets]  # fmt: skip


def match_queries(
    matcher: Matcher,
    queries: dict[str, dict[str, Any]],
    dataset: str = "default",
    *,
    threshold: float | None = None,
    cutoff: float | None = None,
    limit: int = 5,
    user: str = "local",
    algorithm: str | None = None,
    recorder: Recorder | None = None,
    filters: Filters | None = None,
) -> dict[str, Any]:
    """Screen queries keyed by the caller's ids; one response per query. ``filters`` drop
    results after scoring: the best ``limit`` of those kept are returned."""
    resolve_algorithm(algorithm)
    thr = matcher.config.thresholds.threshold if threshold is None else threshold
    cut = matcher.config.thresholds.cutoff if cutoff is None else cutoff
    if filters:
        responses = {key: _filtered(matcher.match(query, dataset, thr, cut, MAX_LIMIT),
                                    filters, limit)
                     for key, query in queries.items()}  # fmt: skip
    else:
        responses = {key: matcher.match(query, dataset, thr, cut, limit)
                     for key, query in queries.items()}  # fmt: skip
    versions = dataset_versions(matcher)
    (recorder or NoRecorder()).submit(
        user, "match", dataset,
        {"queries": queries, "threshold": thr, "cutoff": cut,
         "algorithm_requested": algorithm or "best", "scorer": matcher.config.label(),
         "datasets": versions,
         "results": {k: [(r["id"], r["score"], r["match"]) for r in v.get("results", [])]
                     for k, v in responses.items()}},
    )  # fmt: skip
    return {"responses": responses, "matcher": matcher.info(thr, cut), "datasets": versions}


def search(
    matcher: Matcher,
    text: str,
    dataset: str = "default",
    *,
    schema: str = "Thing",
    limit: int = 10,
    offset: int = 0,
    filters: Filters | None = None,
    user: str = "local",
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    """Entries whose names resemble ``text`` (a looser cutoff than matching), ranked; the
    page from ``offset``, with facets (datasets, schemata, countries) over every hit."""
    query = {"schema": schema, "properties": {"name": [text]}}
    response = matcher.match(query, dataset, matcher.config.thresholds.threshold, 0.3, MAX_LIMIT)
    if response["status"] != 200:
        return response
    hits = [r for r in response["results"] if filters is None or filters.keep(r)]
    page = hits[offset : offset + limit]
    (recorder or NoRecorder()).submit(user, "search", dataset, {
        "q": text, "schema": schema, "offset": offset, "scorer": matcher.config.label(),
        "results": [r["id"] for r in page]})  # fmt: skip
    # Retrieval stops at MAX_LIMIT candidates: past that the total is a lower bound.
    relation = "gte" if len(response["results"]) >= MAX_LIMIT else "eq"
    return {**response, "results": page, "total": {"value": len(hits), "relation": relation},
            "offset": offset, "limit": limit, "facets": _facets(hits)}  # fmt: skip


def _facets(results: list[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {"datasets": Counter(), "schema": Counter(),
                                       "countries": Counter()}  # fmt: skip
    for r in results:
        counts["datasets"].update(set(r["datasets"]))
        counts["schema"][r["schema"]] += 1
        counts["countries"].update({v.lower() for p in _COUNTRY_PROPS
                                    for v in r["properties"].get(p, [])})  # fmt: skip
    labels = {"datasets": "Datasets", "schema": "Entity types", "countries": "Countries"}
    return {facet: {"label": labels[facet],
                    "values": [{"name": n, "label": n, "count": c} for n, c in
                               sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]}
            for facet, counter in counts.items()}  # fmt: skip


def one_name(
    matcher: Matcher,
    name: str,
    *,
    schema: str = "Thing",
    birth_date: str | None = None,
    countries: tuple[str, ...] = (),
    id_numbers: tuple[str, ...] = (),
    dataset: str = "default",
    threshold: float | None = None,
    cutoff: float | None = None,
    limit: int = 5,
    user: str = "local",
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    """One name with what else is known of it: the response of its query."""
    props: dict[str, list[str]] = {"name": [name]}
    if birth_date:
        props["birthDate"] = [birth_date]
    if countries:
        props["country"] = list(countries)
    if id_numbers:
        props["idNumber"] = list(id_numbers)
    out = match_queries(matcher, {"q": {"schema": schema, "properties": props}}, dataset,
                        threshold=threshold, cutoff=cutoff, limit=limit, user=user,
                        recorder=recorder)  # fmt: skip
    response: dict[str, Any] = out["responses"]["q"]
    return response
