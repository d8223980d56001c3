"""kill -9 of real ``redtrace`` processes: nothing handed out is missing from the store, a
marked re-screen holds all its alerts, and the next run completes the work (issue 24, rows 3
and 4). ``bench/kills.py --runs 20`` runs the same checks at random moments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.kills import Orders, Rescreen, Stores, run_scenario


def stores_for(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Stores:
    pg = request.getfixturevalue("pg_cluster") if kind == "postgresql" else None
    return Stores(kind, tmp_path, pg)


@pytest.mark.parametrize("kind", ["duckdb", "postgresql"])
def test_rescreen_killed_loses_no_alert(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    result: dict[str, Any] = run_scenario(
        Rescreen(), stores_for(kind, tmp_path, request), 3, 24, delays=[0.4, 0.7, 0.9]
    )
    assert result["reference"]["alerts"] > 100
    totals = result["totals"]
    assert totals["killed_mid_run"] >= 1, result["runs"]
    assert totals["lost"] == 0 and totals["claimed_not_stored"] == 0, result["runs"]
    assert totals["not_resumed_equal"] == 0 and totals["duplicates_after_rerun"] == 0


@pytest.mark.parametrize("kind", ["duckdb", "postgresql"])
def test_orders_check_killed_claims_nothing_the_store_lacks(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    result = run_scenario(
        Orders(700), stores_for(kind, tmp_path, request), 2, 24, delays=[0.6, 0.85]
    )
    totals = result["totals"]
    assert totals["killed_mid_run"] >= 1, result["runs"]
    assert totals["claimed_not_stored"] == 0, result["runs"]
