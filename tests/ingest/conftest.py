"""The gazetteer over the bundled lists, built once for all ingestion tests."""

from pathlib import Path

import pytest

from redtrace.ingest import Gazetteer
from redtrace.service import build_matcher
from redtrace.store import Store


@pytest.fixture(scope="session")
def gazetteer(snapshot_store: Path) -> Gazetteer:
    with Store(snapshot_store, read_only=True) as store:
        return Gazetteer(build_matcher(store))


@pytest.fixture(scope="session")
def pages_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The acceptance setup of issue #17: the UN list and OFAC SDN 2021-07 loaded alone."""
    from redtrace.lists.load import parse_paths
    from redtrace.settings import SNAPSHOT_DIR

    path = tmp_path_factory.mktemp("pages") / "redtrace.duckdb"
    with Store(path) as store:
        for name in ("un_consolidated_2026-02-27.xml.gz", "ofac_sdn_2021-07"):
            parsed, errors = parse_paths([SNAPSHOT_DIR / name])
            assert not errors
            for item in parsed:
                store.load(item)
        return Gazetteer(build_matcher(store))
