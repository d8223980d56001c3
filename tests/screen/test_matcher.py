"""Screening behaviour pinned on real list entries (the bundled snapshot)."""

from typing import Any

from redtrace.screen.matcher import Matcher


def _match(matcher: Matcher, schema: str, **props: Any) -> list[dict[str, Any]]:
    query = {
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()},
    }
    response = matcher.match(query, limit=10)
    assert response["status"] == 200, response
    results: list[dict[str, Any]] = response["results"]
    return results


def _refs(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["dataset"], r["ref"]) for r in result["list_refs"]}


def test_arabic_script_un_name_finds_latin_ofac_entry(matcher: Matcher) -> None:
    # UN QDi.299's original-script name; the OFAC SDN entry (12926) has only Latin names.
    results = _match(matcher, "Person", name="إبراهيم عواد إبراهيم علي البدري السامرائي")
    ofac = [r for r in results if ("us_ofac_sdn", "12926") in _refs(r)]
    assert ofac and ofac[0]["match"], [(r["caption"], r["score"]) for r in results]
    assert any("~" in line for line in ofac[0]["explanation"])


def test_cyrillic_name_finds_its_latin_spelling(matcher: Matcher) -> None:
    results = _match(matcher, "Person", name="Илья Борисович Бродский")
    assert results and results[0]["match"]
    assert "BRODSKIY" in results[0]["caption"].upper()


def test_legal_form_spellings(matcher: Matcher) -> None:
    # "DONATA COMPANY D.O.O." is on the OFAC SDN list (2021-07, ent_num 17350).
    for spelling in ("Donata Company DOO", "DONATA CO. d.o.o.", "Donata Company"):
        results = _match(matcher, "Company", name=spelling)
        assert results and results[0]["match"], spelling
        assert ("us_ofac_sdn", "17350") in _refs(results[0])


def test_company_query_never_returns_a_person(matcher: Matcher) -> None:
    for name in ("Abu Bakr al-Baghdadi", "Usama bin Laden", "Ali Kony"):
        for result in _match(matcher, "Company", name=name):
            assert result["schema"] != "Person", result


def test_person_query_does_not_return_companies(matcher: Matcher) -> None:
    for result in _match(matcher, "Person", name="Bank of Kunlun"):
        assert result["schema"] in ("Person", "LegalEntity"), result


def test_birth_date_conflict_lowers_the_score_and_says_so(matcher: Matcher) -> None:
    agree = _match(matcher, "Person", name="Abu Bakr al-Baghdadi", birthDate="1971")
    conflict = _match(matcher, "Person", name="Abu Bakr al-Baghdadi", birthDate="1985-03-01")
    top_agree = {r["id"]: r for r in agree}
    for result in conflict:
        if result["id"] in top_agree:
            assert result["score"] < top_agree[result["id"]]["score"]
            assert result["features"]["birth_date_mismatch"] == 1.0
            assert any("conflicts" in line for line in result["explanation"])
            break
    else:
        raise AssertionError("no common result")
    assert any("agrees" in line for r in agree for line in r["explanation"])


def test_identifier_alone_is_strong(matcher: Matcher) -> None:
    # VTB Bank's Russian registration number (OGRN) from OFAC's enhanced/consolidated data.
    results = _match(
        matcher, "Company", name="Some Other Name Ltd", registrationNumber="1027739609391"
    )
    assert results and results[0]["match"]
    assert results[0]["features"]["identifier_match"] == 1.0


def test_cross_list_references_make_one_result(matcher: Matcher) -> None:
    results = _match(matcher, "Person", name="Ibrahim Awwad Ibrahim Ali al-Badri al-Samarrai")
    un = [r for r in results if ("un_sc_sanctions", "QDi.299") in _refs(r)]
    assert len(un) == 1  # the UK row (UN Ref QDi.299) and the UN entry are one result
    assert {"un_sc_sanctions", "gb_hmt_sanctions"} <= set(un[0]["datasets"])


def test_transliteration_and_order_variants(matcher: Matcher) -> None:
    results = _match(matcher, "Person", name="Osama Ben Laden")
    assert results[0]["match"] and "LADEN" in results[0]["caption"].upper().replace(
        "LADIN", "LADEN"
    )
    reordered = _match(matcher, "Person", name="BAGHDADI, Abu Bakr al")
    assert reordered[0]["match"]


def test_unrelated_company_is_not_a_match(matcher: Matcher) -> None:
    for name in ("Microsoft Corporation", "Siemens AG", "Nestlé S.A."):
        assert not any(r["match"] for r in _match(matcher, "Company", name=name)), name


def test_bad_queries_are_errors_not_empty_results(matcher: Matcher) -> None:
    assert matcher.match({"schema": "Person", "properties": {}})["status"] == 400
    assert matcher.match({"schema": "Spaceship", "properties": {"name": ["x"]}})["status"] == 400
    assert matcher.match({"schema": "Person", "properties": {"name": "Ali Kony"}})["status"] == 200
    assert matcher.match({"schema": "Person", "properties": {"name": [1]}})["status"] == 400
    assert matcher.match("nope")["status"] == 400


def test_scores_are_bounded_and_dataset_filter_works(matcher: Matcher) -> None:
    response = matcher.match(
        {"schema": "Person", "properties": {"name": ["Ali Kony"]}}, dataset="un_sc_sanctions"
    )
    for result in response["results"]:
        assert 0.0 <= result["score"] <= 1.0
        assert "un_sc_sanctions" in result["datasets"]
