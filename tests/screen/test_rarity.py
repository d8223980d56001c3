"""One score for one pair: token weights do not depend on the index searched."""

from hypothesis import given, settings
from hypothesis import strategies as st

from redtrace.screen.compare import token_similarity
from redtrace.screen.index import Index
from redtrace.screen.matcher import Matcher
from redtrace.screen.names import roman_keys, skeleton
from redtrace.screen.rarity import org_weight, person_weight, rarity


def test_common_tokens_weigh_less_than_rare_ones() -> None:
    assert rarity("muhammad") < 0.5 < rarity("baghdadi") == 1.0
    assert person_weight("ali") < person_weight("katanga")
    assert org_weight("trading") < org_weight("thahab")


def test_a_pair_scores_the_same_in_the_full_and_in_a_one_entry_index(matcher: Matcher) -> None:
    # As ``rescreen`` scores parties against a delta index of the changed entries only.
    for schema, name in (("Person", "Mohammed Ali"), ("Organization", "Selselat Al Zahab"),
                         ("Company", "Mahan Airlines")):  # fmt: skip
        query = {"schema": schema, "properties": {"name": [name]}}
        full = matcher.match(query, limit=5, cutoff=0.3)["results"]
        assert full, name
        for result in full:
            party = next(p for p in matcher.index.parties if p.id == result["id"])
            small = Matcher(Index([party]), []).match(query, limit=5, cutoff=0.3)["results"]
            assert [r["score"] for r in small] == [result["score"]], (name, result["caption"])


_LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@settings(max_examples=500, deadline=None)
@given(_LATIN, _LATIN)
def test_token_similarity_is_symmetric(a: str, b: str) -> None:
    forward = token_similarity(a, b, skeleton(a), skeleton(b))
    assert forward == token_similarity(b, a, skeleton(b), skeleton(a))
    assert 0.0 <= forward <= 1.0


@settings(max_examples=300, deadline=None)
@given(_LATIN)
def test_a_token_is_its_own_romanisation(a: str) -> None:
    assert roman_keys(a) & roman_keys(a)
