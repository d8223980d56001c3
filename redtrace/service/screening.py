"""Name screening use cases: a set of queries (the yente ``/match`` shape), a free-text
search, and one name with its details. Every face calls these, and each call is recorded."""

from __future__ import annotations

from typing import Any

from redtrace.screen import Matcher
from redtrace.service.audit import NoRecorder, Recorder

__all__ = ["dataset_versions", "match_queries", "one_name", "search"]


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
) -> dict[str, Any]:
    """Screen queries keyed by the caller's ids; one response per query."""
    thr = matcher.config.thresholds.threshold if threshold is None else threshold
    cut = matcher.config.thresholds.cutoff if cutoff is None else cutoff
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
    user: str = "local",
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    """Entries whose names resemble ``text`` (a looser cutoff than matching)."""
    query = {"schema": schema, "properties": {"name": [text]}}
    response = matcher.match(query, dataset, matcher.config.thresholds.threshold, 0.3, limit)
    if response["status"] == 200:
        (recorder or NoRecorder()).submit(user, "search", dataset, {
            "q": text, "schema": schema, "scorer": matcher.config.label(),
            "results": [r["id"] for r in response["results"]]})  # fmt: skip
    return response


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
