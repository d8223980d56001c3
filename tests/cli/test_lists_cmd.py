import json
from pathlib import Path

from click.testing import CliRunner

from redtrace.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_load_status_show_and_noop(db: Path, shared_lists: Path) -> None:
    code, out, _ = run("lists", "load", str(shared_lists / "un" / "UN_consolidated_2026-02.xml"))
    assert code == 0
    assert "un_sc_sanctions v1: 1003 entities" in out
    assert "read 1003 rows = 1003 entities + 0 merged + 0 rejected" in out
    code, out, _ = run("lists", "load", str(shared_lists / "un" / "UN_consolidated_2026-02.xml"))
    assert code == 0 and "already loaded as version 1" in out and "nothing to do" in out
    code, out, _ = run("lists", "status", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["dataset"] == "un_sc_sanctions" and rows[0]["published"] == "2026-02-27"
    assert (
        rows[0]["rows_read"]
        == rows[0]["entities"] + rows[0]["rows_merged"] + rows[0]["rows_rejected"]
    )
    code, out, _ = run("lists", "show", "QDi.299")
    assert code == 0
    shown = json.loads(out)
    assert shown["provenance"]["published"] == "2026-02-27"
    assert shown["provenance"]["first_seen_version"] == 1


def test_bad_file_fails_alone_and_store_is_unchanged(
    db: Path, shared_lists: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "truncated.xml"
    data = (shared_lists / "un" / "UN_consolidated_2026-02.xml").read_bytes()
    bad.write_bytes(data[:5000])
    code, out, err = run("lists", "load", str(bad), str(shared_lists / "us_bis" / "mieu.csv"))
    assert code == 1
    assert "truncated.xml: line" in err and "XML is broken" in err
    assert "us_bis_mieu v1" in out
    code, out, _ = run("lists", "status", "--json")
    assert [json.loads(x)["dataset"] for x in out.splitlines()] == ["us_bis_mieu"]


def test_empty_and_foreign_files(db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "sdn.csv"
    empty.write_bytes(b"")
    code, _, err = run("lists", "load", str(empty))
    assert code == 1 and "sdn.csv: line 1: file is empty" in err


def test_diff_command(db: Path, shared_lists: Path) -> None:
    for name in ("UN_consolidated_2026-01-28.xml", "UN_consolidated_2026-02.xml"):
        assert run("lists", "load", str(shared_lists / "un" / name))[0] == 0
    code, out, err = run("lists", "diff", "un_sc_sanctions", "--json")
    assert code == 0
    changes = [json.loads(line) for line in out.splitlines()]
    kinds = {c["change"] for c in changes}
    assert "added" in kinds
    assert "un_sc_sanctions v1 -> v2" in err
    added = [c for c in changes if c["change"] == "added"]
    assert all(r["dataset"] == "un_sc_sanctions" for c in added for r in c["list_refs"])
    code, _, err = run("lists", "diff", "un_sc_sanctions", "--from", "7")
    assert code != 0 and "no version 7" in err


def test_export_ftm_and_csv(db: Path, shared_lists: Path) -> None:
    run("lists", "load", str(shared_lists / "us_bis" / "mieu.csv"))
    code, out, _ = run("export", "--format", "ftm")
    assert code == 0
    entities = [json.loads(line) for line in out.splitlines()]
    parties = [e for e in entities if e["schema"] != "Sanction"]
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert len(parties) == 13 and len(sanctions) == 13
    assert sanctions[0]["properties"]["entity"][0] in {p["id"] for p in parties}
    _, out, _ = run("export", "--format", "csv")
    assert out.splitlines()[0].startswith("id,schema,dataset,caption")
    assert len(out.splitlines()) == 14


def test_update_without_network_says_so(db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REDTRACE_HTTP_TIMEOUT", "2")
    code, _, err = run("lists", "update", "us_bis_dpl")
    assert code == 1
    assert "us_bis_dpl: could not fetch https://www.bis.doc.gov/dpl/dpl.txt" in err
    assert "keeps its current version" in err
