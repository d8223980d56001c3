"""The CLI and the HTTP API are faces over one service: the same orders, checked once through
``redtrace orders check`` and once order by order through ``POST /orders/check`` (fresh stores
each), get the same decisions and flags. Before the service layer, an order whose buyer is
56 % owned by a listed person was blocked by the CLI and only reviewed over HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from bench.deck import deck
from redtrace.api import create_app
from redtrace.cli import main
from redtrace.service import IndexHolder
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import open_store
from redtrace.store.keys import create_key
from tests.conftest import FIXTURES

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"
OWNERSHIP = FIXTURES / "ownership" / "entities.ftm.json"


def _orders() -> list[dict[str, Any]]:
    owned = {"id": "ap-1", "schema": "Company",
             "properties": {"name": ["Anatolia Precision Parts Ltd"], "country": ["tr"]}}  # fmt: skip
    own = {"id": "SO-OWN-1", "date": "2024-05-02", "buyer": owned,
           "seller": {"id": "S1", "schema": "Company", "properties": {"name": ["Seller One"]}},
           "items": [{"description": "aluminium paste", "hs_code": "7603.20", "quantity": 500,
                      "unit": "kg"}]}  # fmt: skip
    return sorted([*deck(40), own], key=lambda o: (o["date"], o["id"]))


def _load(db: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("REDTRACE_DB", db)
    runner = CliRunner()
    out = runner.invoke(main, ["lists", "load", str(UN)])
    assert out.exit_code == 0, out.output
    out = runner.invoke(main, ["lists", "load", str(OWNERSHIP), "--dataset", "ftm_demo"])
    assert out.exit_code == 0, out.output
    return runner


def _summary(results: list[dict[str, Any]]) -> dict[str, tuple[str, list[str]]]:
    return {r["id"]: (r["decision"], sorted(f["code"] for f in r["flags"])) for r in results}


@pytest.fixture(params=["duckdb", "postgresql"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    if request.param == "duckdb":
        return str(tmp_path / "cli.duckdb"), str(tmp_path / "http.duckdb")
    pg = request.getfixturevalue("pg_cluster")
    return pg.database(), pg.database()


def test_cli_and_http_give_the_same_decisions(
    two_stores: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = _orders()
    runner = _load(two_stores[0], monkeypatch)
    text = "".join(json.dumps(o) + "\n" for o in orders)
    out = runner.invoke(main, ["orders", "check"], input=text)
    assert out.exit_code == 0, out.output
    by_cli = _summary([json.loads(line) for line in out.stdout.splitlines()])

    db = two_stores[1]
    _load(db, monkeypatch)
    with open_store(db) as store:
        key = create_key(store, "ana", "analyst")
    holder = IndexHolder()
    holder.refresh()
    app = create_app(holder)
    by_http: list[dict[str, Any]] = []
    with TestClient(app) as client:
        for order in orders:
            resp = client.post("/orders/check", json={"orders": [order]},
                               headers={"Authorization": f"ApiKey {key}"})  # fmt: skip
            assert resp.status_code == 200, resp.text
            by_http += resp.json()["results"]

    assert by_cli == _summary(by_http)
    assert len(by_cli) == len(orders)
    assert by_cli["SO-OWN-1"][0] == "block" and "OWNED_BY_LISTED" in by_cli["SO-OWN-1"][1]
    assert {d for d, _ in by_cli.values()} >= {"pass", "block"}
