"""A real ``redtrace serve --workers 2`` on the PostgreSQL store: the CLI loads a new list
version beside the running server, and every worker swaps to it without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from redtrace.cli import main
from redtrace.settings import SNAPSHOT_DIR

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"
MIEU = SNAPSHOT_DIR / "bis_mieu_2022-03-02.csv"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workers(base: str, seen: dict[str, Any], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status = httpx.get(f"{base}/readyz", timeout=5).json()
        except httpx.HTTPError:
            time.sleep(0.5)
            continue
        if status.get("worker"):
            seen[status["worker"]] = status
        time.sleep(0.05)


def test_two_workers_on_postgresql_follow_a_cli_load(
    pg_cluster: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    url = pg_cluster.database()
    monkeypatch.setenv("REDTRACE_DB", url)
    assert CliRunner().invoke(main, ["lists", "load", str(UN)]).exit_code == 0
    port = _port()
    env = dict(os.environ, REDTRACE_DB=url, REDTRACE_REFRESH_SECONDS="1")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "redtrace.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        seen: dict[str, Any] = {}
        _workers(base, seen, 120)
        while len(seen) < 2 and server.poll() is None:
            _workers(base, seen, 10)
        assert len(seen) == 2, log.read_text()
        assert all(s["serving_versions"] == {"un_sc_sanctions": 1} for s in seen.values())
        # The CLI writes beside the running server (a DuckDB file would be locked).
        load = CliRunner().invoke(main, ["lists", "load", str(MIEU)])
        assert load.exit_code == 0, load.output
        after: dict[str, Any] = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _workers(base, after, 2)
            if len(after) == 2 and all(
                "us_bis_mieu" in s["serving_versions"] for s in after.values()
            ):
                break
        assert len(after) == 2 and all(
            "us_bis_mieu" in s["serving_versions"] for s in after.values()
        ), after
    finally:
        server.terminate()
        server.wait(timeout=30)
