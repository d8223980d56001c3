"""``POST /ingest``: a document's bytes (text, HTML, PDF or e-mail) in, its source-linked
facts out, kept in the store for the network graph. Documents are sent, not fetched: the
service does not follow URLs on a caller's behalf."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool

from redtrace.api.auth import require
from redtrace.api.orders import request_store
from redtrace.ingest import DocumentError, Gazetteer
from redtrace.ingest.read import read_bytes
from redtrace.service import ingest_document
from redtrace.users import User

router = APIRouter(tags=["documents"])


def _gazetteer(request: Request) -> Gazetteer:
    """One gazetteer per index: built on first use after each refresh."""
    snap = request.app.state.service.snapshot
    if snap is None:
        raise HTTPException(503, "the index is not built yet")
    cached = getattr(request.app.state, "gazetteer", None)
    if cached is None or cached[0] is not snap.matcher:
        cached = (snap.matcher, Gazetteer(snap.matcher))
        request.app.state.gazetteer = cached
    gazetteer: Gazetteer = cached[1]
    return gazetteer


@router.post(
    "/ingest",
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "message/rfc822": {"schema": {"type": "string"}}}}},
)  # fmt: skip
async def ingest(
    request: Request,
    user: Annotated[User, Depends(require("analyst"))],
    source: Annotated[
        str, Query(max_length=500, description="Where the document came from.")
    ] = "upload",
    keep: Annotated[bool, Query(alias="store", description="Keep the facts in the store.")] = True,
) -> dict[str, Any]:
    """Read one document into FtM facts with spans, list links and relations."""
    data = await request.body()
    try:
        document = read_bytes(data, source)
    except DocumentError as exc:
        raise HTTPException(422, str(exc)) from exc
    gazetteer = await run_in_threadpool(_gazetteer, request)

    def run() -> list[dict[str, Any]]:
        recorder = request.app.state.audit
        if not keep:
            return ingest_document(document, gazetteer, user=user.name, recorder=recorder)
        with request_store(request) as store:
            return ingest_document(document, gazetteer, store, user=user.name, recorder=recorder)

    facts = await run_in_threadpool(run)
    head = {k: v for k, v in facts[0].items() if k != "properties"}
    head["properties"] = {k: v for k, v in facts[0]["properties"].items() if k != "bodyText"}
    return {"document": head, "facts": facts[1:], "stored": keep, "truncated": document.truncated}
