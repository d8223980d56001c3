"""``POST /orders/check`` and ``POST /orders/{id}/release``: the CLI's order screening over HTTP."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, Field

from redtrace import settings
from redtrace.api.auth import require
from redtrace.api.keys import User
from redtrace.flags import Checker, History, ReleaseError, release
from redtrace.flags.validate import problems
from redtrace.store import Store, StoreError

router = APIRouter(tags=["orders"])
MAX_ORDERS = 500


class OrdersRequest(BaseModel):
    orders: list[dict[str, Any]] = Field(
        description=f"At most {MAX_ORDERS} orders (order.schema.json)."
    )


class ReleaseRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def _store() -> Store:
    try:
        return Store(settings.db_path())
    except StoreError as exc:
        raise HTTPException(503, f"store busy, try again: {exc}") from exc


@router.post("/orders/check")
async def check_orders(
    body: OrdersRequest, request: Request, user: Annotated[User, Depends(require("analyst"))]
) -> dict[str, Any]:
    """Check orders in the given order, against the lists and the stored history; one result each."""
    if len(body.orders) > MAX_ORDERS:
        raise HTTPException(413, f"at most {MAX_ORDERS} orders per request")
    snap = request.app.state.service.snapshot
    if snap is None:
        raise HTTPException(503, "the index is not built yet")
    with _store() as store:
        checker = Checker(
            snap.matcher, History.load(store), settings.match_threshold(), settings.match_cutoff()
        )
        results = []
        for number, order in enumerate(body.orders, start=1):
            found = problems(order)
            if found:
                oid = order.get("id") if isinstance(order, dict) else None
                results.append({"id": oid, "error": {"code": "invalid_order",
                                                     "message": f"order {number}: " + "; ".join(found)}})  # fmt: skip
            else:
                results.append(checker.check(order))
        checker.save(store)
    request.app.state.audit.submit(user.name, "orders.check", None,
                                   {"orders": [r.get("id") for r in results],
                                    "decisions": [r.get("decision") for r in results]})  # fmt: skip
    return {"results": results}


@router.post("/orders/{order_id}/release")
async def release_order(
    body: ReleaseRequest,
    request: Request,
    user: Annotated[User, Depends(require("compliance_officer"))],
    order_id: Annotated[str, Path(max_length=200)],
) -> dict[str, str]:
    with _store() as store:
        try:
            status = release(store, order_id, user.name, body.reason)
        except ReleaseError as exc:
            raise HTTPException(409, str(exc)) from exc
    request.app.state.audit.submit(
        user.name,
        "orders.release",
        None,
        {"order": order_id, "reason": body.reason, "status": status},
    )
    return {"id": order_id, "status": status}
