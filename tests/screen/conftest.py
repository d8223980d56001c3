from pathlib import Path

import pytest

from redtrace.screen.matcher import Matcher
from redtrace.service import build_matcher
from redtrace.store import Store


@pytest.fixture(scope="session")
def matcher(snapshot_store: Path) -> Matcher:
    with Store(snapshot_store, read_only=True) as store:
        return build_matcher(store)
