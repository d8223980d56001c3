"""Requests during index refreshes on a real server: all answered in JSON, no 5xx, no dropped
connection (issue 24, row 5); ``bench/refresh_load.py`` runs it longer."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bench.refresh_load import load, prepare, server
from redtrace.api.errors import install_handlers
from redtrace.store import StoreConflict


@pytest.mark.parametrize("kind", ["duckdb", "postgresql"])
def test_requests_during_refresh_get_no_server_error(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "duckdb":
        url = str(tmp_path / "redtrace.duckdb")
    else:
        url = request.getfixturevalue("pg_cluster").database()
    keys = prepare(url)
    with server(url, tmp_path) as base:
        result = load(base, keys, seconds=12, clients=4)
    answered = sum(result["answers"].values())
    assert answered > 10 and sum(int(n) for n in result["refreshes"].values()) >= 2, result
    assert result["server_errors"] == 0 and result["not_json_or_dropped"] == 0, result


def test_store_conflict_and_unexpected_errors_are_json() -> None:
    app = FastAPI()
    install_handlers(app)

    @app.get("/conflict")
    async def conflict() -> None:
        raise StoreConflict("a concurrent change to the same records")

    @app.get("/boom")
    async def boom() -> None:
        raise ZeroDivisionError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/conflict")
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert r.json()["status"] == 503 and "try again" in r.json()["message"]
        r = client.get("/boom")
        assert r.status_code == 500 and r.json()["status"] == 500
        assert "secret" not in r.text and "ZeroDivisionError" in r.json()["message"]
