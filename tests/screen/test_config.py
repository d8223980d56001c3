"""The pure screening core: a matcher built from records alone, configured explicitly (never by
the environment), that pickles without its caches and screens the same under any process
start method, on the real UN list."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest

from redtrace import settings
from redtrace.lists.load import parse_paths
from redtrace.screen import (
    DEFAULT_CONFIG,
    Matcher,
    ScorerConfig,
    Thresholds,
    run_batch,
)
from redtrace.service import build_matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"


@pytest.fixture(scope="module")
def un_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("un") / "s.duckdb"
    parsed, _ = parse_paths([UN])
    with Store(path) as store:
        store.load(parsed[0])
    return path


def _names(store_path: Path, n: int) -> list[str]:
    with Store(store_path, read_only=True) as store:
        return [r["caption"] for r in store.records("un_sc_sanctions")][:n]


def _query(name: str) -> dict[str, object]:
    return {"schema": "Thing", "properties": {"name": [name]}}


def test_from_records_equals_the_store_built_matcher(un_store: Path) -> None:
    with Store(un_store, read_only=True) as store:
        built = build_matcher(store, config=DEFAULT_CONFIG)
        records = [("un_sc_sanctions", r) for r in store.records("un_sc_sanctions")]
    pure = Matcher.from_records(records, built.datasets)
    for name in _names(un_store, 60):
        variant = name.lower().replace("a", "e", 1)
        assert pure.match(_query(variant)) == built.match(_query(variant))


def test_environment_does_not_reach_a_built_matcher(
    un_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(un_store, read_only=True) as store:
        matcher = build_matcher(store)
    name = _names(un_store, 1)[0]
    before = matcher.match(_query(name))
    monkeypatch.setenv("REDTRACE_MATCH_THRESHOLD", "0.99")
    monkeypatch.setenv("REDTRACE_MATCH_CUTOFF", "0.98")
    assert matcher.match(_query(name)) == before
    # The settings still decide for a matcher built after the change.
    with Store(un_store, read_only=True) as store:
        strict = build_matcher(store)
    assert strict.config.thresholds == Thresholds(0.99, 0.98)
    assert strict.info()["threshold"] == 0.99


def test_defaults_agree_with_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDTRACE_MATCH_THRESHOLD", raising=False)
    monkeypatch.delenv("REDTRACE_MATCH_CUTOFF", raising=False)
    assert Thresholds() == Thresholds(settings.match_threshold(), settings.match_cutoff())


def test_config_is_frozen_validated_and_versioned() -> None:
    config = ScorerConfig()
    with pytest.raises(AttributeError):
        config.candidates = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.weights["name_similarity"] = 2.0  # type: ignore[index]
    with pytest.raises(ValueError, match="threshold"):
        Thresholds(threshold=1.5)
    with pytest.raises(ValueError, match="unknown feature"):
        ScorerConfig(weights={"shoe_size": 1.0})
    assert config.label().startswith("redtrace-names/")
    # Other weights are another scorer: the version says so; thresholds are not scoring.
    tuned = ScorerConfig(weights={**config.weights, "country_match": 0.2})
    assert tuned.version != config.version
    assert config.with_thresholds(0.8, None).version == config.version
    assert pickle.loads(pickle.dumps(tuned)) == tuned


def test_a_pickled_matcher_screens_the_same_and_leaves_its_cache(un_store: Path) -> None:
    with Store(un_store, read_only=True) as store:
        matcher = build_matcher(store, config=DEFAULT_CONFIG.with_thresholds(0.75, 0.55))
    queries = [_query(n.lower().replace("a", "e", 1)) for n in _names(un_store, 100)]
    answers = [matcher.match(q) for q in queries]
    assert matcher.index.pairs.size > 0  # screening filled the matcher's own cache
    copy = pickle.loads(pickle.dumps(matcher, protocol=5))
    assert copy.index.pairs.size == 0
    assert copy.config == matcher.config and copy.info()["threshold"] == 0.75
    assert [copy.match(q) for q in queries] == answers


def test_batch_gives_the_same_bytes_under_spawn(un_store: Path) -> None:
    with Store(un_store, read_only=True) as store:
        matcher = build_matcher(store, config=DEFAULT_CONFIG)
    lines = [json.dumps({"id": f"q{i}", **_query(n)}) for i, n in enumerate(_names(un_store, 80))]
    lines.insert(7, "not json")
    text = "\n".join(lines) + "\n"
    options = {"dataset": "default", "threshold": 0.7, "cutoff": 0.5, "limit": 3}
    one, spawned = io.BytesIO(), io.BytesIO()
    assert run_batch(matcher, io.StringIO(text), one, options) == (81, 1)
    run_batch(matcher, io.StringIO(text), spawned, options, workers=2, start_method="spawn")
    assert spawned.getvalue() == one.getvalue()
