"""``POST /orders/check`` and ``POST /orders/{id}/release``: the order desk over HTTP (the same
use cases as ``redtrace orders check`` and ``release``, from ``redtrace.service.orders``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from redtrace.api.auth import require
from redtrace.service import IndexHolder, OrderDesk, ReleaseError, decide_order
from redtrace.store import StoreError, StoreProtocol
from redtrace.users import User

router = APIRouter(tags=["orders"])
MAX_ORDERS = 500


class OrdersRequest(BaseModel):
    orders: list[dict[str, Any]] = Field(
        description=f"At most {MAX_ORDERS} orders (order.schema.json)."
    )


class ReleaseRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def request_store(request: Request) -> StoreProtocol:
    """A store handle for one request, opened as the server opens all of its own."""
    holder: IndexHolder = request.app.state.service
    try:
        return holder.open_store()
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

    def run() -> list[dict[str, Any]]:
        with request_store(request) as store:
            desk = OrderDesk(store, snap.matcher, user=user.name, recorder=request.app.state.audit)
            return desk.check_records(enumerate(body.orders, start=1))

    return {"results": await run_in_threadpool(run)}


@router.post("/orders/{order_id}/release")
async def release(
    body: ReleaseRequest,
    request: Request,
    user: Annotated[User, Depends(require("compliance_officer"))],
    order_id: Annotated[str, Path(max_length=200)],
) -> dict[str, str]:
    """Sign the release of a held order; a blocked one needs a second, different officer."""
    return await _decide(request, user, order_id, "release", body.reason)


@router.post("/orders/{order_id}/block")
async def block(
    body: ReleaseRequest,
    request: Request,
    user: Annotated[User, Depends(require("compliance_officer"))],
    order_id: Annotated[str, Path(max_length=200)],
) -> dict[str, str]:
    """Confirm the block of a held order; a blocked one needs a second, different officer
    who agrees, and then leaves the queue as ``blocked``."""
    return await _decide(request, user, order_id, "block", body.reason)


async def _decide(
    request: Request, user: User, order_id: str, action: str, reason: str
) -> dict[str, str]:
    def run() -> str:
        with request_store(request) as store:
            return decide_order(store, order_id, user.name, action, reason,
                                request.app.state.audit)  # fmt: skip

    try:
        status = await run_in_threadpool(run)
    except ReleaseError as exc:
        raise HTTPException(409, str(exc)) from exc
    return {"id": order_id, "status": status}
