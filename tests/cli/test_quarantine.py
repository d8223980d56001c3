"""A damaged or implausible list never becomes current; the previous version stays whole
(issue 24, row 1). Runs on both store implementations."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from redtrace.cli import main
from redtrace.store import open_store
from tests.conftest import LISTS, shared_bytes

SDN = LISTS / "ofac_sdn_csv" / "2024-05-03" / "sdn.csv"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(url: str, dataset: str) -> tuple[int | None, list[str]]:
    with open_store(url, read_only=True) as store:
        return store.current_version(dataset), sorted(
            json.dumps(r, sort_keys=True) for r in store.records(dataset)
        )


def test_damaged_and_shrunk_sdn_never_become_current(store_url: str, tmp_path: Path) -> None:
    data = shared_bytes(SDN)
    whole = tmp_path / "sdn.csv"
    whole.write_bytes(data)
    assert run("lists", "load", str(whole))[0] == 0
    before = snapshot(store_url, "us_ofac_sdn")
    assert before[0] == 1 and len(before[1]) == 14965

    # Cut at half its bytes, mid-row: refused outright, nothing stored.
    cut = tmp_path / "cut" / "sdn.csv"
    cut.parent.mkdir()
    cut.write_bytes(data[: len(data) // 2])
    code, _, err = run("lists", "load", str(cut))
    assert code == 1 and "sdn.csv: line 8078: field Remarks" in err and "cut short" in err
    assert snapshot(store_url, "us_ofac_sdn") == before

    # Cut at a row end: it reads, but loses 46 % of the entries: quarantined, not current.
    at = data.index(b"\r\n", len(data) // 2) + 2
    cut.write_bytes(data[:at])
    code, _, err = run("lists", "load", str(cut))
    assert code == 1 and "v2 is quarantined, version 1 stays current" in err
    assert "8078 entries against 14965" in err
    assert snapshot(store_url, "us_ofac_sdn") == before
    code, out, _ = run("lists", "status", "--json", "--all")
    rows = {r["version"]: r for r in map(json.loads, out.splitlines())}
    assert rows[2]["status"] == "quarantined" and not rows[2]["current"] and rows[1]["current"]
    # The same file again stays quarantined and still fails.
    code, out, _ = run("lists", "load", str(cut))
    assert code == 1 and "already loaded as version 2 (quarantined)" in out

    # A person's word makes it current; rollback returns to the whole version.
    code, out, _ = run("lists", "promote", "us_ofac_sdn", "2")
    assert code == 0 and "v2 is current (8078 entities)" in out
    assert snapshot(store_url, "us_ofac_sdn")[0] == 2
    code, out, _ = run("lists", "rollback", "us_ofac_sdn")
    assert code == 0 and "v1 is current again (was v2)" in out
    assert snapshot(store_url, "us_ofac_sdn") == before


def test_real_shrink_needs_allow_shrink(store_url: str) -> None:
    # The UN list lost 8.6 % of its entries between 2018 and 2026: more than the 5 % default.
    assert run("lists", "load", str(LISTS / "un" / "UN_consolidated_2018-10-29.xml.gz"))[0] == 0
    newer = str(LISTS / "un" / "UN_consolidated_2026-01-28.xml")
    code, _, err = run("lists", "load", newer)
    assert code == 1 and "999 entries against 1093" in err
    code, out, _ = run("lists", "load", "--force", newer)
    assert code == 0 and "version 2 (UN_consolidated_2026-01-28.xml) made current (--force)" in out
    assert snapshot(store_url, "un_sc_sanctions")[0] == 2
    code, _, _ = run("lists", "rollback", "un_sc_sanctions")
    assert snapshot(store_url, "un_sc_sanctions")[0] == 1
    code, out, _ = run(
        "lists", "load", "--allow-shrink", str(LISTS / "un" / "UN_consolidated_2026-02.xml")
    )
    assert code == 0 and "un_sc_sanctions v3: 1003 entities" in out
    assert snapshot(store_url, "un_sc_sanctions")[0] == 3
