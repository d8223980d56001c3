"""A dataset typo, an empty store or a stale list must never read as an all-clear."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redtrace.cli import main
from redtrace.store import Store


@pytest.fixture()
def loaded(db: Path, shared_lists: Path) -> Path:
    out = CliRunner().invoke(
        main, ["lists", "load", str(shared_lists / "un" / "UN_consolidated_2026-02.xml")]
    )
    assert out.exit_code == 0, out.output
    return db


@pytest.mark.parametrize(
    "args",
    [
        ["match", "--dataset", "un", "--name", "Joseph Kony"],
        ["match", "--dataset", "un"],
        ["rescreen", "--dataset", "foo"],
        ["export", "--dataset", "un"],
        ["lists", "show", "CFi.009", "--dataset", "un"],
    ],
)
def test_an_unknown_dataset_fails_naming_the_loaded_ones(loaded: Path, args: list[str]) -> None:
    out = CliRunner().invoke(main, args, input="")
    assert out.exit_code != 0
    assert "unknown dataset" in out.output and "un_sc_sanctions" in out.output
    assert "No result" not in out.output


def test_the_real_dataset_name_still_answers(loaded: Path) -> None:
    out = CliRunner().invoke(
        main, ["match", "--dataset", "un_sc_sanctions", "--name", "Joseph Kony"]
    )
    assert out.exit_code == 0 and "CFi.009" in out.output


@pytest.mark.parametrize(
    "args", [["match", "--name", "Joseph Kony"], ["export"], ["rescreen"], ["orders", "check"]]
)
def test_an_empty_store_fails(db: Path, args: list[str]) -> None:
    out = CliRunner().invoke(main, args, input="")
    # No store file at all: read-only commands say so; writing ones create an empty store.
    assert out.exit_code != 0
    assert "load lists first" in out.output or "no lists loaded" in out.output
    Store(db).close()
    out = CliRunner().invoke(main, args, input="")
    assert out.exit_code != 0 and "no lists loaded" in out.output


def test_a_stale_list_fails_unless_allowed(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fixture list was published 2026-02-27; a one-day budget makes it stale.
    monkeypatch.setenv("REDTRACE_STALE_DAYS", "1")
    out = CliRunner().invoke(main, ["match", "--name", "Joseph Kony"])
    assert out.exit_code != 0 and "un_sc_sanctions" in out.output
    assert "REDTRACE_STALE_DAYS" in out.output
    out = CliRunner().invoke(main, ["match", "--name", "Joseph Kony", "--allow-stale"])
    assert out.exit_code == 0 and "CFi.009" in out.output
    monkeypatch.setenv("REDTRACE_STALE_DAYS", "100000")
    assert CliRunner().invoke(main, ["match", "--name", "Joseph Kony"]).exit_code == 0


def test_lists_show_prints_json_lines_or_one_array(loaded: Path) -> None:
    out = CliRunner().invoke(main, ["lists", "show", "CFi.009"])
    assert out.exit_code == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines and all(r["provenance"]["dataset"] == "un_sc_sanctions" for r in lines)
    pretty = CliRunner().invoke(main, ["lists", "show", "CFi.009", "--pretty"])
    assert json.loads(pretty.stdout) == lines
