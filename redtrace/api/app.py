"""The HTTP service: yente-compatible screening routes on the embedded store."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Annotated, Any
from urllib.parse import quote

import orjson
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from redtrace import __version__, settings
from redtrace.api.auth import require
from redtrace.api.docs import install_docs
from redtrace.api.entities import describe
from redtrace.api.errors import BodyLimit, envelope, install_handlers
from redtrace.api.ingest import router as ingest_router
from redtrace.api.models import (
    AlgorithmsResponse,
    CatalogResponse,
    Entity,
    Error,
    MatchResponse,
    SearchResponse,
)
from redtrace.api.orders import router as orders_router
from redtrace.api.reconcile import router as reconcile_router
from redtrace.screen import MAX_LIMIT
from redtrace.service import (
    IndexHolder,
    Recorder,
    Snapshot,
    StoreRecorder,
    audit_checkpoints,
    dataset_versions,
    match_queries,
    verify_log,
)
from redtrace.service import search as search_names
from redtrace.service.screening import AlgorithmError, Filters, algorithms, resolve_algorithm
from redtrace.store import StoreError
from redtrace.users import User
from redtrace.web import install as install_workspace

Score = Annotated[float | None, Query(ge=0.0, le=1.0)]
Names = Annotated[list[str], Query(max_length=100)]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error, "description": text}
    for code, text in ((401, "No valid API key"), (403, "The key's role is too low"),
                       (404, "Unknown dataset or entity"), (503, "Index not built yet"))
}  # fmt: skip


class FastJSON(JSONResponse):
    """JSON responses rendered by orjson (screening responses are large and frequent)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class MatchRequest(BaseModel):
    """Queries keyed by the caller's own ids; each an FtM-shaped entity."""

    queries: dict[str, dict[str, Any]] = Field(
        description=f"At most {settings.MAX_QUERIES} queries; each has a schema and properties."
    )


def create_app(service: IndexHolder | None = None, audit: Recorder | None = None) -> FastAPI:
    service = service or IndexHolder()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if service.snapshot is None:
            service.refresh()
        service.start_polling()
        stop = audit_checkpoints(service.open_store)  # signed at an interval, with the key
        if isinstance(app.state.audit, StoreRecorder):
            # The server's audit handle, held from the start: recording goes on while a
            # refresh fails or the store is busy.
            with suppress(StoreError):
                await run_in_threadpool(app.state.audit.open)
        yield
        stop()
        service.stop()
        close = getattr(app.state.audit, "close", None)
        if close is not None:
            close()

    app = FastAPI(
        title="redtrace",
        version=__version__,
        description="Sanctions and export-control screening; yente-compatible /match.",
        lifespan=lifespan,
        default_response_class=FastJSON,
        docs_url=None,
        redoc_url=None,
    )
    install_docs(app)
    app.state.service = service
    # Records go into the store through the same handles as every request's own work.
    app.state.audit = audit or StoreRecorder(service.open_store)
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
    app.include_router(reconcile_router)
    install_workspace(app)

    @app.get("/healthz", tags=["system"])
    async def healthz() -> dict[str, str]:
        """The process answers (no key needed)."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["system"])
    async def readyz() -> JSONResponse:
        """200 when an index is built and no list is past its staleness budget, else 503."""
        status = service.status()
        if status["last_refresh_error"]:
            # Unauthenticated: when and that it failed, not the store path or lock holder.
            when = status["last_refresh_error"].split(": ", 1)[0]
            status["last_refresh_error"] = f"{when}; the reason is in /catalog (with a key)"
        return JSONResponse(status, status_code=200 if status["ready"] else 503)

    @app.get("/algorithms", tags=["system"], response_model=AlgorithmsResponse)
    async def list_algorithms() -> dict[str, Any]:
        """The scoring algorithms with their versions and feature weights (no key needed)."""
        return algorithms()

    @app.get("/catalog", tags=["system"], response_model=CatalogResponse,
             responses={**ERRORS, 304: {"description": "Not modified (If-None-Match)"}})  # fmt: skip
    async def catalog(
        request: Request, user: Annotated[User, Depends(require("viewer"))]
    ) -> Response:
        """Loaded datasets with versions, hashes and counts; the index state; the matcher.
        Carries an ``ETag``: send it back as ``If-None-Match`` for a 304 while nothing changed."""
        snap = snapshot()
        status = service.status()
        body = {
            "datasets": [dict(d) for d in snap.matcher.datasets],
            "index": status,
            "matcher": snap.matcher.info(),
        }
        # The worker id differs between workers serving the same data: not part of the tag.
        tagged = {**body, "index": {k: v for k, v in status.items() if k != "worker"}}
        etag = (
            '"'
            + hashlib.sha256(orjson.dumps(tagged, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
            + '"'
        )
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        return FastJSON(body, headers=headers)

    def algorithm_known(name: str | None) -> None:
        try:
            resolve_algorithm(name)
        except AlgorithmError as exc:
            raise HTTPException(400, str(exc)) from exc

    @app.post("/match/{dataset}", tags=["screening"], response_model=MatchResponse,
              responses=ERRORS)  # fmt: skip
    async def match(
        body: MatchRequest,
        user: Annotated[User, Depends(require("analyst"))],
        dataset: Annotated[str, Path(max_length=100)],
        algorithm: Annotated[
            str | None, Query(max_length=100, description="See /algorithms.")
        ] = None,
        threshold: Score = None,
        cutoff: Score = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
        include_dataset: Names = [],  # noqa: B006 (FastAPI copies defaults)
        exclude_dataset: Names = [],  # noqa: B006
        exclude_schema: Names = [],  # noqa: B006
        exclude_entity_ids: Names = [],  # noqa: B006
    ) -> JSONResponse:
        """Screen FtM-shaped queries keyed by your own ids; each gets its ranked results with
        features and explanations. ``include_dataset``/``exclude_dataset`` keep or drop
        results by the lists that carry them (a party on several lists is kept while one of
        its lists is not excluded); ``exclude_schema`` and ``exclude_entity_ids`` drop
        results. One malformed query is a 400 for its key only."""
        snap = snapshot()
        known_dataset(snap, dataset)
        for name in (*include_dataset, *exclude_dataset):
            known_dataset(snap, name)
        algorithm_known(algorithm)
        if len(body.queries) > settings.MAX_QUERIES:
            return envelope(413, f"at most {settings.MAX_QUERIES} queries per request")
        filters = Filters(tuple(include_dataset), tuple(exclude_dataset), tuple(exclude_schema),
                          tuple(exclude_entity_ids))  # fmt: skip
        # Screening is CPU work: off the event loop, so other requests go on being served.
        try:
            result = await run_in_threadpool(
                lambda: match_queries(
                    snap.matcher, body.queries, dataset, threshold=threshold, cutoff=cutoff,
                    limit=limit, user=user.name, algorithm=algorithm, recorder=app.state.audit,
                    filters=filters,
                )
            )  # fmt: skip
        except StoreError as exc:  # no answer that the audit log does not hold
            raise HTTPException(503, f"the screening could not be recorded: {exc}") from exc
        stale = service.stale()
        if stale:
            result["stale_datasets"] = stale
        return FastJSON(result)

    @app.get("/search/{dataset}", tags=["screening"], response_model=SearchResponse,
             responses=ERRORS)  # fmt: skip
    async def search(
        user: Annotated[User, Depends(require("analyst"))],
        dataset: Annotated[str, Path(max_length=100)],
        q: Annotated[str, Query(min_length=1, max_length=1000)],
        schema: Annotated[str, Query(max_length=50)] = "Thing",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
        offset: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 0,
        countries: Names = [],  # noqa: B006
        datasets: Names = [],  # noqa: B006
        exclude_dataset: Names = [],  # noqa: B006
        exclude_schema: Names = [],  # noqa: B006
        algorithm: Annotated[str | None, Query(max_length=100)] = None,
    ) -> JSONResponse:
        """Entries whose names resemble ``q``, ranked, a page at a time (``offset``,
        ``limit``), filtered by ``countries``, ``datasets`` and ``schema``, with facets
        (datasets, schemata, countries) counted over every hit."""
        snap = snapshot()
        known_dataset(snap, dataset)
        for name in (*datasets, *exclude_dataset):
            known_dataset(snap, name)
        algorithm_known(algorithm)
        filters = Filters(tuple(datasets), tuple(exclude_dataset), tuple(exclude_schema),
                          countries=tuple(countries))  # fmt: skip
        try:
            response = await run_in_threadpool(
                lambda: search_names(snap.matcher, q, dataset, schema=schema, limit=limit,
                                     offset=offset, filters=filters, user=user.name,
                                     recorder=app.state.audit)
            )  # fmt: skip
        except StoreError as exc:
            raise HTTPException(503, f"the search could not be recorded: {exc}") from exc
        if response["status"] != 200:
            return envelope(400, response["error"]["message"])
        keys = ("results", "total", "limit", "offset", "facets")
        return JSONResponse({**{k: response[k] for k in keys},
                             "datasets": dataset_versions(snap.matcher)})  # fmt: skip

    @app.get("/entities/{entity_id}", tags=["screening"], response_model=Entity,
             responses={**ERRORS, 308: {"description": "Redirect to the entity that carries "
                                        "this id as one of its list references"}})  # fmt: skip
    async def entity(
        request: Request,
        user: Annotated[User, Depends(require("analyst"))],
        entity_id: Annotated[str, Path(max_length=300)],
        nested: Annotated[bool, Query(description="Sanctions as nested FtM entities.")] = False,
    ) -> Response:
        """One entity with its list refs, dataset version, first/last seen and the entries
        tied to it. An id that is not an entity's own but a list reference it carries (the
        UN reference a UK entry cites, an OFAC number in the CSL) redirects (308) to it."""

        def read() -> dict[str, Any] | None:
            with service.open_store() as store:
                found = describe(store, entity_id, nested=nested)
                prov = (found or {}).get("provenance") or {}
                app.state.audit.submit(user.name, "entities.lookup", prov.get("dataset"), {
                    "id": entity_id, "found": found is not None, "version": prov.get("version"),
                    "sha256": prov.get("sha256")}, subject=entity_id, store=store)  # fmt: skip
                return found

        try:
            found = await run_in_threadpool(read)
        except StoreError as exc:
            raise HTTPException(503, f"store busy, try again: {exc}") from exc
        if found is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        if found["id"] != entity_id:
            target = request.url.replace(path=f"/entities/{quote(found['id'], safe='')}")
            return RedirectResponse(str(target), status_code=308)
        return JSONResponse(found)

    @app.post("/admin/refresh", tags=["admin"], responses=ERRORS)
    async def refresh(user: Annotated[User, Depends(require("admin"))]) -> dict[str, Any]:
        """Rebuild the index now if the lists changed (admin)."""
        # Built in a worker thread: requests go on being served from the old index meanwhile.
        swapped = await run_in_threadpool(service.refresh, True)
        return {"swapped": swapped, **service.status()}

    @app.get("/admin/audit/verify", tags=["admin"])
    async def verify(user: Annotated[User, Depends(require("admin"))]) -> dict[str, Any]:
        """The audit log against its stored signed checkpoints (the key's public half)."""

        def run() -> dict[str, Any]:
            with service.open_store() as store:
                return verify_log(store)

        try:
            return await run_in_threadpool(run)
        except StoreError as exc:
            raise HTTPException(503, f"store busy, try again: {exc}") from exc

    return app
