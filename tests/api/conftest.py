import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redtrace.api import create_app
from redtrace.service import IndexHolder as Service
from redtrace.store import Store
from redtrace.store.keys import create_key


@pytest.fixture(scope="session")
def api_store(
    snapshot_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """A copy of the snapshot store with one key per role."""
    path = tmp_path_factory.mktemp("api") / "redtrace.duckdb"
    shutil.copy(snapshot_store, path)
    keys = {}
    with Store(path) as store:
        for role in ("viewer", "analyst", "compliance_officer", "admin"):
            keys[role] = create_key(store, f"user-{role}", role)
    return path, keys


@pytest.fixture(scope="session")
def built(api_store: tuple[Path, dict[str, str]]) -> Service:
    """One service with its index built, shared: building takes seconds."""
    path, _ = api_store
    mp = pytest.MonkeyPatch()
    mp.setenv("REDTRACE_DB", str(path))
    service = Service()
    service.refresh()
    mp.undo()
    assert service.snapshot is not None
    return service


@pytest.fixture()
def service(
    built: Service, api_store: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> Service:
    monkeypatch.setenv("REDTRACE_DB", str(api_store[0]))
    monkeypatch.setenv("REDTRACE_REFRESH_SECONDS", "3600")
    fresh = Service(snapshot=built.snapshot, keys=dict(built.keys))
    return fresh


@pytest.fixture()
def client(service: Service, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(service)
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def keys(api_store: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return api_store[1]


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {key}"}
