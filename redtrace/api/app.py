"""The HTTP service: yente-compatible screening routes on the embedded store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from redtrace import __version__, settings
from redtrace.api.auth import require
from redtrace.api.entities import describe
from redtrace.api.errors import BodyLimit, envelope, install_handlers
from redtrace.api.ingest import router as ingest_router
from redtrace.api.orders import router as orders_router
from redtrace.audit import AuditLog
from redtrace.audit.writer import AuditWriter
from redtrace.screen.matcher import MAX_LIMIT
from redtrace.service import IndexHolder, Snapshot, dataset_versions, match_queries
from redtrace.service import search as search_names
from redtrace.store import StoreError
from redtrace.users import User

Score = Annotated[float | None, Query(ge=0.0, le=1.0)]


class FastJSON(JSONResponse):
    """JSON responses rendered by orjson (screening responses are large and frequent)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class MatchRequest(BaseModel):
    """Queries keyed by the caller's own ids; each an FtM-shaped entity."""

    queries: dict[str, dict[str, Any]] = Field(
        description=f"At most {settings.MAX_QUERIES} queries; each has a schema and properties."
    )


def create_app(service: IndexHolder | None = None, audit: AuditLog | None = None) -> FastAPI:
    service = service or IndexHolder()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if service.snapshot is None:
            service.refresh()
        service.start_polling()
        log = audit or AuditLog(settings.audit_path())
        app.state.audit = AuditWriter(log)
        yield
        service.stop()
        app.state.audit.close()

    app = FastAPI(
        title="redtrace",
        version=__version__,
        description="Sanctions and export-control screening; yente-compatible /match.",
        lifespan=lifespan,
        default_response_class=FastJSON,
    )
    app.state.service = service
    install_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes())

    @app.middleware("http")
    async def announce_no_auth(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        if service.no_auth:
            response.headers["X-Redtrace-Auth"] = "off: every caller is an admin"
        return response

    def snapshot() -> Snapshot:
        snap = service.snapshot
        if snap is None:
            raise HTTPException(503, service.last_error or "the index is not built yet")
        return snap

    def known_dataset(snap: Snapshot, dataset: str) -> None:
        if dataset != "default" and dataset not in snap.versions:
            raise HTTPException(404, f"unknown dataset {dataset!r}; see /catalog")

    app.include_router(orders_router)
    app.include_router(ingest_router)

    @app.get("/healthz", tags=["system"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["system"])
    async def readyz() -> JSONResponse:
        status = service.status()
        if status["last_refresh_error"]:
            # Unauthenticated: when and that it failed, not the store path or lock holder.
            when = status["last_refresh_error"].split(": ", 1)[0]
            status["last_refresh_error"] = f"{when}; the reason is in /catalog (with a key)"
        return JSONResponse(status, status_code=200 if status["ready"] else 503)

    @app.get("/catalog", tags=["system"])
    async def catalog(user: Annotated[User, Depends(require("viewer"))]) -> dict[str, Any]:
        snap = snapshot()
        return {
            "datasets": [dict(d) for d in snap.matcher.datasets],
            "index": service.status(),
            "matcher": snap.matcher.info(settings.match_threshold(), settings.match_cutoff()),
        }

    @app.post("/match/{dataset}", tags=["screening"])
    async def match(
        body: MatchRequest,
        user: Annotated[User, Depends(require("analyst"))],
        dataset: Annotated[str, Path(max_length=100)],
        algorithm: Annotated[str | None, Query(max_length=100)] = None,
        threshold: Score = None,
        cutoff: Score = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
    ) -> JSONResponse:
        snap = snapshot()
        known_dataset(snap, dataset)
        if len(body.queries) > settings.MAX_QUERIES:
            return envelope(413, f"at most {settings.MAX_QUERIES} queries per request")
        # Screening is CPU work: off the event loop, so other requests go on being served.
        result = await run_in_threadpool(
            lambda: match_queries(
                snap.matcher, body.queries, dataset, threshold=threshold, cutoff=cutoff,
                limit=limit, user=user.name, algorithm=algorithm, recorder=app.state.audit,
            )
        )  # fmt: skip
        stale = service.stale()
        if stale:
            result["stale_datasets"] = stale
        return FastJSON(result)

    @app.get("/search/{dataset}", tags=["screening"])
    async def search(
        user: Annotated[User, Depends(require("analyst"))],
        dataset: Annotated[str, Path(max_length=100)],
        q: Annotated[str, Query(min_length=1, max_length=1000)],
        schema: Annotated[str, Query(max_length=50)] = "Thing",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    ) -> JSONResponse:
        snap = snapshot()
        known_dataset(snap, dataset)
        response = await run_in_threadpool(
            lambda: search_names(snap.matcher, q, dataset, schema=schema, limit=limit,
                           user=user.name, recorder=app.state.audit)
        )  # fmt: skip
        if response["status"] != 200:
            return envelope(400, response["error"]["message"])
        return JSONResponse({"results": response["results"], "total": response["total"],
                             "datasets": dataset_versions(snap.matcher)})  # fmt: skip

    @app.get("/entities/{entity_id}", tags=["screening"])
    async def entity(
        user: Annotated[User, Depends(require("analyst"))],
        entity_id: Annotated[str, Path(max_length=300)],
    ) -> JSONResponse:
        def read() -> dict[str, Any] | None:
            with service.open_store() as store:
                return describe(store, entity_id)

        try:
            found = await run_in_threadpool(read)
        except StoreError as exc:
            raise HTTPException(503, f"store busy, try again: {exc}") from exc
        if found is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        return JSONResponse(found)

    @app.post("/admin/refresh", tags=["admin"])
    async def refresh(user: Annotated[User, Depends(require("admin"))]) -> dict[str, Any]:
        # Built in a worker thread: requests go on being served from the old index meanwhile.
        swapped = await run_in_threadpool(service.refresh, True)
        return {"swapped": swapped, **service.status()}

    @app.get("/admin/audit/verify", tags=["admin"])
    async def verify(
        request: Request, user: Annotated[User, Depends(require("admin"))]
    ) -> dict[str, Any]:
        log: AuditLog = request.app.state.audit.log
        ok, bad = log.verify()
        return {"intact": ok, "first_bad_record": bad, "records": log.count()}

    return app
