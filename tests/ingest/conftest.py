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
