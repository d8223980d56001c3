import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redtrace.cli import main


@pytest.fixture()
def loaded(db: Path, shared_lists: Path) -> Path:
    result = CliRunner().invoke(
        main, ["lists", "load", str(shared_lists / "un" / "UN_consolidated_2026-02.xml")]
    )
    assert result.exit_code == 0
    return db


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_answers_every_line_in_order(loaded: Path, workers: str) -> None:
    queries = [
        {"id": "q1", "schema": "Person", "properties": {"name": ["Joseph Kony"]}},
        "this is not json",
        {"id": "q3", "schema": "Person", "properties": {}},
        {"id": "q4", "schema": "Company", "properties": {"name": ["Acme Widgets GmbH"]}},
    ] + [
        {"id": f"bulk-{i}", "schema": "Person", "properties": {"name": [f"Person Number {i}"]}}
        for i in range(450)
    ]
    text = "\n".join(q if isinstance(q, str) else json.dumps(q) for q in queries) + "\n"
    result = CliRunner().invoke(main, ["match", "--workers", workers], input=text)
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(queries)
    assert out[0]["id"] == "q1" and out[0]["results"][0]["match"]
    assert out[0]["results"][0]["list_refs"][0] == {"dataset": "un_sc_sanctions", "ref": "CFi.009"}
    assert out[1]["error"]["code"] == "invalid_json" and "line 2" in out[1]["error"]["message"]
    assert out[2]["id"] == "q3" and "no usable name" in out[2]["error"]["message"]
    assert out[3] == {"id": "q4", "results": []}
    assert [o["id"] for o in out[4:]] == [f"bulk-{i}" for i in range(450)]
    assert "line 2" in result.stderr


def test_single_name_table(loaded: Path) -> None:
    result = CliRunner().invoke(
        main, ["match", "--name", "Joseph Kony", "--schema", "Person", "--birth-date", "1964"]
    )
    assert result.exit_code == 0
    assert "MATCH" in result.stdout and "CFi.009" in result.stdout
    assert "birth" in result.stdout


def test_match_without_lists(db: Path) -> None:
    result = CliRunner().invoke(main, ["match", "--name", "x"])
    assert result.exit_code != 0
