"""The alert queue, an order's case with its decision (four eyes through the service's
``decide_order``), and a watched party's screening case."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from redtrace import __version__
from redtrace.flags.order import PARTY_ROLES
from redtrace.service import (
    CaseError,
    ReleaseError,
    alert_queue,
    assign_case,
    case_history,
    comment_case,
    decide_order,
    decide_screening,
    order_case,
    screening_case,
)
from redtrace.store import StoreError
from redtrace.users import User
from redtrace.web.guard import check_csrf, holder, signed_in
from redtrace.web.render import AWAITING, form, page
from redtrace.web.session import Session

router = APIRouter(include_in_schema=False)
FILTERS = ("kind", "severity", "dataset", "assignee")
MAX_ID = 200
CSS = (Path(__file__).parent / "static" / "app.css").read_text(encoding="utf-8")


def _busy(request: Request, user: User, session: Session, exc: Exception) -> Response:
    return page(request, "error.html", user, session.csrf, status=503, title="Store busy",
                message=f"The store is busy; try again in a moment ({exc}).")  # fmt: skip


def _missing(request: Request, user: User, session: Session, what: str) -> Response:
    return page(request, "error.html", user, session.csrf, status=404, title="Not found",
                message=f"There is no {what}.")  # fmt: skip


@router.get("/ui/alerts")
async def alerts(request: Request) -> Response:
    user, session = signed_in(request, "analyst")

    def read() -> list[dict[str, Any]]:
        with holder(request).open_store() as store:
            return alert_queue(store)

    try:
        rows = await run_in_threadpool(read)
    except StoreError as exc:
        return _busy(request, user, session, exc)
    chosen = {k: request.query_params.get(k, "")[:100] for k in FILTERS}
    datasets = sorted({d["name"] for r in rows for d in r["datasets"]})
    shown = [
        r for r in rows
        if (not chosen["kind"] or r["kind"] == chosen["kind"])
        and (not chosen["severity"] or r["severity"] == chosen["severity"])
        and (not chosen["dataset"] or any(d["name"] == chosen["dataset"] for d in r["datasets"]))
        and _assigned(chosen["assignee"], r["assignee"], user.name)
    ]  # fmt: skip
    return page(
        request, "alerts.html", user, session.csrf, rows=shown, total=len(rows),
        chosen=chosen, datasets=datasets,
        by_kind=Counter(r["kind"] for r in shown), by_severity=Counter(r["severity"] for r in shown),
    )  # fmt: skip


def _assigned(wanted: str, assignee: str | None, me: str) -> bool:
    if wanted == "me":
        return assignee == me
    if wanted == "nobody":
        return assignee is None
    return True


def _history(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The check, every signature, comment and assignment, in the order they happened."""
    result = case["result"]
    codes = ", ".join(str(f.get("code")) for f in result.get("flags", []))
    rules = (result.get("versions") or {}).get("rules")
    events = [{"at": case["checked_at"], "who": "redtrace", "what": f"checked: {result.get('decision')}",
               "why": f"{codes} (rules {rules})"}]  # fmt: skip
    for r in case["releases"]:
        what = "released" if r["action"] == "release" else "confirmed block"
        events.append({"at": r["at"], "who": f"{r['by']} ({r['role']})", "what": what,
                       "why": r["reason"]})  # fmt: skip
    for n in case.get("notes", []):
        if n["kind"] == "comment":
            events.append({"at": n["at"], "who": n["by"], "what": "comment", "why": n["body"]})
        else:
            what = f"assigned to {n['body']}" if n["body"] else "unassigned"
            events.append({"at": n["at"], "who": n["by"], "what": what, "why": ""})
    return sorted(events, key=lambda e: e["at"])


def _parties(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Each party of the order with its role(s) and its screening results."""
    order, result = case["order"], case["result"]
    matches = {m["party"]: m["results"] for m in result.get("matches", [])}
    out: dict[str, dict[str, Any]] = {}
    for role in PARTY_ROLES:
        value = order.get(role)
        if isinstance(value, dict) and "same_as" in value:
            same = str(value["same_as"])
            if same in out:
                out[same]["roles"].append(role)
            continue
        if not isinstance(value, dict):
            continue
        props = value.get("properties") or {}
        out[role] = {
            "roles": [role], "id": str(value.get("id") or ""), "schema": value.get("schema"),
            "name": (props.get("name") or ["?"])[0], "country": ", ".join(props.get("country", [])),
            "results": matches.get(role, []),
        }  # fmt: skip
    return list(out.values())


def _case_page(
    request: Request, user: User, session: Session, order_id: str,
    message: str | None = None, error: str | None = None, status: int = 200,
) -> Response:  # fmt: skip
    def read() -> dict[str, Any] | None:
        with holder(request).open_store() as store:
            return order_case(store, order_id)

    case = _read(read)
    if isinstance(case, Exception):
        return _busy(request, user, session, case)
    if case is None:
        return _missing(request, user, session, f"checked order {order_id!r}")
    open_ = case["status"] in ("held", *AWAITING)
    return page(
        request, "order.html", user, session.csrf, status=status, order_id=order_id, case=case,
        parties=_parties(case), result=case["result"], items=case["order"].get("items") or [],
        can_decide=open_ and user.has("compliance_officer"), open=open_,
        awaiting=case["status"] in AWAITING, message=message, error=error, history=_history(case),
    )  # fmt: skip


def _read(fn: Any) -> Any:
    try:
        return fn()
    except StoreError as exc:
        return exc


@router.get("/ui/orders/{order_id}")
async def order_page(request: Request, order_id: str) -> Response:
    user, session = signed_in(request, "analyst")
    if len(order_id) > MAX_ID:
        return _missing(request, user, session, "order with so long an id")
    return await run_in_threadpool(_case_page, request, user, session, order_id)


@router.get("/ui/orders/{order_id}/report")
async def report(request: Request, order_id: str) -> Response:
    """The case as one self-contained HTML file to hand on: facts, reasons, decisions, list
    versions, and who exported it when."""
    user, session = signed_in(request, "analyst")

    def read() -> dict[str, Any] | None:
        with holder(request).open_store() as store:
            return order_case(store, order_id[:MAX_ID])

    case = await run_in_threadpool(_read, read)
    if isinstance(case, Exception):
        return _busy(request, user, session, case)
    if case is None:
        return _missing(request, user, session, f"checked order {order_id[:MAX_ID]!r}")
    response = page(
        request, "report.html", user, session.csrf, order_id=order_id, case=case,
        parties=_parties(case), result=case["result"], items=case["order"].get("items") or [],
        awaiting=case["status"] in AWAITING, history=_history(case), css=CSS, now=datetime.now(UTC), version=__version__,
    )  # fmt: skip
    # Read offline as a file: its own style sheet inline, nothing else loaded.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in order_id[:MAX_ID])
    response.headers["Content-Disposition"] = f'attachment; filename="redtrace-{safe}.html"'
    return response


@router.post("/ui/orders/{order_id}/decide")
async def decide(request: Request, order_id: str) -> Response:
    user, session = signed_in(request, "compliance_officer")
    fields = await form(request)
    check_csrf(request, user, session, fields)
    if len(order_id) > MAX_ID:
        return _missing(request, user, session, "order with so long an id")
    action, reason = fields.get("action", ""), fields.get("reason", "").strip()[:2000]

    def run() -> str:
        with holder(request).open_store() as store:
            return decide_order(store, order_id, user.name, action, reason,
                                request.app.state.audit)  # fmt: skip

    try:
        await run_in_threadpool(run)
    except ReleaseError as exc:
        return await run_in_threadpool(
            _case_page, request, user, session, order_id, None, str(exc), 409
        )
    except StoreError as exc:
        return _busy(request, user, session, exc)
    return RedirectResponse(f"/ui/orders/{quote(order_id, safe='')}", status_code=303)


def _screening_page(
    request: Request, user: User, session: Session, party_id: str,
    error: str | None = None, status: int = 200,
) -> Response:  # fmt: skip
    def read() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        with holder(request).open_store() as store:
            return screening_case(store, party_id), case_history(store, "screening", party_id)

    found = _read(read)
    if isinstance(found, Exception):
        return _busy(request, user, session, found)
    alerts, notes = found
    if not alerts:
        return _missing(request, user, session, f"screening alert for {party_id!r}")
    open_ = any(a["status"] == "open" for a in alerts)
    return page(request, "screening.html", user, session.csrf, status=status, party_id=party_id,
                alerts=alerts, notes=notes, open=open_, error=error,
                can_decide=open_ and user.has("compliance_officer"))  # fmt: skip


@router.get("/ui/screening/{party_id}")
async def screening_page(request: Request, party_id: str) -> Response:
    user, session = signed_in(request, "analyst")
    return await run_in_threadpool(_screening_page, request, user, session, party_id[:MAX_ID])


@router.post("/ui/screening/{party_id}/decide")
async def screening_decide(request: Request, party_id: str) -> Response:
    user, session = signed_in(request, "compliance_officer")
    fields = await form(request)
    check_csrf(request, user, session, fields)
    party_id = party_id[:MAX_ID]
    verdict, reason = fields.get("verdict", ""), fields.get("reason", "").strip()[:2000]

    def run() -> str:
        with holder(request).open_store() as store:
            return decide_screening(store, party_id, user.name, verdict, reason,
                                    request.app.state.audit)  # fmt: skip

    try:
        await run_in_threadpool(run)
    except CaseError as exc:
        return await run_in_threadpool(
            _screening_page, request, user, session, party_id, str(exc), 409
        )
    except StoreError as exc:
        return _busy(request, user, session, exc)
    return RedirectResponse(f"/ui/screening/{quote(party_id, safe='')}", status_code=303)


def _back(kind: str, case_id: str, fields: dict[str, str]) -> str:
    if fields.get("back") == "queue":
        return "/ui/alerts"
    return f"/ui/{'orders' if kind == 'order' else 'screening'}/{quote(case_id, safe='')}"


@router.post("/ui/cases/{kind}/{case_id}/assign")
async def assign(request: Request, kind: str, case_id: str) -> Response:
    user, session = signed_in(request, "analyst")
    fields = await form(request)
    check_csrf(request, user, session, fields)
    to = user.name if fields.get("to") == "me" else ""
    return await _note(request, user, session, kind, case_id[:MAX_ID], fields,
                       lambda store: assign_case(store, kind, case_id[:MAX_ID], user.name, to,
                                                 request.app.state.audit))  # fmt: skip


@router.post("/ui/cases/{kind}/{case_id}/comment")
async def comment(request: Request, kind: str, case_id: str) -> Response:
    user, session = signed_in(request, "analyst")
    fields = await form(request)
    check_csrf(request, user, session, fields)
    text = fields.get("comment", "")
    return await _note(request, user, session, kind, case_id[:MAX_ID], fields,
                       lambda store: comment_case(store, kind, case_id[:MAX_ID], user.name, text,
                                                  request.app.state.audit))  # fmt: skip


async def _note(
    request: Request, user: User, session: Session, kind: str, case_id: str,
    fields: dict[str, str], write: Any,
) -> Response:  # fmt: skip
    def run() -> None:
        with holder(request).open_store() as store:
            write(store)

    try:
        await run_in_threadpool(run)
    except CaseError as exc:
        if kind == "order" and "no order case" not in str(exc):
            return await run_in_threadpool(
                _case_page, request, user, session, case_id, None, str(exc), 400
            )
        return page(request, "error.html", user, session.csrf, status=400, title="Not done",
                    message=str(exc))  # fmt: skip
    except StoreError as exc:
        return _busy(request, user, session, exc)
    return RedirectResponse(_back(kind, case_id, fields), status_code=303)
