"""Screening one name, the lists and their changes, a party's network, the audit trail."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from redtrace.service import (
    audit_records,
    list_catalog,
    list_changes,
    one_name,
    party_network,
    verify_log,
)
from redtrace.store import StoreError
from redtrace.web.guard import check_csrf, holder, signed_in
from redtrace.web.render import form, page

router = APIRouter(include_in_schema=False)
SCHEMATA = ("Thing", "Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


@router.get("/ui/screen")
@router.post("/ui/screen")
async def screen(request: Request) -> Response:
    user, session = signed_in(request, "analyst")
    name, schema, response, error = "", "Thing", None, None
    if request.method == "POST":
        fields = await form(request)
        check_csrf(request, user, session, fields)
        name = fields.get("name", "").strip()[:500]
        schema = fields.get("schema", "Thing")
        snap = holder(request).snapshot
        if schema not in SCHEMATA:
            error = f"unknown schema {schema[:50]!r}"
        elif not name:
            error = "type a name to screen"
        elif snap is None:
            error = "the index is not built yet; try again in a moment"
        else:
            matcher = snap.matcher
            response = await run_in_threadpool(
                lambda: one_name(matcher, name, schema=schema, limit=10, user=user.name,
                                 recorder=request.app.state.audit)
            )  # fmt: skip
            if response.get("status", 200) != 200:
                error = str((response.get("error") or {}).get("message", "cannot screen this"))
                response = None
    return page(request, "screen.html", user, session.csrf, name=name, schema=schema,
                schemata=SCHEMATA, response=response, error=error)  # fmt: skip


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@router.get("/ui/lists")
async def lists(request: Request) -> Response:
    user, session = signed_in(request, "viewer")
    dataset = request.query_params.get("dataset", "")[:100]
    v_from, v_to = _int(request.query_params.get("from")), _int(request.query_params.get("to"))

    def read() -> tuple[list[dict[str, Any]], dict[str, Any] | None, str | None]:
        with holder(request).open_store() as store:
            catalog = list_catalog(store)
            if not dataset:
                return catalog, None, None
            try:
                return catalog, list_changes(store, dataset, v_from, v_to), None
            except StoreError as exc:
                return catalog, None, str(exc)

    try:
        catalog, changes, error = await run_in_threadpool(read)
    except StoreError as exc:
        catalog, changes, error = [], None, f"the store is busy: {exc}"
    return page(request, "lists.html", user, session.csrf, catalog=catalog, changes=changes,
                error=error, dataset=dataset, v_from=v_from, v_to=v_to)  # fmt: skip


@router.get("/ui/network/{party_id}")
async def network(request: Request, party_id: str) -> Response:
    user, session = signed_in(request, "analyst")
    key = party_id[:300]

    def read() -> dict[str, Any] | None:
        with holder(request).open_store() as store:
            return party_network(store, key)

    try:
        view = await run_in_threadpool(read)
    except StoreError as exc:
        return page(request, "error.html", user, session.csrf, status=503, title="Store busy",
                    message=f"The store is busy; try again in a moment ({exc}).")  # fmt: skip
    if view is None:
        return page(request, "error.html", user, session.csrf, status=404, title="Not found",
                    message=f"No party {key!r} in the checked orders.")  # fmt: skip
    parties = [n for n in view["nodes"] if n.get("kind") == "party"]
    return page(request, "network.html", user, session.csrf, view=view, parties=parties,
                party_id=key)  # fmt: skip


@router.get("/ui/audit")
async def audit(request: Request) -> Response:
    user, session = signed_in(request, "compliance_officer")
    who = request.query_params.get("user", "")[:100] or None
    action = request.query_params.get("action", "")[:100] or None

    def read() -> tuple[list[dict[str, Any]], bool, str | None, int]:
        with holder(request).open_store() as store:
            report = verify_log(store)
            rows = audit_records(store, user=who, action=action)[-300:]
        problems = report["problems"]
        records = [{"seq": r.seq, "at": r.recorded_at, "user": r.user, "action": r.action,
                    "dataset": r.dataset, "body": orjson.loads(r.body) if r.body else {}}
                   for r in reversed(rows)]  # fmt: skip
        return records, bool(report["intact"]), problems[0] if problems else None, report["records"]

    records, intact, first_bad, count = await run_in_threadpool(read)
    return page(request, "audit.html", user, session.csrf, records=records, intact=intact,
                first_bad=first_bad, count=count, who=who or "", action=action or "")  # fmt: skip
