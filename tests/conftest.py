"""Shared fixtures. Real list files come from ``tests/fixtures/shared``.

That folder keeps the layout of the project's ``../shared`` data (``data/lists/...``,
``data/ftm/...``, ``docs/seeds/...``), so the suite runs in a clone with nothing beside it;
``tests/fixtures/README.md`` gives each file's origin and date. Large text files are stored
gzip'd (``name.gz``); ``shared_file`` and ``shared_bytes`` find and read either form, so
``REDTRACE_SHARED=/path/to/shared`` still runs the suite on the full, uncompressed copy.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from redtrace.lists.base import ParsedList, SourceFile
from redtrace.lists.detect import plan
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(os.environ.get("REDTRACE_SHARED", FIXTURES / "shared")).resolve()
LISTS = SHARED / "data" / "lists"


def shared_file(path: Path) -> Path:
    """``path`` as it is in ``../shared``, or its gzip'd copy in the fixtures."""
    if path.exists():
        return path
    gz = path.with_name(path.name + ".gz")
    return gz if gz.exists() else path


def shared_bytes(path: Path) -> bytes:
    """The published bytes of ``path``, whichever form ``shared_file`` finds."""
    found = shared_file(path)
    data = found.read_bytes()
    return gzip.decompress(data) if found.suffix == ".gz" and path.suffix != ".gz" else data


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
        pytest.fail(f"list fixtures not found at {LISTS}; check REDTRACE_SHARED")
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
