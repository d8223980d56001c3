import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redtrace.lists.load import parse_paths
from redtrace.store import Store
from tests.conftest import SHARED, shared_file


def _load(store: Store, path: Path) -> None:
    parsed, errors = parse_paths([path])
    assert not errors
    for item in parsed:
        store.load(item)


def test_each_load_is_a_version_and_old_ones_stay(store: Store, shared_lists: Path) -> None:
    _load(store, shared_file(shared_lists / "un" / "UN_consolidated_2018-10-29.xml"))
    _load(store, shared_lists / "un" / "UN_consolidated_2026-02.xml")
    assert store.current_version("un_sc_sanctions") == 2
    assert len(list(store.records("un_sc_sanctions", 1))) == 1093
    assert len(list(store.records("un_sc_sanctions"))) == 1003
    versions = store.versions("un_sc_sanctions")
    assert [v.published for v in versions] == ["2018-10-29", "2026-02-27"]
    assert versions[1].rows_read == versions[1].entities + versions[1].rows_rejected


def test_loading_the_same_file_twice_is_a_no_op(store: Store, shared_lists: Path) -> None:
    parsed, _ = parse_paths([shared_lists / "bis_dpl" / "dpl.txt"])
    first = store.load(parsed[0])
    again = store.load(parse_paths([shared_lists / "bis_dpl" / "dpl.txt"])[0][0])
    assert first.created and not again.created
    assert again.version.version == first.version.version
    assert len(store.versions("us_bis_dpl")) == 1


def test_a_better_reader_reloads_an_unchanged_file(
    store: Store, shared_lists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shared_lists / "un" / "UN_consolidated_2026-02.xml"
    _load(store, path)
    monkeypatch.setattr("redtrace.store.sql.READER_VERSION", "999")
    again = store.load(parse_paths([path])[0][0])
    assert again.created and again.version.version == 2  # read anew, kept as a new version
    assert not store.load(parse_paths([path])[0][0]).created  # and then a no-op again


def test_ftm_deltas_change_the_current_version(store: Store) -> None:
    for path in sorted((SHARED / "data" / "ftm" / "yente_fixtures" / "t2").iterdir()):
        _load(store, path)
    versions = store.versions("ftm_t2")
    assert len(versions) == 4
    ids = [{r["id"] for r in store.records("ftm_t2", v.version)} for v in versions]
    first, second = "NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL"
    assert ids[0] == {first, second}
    assert ids[1] == {first, second, "NK-500Poltergeist"}
    assert ids[2] == {first, second}  # the test-only entity is deleted again
    assert ids[3] == {first, second, "Q4365364"}
    renamed = {r["id"]: r for r in store.records("ftm_t2", 2)}[first]
    assert renamed["caption"] == "Foobar Foobargroup"  # MOD replaced it


def test_find_by_cross_reference(store: Store, shared_lists: Path) -> None:
    _load(store, shared_lists / "uk_ofsi" / "ofsi_conlist_2025-04-10.xlsx")
    _load(store, shared_lists / "un" / "UN_consolidated_2026-02.xml")
    found = {ds for ds, _ in store.find("QDi.299")}
    assert found == {"un_sc_sanctions", "gb_hmt_sanctions"}


LOADER = """
import sys
from pathlib import Path
import pytest

from redtrace.lists.load import parse_paths
from redtrace.store import Store
parsed, errors = parse_paths([Path(sys.argv[2])])
with Store(sys.argv[1]) as store:
    for item in parsed:
        store.load(item)
print("done", flush=True)
"""


def test_sigkill_mid_load_keeps_previous_version(tmp_path: Path, shared_lists: Path) -> None:
    db = tmp_path / "kill.duckdb"
    with Store(db) as store:
        _load(store, shared_file(shared_lists / "un" / "UN_consolidated_2018-10-29.xml"))
    env = dict(os.environ, REDTRACE_FAULT_PAUSE_BEFORE_COMMIT="30")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LOADER,
            str(db),
            str(shared_lists / "un" / "UN_consolidated_2026-02.xml"),
        ],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the new version's rows are written, not committed
    assert "paused before commit" in line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:
        assert store.current_version("un_sc_sanctions") == 1
        assert [v.version for v in store.versions("un_sc_sanctions")] == [1]
        assert len(list(store.records("un_sc_sanctions"))) == 1093
        # And a new load after the crash works.
        _load(store, shared_lists / "un" / "UN_consolidated_2026-02.xml")
        assert store.current_version("un_sc_sanctions") == 2


def test_sigkill_at_random_points_never_leaves_a_half_version(
    tmp_path: Path, shared_lists: Path
) -> None:
    db = tmp_path / "kill2.duckdb"
    with Store(db) as store:
        _load(store, shared_file(shared_lists / "un" / "UN_consolidated_2018-10-29.xml"))
    for delay in (0.3, 0.8, 1.5, 2.5):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LOADER,
                str(db),
                str(shared_lists / "us_csl" / "consolidated_2022-05-16.csv.gz"),
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        with Store(db) as store:
            assert store.current_version("un_sc_sanctions") == 1
            csl = store.current_version("us_trade_csl")
            if csl is not None:  # the load finished before the kill: it must be whole
                version = store.version("us_trade_csl")
                assert version is not None
                assert len(list(store.records("us_trade_csl"))) == version.entities == 14159


def test_bulk_files_of_a_killed_writer_are_removed_at_open(tmp_path: Path) -> None:
    db = tmp_path / "sweep.duckdb"
    with Store(db):
        pass
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".load-{dead.pid}-abc.jsonl"
    old_style = tmp_path / ".load-xyz.jsonl"
    mine = tmp_path / f".load-{os.getpid()}-def.jsonl"
    for path in (stale, old_style, mine):
        path.write_bytes(b"{}\n" * 10)
    with Store(db):
        pass
    assert not stale.exists() and not old_style.exists() and mine.exists()
