"""The Spark engine (local mode, the machine's JVM) gives the local engine's output, byte for
byte and in input order, on the real UN list and names taken from it and perturbed, with
bad lines coming back as error lines; whichever way the matcher reaches the executors, and
as JSON Lines or as Parquet."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from redtrace.lists.load import parse_paths
from redtrace.screen import DEFAULT_CONFIG, run_batch
from redtrace.service import build_matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"
OPTIONS = {"dataset": "default", "threshold": 0.7, "cutoff": 0.5, "limit": 5}


@pytest.fixture(scope="module")
def un_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("un") / "s.duckdb"
    parsed, _ = parse_paths([UN])
    with Store(path) as store:
        store.load(parsed[0])
    return path


@pytest.fixture(scope="module")
def source(un_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with Store(un_store, read_only=True) as store:
        names = [r["caption"] for r in store.records("un_sc_sanctions")][:300]
    lines = []
    for n, name in enumerate(names):
        variant = name if n % 3 else name.lower().replace("a", "e", 1)
        lines.append(
            json.dumps({"id": f"q{n}", "schema": "Thing", "properties": {"name": [variant]}})
        )
        if n % 50 == 0:
            lines += ["not json", "", json.dumps({"id": n, "schema": "Thing", "properties": {}})]
    path = tmp_path_factory.mktemp("in") / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local(un_store: Path, source: Path) -> bytes:
    with Store(un_store, read_only=True) as store:
        matcher = build_matcher(store, config=DEFAULT_CONFIG)
    out = io.BytesIO()
    with source.open(encoding="utf-8") as handle:
        run_batch(matcher, handle, out, OPTIONS)
    return out.getvalue()


def _index(kind: str, spark: Any, store: Store, folder: Path) -> Any:
    from redtrace.spark import BroadcastIndex, ParquetIndex

    if kind == "broadcast":
        return BroadcastIndex(spark, build_matcher(store, config=DEFAULT_CONFIG))
    return ParquetIndex(spark, store, folder, DEFAULT_CONFIG)


@pytest.mark.parametrize("kind", ["broadcast", "parquet"])
def test_spark_output_equals_the_local_engine(
    kind: str, spark: Any, un_store: Path, source: Path, local: bytes, tmp_path: Path
) -> None:
    from redtrace.spark import run

    out = io.BytesIO()
    with Store(un_store, read_only=True) as store:
        index = _index(kind, spark, store, tmp_path)
    # Splits of 8 kB: the 40 kB input is screened in several tasks, numbered across them.
    summary = run(spark, str(source), index, OPTIONS, out=out, scratch=tmp_path,
                  split_bytes=8192)  # fmt: skip
    assert out.getvalue() == local
    assert summary.rejected == 12 and summary.rows_read == 300 + 12
    assert summary.alerts == sum(b'"match":true' in line for line in local.splitlines())
    assert summary.alerts > 250
    assert summary.index == kind and summary.scorer == DEFAULT_CONFIG.label()
    assert [d["name"] for d in summary.datasets] == ["un_sc_sanctions"]
    assert "line 2: not JSON" in local.decode()  # error messages carry the true line numbers


def test_parquet_output_holds_the_same_answers(
    spark: Any, un_store: Path, source: Path, local: bytes, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    from redtrace.spark import run

    with Store(un_store, read_only=True) as store:
        index = _index("broadcast", spark, store, tmp_path)
    target = tmp_path / "answers"
    summary = run(spark, str(source), index, OPTIONS, parquet=target, scratch=tmp_path,
                  split_bytes=8192)  # fmt: skip
    table = pq.read_table(target).to_pylist()
    table.sort(key=lambda r: r["line"])
    assert "".join(r["output"] + "\n" for r in table).encode() == local
    by_line = {r["line"]: r for r in table}
    assert by_line[2]["is_error"] and by_line[2]["id"] is None  # "not json"
    assert by_line[1]["id"] == "q0"
    for row in table:  # the match column says what the output line says
        results = json.loads(row["output"]).get("results", [])
        assert row["match"] == any(r["match"] for r in results)
    assert by_line[4]["id"] == "0" and by_line[4]["is_error"]  # a number id, as JSON
    assert summary.rows_read == len(table) == 312 and summary.rejected == 12
