import json
from pathlib import Path

from click.testing import CliRunner

from redtrace.cli import main

EXPECTED = {
    "un_sc_sanctions": 1003,
    "us_ofac_sdn": 8976,
    "us_ofac_cons": 442,
    "us_trade_csl": 14159,
    "gb_hmt_sanctions": 4686,
    "eu_fsf": 409,
    "us_bis_dpl": 547,
    "us_bis_mieu": 13,
}


def test_setup_loads_the_bundled_snapshot_once(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["setup"])
    assert result.exit_code == 0, result.stderr
    status = runner.invoke(main, ["lists", "status", "--json"])
    rows = {r["dataset"]: r for r in map(json.loads, status.stdout.splitlines())}
    assert {d: r["entities"] for d, r in rows.items()} == EXPECTED
    assert all(r["published"] for r in rows.values())
    again = runner.invoke(main, ["setup"])
    assert again.exit_code == 0
    assert again.stdout.count("nothing to do") == len(EXPECTED)
