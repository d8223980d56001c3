"""Reverse delta screening finds exactly the alerts forward screening finds on the same delta.

Watched parties are real names: every entry of the 2018 UN list and of the 2019 OFAC SDN
list, read as customers (so many of them are the same people and companies as the newer lists'
entries, others near namesakes), plus misspelt and reordered versions of the names the newer
lists add. The lists then move on (UN 2026-01-28 -> 2026-02, OFAC SDN 2019-01 -> 2021-07:
thousands of changed entries), and both directions are asked for the alerts.
"""

from __future__ import annotations

from typing import Any

import pytest

from redtrace import settings
from redtrace.screen.matcher import PARTY_SCHEMATA
from redtrace.service.index import build_matcher
from redtrace.service.monitor import (
    AlertError,
    decide_alert,
    ensure_watch_index,
    reverse_candidates,
    reverse_rescreen,
    screen_parties,
    watch_parties,
)
from redtrace.service.rescreen import delta_matcher, party_alert, pending_deltas
from redtrace.store import StoreProtocol, open_store
from redtrace.store.keys import create_key
from redtrace.store.parties import open_alerts, save_parties
from tests.conftest import LISTS, parse_one

UN_OLD = LISTS / "un" / "UN_consolidated_2026-01-28.xml"
UN_NEW = LISTS / "un" / "UN_consolidated_2026-02.xml"
UN_2018 = LISTS / "un" / "UN_consolidated_2018-10-29.xml.gz"
SDN_OLD = LISTS / "ofac_sdn_csv" / "2019-01"
SDN_NEW = LISTS / "ofac_sdn_csv" / "2021-07"


def _as_party(prefix: str, record: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{prefix}-{record['id']}", "schema": record["schema"],
            "properties": record["properties"]}  # fmt: skip


def _misspelt(record: dict[str, Any]) -> list[dict[str, Any]]:
    """A name as a customer form might carry it: a letter dropped, words reordered."""
    name = record["properties"]["name"][0]
    words = name.split()
    dropped = " ".join(w[:-2] + w[-1] if len(w) > 5 else w for w in words)
    reordered = " ".join([*words[1:], words[0]]) if len(words) > 1 else name.lower()
    return [
        {"id": f"planted-{i}-{record['id']}", "schema": record["schema"],
         "properties": {"name": [variant]}}
        for i, variant in enumerate((dropped, reordered))
    ]  # fmt: skip


def _records(path: Any) -> list[dict[str, Any]]:
    return [e.to_record() for e in parse_one(path).entities.values()]


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[dict[str, Any]]]:
    return {
        "un_2018": _records(UN_2018),
        "sdn_2019": _records(SDN_OLD),
    }


def _watched(parsed: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    new_un = {r["id"]: r for r in _records(UN_NEW)}
    old_un = {r["id"] for r in _records(UN_OLD)}
    added = [r for i, r in new_un.items() if i not in old_un and r["schema"] in PARTY_SCHEMATA]
    assert added  # the newer UN file designates new parties
    parties = [_as_party("un18", r) for r in parsed["un_2018"] if r["schema"] in PARTY_SCHEMATA]
    parties += [_as_party("sdn19", r) for r in parsed["sdn_2019"][::5]
                if r["schema"] in PARTY_SCHEMATA]  # fmt: skip
    for record in added:
        parties += _misspelt(record)
    return parties


def _load(store: StoreProtocol, *paths: Any) -> None:
    for path in paths:
        store.load(parse_one(path))


def _alert_set(alerts: list[dict[str, Any]]) -> set[tuple[str, str, tuple[tuple[str, float], ...]]]:
    return {(a["id"], a["dataset"], tuple(sorted((r["id"], r["score"]) for r in a["results"])))
            for a in alerts}  # fmt: skip


def test_reverse_finds_exactly_the_forward_alerts(
    store_url: str, parsed: dict[str, list[dict[str, Any]]]
) -> None:
    threshold, cutoff = settings.match_threshold(), settings.match_cutoff()
    with open_store(store_url) as store:
        _load(store, UN_OLD, SDN_OLD)
        parties = _watched(parsed)
        watch_parties(store, parties)
        _load(store, UN_NEW, SDN_NEW)
        deltas = pending_deltas(store)
        assert {d.dataset for d in deltas} == {"un_sc_sanctions", "us_ofac_sdn"}
        assert sum(len(d.records) for d in deltas) > 1000  # thousands of changed entries
        compared: list[dict[str, Any]] = []
        for delta in deltas:
            matcher = delta_matcher(delta)
            assert matcher is not None
            forward = [a for p in parties
                       if (a := party_alert(matcher, delta, p, threshold, cutoff))]  # fmt: skip
            candidates = reverse_candidates(store, delta, matcher, cutoff)
            assert len(candidates) < len(parties)  # the point: not every party is scored
            reverse = [a for p in candidates
                       if (a := party_alert(matcher, delta, p, threshold, cutoff))]  # fmt: skip
            assert _alert_set(reverse) == _alert_set(forward)
            compared += forward
        assert len(compared) > 50
        # End to end, committed: the same alerts, the planted spellings among them.
        stored = list(reverse_rescreen(store, threshold, cutoff))
        assert _alert_set(stored) == _alert_set(compared)
        planted = {a["id"] for a in stored if a["id"].startswith("planted-")}
        assert len(planted) >= 6  # of 8: a name cut to "ABDULLH IDRIS" may score below


def test_alerts_are_remembered_once_decided(store_url: str) -> None:
    threshold, cutoff = settings.match_threshold(), settings.match_cutoff()
    with open_store(store_url) as store:
        _load(store, UN_OLD)
        new = _records(UN_NEW)
        target = next(r for r in new if r["id"] == "un-SDi.008")
        party = {"id": "c-1", "schema": "Person",
                 "properties": {"name": [target["properties"]["name"][0]]}}  # fmt: skip
        watch_parties(store, [party])
        store.load(parse_one(UN_NEW))
        first = list(reverse_rescreen(store, threshold, cutoff))
        assert [a["id"] for a in first] == ["c-1"]
        assert [a["id"] for a in open_alerts(store)] == ["c-1"]
        with pytest.raises(AlertError, match="known, active user"):
            decide_alert(store, "c-1", "un-SDi.008", "false_positive", "same name", "ana")
        create_key(store, "vic", "viewer")
        with pytest.raises(AlertError, match="analyst role"):
            decide_alert(store, "c-1", "un-SDi.008", "false_positive", "same name", "vic")
        create_key(store, "ana", "analyst")
        with pytest.raises(AlertError, match="reason"):
            decide_alert(store, "c-1", "un-SDi.008", "false_positive", " ", "ana")
        with pytest.raises(AlertError, match="outcome"):
            decide_alert(store, "c-1", "un-SDi.008", "maybe", "same name", "ana")
        decision = decide_alert(store, "c-1", "un-SDi.008", "false_positive",
                                "born 1990, the listed person 1970s", "ana")  # fmt: skip
        assert decision["alerts_closed"] == 1
        assert open_alerts(store) == []
        # The same pair, unchanged, does not alert again at the next version ...
        store.load(parse_one(UN_OLD))
        store.load(parse_one(UN_NEW))
        assert list(reverse_rescreen(store, threshold, cutoff)) == []
        # ... but a changed party is a new question, asked against the whole lists.
        matcher = build_matcher(store)
        assert screen_parties(store, matcher, [party], threshold, cutoff) == []
        party["properties"]["nationality"] = ["sd"]
        watch_parties(store, [party])
        again = screen_parties(store, matcher, [party], threshold, cutoff)
        assert [(a["id"], [r["id"] for r in a["results"]]) for a in again] == [
            ("c-1", ["un-SDi.008"])
        ]
        assert [a["id"] for a in open_alerts(store)] == ["c-1"]


def test_parties_stored_before_the_watch_index_are_indexed(store_url: str) -> None:
    with open_store(store_url) as store:
        save_parties(store, [{"id": "old-1", "schema": "Company",
                              "properties": {"name": ["Al-Furqan Foundation"]}}])  # fmt: skip
        assert ensure_watch_index(store) == 1
        assert ensure_watch_index(store) == 0
