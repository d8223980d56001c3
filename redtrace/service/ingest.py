"""Document use case: one document in, its source-linked facts out, kept for the graph."""

from __future__ import annotations

from typing import Any

from redtrace.ingest import Document, Gazetteer, extract
from redtrace.service.audit import NoRecorder, Recorder
from redtrace.service.retry import retrying
from redtrace.store.documents import save_document
from redtrace.store.interface import StoreProtocol

__all__ = ["ingest_document"]


def ingest_document(
    document: Document,
    gazetteer: Gazetteer,
    store: StoreProtocol | None = None,
    *,
    min_confidence: float = 0.0,
    user: str = "local",
    recorder: Recorder | None = None,
) -> list[dict[str, Any]]:
    """The document's facts (the Document first); kept in ``store`` when one is given."""
    facts = [f for f in extract(document, gazetteer)
             if not (f.get("schema") == "Mention" and f["confidence"] < min_confidence)]  # fmt: skip
    body = {"document": facts[0]["id"], "source": document.source, "stored": store is not None,
            "links": [f["id"] for f in facts if f.get("schema") == "Mention"]}  # fmt: skip
    if store is not None:

        def save() -> None:
            with store.transaction():  # the document and its record, together
                save_document(store, facts)
                (recorder or NoRecorder()).submit(user, "ingest", None, body,
                                                  subject=str(facts[0]["id"]), store=store)  # fmt: skip

        # The same document sent twice at once: the second write goes after the first.
        retrying(save)
    else:
        (recorder or NoRecorder()).submit(user, "ingest", None, body, subject=str(facts[0]["id"]))
    return facts
