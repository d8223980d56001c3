"""Ingested documents and their facts in the store, for the network graph. Ingesting the
same document again (same sha256 of its bytes) replaces its facts in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from redtrace.store.interface import StoreProtocol


def save_document(store: StoreProtocol, facts: list[dict[str, Any]]) -> int:
    """Store one document's facts (the Document entity first); returns the facts stored."""
    doc = facts[0]
    if doc.get("schema") != "Document":
        raise ValueError("the first fact must be the Document")
    sha = doc["properties"]["contentHash"][0]
    props = doc["properties"]
    con = store.con
    with store.transaction():
        con.execute("DELETE FROM document_facts WHERE sha256 = ?", [sha])
        con.execute("DELETE FROM documents WHERE sha256 = ?", [sha])
        con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [sha, doc["id"], (props.get("fileName") or [""])[0], (props.get("title") or [None])[0],
             ",".join(props.get("language", [])), datetime.now(UTC).replace(tzinfo=None),
             len(facts) - 1, orjson.dumps(doc).decode()],
        )  # fmt: skip
        if len(facts) > 1:  # a document may name nothing
            con.executemany(
                "INSERT INTO document_facts (sha256, fact_id, schema, record, pos)"
                " VALUES (?, ?, ?, ?, ?)",
                [[sha, f["id"], f["schema"], orjson.dumps(f).decode(), n]
                 for n, f in enumerate(facts[1:])],
            )  # fmt: skip
    return len(facts) - 1


def documents(store: StoreProtocol) -> list[dict[str, Any]]:
    rows = store.con.execute(
        "SELECT sha256, doc_id, source, title, languages, ingested_at, facts FROM documents "
        "ORDER BY ingested_at"
    ).fetchall()
    keys = ("sha256", "id", "source", "title", "languages", "ingested_at", "facts")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def document_facts(store: StoreProtocol) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(Document entity without its body text, its facts) for every stored document."""
    out = []
    docs = store.con.execute("SELECT sha256, record FROM documents ORDER BY ingested_at").fetchall()
    for sha, record in docs:
        doc = orjson.loads(record)
        doc["properties"].pop("bodyText", None)
        rows = store.con.execute(
            "SELECT record FROM document_facts WHERE sha256 = ? ORDER BY pos", [sha]
        ).fetchall()
        out.append((doc, [orjson.loads(r[0]) for r in rows]))
    return out
