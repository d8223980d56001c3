"""``redtrace parties load`` (JSON Lines, CSV, Excel, mapped columns, bad rows by line and
field), ``redtrace rescreen`` in both directions, and ``redtrace alerts decide``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from redtrace.cli import main
from tests.conftest import LISTS

UN_OLD = LISTS / "un" / "UN_consolidated_2026-01-28.xml"
UN_NEW = LISTS / "un" / "UN_consolidated_2026-02.xml"
CSV = """Customer No,Customer Name,Country,Type
C-1,Abdul Rahim Hamdan Dagalo,SD,Person
C-2,Nordwind Logistik GmbH,DE,Company
C-3,,TR,Company
C-4,Gedo Hamdan Ahmed,SD,Spaceship
"""
MAP = ["--map", "id=Customer No", "--map", "name=Customer Name", "--map", "country=Country",
       "--map", "schema=Type"]  # fmt: skip


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    out = runner.invoke(main, list(args))
    return out.exit_code, out.stdout, out.stderr


@pytest.fixture()
def loaded(db: Path) -> CliRunner:
    runner = CliRunner()
    assert runner.invoke(main, ["lists", "load", str(UN_OLD)]).exit_code == 0
    return runner


def test_csv_with_mapped_columns_reports_bad_rows(loaded: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, err = _run(loaded, "parties", "load", "-i", str(path), *MAP)
    assert code == 1
    assert "2 parties stored, 2 rejected" in out
    assert "line 4: properties: no usable name or identifier" in err
    assert "line 5: schema: 'Spaceship'" in err


def test_excel_rescreen_and_decide(loaded: CliRunner, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in CSV.splitlines()[:3]:
        sheet.append(line.split(","))
    book.save(tmp_path / "customers.xlsx")
    code, _, err = _run(loaded, "parties", "load", "-i", str(tmp_path / "customers.xlsx"), *MAP)
    assert code == 0, err
    assert loaded.invoke(main, ["lists", "load", str(UN_NEW)]).exit_code == 0
    code, _, err = _run(loaded, "rescreen", "--dataset", "un")
    assert code != 0 and "unknown dataset 'un'" in err
    code, out, err = _run(loaded, "rescreen")
    assert code == 0, err
    alerts = [json.loads(line) for line in out.splitlines()]
    assert [(a["id"], [r["id"] for r in a["results"]]) for a in alerts] == [
        ("C-1", ["un-SDi.008"])
    ]
    assert "2 parties scored" not in err and "parties scored" in err
    code, _, err = _run(loaded, "users", "add", "ana", "--role", "analyst")
    code, out, err = _run(loaded, "alerts", "decide", "C-1", "un-SDi.008", "--outcome",
                          "true_match", "--reason", "same name, nationality", "--by", "ana")  # fmt: skip
    assert code == 0, err
    assert "true_match" in out
    code, out, _ = _run(loaded, "alerts", "list")
    assert out == ""
