"""Shared fixtures. Real list files come from ``../shared/data`` beside the repository."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.detect import plan
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("REDTRACE_SHARED", ROOT.parent / "shared")).resolve()
LISTS = SHARED / "data" / "lists"
FIXTURES = Path(__file__).parent / "fixtures"


def parse_one(path: Path, dataset: str | None = None) -> ParsedList:
    jobs, errors = plan([path], dataset)
    assert not errors, errors
    assert len(jobs) == 1
    return jobs[0].parse()


def source(path: Path) -> SourceFile:
    return SourceFile.read(path)


@pytest.fixture(scope="session")
def shared_lists() -> Path:
    if not LISTS.is_dir():
        pytest.fail(f"shared data not found at {LISTS}; set REDTRACE_SHARED")
    return LISTS


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store" / "redtrace.duckdb"
    monkeypatch.setenv("REDTRACE_DB", str(path))
    return path


@pytest.fixture()
def store(db: Path) -> Iterator[Store]:
    with Store(db) as s:
        yield s


@pytest.fixture(scope="session")
def snapshot_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the whole bundled snapshot loaded, shared by read-only tests."""
    from redtrace.lists.load import parse_paths

    path = tmp_path_factory.mktemp("snapshot") / "redtrace.duckdb"
    paths = sorted(p for p in SNAPSHOT_DIR.iterdir() if not p.name.endswith(".md"))
    with Store(path) as s:
        for p in paths:
            parsed, errors = parse_paths([p])
            assert not errors
            for item in parsed:
                s.load(item)
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """One throwaway PostgreSQL cluster for the session (tests/pg.py)."""
    from tests.pg import cluster

    with cluster() as running:
        yield running


STORE_KINDS = ("duckdb", "postgresql")


@pytest.fixture(params=STORE_KINDS)
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A fresh, empty store of each implementation, named in REDTRACE_DB."""
    if request.param == "duckdb":
        url = str(tmp_path / "store" / "redtrace.duckdb")
    else:
        url = request.getfixturevalue("pg_cluster").database()
    monkeypatch.setenv("REDTRACE_DB", url)
    return url
