"""The Spark engine (local mode, the machine's JVM) gives the local engine's output, byte for
byte and in input order, on the real UN list and names taken from it and perturbed, with
bad lines coming back as error lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from redtrace.lists.load import parse_paths
from redtrace.screen.batch import run as run_local
from redtrace.service import build_matcher
from redtrace.settings import SNAPSHOT_DIR
from redtrace.store import Store

pytest.importorskip("pyspark")  # the spark extra; .ci/run installs it

UN = SNAPSHOT_DIR / "un_consolidated_2026-02-27.xml.gz"


def test_spark_output_equals_the_local_engine(tmp_path: Path) -> None:
    from redtrace.spark import run, session

    with Store(tmp_path / "s.duckdb") as store:
        parsed, _ = parse_paths([UN])
        store.load(parsed[0])
        matcher = build_matcher(store)
        names = [r["caption"] for r in store.records("un_sc_sanctions")][:300]
    lines = []
    for n, name in enumerate(names):
        variant = name if n % 3 else name.lower().replace("a", "e", 1)
        lines.append(
            json.dumps({"id": f"q{n}", "schema": "Thing", "properties": {"name": [variant]}})
        )
        if n % 50 == 0:
            lines += [
                "not json",
                "",
                json.dumps({"id": f"bad{n}", "schema": "Thing", "properties": {}}),
            ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = {"dataset": "default", "threshold": 0.7, "cutoff": 0.5, "limit": 5}

    local = io.BytesIO()
    with source.open(encoding="utf-8") as handle:
        run_local(matcher, handle, local, options)
    spark_out = io.BytesIO()
    summary = run(session("local[2]"), str(source), spark_out, matcher, options)

    assert spark_out.getvalue() == local.getvalue()
    assert summary.rejected == 12 and summary.rows_read == 300 + 12
    assert summary.alerts > 250
