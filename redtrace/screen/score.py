"""The score: a weighted sum of named features, clipped to [0, 1], with an explanation.

Weights are configuration (this table), chosen on the benchmark in ``bench/names/`` (see
the README's "Screening" section for the numbers behind the default threshold).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from redtrace.screen.compare import (
    ORG_COVERAGE_EXPONENT,
    PERSON_COVERAGE_EXPONENT,
    align,
    birth_date_match,
    country_match,
    identifier_match,
    name_pair_score,
)
from redtrace.screen.index import Index
from redtrace.screen.names import PreparedName
from redtrace.screen.party import Party
from redtrace.screen.query import Query

ALGORITHM = "redtrace-names"
VERSION = "1"
WEIGHTS = {
    "name_similarity": 1.0,
    "birth_date_match": 0.10,
    "birth_date_mismatch": -0.25,
    "country_match": 0.05,
    "country_mismatch": -0.10,
    "identifier_match": 0.70,
}


@dataclass(slots=True)
class Scored:
    party: int
    score: float
    features: dict[str, float]
    explanation: list[str] = field(default_factory=list)
    # The best name pair (query name, list name, property, similarity, weighting): its line
    # of explanation is written only for the results returned (``explain``).
    name_pair: tuple[PreparedName, PreparedName, str, float, Callable[[str], float]] | None = None

    def explain(self) -> list[str]:
        """The explanation, the name comparison first."""
        if self.name_pair is None:
            return self.explanation
        qname, prepared, prop, best, weight = self.name_pair
        _, _, pairs = align(qname, prepared, weight)
        diff = [f"{a}~{b}" for a, b, s in pairs if a != b]
        detail = f"; tokens {', '.join(diff)}" if diff else ""
        line = f"name {qname.original!r} ~ {prop} {prepared.original!r} ({best:.2f}{detail})"
        return [line, *self.explanation]


def score_party(
    index: Index, p_idx: int, query: Query, name_ids: set[int],
    weights: Mapping[str, float] = WEIGHTS,
) -> Scored:  # fmt: skip
    party: Party = index.parties[p_idx]
    best, best_pair = 0.0, None
    person = party.schema == "Person"
    exponent = PERSON_COVERAGE_EXPONENT if person else ORG_COVERAGE_EXPONENT
    weight = index.person_weight if person else index.weight
    for n_idx in name_ids:
        _, prepared, prop, prop_weight = index.names[n_idx]
        for qname in query.names:
            value = name_pair_score(qname, prepared, weight, exponent, index.pairs) * prop_weight
            if value > best:
                best, best_pair = value, (qname, prepared, prop)
        if best >= 1.0:
            break  # nothing beats an exact name
    features: dict[str, float] = {"name_similarity": round(best, 4)}
    explanation: list[str] = []
    name_pair = (*best_pair, best, weight) if best_pair else None
    dob, why = birth_date_match(query.birth_dates, party.birth_dates)
    if dob > 0:
        features["birth_date_match"] = dob
    elif dob < 0:
        features["birth_date_mismatch"] = -dob
    if why:
        explanation.append(why)
    countries = [c.lower() for c in party.countries]
    cty, why = country_match(query.countries, countries)
    if cty > 0:
        features["country_match"] = cty
    elif cty < 0:
        features["country_mismatch"] = -cty
    if why:
        explanation.append(why)
    ident, why = identifier_match(query.identifiers, party.identifiers)
    if ident:
        features["identifier_match"] = ident
        explanation.append(why)
    total = sum(weights[k] * v for k, v in features.items())
    return Scored(p_idx, round(min(1.0, max(0.0, total)), 4), features, explanation, name_pair)
