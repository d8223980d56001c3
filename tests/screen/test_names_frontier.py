"""Issue 16's examples, both directions: romanisation variants and industry words match,
legal-form-like words do not make a match (real entries of the bundled snapshot)."""

from typing import Any

import pytest

from redtrace.screen.matcher import Matcher
from redtrace.screen.names import PreparedName, roman_keys


def _results(matcher: Matcher, schema: str, name: str) -> list[dict[str, Any]]:
    response = matcher.match({"schema": schema, "properties": {"name": [name]}}, limit=10)
    assert response["status"] == 200, response
    results: list[dict[str, Any]] = response["results"]
    return results


def _refs(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["dataset"], r["ref"]) for r in result["list_refs"]}


def test_thahab_written_zahab_with_generic_trading_words(matcher: Matcher) -> None:
    # UN QDe.154, SELSELAT AL-THAHAB: ذ written z, and "General Trading Co." added.
    results = _results(matcher, "Organization", "Selselat Al Zahab General Trading Co.")
    un = [r for r in results if ("un_sc_sanctions", "QDe.154") in _refs(r)]
    assert un and un[0]["match"], [(r["caption"], r["score"]) for r in results]
    assert all("THAHAB" in r["caption"].upper() for r in results if r["match"])


def test_airlines_is_air(matcher: Matcher) -> None:
    results = _results(matcher, "Company", "Mahan Airlines")
    assert results and results[0]["match"]
    assert "MAHAN AIR" in results[0]["caption"].upper()


@pytest.mark.parametrize(
    "name", ["Embassy Holdings", "Stiftung Holdings GmbH", "Embassy Bancorp, Inc."]
)
def test_legal_form_like_words_make_no_match(matcher: Matcher, name: str) -> None:
    results = _results(matcher, "Company", name)
    assert not any(r["match"] for r in results), [(r["caption"], r["score"]) for r in results]


def test_isis_is_not_isis_sp_by_stripping_a_form(matcher: Matcher) -> None:
    results = _results(matcher, "Organization", "ISIS")
    sp = [r for r in results if r["caption"].upper().startswith("ISIS-S")]
    assert all(r["score"] < 1.0 for r in sp), [(r["caption"], r["score"]) for r in sp]


def test_forms_kept_where_they_are_the_name() -> None:
    assert PreparedName("STG HOLDINGS LIMITED", True).tokens == ("stg", "holdings")
    assert PreparedName("Embassy Bancorp, Inc.", True).tokens == ("embassy", "bancorp")
    assert PreparedName("ISIS-SP", True).tokens == ("isis", "sp")
    # Where they are forms, they still go: a Russian prefix, a form at the end.
    assert PreparedName("OOO Romashka", True).tokens == ("romashka",)
    assert PreparedName("Donata Company D.O.O.", True).tokens[0] == "donata"


@pytest.mark.parametrize(
    ("a", "b"),
    [("thahab", "zahab"), ("dhahab", "zahab"), ("uthman", "usman"), ("aseeri", "asiri"),
     ("qasim", "gasim"), ("djamel", "jamel"), ("fatimah", "fatima")],
)  # fmt: skip
def test_romanisations_share_a_key(a: str, b: str) -> None:
    assert roman_keys(a) & roman_keys(b)


@pytest.mark.parametrize(("a", "b"), [("zahab", "dahab"), ("samer", "tamer"), ("kasim", "gasim")])
def test_different_letters_share_no_key(a: str, b: str) -> None:
    assert not roman_keys(a) & roman_keys(b)
