"""``redtrace rescreen --engine spark`` raises the alerts the local re-screen raises, in the
same order, through three real UN list versions (2018, January and February 2026) and two
thousand watched parties (listed names, some misspelt, and names on no list); ``match
--engine spark`` answers as the local engine does from the command line; both jobs leave
their summary in the audit trail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from redtrace.cli import main
from redtrace.lists.load import parse_paths
from redtrace.store import open_store
from redtrace.store.audit import search
from tests.conftest import shared_file

FIRST = ["Anna", "Boris", "Chen", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jamal"]
LAST = ["Keller", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato",
        "Tanaka"]  # fmt: skip


def _versions(shared_lists: Path) -> list[Path]:
    un = shared_lists / "un"
    return [shared_file(un / "UN_consolidated_2018-10-29.xml"),
            un / "UN_consolidated_2026-01-28.xml", un / "UN_consolidated_2026-02.xml"]  # fmt: skip


def _parties(latest: Path) -> str:
    parsed = parse_paths([latest])[0][0]
    out = []
    for n, entity in enumerate(sorted(parsed.entities.values(), key=lambda e: e.id)):
        name = entity.proxy.caption
        if n % 4 == 0:
            name = name.lower().replace("a", "e", 1)
        out.append({"id": f"p{n:05d}", "schema": entity.schema, "properties": {"name": [name]}})
    for n in range(2000 - len(out)):
        name = f"{FIRST[n % 10]} {LAST[(n // 10) % 10]} {FIRST[(n // 100) % 10]}son"
        out.append({"id": f"c{n:05d}", "schema": "Person", "properties": {"name": [name]}})
    return "\n".join(json.dumps(p) for p in out) + "\n"


def _run(store: Path, versions: list[Path], parties: str, engine: list[str],
         monkeypatch: pytest.MonkeyPatch) -> list[list[dict[str, Any]]]:  # fmt: skip
    monkeypatch.setenv("REDTRACE_DB", str(store))
    runner = CliRunner()
    rounds = []
    for n, version in enumerate(versions):
        # Seven years apart, the UN list really shrank (1,093 to 999 entries): said so.
        loaded = runner.invoke(main, ["lists", "load", "--allow-shrink", str(version)])
        assert loaded.exit_code == 0, loaded.output
        if n == 0:
            assert runner.invoke(main, ["parties", "load"], input=parties).exit_code == 0
        result = runner.invoke(main, ["rescreen", *engine])
        assert result.exit_code == 0, result.output
        rounds.append([orjson.loads(line) for line in result.stdout.splitlines()])
    return rounds


def _audit(store: Path, action: str) -> list[dict[str, Any]]:
    with open_store(str(store), read_only=True) as handle:
        rows = search(handle, action=action)
    return [orjson.loads(r.body) for r in rows if r.body]


def test_spark_rescreen_raises_the_local_alerts(
    spark: Any, shared_lists: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = _versions(shared_lists)
    parties = _parties(versions[-1])
    local = _run(tmp_path / "local" / "s.duckdb", versions, parties, [], monkeypatch)
    on_spark = _run(tmp_path / "spark" / "s.duckdb", versions, parties,
                    ["--engine", "spark", "--master", "local[2]"], monkeypatch)  # fmt: skip
    assert on_spark == local
    assert len(local[0]) > 500  # the first version: every listed party
    assert 0 < len(local[1]) < len(local[0]) and local[2]  # then only what changed
    assert all(a["id"].startswith("p") for r in local for a in r)  # no invented names alert
    jobs = _audit(tmp_path / "spark" / "s.duckdb", "rescreen.spark")
    assert [j["alerts"] for j in jobs] == [len(r) for r in local]
    assert all(j["rows_read"] == 2000 and j["datasets"][0]["name"] == "un_sc_sanctions"
               for j in jobs)  # fmt: skip


def test_spark_match_from_the_command_line(
    spark: Any, shared_lists: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "s.duckdb"
    monkeypatch.setenv("REDTRACE_DB", str(store))
    runner = CliRunner()
    latest = _versions(shared_lists)[-1]
    assert runner.invoke(main, ["lists", "load", str(latest)]).exit_code == 0
    queries = tmp_path / "q.jsonl"
    lines = _parties(latest).splitlines()[::5]  # listed names and names on no list
    queries.write_text("\n".join([*lines[:50], "not json", *lines[50:]]) + "\n")
    local = runner.invoke(main, ["match", "-i", str(queries), "--workers", "1"])
    assert local.exit_code == 0
    spark_run = runner.invoke(main, ["match", "-i", str(queries), "--engine", "spark",
                                     "--master", "local[2]", "--index", "parquet"])  # fmt: skip
    assert spark_run.exit_code == 0, spark_run.output
    assert spark_run.stdout == local.stdout
    (job,) = _audit(store, "match.spark")
    (batch,) = _audit(store, "match.batch")
    assert job["index"] == "parquet" and job["rejected"] == 1 == batch["rejected"]
    for key in ("rows_read", "screened", "alerts", "scorer", "datasets"):
        assert job[key] == batch[key], key
