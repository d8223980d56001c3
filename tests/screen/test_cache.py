"""The index kept on disk answers exactly as the index built in memory, and is used only
for the list versions it was built from."""

import json
from pathlib import Path

import pytest

from redtrace.screen import cache
from redtrace.screen.matcher import Matcher
from redtrace.service import build_matcher, cached_matcher
from redtrace.store import Store

QUERIES = [
    {"schema": "Person", "properties": {"name": ["Joseph Kony"], "birthDate": ["1964"]}},
    {"schema": "Person", "properties": {"name": ["Abu Bakr al-Baghdadi"]}},
    {"schema": "Company", "properties": {"name": ["Korea Mining Development Trading Corp"]}},
    {"schema": "Thing", "properties": {"name": ["Hamas"]}},
    {"schema": "Person", "properties": {"name": ["Иван Петров"], "nationality": ["ru"]}},
    {"schema": "Organization", "properties": {"name": ["華信船務(香港)有限公司"]}},
    {"schema": "Person", "properties": {"name": ["محمد علي"]}},
    {"schema": "Vessel", "properties": {"imoNumber": ["8518572"], "name": ["x"]}},
    {"schema": "Person", "properties": {"name": ["Muhammad Ali Hassan"]}},
]


@pytest.fixture(scope="module")
def built(snapshot_store: Path) -> Matcher:
    with Store(snapshot_store, read_only=True) as store:
        return build_matcher(store)


def test_a_stored_index_answers_as_the_built_one(built: Matcher, tmp_path: Path) -> None:
    path = tmp_path / "index.rtidx"
    assert cache.save(built.index, "k1", path)
    loaded = cache.load(path, "k1")
    assert loaded is not None
    again = Matcher(loaded, built.datasets)
    for query in QUERIES:
        for limit in (1, 10):
            expected = built.match(query, limit=limit, cutoff=0.3)
            got = again.match(query, limit=limit, cutoff=0.3)
            assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert any(r["match"] for q in QUERIES[:2] for r in again.match(q)["results"])
    assert len(loaded.parties) == len(built.index.parties)
    assert loaded.parties[-1].id == built.index.parties[-1].id
    assert [p.id for p in loaded.parties[:3]] == [p.id for p in built.index.parties[:3]]


def test_a_stale_or_damaged_file_is_ignored(built: Matcher, tmp_path: Path) -> None:
    path = tmp_path / "index.rtidx"
    assert cache.load(path, "k1") is None  # no file
    cache.save(built.index, "k1", path)
    assert cache.load(path, "other versions") is None
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert cache.load(path, "k1") is None
    path.write_bytes(b"not an index at all")
    assert cache.load(path, "k1") is None


def test_the_key_follows_list_versions_and_code() -> None:
    a = [{"name": "un_sc_sanctions", "version": 1, "sha256": "aa"}]
    b = [{"name": "un_sc_sanctions", "version": 2, "sha256": "bb"}]
    assert cache.cache_key(a) == cache.cache_key(list(a))
    assert cache.cache_key(a) != cache.cache_key(b)
    assert len(cache.code_hash()) == 64


def test_commands_reuse_the_file_until_a_list_changes(
    db: Path, shared_lists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redtrace.lists.load import parse_paths

    monkeypatch.setenv("REDTRACE_DB", str(db))
    parsed, _ = parse_paths([shared_lists / "un" / "UN_consolidated_2026-02.xml"])
    with Store(db) as store:
        store.load(parsed[0])
        first = cached_matcher(store)
    path = db.with_name(db.name + ".rtidx")
    stamp = path.stat().st_mtime_ns
    with Store(db, read_only=True) as store:
        second = cached_matcher(store)
    assert path.stat().st_mtime_ns == stamp  # read, not rebuilt
    query = QUERIES[0]
    assert second.match(query) == first.match(query)
    # Another list loaded: the file no longer fits the store and is rebuilt.
    parsed, _ = parse_paths([shared_lists / "bis_dpl" / "dpl.txt"])
    with Store(db) as store:
        store.load(parsed[0])
        third = cached_matcher(store)
    assert path.stat().st_mtime_ns != stamp
    assert {d["name"] for d in third.datasets} == {d.dataset for d in parsed} | {
        "un_sc_sanctions"}  # fmt: skip
