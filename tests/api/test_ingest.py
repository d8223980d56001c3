"""``POST /ingest``: a document in, its facts out and kept in the store."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redtrace.store import Store
from redtrace.store.documents import document_facts, documents
from tests.api.conftest import auth
from tests.conftest import SHARED

SEED = SHARED / "docs" / "seeds" / "002_c97b1daaa9abd437.txt"


def test_ingest_over_http(
    client: TestClient,
    keys: dict[str, str],
    api_store: tuple[Path, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db = tmp_path / "docs.duckdb"
    shutil.copy(api_store[0], db)
    monkeypatch.setenv("REDTRACE_DB", str(db))
    body = SEED.read_bytes()
    headers = {**auth(keys["analyst"]), "content-type": "text/plain"}
    assert client.post("/ingest", content=body, headers=auth(keys["viewer"])).status_code == 403
    r = client.post("/ingest", params={"source": "seed-002"}, content=body, headers=headers)
    assert r.status_code == 200, r.text
    result = r.json()
    assert "bodyText" not in result["document"]["properties"] and result["stored"]
    links = {f["surface"]: f for f in result["facts"] if f["schema"] == "Mention"}
    assert any(x["ref"] == "QDe.115" for x in links["ISIS"]["list_refs"])
    start, end = links["ISIS"]["span"]
    assert body.decode()[start:end] == "ISIS"

    def stored(store: Store) -> list[list[object]]:
        return [facts for doc, facts in document_facts(store)
                if doc["properties"]["fileName"] == ["seed-002"]]  # fmt: skip

    # Opened as the server opens its own handles (it keeps one open for the audit log).
    with Store(db) as store:
        assert [len(f) for f in stored(store)] == [len(result["facts"])]
        before = len(documents(store))
    # The same bytes again replace the stored facts; garbage gets a 422 that says why.
    client.post("/ingest", params={"source": "seed-002"}, content=body, headers=headers)
    with Store(db) as store:
        assert len(stored(store)) == 1 and len(documents(store)) == before
    bad = client.post("/ingest", content=b"\x00\x01binary", headers=headers)
    assert bad.status_code == 422 and "binary" in bad.json()["message"]
    empty = client.post("/ingest", content=b"  ", headers=headers)
    assert empty.status_code == 422 and "empty" in empty.json()["message"]


def test_a_document_that_names_nothing(
    client: TestClient,
    keys: dict[str, str],
    api_store: tuple[Path, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db = tmp_path / "docs.duckdb"
    shutil.copy(api_store[0], db)
    monkeypatch.setenv("REDTRACE_DB", str(db))
    headers = {**auth(keys["analyst"]), "content-type": "text/plain"}
    r = client.post("/ingest", content=b"0", headers=headers)
    assert r.status_code == 200 and r.json()["facts"] == []
