"""``redtrace ingest URL``: pages fetched from a real local HTTP server."""

import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from redtrace.cli import main
from redtrace.ingest import DocumentError
from redtrace.ingest.fetch import fetch
from tests.conftest import SHARED

SEEDS = SHARED / "docs" / "seeds"


@pytest.fixture()
def server() -> Iterator[str]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(SEEDS))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_ingest_a_url(
    server: str, snapshot_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.duckdb"
    db.write_bytes(snapshot_store.read_bytes())
    monkeypatch.setenv("REDTRACE_DB", str(db))
    url = f"{server}/002_c97b1daaa9abd437.txt"
    result = CliRunner().invoke(main, ["ingest", url, f"{server}/missing.txt"])
    assert result.exit_code == 1  # one of the two failed, and says so
    assert "missing.txt: HTTP 404" in result.stderr
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    doc = facts[0]
    assert doc["schema"] == "Document" and doc["properties"]["fileName"] == [url]
    assert (
        doc["properties"]["contentHash"][0]
        == __import__("hashlib")
        .sha256((SEEDS / "002_c97b1daaa9abd437.txt").read_bytes())
        .hexdigest()
    )
    assert any(f.get("surface") == "ISIS" and f.get("list_refs") for f in facts)


def test_unreachable_url_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/nothing")
