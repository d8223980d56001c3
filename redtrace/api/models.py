"""Response models of the screening routes, for the OpenAPI document (yente's shapes, plus
redtrace's ``list_refs``, ``features`` and ``explanation``). Handlers build plain dicts;
these models describe them and allow extra fields, so that a field added later is not lost."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ListRef(_Open):
    dataset: str = Field(description="The list, e.g. un_sc_sanctions.")
    ref: str = Field(description="The entry's official identifier in that list.")


class Total(_Open):
    value: int
    relation: str = Field(description='"eq", or "gte" when retrieval stopped early.')


class Result(_Open):
    id: str
    caption: str
    schema_: str = Field(alias="schema", description="FtM schema: Person, Company...")
    properties: dict[str, list[str]]
    datasets: list[str] = Field(description="Every list carrying this party.")
    list_refs: list[ListRef]
    listed: bool = Field(description="False for context entities of an FtM source.")
    score: float = Field(ge=0, le=1)
    match: bool = Field(description="score >= threshold")
    features: dict[str, float]
    explanation: list[str]


class QueryResponse(_Open):
    status: int
    query: dict[str, object] | None = None
    total: Total | None = None
    results: list[Result] = []
    error: dict[str, str] | None = None


class DatasetVersion(_Open):
    name: str
    version: int
    sha256: str
    published: str | None


class MatcherInfo(_Open):
    algorithm: str
    version: str
    threshold: float
    cutoff: float


class MatchResponse(_Open):
    responses: dict[str, QueryResponse]
    matcher: MatcherInfo
    datasets: list[DatasetVersion]
    stale_datasets: list[str] | None = None


class FacetValue(_Open):
    name: str
    label: str
    count: int


class Facet(_Open):
    label: str
    values: list[FacetValue]


class SearchResponse(_Open):
    results: list[Result]
    total: Total
    limit: int
    offset: int
    facets: dict[str, Facet]
    datasets: list[DatasetVersion]


class Algorithm(_Open):
    name: str
    version: str
    description: str
    features: dict[str, dict[str, float]]


class AlgorithmsResponse(_Open):
    algorithms: list[Algorithm]
    default: str
    best: str


class CatalogResponse(_Open):
    datasets: list[dict[str, object]]
    index: dict[str, object]
    matcher: MatcherInfo


class Entity(_Open):
    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[object]]
    datasets: list[str]
    list_refs: list[ListRef]
    provenance: dict[str, object]
    adjacent: list[dict[str, str]]


class Error(_Open):
    status: int
    message: str
