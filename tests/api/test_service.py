import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from redtrace.service import IndexHolder as Service
from tests.api.conftest import auth

QUERY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Joseph Kony"]}}}}


def test_failed_refresh_keeps_serving_the_old_index(
    client: TestClient,
    service: Service,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    before = service.snapshot
    monkeypatch.setenv("REDTRACE_DB", str(tmp_path / "missing.duckdb"))
    assert service.refresh(force=True) is False
    assert service.snapshot is before
    ready = client.get("/readyz").json()
    assert ready["last_refresh_error"] and "refresh failed" in ready["last_refresh_error"]
    assert "missing.duckdb" not in ready["last_refresh_error"]  # no path without a key
    catalog = client.get("/catalog", headers=auth(keys["viewer"])).json()
    assert "missing.duckdb" in catalog["index"]["last_refresh_error"]
    r = client.post("/match/default", json=QUERY, headers=auth(keys["analyst"]))
    assert r.status_code == 200 and r.json()["responses"]["q"]["results"][0]["match"]


def test_stale_data_fails_readyz_and_says_so(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDTRACE_STALE_DAYS", "30")  # the bundled lists are older than that
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "un_sc_sanctions" in ready.json()["stale_datasets"]
    r = client.post("/match/default", json=QUERY, headers=auth(keys["analyst"]))
    assert r.status_code == 200 and "un_sc_sanctions" in r.json()["stale_datasets"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_uvicorn_server(api_store: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, keys = api_store
    port = _free_port()
    env = dict(os.environ, REDTRACE_DB=str(path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "redtrace.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("server did not become ready")
        r = httpx.post(f"{base}/match/un_sc_sanctions", json=QUERY, headers=auth(keys["analyst"]))
        assert r.status_code == 200
        assert r.json()["responses"]["q"]["results"][0]["list_refs"][0]["ref"] == "CFi.009"
        assert httpx.post(f"{base}/match/default", json=QUERY).status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        assert proc.stdout and proc.stderr
        proc.stdout.close()
        proc.stderr.close()


def test_no_auth_mode_says_so(api_store: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ = api_store
    port = _free_port()
    env = dict(os.environ, REDTRACE_DB=str(path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "redtrace.cli", "serve", "--port", str(port), "--no-auth"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "authentication is OFF" in line
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        assert proc.stdout and proc.stderr
        proc.stdout.close()
        proc.stderr.close()
