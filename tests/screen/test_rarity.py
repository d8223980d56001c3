"""One score for one pair: token weights do not depend on the index searched."""

from hypothesis import given, settings
from hypothesis import strategies as st

from redtrace.screen.compare import (
    ORG_COVERAGE_EXPONENT,
    PERSON_COVERAGE_EXPONENT,
    name_pair_score,
    token_similarity,
)
from redtrace.screen.index import Index
from redtrace.screen.matcher import Matcher
from redtrace.screen.names import PreparedName, roman_keys, skeleton
from redtrace.screen.rarity import org_weight, person_weight, rarity


def test_common_tokens_weigh_less_than_rare_ones() -> None:
    assert rarity("muhammad") < 0.5 < rarity("baghdadi") < rarity("thahab") == 1.0
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


_NAME = st.lists(_LATIN, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NAME, _NAME, st.booleans())
def test_name_pair_score_is_symmetric(a: str, b: str, org: bool) -> None:
    _assert_symmetric(a, b, org)


def _assert_symmetric(a: str, b: str, org: bool) -> None:
    weight = org_weight if org else person_weight
    exponent = ORG_COVERAGE_EXPONENT if org else PERSON_COVERAGE_EXPONENT
    pa, pb = PreparedName(a, org), PreparedName(b, org)
    forward = name_pair_score(pa, pb, weight, exponent)
    assert forward == name_pair_score(pb, pa, weight, exponent)


_LISTED = ["إبراهيم عواد إبراهيم علي البدري السامرائي", "IBRAHIM AWWAD IBRAHIM ALI AL-BADRI",
           "Selselat Al Zahab General Trading Co.", "SELSELAT AL-THAHAB", "Mahan Airlines",
           "MAHAN AIR", "Илья Борисович Бродский", "Ilya Borisovich BRODSKIY", "داعش",
           "DA'ESH", "Mohammed Ali", "ALI, Ahmed Mohammed Hamed", "عبد الرحمن", "Abdul Rahman",
           "Abdulrahman", "STG HOLDINGS LIMITED", "Embassy Holdings", "ISIS-SP", "ISIS"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_LISTED), st.sampled_from(_LISTED), st.booleans())
def test_listed_names_score_the_same_both_ways(a: str, b: str, org: bool) -> None:
    # Arabic script against Latin: the side romanised without vowels leads either way.
    _assert_symmetric(a, b, org)
