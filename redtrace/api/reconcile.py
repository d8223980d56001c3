"""``/reconcile/{dataset}``: the W3C reconciliation API 0.2, for OpenRefine and its peers.

The service URL is ``/reconcile/{dataset}`` with an ``Authorization`` header, or
``/reconcile/{dataset}/key/{key}`` for clients that send no header (OpenRefine): the key is
then part of the URL the user pastes, and of every URL the manifest gives. A key in a URL
ends up in logs and browser history: give OpenRefine a key of its own, with the analyst role,
and revoke it when done (``redtrace users revoke``). ``REDTRACE_RECONCILE_AS`` instead makes
keyless calls act as a named user.
"""

from __future__ import annotations

import html
from typing import Annotated, Any
from urllib.parse import parse_qs

import orjson
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse

from redtrace import __version__
from redtrace.api.auth import require_reconcile
from redtrace.api.entities import describe
from redtrace.api.orders import request_store
from redtrace.service import IndexHolder, Snapshot
from redtrace.service.reconcile import (
    TYPES,
    ReconcileError,
    extend,
    propose_properties,
    reconcile,
    suggest,
)
from redtrace.users import User

router = APIRouter(tags=["reconciliation"])
PREFIXES = ("/reconcile/{dataset}", "/reconcile/{dataset}/key/{key}")
Dataset = Annotated[str, Path(max_length=100, description="A dataset name, or default.")]
Analyst = Annotated[User, Depends(require_reconcile("analyst"))]
Viewer = Annotated[User, Depends(require_reconcile("viewer"))]
SHOWN = ("alias", "birthDate", "birthPlace", "nationality", "country", "position",
         "idNumber", "passportNumber", "registrationNumber", "imoNumber")  # fmt: skip


def _snapshot(request: Request, dataset: str) -> Snapshot:
    service: IndexHolder = request.app.state.service
    snap = service.snapshot
    if snap is None:
        raise HTTPException(503, service.last_error or "the index is not built yet")
    if dataset != "default" and dataset not in snap.versions:
        raise HTTPException(404, f"unknown dataset {dataset!r}; see /catalog")
    return snap


def _base(request: Request, dataset: str) -> str:
    """The service URL as the client called it, key segment included."""
    root = str(request.base_url).rstrip("/")
    key = request.path_params.get("key")
    return f"{root}/reconcile/{dataset}" + (f"/key/{key}" if key else "")


def manifest(request: Request, dataset: str) -> dict[str, Any]:
    base = _base(request, dataset)
    root = str(request.base_url).rstrip("/")
    service = {"service_url": base}
    return {
        "versions": ["0.2"],
        "name": f"redtrace sanctions screening ({dataset})",
        "identifierSpace": f"{root}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "documentation": f"{root}/docs",
        "serviceVersion": __version__,
        "view": {"url": f"{root}/entities/{{{{id}}}}"},
        "preview": {"url": f"{base}/preview?id={{{{id}}}}", "width": 430, "height": 300},
        "defaultTypes": [{"id": k, "name": v} for k, v in TYPES.items()],
        "suggest": {
            "entity": {**service, "service_path": "/suggest/entity"},
            "type": {**service, "service_path": "/suggest/type"},
            "property": {**service, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {**service, "service_path": "/extend/propose"},
            "property_settings": [],
        },
    }


async def _form(request: Request) -> dict[str, Any]:
    """``queries`` or ``extend`` from a form body, a JSON body or the query string."""
    fields: dict[str, Any] = {k: v for k, v in request.query_params.items()}
    body = await request.body()
    if body:
        ctype = request.headers.get("content-type", "")
        try:
            if "json" in ctype:
                data = orjson.loads(body)
                if not isinstance(data, dict):
                    raise HTTPException(422, "the JSON body must be an object")
                fields.update({k: orjson.dumps(v).decode() for k, v in data.items()})
            else:
                parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                fields.update({k: v[-1] for k, v in parsed.items()})
        except (orjson.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HTTPException(422, f"unreadable body: {exc}") from exc
    return fields


def _json_field(fields: dict[str, Any], name: str) -> Any:
    try:
        return orjson.loads(fields[name])
    except orjson.JSONDecodeError as exc:
        raise HTTPException(422, f"{name}: not JSON: {exc}") from exc


async def _service(request: Request, dataset: str, user: User) -> JSONResponse:
    snap = _snapshot(request, dataset)
    fields = await _form(request)
    try:
        if "queries" in fields:
            queries = _json_field(fields, "queries")
            answer = await run_in_threadpool(
                lambda: reconcile(snap.matcher, queries, dataset, user=user.name,
                                  recorder=request.app.state.audit)
            )  # fmt: skip
            return JSONResponse(answer)
        if "extend" in fields:
            query = _json_field(fields, "extend")

            def run() -> dict[str, Any]:
                with request_store(request) as store:
                    return extend(store, query)

            return JSONResponse(await run_in_threadpool(run))
    except ReconcileError as exc:
        raise HTTPException(400, str(exc)) from exc
    return JSONResponse(manifest(request, dataset))


def _routes(prefix: str, in_schema: bool) -> None:
    @router.get(prefix, include_in_schema=in_schema, summary="Service manifest or a batch")
    async def service_get(
        request: Request, dataset: Dataset, user: Viewer,
        queries: Annotated[str | None, Query(description="A JSON query batch.")] = None,
        extend: Annotated[str | None, Query(description="A JSON data extension query.")] = None,
    ) -> JSONResponse:  # fmt: skip
        """Without parameters, the service manifest (the URL to give OpenRefine). With
        ``queries`` (a JSON batch ``{key: {query, type, properties, limit}}``) the candidates
        of each query; with ``extend`` (``{ids, properties}``) property values."""
        if queries is not None or extend is not None:
            require_analyst = require_reconcile("analyst")
            user = await require_analyst(request)
        return await _service(request, dataset, user)

    @router.post(prefix, include_in_schema=in_schema, summary="A batch of queries or an extension")
    async def service_post(request: Request, dataset: Dataset, user: Analyst) -> JSONResponse:
        """``queries=`` or ``extend=`` as a form field (as OpenRefine sends them) or in a JSON
        object body."""
        return await _service(request, dataset, user)

    @router.get(prefix + "/suggest/{kind}", include_in_schema=in_schema, summary="Suggest")
    async def suggest_get(
        request: Request, dataset: Dataset, user: Analyst,
        kind: Annotated[str, Path(pattern="^(entity|type|property)$")],
        prefix: Annotated[str, Query(max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> JSONResponse:  # fmt: skip
        """Auto-complete: listed ``entity`` names, ``type`` (FtM schemata) or ``property``."""
        snap = _snapshot(request, dataset)
        answer = await run_in_threadpool(
            lambda: suggest(kind, prefix, snap.matcher, dataset, limit, user.name,
                            request.app.state.audit)
        )  # fmt: skip
        return JSONResponse(answer)

    @router.get(prefix + "/extend/propose", include_in_schema=in_schema, summary="Propose")
    async def propose_get(
        request: Request, dataset: Dataset, user: Analyst,
        type: Annotated[str, Query(max_length=50)] = "Thing",
        limit: Annotated[int, Query(ge=1, le=50)] = 20,
    ) -> JSONResponse:  # fmt: skip
        """The properties data extension can add for a type: list refs, programmes..."""
        _snapshot(request, dataset)
        try:
            return JSONResponse(propose_properties(type, limit))
        except ReconcileError as exc:
            raise HTTPException(400, str(exc)) from exc

    @router.get(prefix + "/preview", include_in_schema=in_schema, summary="Preview",
                response_class=HTMLResponse)  # fmt: skip
    async def preview_get(
        request: Request, dataset: Dataset, user: Analyst,
        id: Annotated[str, Query(max_length=300)],
    ) -> HTMLResponse:  # fmt: skip
        """A small HTML card of one entity, for OpenRefine's preview pane."""
        _snapshot(request, dataset)

        def read() -> dict[str, Any] | None:
            with request_store(request) as store:
                return describe(store, id)

        found = await run_in_threadpool(read)
        if found is None:
            raise HTTPException(404, f"no entity {id!r}")
        return HTMLResponse(preview_html(found))


def preview_html(entity: dict[str, Any]) -> str:
    """An entity as a self-contained HTML fragment (every value escaped)."""
    esc = html.escape
    refs = ", ".join(f"{r['dataset']}:{r['ref']}" for r in entity.get("list_refs", []))
    rows = "".join(
        f"<tr><th>{esc(p)}</th><td>{esc('; '.join(entity['properties'][p][:5]))}</td></tr>"
        for p in SHOWN if entity["properties"].get(p)
    )  # fmt: skip
    programs = sorted({p for s in entity.get("sanctions", []) for p in s.get("program", [])})
    if programs:
        rows += f"<tr><th>programmes</th><td>{esc('; '.join(programs))}</td></tr>"
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>body{font:13px sans-serif;"
        "margin:6px}th{text-align:left;padding-right:8px;vertical-align:top}</style></head>"
        f"<body><h3>{esc(entity['caption'])}</h3><p>{esc(entity['schema'])} · "
        f"{esc(refs)}</p><table>{rows}</table></body></html>"
    )


for _prefix in PREFIXES:
    _routes(_prefix, in_schema="{key}" not in _prefix)
