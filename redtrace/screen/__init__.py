"""Name screening, pure: a matcher built from list records, queries answered by it.

Nothing in this package reads the environment or the settings, opens a store or keeps
state between calls outside the objects it returns: a ``Matcher`` holds its index, its
caches and its ``ScorerConfig``; it pickles whole (a Spark broadcast) or is rebuilt from
records on any worker (``Matcher.from_records``). The other stages and the service use
these names rather than the modules behind them.
"""

from redtrace.screen.batch import answer_line
from redtrace.screen.batch import run as run_batch
from redtrace.screen.compare import (
    ORG_COVERAGE_EXPONENT,
    PERSON_COVERAGE_EXPONENT,
    align,
    name_pair_score,
)
from redtrace.screen.config import DEFAULT as DEFAULT_CONFIG
from redtrace.screen.config import ScorerConfig, Thresholds
from redtrace.screen.index import Index
from redtrace.screen.legal import PREFIX_FORMS, fold_forms, is_form_word
from redtrace.screen.legal import table as legal_forms
from redtrace.screen.matcher import MAX_LIMIT, PARTY_SCHEMATA, RETRIEVAL_FLOOR, Matcher
from redtrace.screen.names import (
    ARTICLES,
    LOW_WEIGHT,
    PreparedName,
    arabic_names,
    canonical_tokens,
    skeleton,
)
from redtrace.screen.party import Party
from redtrace.screen.query import SCHEMATA as QUERY_SCHEMATA
from redtrace.screen.query import Query, QueryError
from redtrace.screen.reverse import KeyRow, delta_keys, party_keys
from redtrace.screen.score import Scored
from redtrace.screen.text import fold, tokens

__all__ = [
    "ARTICLES",
    "DEFAULT_CONFIG",
    "LOW_WEIGHT",
    "MAX_LIMIT",
    "ORG_COVERAGE_EXPONENT",
    "PARTY_SCHEMATA",
    "PERSON_COVERAGE_EXPONENT",
    "PREFIX_FORMS",
    "QUERY_SCHEMATA",
    "RETRIEVAL_FLOOR",
    "Index",
    "KeyRow",
    "Matcher",
    "Party",
    "PreparedName",
    "Query",
    "QueryError",
    "Scored",
    "ScorerConfig",
    "Thresholds",
    "align",
    "answer_line",
    "arabic_names",
    "canonical_tokens",
    "delta_keys",
    "fold",
    "fold_forms",
    "is_form_word",
    "legal_forms",
    "name_pair_score",
    "party_keys",
    "run_batch",
    "skeleton",
    "tokens",
]
